"""The handling board: what is due, and counts by state, class and the proposer's ratings, per
lead unit and per session; the unit's page shows its due proposals."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from indicators.models import Unit
from proposals.selectors import handling as selectors
from proposals.services import handling as service
from proposals.services import handling_outcome as outcome

from .handling_world import SESSION, answered, receive

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 10)


@pytest.fixture
def three_proposals(seeded, reviewer, bureau):
    """In SESSION: #7 closed (A, 满意/满意), #8 rated (B, 态度满意, 结果基本满意), both led by
    市科技局; #9 assigned to 市发展改革委 on 2026-03-02, due 2026-06-02 and unanswered."""
    first = answered(reviewer, bureau, number=7)
    outcome.handling_classify(user=bureau, handling=first, result_class="A")
    outcome.handling_evaluate(
        user=reviewer, handling=first, attitude="satisfied", result="satisfied"
    )
    outcome.handling_close(user=reviewer, handling=first)
    second = answered(reviewer, bureau, number=8)
    outcome.handling_classify(user=bureau, handling=second, result_class="B")
    outcome.handling_evaluate(
        user=reviewer, handling=second, attitude="satisfied", result="basically_satisfied"
    )
    third = receive(reviewer, number=9)
    service.handling_assign(
        user=reviewer,
        handling=third,
        lead_unit=Unit.objects.get(name="市发展改革委"),
        today=dt.date(2026, 3, 2),
    )
    return first, second, third


def test_it_counts_by_class_and_ratings_per_unit_and_session(three_proposals):
    # When the board of SESSION is counted on 2026-06-10
    counts = selectors.handling_counts(today=TODAY, session=SESSION)

    # Then 市科技局 has two: one A and one B, results 满意 1 and 基本满意 1, attitude 满意 2
    by_unit = {row.label: row for row in counts["units"]}
    tech = by_unit["市科技局"]
    assert tech.total == 2
    assert dict(tech.by_class) == {"A": 1, "B": 1}
    assert dict(tech.by_result) == {"satisfied": 1, "basically_satisfied": 1}
    assert dict(tech.by_attitude) == {"satisfied": 2}
    assert dict(tech.by_state) == {"closed": 1, "evaluated": 1}
    assert (tech.overdue, tech.due_soon) == (0, 0)
    # And 市发展改革委 one, unclassed and unrated, overdue since 2026-06-02
    ndrc = by_unit["市发展改革委"]
    assert (ndrc.total, ndrc.overdue) == (1, 1)
    assert dict(ndrc.by_class) == {"": 1}
    assert dict(ndrc.by_result) == {"": 1}
    # And the session's row adds them up
    [session] = counts["sessions"]
    assert (session.label, session.total, session.overdue) == (SESSION, 3, 1)
    assert dict(session.by_class) == {"A": 1, "B": 1, "": 1}


def test_it_counts_every_session_without_a_filter(three_proposals):
    counts = selectors.handling_counts(today=TODAY)
    sessions = {row.label: row.total for row in counts["sessions"]}
    # The three seeded replies: 142 and 103 of 十二届二次, 369 of 十二届三次
    assert sessions == {"市政协十二届二次会议": 2, "市政协十二届三次会议": 1, SESSION: 3}
    tech = next(row for row in counts["units"] if row.label == "市科技局")
    assert tech.total == 5
    assert tech.by_state["answered"] == 3


def test_the_board_page_shows_due_proposals_and_the_counts(
    client, three_proposals, leader, monkeypatch
):
    # Given the page is read on 2026-06-10 (a fixed clock)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: TODAY)
    client.force_login(leader)
    response = client.get(reverse("proposals:handling_board"), {"session": SESSION})
    assert response.status_code == 200
    html = response.content.decode()
    # Then the unanswered proposal, due 2026-06-02, is listed as overdue by 8 days
    assert response.context["due"][0].proposal.number == 9
    assert "已逾期 8 天" in html
    ndrc = next(r for r in response.context["counts"]["units"] if r.label == "市发展改革委")
    assert ndrc.overdue == 1
    assert 'data-col="class-A">1<' in html
    assert 'data-col="result-basically_satisfied">1<' in html


def test_the_units_page_shows_its_proposals_due_soon(client, seeded, reviewer, leader):
    # Given a proposal assigned today to 市科技局 with its reply due in five days
    today = timezone.localdate()
    handling = receive(reviewer, number=11)
    service.handling_assign(
        user=reviewer,
        handling=handling,
        lead_unit=Unit.objects.get(name="市科技局"),
        deadline=today + dt.timedelta(days=5),
        today=today,
    )
    client.force_login(leader)
    # Then the unit's page lists it as due in five days, and the co-unit-less 市财政局's does not
    tech = Unit.objects.get(name="市科技局")
    html = client.get(reverse("proposals:unit", args=[tech.pk])).content.decode()
    assert "5 天后到期" in html
    assert "关于加快建设科创走廊的提案" in html
    finance = Unit.objects.get(name="市财政局")
    html = client.get(reverse("proposals:unit", args=[finance.pk])).content.decode()
    assert "hd-unit-due" not in html
