"""The handling pages: each step posted from the proposal's page as a person would, by role."""

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from indicators.models import Unit
from proposals.models import Handling, HandlingState, Proposal

from .handling_world import SESSION, answered, assign, co_unit_staff, receive, signed_reply

pytestmark = pytest.mark.django_db


def step_url(handling, step):
    return reverse("proposals:handling_step", args=[handling.proposal_id, step])


def detail_url(handling):
    return reverse("proposals:handling_detail", args=[handling.proposal_id])


def test_an_anonymous_visitor_is_sent_to_login(client, seeded, reviewer):
    handling = receive(reviewer)
    for url in (
        reverse("proposals:handling_board"),
        reverse("proposals:handling_receive"),
        detail_url(handling),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    response = client.post(step_url(handling, "start"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_reviewer_receives_a_proposal_from_the_form(client, seeded, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("proposals:handling_receive")).status_code == 200
    response = client.post(
        reverse("proposals:handling_receive"),
        {
            "session": SESSION,
            "number": "21",
            "proposer": "陈静",
            "title": "关于完善科技金融服务的提案",
            "text": "建议设立科技成果转化基金。",
            "received_on": "2026-02-21",
        },
    )
    proposal = Proposal.objects.get(session=SESSION, number=21)
    assert response.status_code == 302
    assert response["Location"] == reverse("proposals:handling_detail", args=[proposal.pk])
    assert proposal.handling.state == HandlingState.RECEIVED
    assert proposal.handling.received_on == dt.date(2026, 2, 21)
    # The same number again is refused on the form, in Chinese
    again = client.post(
        reverse("proposals:handling_receive"),
        {"session": SESSION, "number": "21", "proposer": "陈静", "title": "重复", "text": "重复"},
    )
    assert again.status_code == 400
    assert "已经登记" in again.content.decode()


@pytest.mark.parametrize("name", ["leader", "bureau", "outsider"])
def test_the_receive_form_is_for_the_office_only(client, seeded, people, name):
    client.force_login(people[name])
    assert client.get(reverse("proposals:handling_receive")).status_code == 403


def test_the_office_assigns_and_the_co_unit_enters_its_input_seen_by_the_lead_unit(
    client, seeded, reviewer, bureau
):
    handling = receive(reviewer)
    ndrc = Unit.objects.get(name="市发展改革委")
    finance = Unit.objects.get(name="市财政局")
    # When the reviewer assigns it to 市科技局 with two co-units and a deadline in 60 days
    deadline = timezone.localdate() + dt.timedelta(days=60)
    client.force_login(reviewer)
    response = client.post(
        step_url(handling, "assign"),
        {
            "lead_unit": Unit.objects.get(name="市科技局").pk,
            "co_units": [ndrc.pk, finance.pk],
            "deadline": deadline.isoformat(),
        },
    )
    assert response.status_code == 302
    handling.refresh_from_db()
    assert handling.state == HandlingState.ASSIGNED
    assert handling.deadline == deadline
    assert set(handling.co_units.values_list("unit__name", flat=True)) == {
        "市发展改革委",
        "市财政局",
    }

    # Then the co-unit's staff see a form for their own unit only, and post their input
    staff = co_unit_staff()
    client.force_login(staff)
    page = client.get(detail_url(handling))
    ndrc_row = handling.co_units.get(unit=ndrc)
    assert [c.pk for c in page.context["my_co_units"]] == [ndrc_row.pk]
    assert 'id="start-form"' not in page.content.decode()
    client.post(
        step_url(handling, "opinion"),
        {"co_unit": ndrc_row.pk, "opinion": "建议将科创走廊纳入重大项目库。"},
    )
    # And the lead unit's staff read it on the page while drafting, and may sign for it
    client.force_login(bureau)
    html = client.get(detail_url(handling)).content.decode()
    assert "建议将科创走廊纳入重大项目库。" in html
    assert 'id="start-form"' in html
    # And so does the partial the reply's drafting page includes
    partial = render_to_string(
        "proposals/handling/_co_opinions.html", {"proposal": handling.proposal}
    )
    assert "建议将科创走廊纳入重大项目库。" in partial
    assert "尚未填写" in partial  # 市财政局 has not written yet


def test_the_lead_unit_answers_with_a_signed_reply_linked_from_the_page(
    client, seeded, reviewer, bureau
):
    handling = assign(reviewer, receive(reviewer))
    reply = signed_reply(handling)
    client.force_login(bureau)
    page = client.get(detail_url(handling))
    assert [r.pk for r in page.context["answerable"]] == [reply.pk]
    client.post(step_url(handling, "answer"), {"reply": reply.pk})
    handling.refresh_from_db()
    assert handling.state == HandlingState.ANSWERED
    html = client.get(detail_url(handling)).content.decode()
    assert reverse("proposals:detail", args=[reply.pk]) in html
    # The ratings are then recorded from the page
    client.post(step_url(handling, "classify"), {"result_class": "A"})
    client.post(step_url(handling, "evaluate"), {"attitude": "satisfied", "result": "satisfied"})
    handling.refresh_from_db()
    assert (handling.state, handling.result_class) == (HandlingState.EVALUATED, "A")
    # And the reviewer closes it
    client.force_login(reviewer)
    assert 'id="close-form"' in client.get(detail_url(handling)).content.decode()
    client.post(step_url(handling, "close"))
    handling.refresh_from_db()
    assert handling.state == HandlingState.CLOSED


def test_a_step_refused_by_its_rules_shows_the_reason_and_changes_nothing(
    client, seeded, reviewer, bureau
):
    handling = answered(reviewer, bureau)
    client.force_login(reviewer)
    response = client.post(step_url(handling, "close"), follow=True)
    assert "不能办结" in response.content.decode()
    assert Handling.objects.get(pk=handling.pk).state == HandlingState.ANSWERED
    # A form with a value out of its choices is refused too
    response = client.post(
        step_url(handling, "evaluate"), {"attitude": "happy", "result": "satisfied"}, follow=True
    )
    assert "请检查填写的内容" in response.content.decode()
    assert Handling.objects.get(pk=handling.pk).state == HandlingState.ANSWERED


@pytest.mark.parametrize("name", ["leader", "county", "outsider"])
def test_a_step_by_someone_not_allowed_is_forbidden(client, seeded, people, name):
    handling = assign(people["reviewer"], receive(people["reviewer"]))
    client.force_login(people[name])
    response = client.post(step_url(handling, "start"))
    assert response.status_code == 403
    assert Handling.objects.get(pk=handling.pk).state == HandlingState.ASSIGNED


def test_leadership_reads_the_page_without_any_form(client, seeded, reviewer, leader):
    handling = assign(reviewer, receive(reviewer))
    client.force_login(leader)
    response = client.get(detail_url(handling))
    assert response.status_code == 200
    assert not any(response.context["show"][k] for k in ("assign", "start", "answer", "close"))
    assert '<form method="post" action="/proposals/handling/' not in response.content.decode()


def test_an_unknown_proposal_or_step_is_not_found(client, seeded, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("proposals:handling_detail", args=[999999])).status_code == 404
    handling = receive(reviewer)
    assert client.post(step_url(handling, "delete")).status_code == 404
