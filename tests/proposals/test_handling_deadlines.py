"""Deadlines of a proposal's reply: three months from assignment by default, "due soon" within
15 days, overdue after; all with a fixed clock (`today` passed in)."""

import datetime as dt

import pytest
from django.test import override_settings

from proposals.selectors import handling as selectors
from proposals.services import handling as service
from proposals.services import handling_outcome as outcome

from .handling_world import SESSION, answered, assign, receive

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("assigned_on", "months", "deadline"),
    [
        (dt.date(2026, 3, 2), 3, dt.date(2026, 6, 2)),
        # Given 11-30 + 3 months: February has no 30th, so its last day
        (dt.date(2025, 11, 30), 3, dt.date(2026, 2, 28)),
        (dt.date(2027, 11, 30), 3, dt.date(2028, 2, 29)),  # a leap year
        (dt.date(2026, 10, 15), 3, dt.date(2027, 1, 15)),  # across the year's end
        (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 28)),
    ],
)
def test_add_months_keeps_the_day_or_takes_the_months_last(assigned_on, months, deadline):
    assert service.add_months(assigned_on, months) == deadline


def test_the_default_deadline_is_three_months_after_assignment(seeded, reviewer):
    # Given a proposal assigned on 2026-03-02 without a deadline
    handling = assign(reviewer, receive(reviewer), today=dt.date(2026, 3, 2))
    # Then its reply is due on 2026-06-02
    assert handling.assigned_on == dt.date(2026, 3, 2)
    assert handling.deadline == dt.date(2026, 6, 2)


@override_settings(WZSCI_PROPOSAL_DEADLINE_MONTHS=2)
def test_the_default_deadline_follows_the_setting(seeded, reviewer):
    handling = assign(reviewer, receive(reviewer), today=dt.date(2026, 3, 2))
    assert handling.deadline == dt.date(2026, 5, 2)


def test_a_deadline_given_at_assignment_wins_but_not_one_before_it(seeded, reviewer):
    handling = assign(
        reviewer, receive(reviewer), today=dt.date(2026, 3, 2), deadline=dt.date(2026, 4, 30)
    )
    assert handling.deadline == dt.date(2026, 4, 30)
    other = receive(reviewer, number=9)
    with pytest.raises(service.ValidationFailed):
        assign(reviewer, other, today=dt.date(2026, 3, 2), deadline=dt.date(2026, 3, 1))


@pytest.mark.parametrize(
    ("today", "status", "days_left"),
    [
        (dt.date(2026, 5, 17), "", 16),  # 16 days left: not yet
        (dt.date(2026, 5, 18), "due_soon", 15),  # 15 days left: due soon
        (dt.date(2026, 6, 2), "due_soon", 0),  # the deadline itself
        (dt.date(2026, 6, 3), "overdue", -1),  # the day after
    ],
)
def test_an_open_proposal_is_due_soon_within_15_days_and_overdue_after(
    seeded, reviewer, today, status, days_left
):
    # Given a proposal assigned on 2026-03-02, due 2026-06-02
    assign(reviewer, receive(reviewer), today=dt.date(2026, 3, 2))
    # When the board is read on `today`
    due = selectors.due_handlings(today=today)
    rows = selectors.handling_list(today=today, session=SESSION)
    # Then it is listed as due exactly when within 15 days of the deadline or past it
    assert [h.due for h in rows] == [status]
    assert rows[0].days_left == days_left
    assert [h.due for h in due] == ([status] if status else [])
    if status == "overdue":
        assert rows[0].overdue_days == 1


@override_settings(WZSCI_PROPOSAL_DUE_SOON_DAYS=30)
def test_the_due_soon_window_follows_the_setting(seeded, reviewer):
    assign(reviewer, receive(reviewer), today=dt.date(2026, 3, 2))
    # 2026-05-03 is 30 days before 2026-06-02
    assert [h.due for h in selectors.due_handlings(today=dt.date(2026, 5, 3))] == ["due_soon"]
    assert selectors.due_handlings(today=dt.date(2026, 5, 2)) == []


def test_an_answered_proposal_is_never_due_even_past_its_deadline(seeded, reviewer, bureau):
    # Given a proposal answered on 2026-05-20 (due 2026-06-02)
    handling = answered(reviewer, bureau)
    # Then on 2026-09-01 it is neither due nor overdue
    assert selectors.due_status(handling, today=dt.date(2026, 9, 1)) == ""
    assert selectors.due_handlings(today=dt.date(2026, 9, 1)) == []


def test_a_late_reply_is_recorded_as_late(seeded, reviewer, bureau):
    # Given a proposal due 2026-06-02, answered on 2026-06-10
    handling = answered(reviewer, bureau, today=dt.date(2026, 6, 10))
    # Then the answer step says it was late
    assert handling.steps.get(action="answer").note == "逾期答复"


def test_due_proposals_of_a_unit_include_those_it_co_handles(seeded, reviewer):
    from indicators.models import Unit

    assign(reviewer, receive(reviewer), today=dt.date(2026, 3, 2))
    today = dt.date(2026, 6, 1)
    lead = Unit.objects.get(name="市科技局")
    co = Unit.objects.get(name="市发展改革委")
    finance = Unit.objects.get(name="市财政局")
    assert len(selectors.due_handlings(today=today, unit_id=lead.pk)) == 1
    assert len(selectors.due_handlings(today=today, unit_id=co.pk)) == 1
    assert selectors.due_handlings(today=today, unit_id=finance.pk) == []


def test_a_second_handling_has_its_own_deadline(seeded, reviewer, bureau):
    handling = answered(reviewer, bureau)
    outcome.handling_evaluate(
        user=reviewer, handling=handling, attitude="unsatisfied", result="unsatisfied"
    )
    # Given a second handling ordered on 2026-07-10 with the default of one month
    handling = outcome.handling_rehandle(
        user=reviewer, handling=handling, today=dt.date(2026, 7, 10)
    )
    # Then it is due 2026-08-10, overdue on 2026-08-11
    assert handling.deadline == dt.date(2026, 8, 10)
    assert selectors.due_status(handling, today=dt.date(2026, 8, 11)) == "overdue"
