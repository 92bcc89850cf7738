"""A proposal's handling from receipt to 办结, and the steps refused out of order."""

import datetime as dt

import pytest

from common.errors import InvalidState
from proposals.models import (
    Handling,
    HandlingEvaluation,
    HandlingState,
    HandlingStep,
    Proposal,
)
from proposals.services import handling as service
from proposals.services import handling_outcome as outcome
from proposals.services.errors import ValidationFailed

from .handling_world import (
    ASSIGNED_ON,
    RECEIVED_ON,
    answered,
    assign,
    co_unit,
    co_unit_staff,
    lead_unit,
    receive,
    signed_reply,
)

pytestmark = pytest.mark.django_db


def test_it_takes_a_proposal_from_receipt_to_closing_and_records_every_step(
    seeded, reviewer, bureau
):
    # Given a proposal received by the proposal office
    handling = receive(reviewer)
    assert handling.state == HandlingState.RECEIVED
    assert handling.proposal.proposer == "张明"
    assert handling.received_on == RECEIVED_ON

    # When it is assigned to 市科技局 with 市发展改革委 as co-unit, signed for, given the
    # co-unit's input, answered, classed, rated and closed
    handling = assign(reviewer, handling)
    assert handling.state == HandlingState.ASSIGNED
    handling = service.handling_start(user=bureau, handling=handling, today=ASSIGNED_ON)
    assert handling.state == HandlingState.HANDLING
    staff = co_unit_staff()
    service.handling_enter_co_opinion(
        user=staff,
        co_unit=handling.co_units.get(),
        opinion="我委将把科创走廊纳入年度重点项目。",
        today=dt.date(2026, 3, 20),
    )
    reply = signed_reply(handling)
    handling = service.proposal_mark_answered(
        user=bureau, proposal=handling.proposal, reply=reply, today=dt.date(2026, 5, 20)
    )
    assert handling.state == HandlingState.ANSWERED
    outcome.handling_classify(user=bureau, handling=handling, result_class="B")
    evaluation = outcome.handling_evaluate(
        user=reviewer, handling=handling, attitude="satisfied", result="basically_satisfied"
    )
    handling = outcome.handling_close(user=reviewer, handling=handling, today=dt.date(2026, 7, 1))

    # Then it is 办结 with its reply, its class and the proposer's two ratings
    handling.refresh_from_db()
    assert handling.state == HandlingState.CLOSED
    assert handling.reply == reply
    assert handling.answered_on == dt.date(2026, 5, 20)
    assert handling.result_class == "B"
    assert handling.closed_on == dt.date(2026, 7, 1)
    assert (evaluation.round, evaluation.attitude, evaluation.result) == (
        1,
        "satisfied",
        "basically_satisfied",
    )
    assert evaluation.recorded_by == reviewer
    # And every step says who did it, on which day, and the state it left
    steps = list(handling.steps.values_list("action", "user__username", "state_after"))
    assert steps == [
        ("receive", "reviewer", "received"),
        ("assign", "reviewer", "assigned"),
        ("start", "bureau", "handling"),
        ("co_opinion", "co-staff", "handling"),
        ("answer", "bureau", "answered"),
        ("classify", "bureau", "answered"),
        ("evaluate", "reviewer", "evaluated"),
        ("close", "reviewer", "closed"),
    ]
    assert handling.steps.get(action="answer").reply == reply
    # And the history keeps each state with the user who set it
    states = [(h.state, h.history_user) for h in handling.history.order_by("history_date")]
    assert ("handling", bureau) in states
    assert ("closed", reviewer) in states
    opinion = handling.co_units.get()
    assert opinion.opinion_by == staff
    assert opinion.history.count() == 2  # added at assignment, then its input


def test_it_moves_an_assigned_proposal_straight_to_answered_recording_the_start(
    seeded, reviewer, bureau
):
    # Given a proposal assigned but not yet signed for
    handling = assign(reviewer, receive(reviewer))
    reply = signed_reply(handling)

    # When the reply's sign-off marks it answered
    handling = service.proposal_mark_answered(
        user=bureau, proposal=handling.proposal, reply=reply, today=dt.date(2026, 4, 1)
    )

    # Then the start is recorded in the same step
    assert handling.state == HandlingState.ANSWERED
    assert list(handling.steps.values_list("action", flat=True)) == [
        "receive",
        "assign",
        "start",
        "answer",
    ]


def test_it_refuses_steps_out_of_order(seeded, reviewer, bureau):
    handling = receive(reviewer)
    # A proposal not yet assigned cannot be signed for, answered, rated or closed
    with pytest.raises(InvalidState):
        service.handling_start(user=reviewer, handling=handling)
    with pytest.raises(InvalidState):
        service.proposal_mark_answered(
            user=reviewer, proposal=handling.proposal, reply=signed_reply(handling)
        )
    with pytest.raises(InvalidState):
        outcome.handling_evaluate(
            user=reviewer, handling=handling, attitude="satisfied", result="satisfied"
        )
    with pytest.raises(InvalidState):
        outcome.handling_close(user=reviewer, handling=handling)
    # And once signed for it cannot be assigned again
    handling = assign(reviewer, handling)
    service.handling_start(user=bureau, handling=handling)
    with pytest.raises(InvalidState):
        assign(reviewer, handling)
    handling.refresh_from_db()
    assert handling.state == HandlingState.HANDLING


def test_it_refuses_to_close_without_a_class(seeded, reviewer, bureau):
    handling = answered(reviewer, bureau)
    outcome.handling_evaluate(
        user=reviewer, handling=handling, attitude="satisfied", result="satisfied"
    )
    with pytest.raises(ValidationFailed) as refused:
        outcome.handling_close(user=reviewer, handling=handling)
    assert "办理结果类别" in refused.value.message
    handling.refresh_from_db()
    assert handling.state == HandlingState.EVALUATED


def test_it_handles_a_proposal_again_after_an_unsatisfied_rating(seeded, reviewer, bureau):
    # Given an answered proposal whose proposer is not satisfied with the result
    handling = answered(reviewer, bureau)
    outcome.handling_classify(user=bureau, handling=handling, result_class="C")
    outcome.handling_evaluate(
        user=reviewer, handling=handling, attitude="satisfied", result="unsatisfied"
    )

    # Then it cannot be closed before it is handled again
    with pytest.raises(ValidationFailed) as refused:
        outcome.handling_close(user=reviewer, handling=handling)
    assert "重新办理" in refused.value.message

    # When the office orders a second handling on 2026-07-01
    handling = outcome.handling_rehandle(
        user=reviewer, handling=handling, today=dt.date(2026, 7, 1)
    )

    # Then the lead unit handles it again, in round 2, with a deadline one month later
    assert handling.state == HandlingState.HANDLING
    assert handling.round == 2
    assert handling.deadline == dt.date(2026, 8, 1)
    assert handling.reply is None
    first_reply = handling.steps.get(action="answer").reply

    # And the first reply cannot answer the second round; a new one can
    with pytest.raises(ValidationFailed):
        service.proposal_mark_answered(user=bureau, proposal=handling.proposal, reply=first_reply)
    second = signed_reply(handling, doc_number="温科提复〔2026〕77号")
    service.proposal_mark_answered(
        user=bureau, proposal=handling.proposal, reply=second, today=dt.date(2026, 7, 25)
    )
    outcome.handling_evaluate(
        user=reviewer, handling=handling, attitude="satisfied", result="unsatisfied"
    )
    # And a second handling is the last: still unsatisfied, it is closed
    with pytest.raises(ValidationFailed):
        outcome.handling_rehandle(user=reviewer, handling=handling)
    handling = outcome.handling_close(user=reviewer, handling=handling)
    assert handling.state == HandlingState.CLOSED
    assert HandlingEvaluation.objects.filter(handling=handling).count() == 2


def test_it_orders_a_second_handling_only_after_dissatisfaction(seeded, reviewer, bureau):
    handling = answered(reviewer, bureau)
    outcome.handling_evaluate(
        user=reviewer, handling=handling, attitude="basically_satisfied", result="satisfied"
    )
    with pytest.raises(ValidationFailed):
        outcome.handling_rehandle(user=reviewer, handling=handling)


def test_it_refuses_a_reply_to_another_proposal_or_by_another_unit(seeded, reviewer, bureau):
    handling = assign(reviewer, receive(reviewer))
    other = assign(reviewer, receive(reviewer, number=8))
    # A reply to proposal 8 does not answer proposal 7
    with pytest.raises(ValidationFailed):
        service.proposal_mark_answered(
            user=bureau, proposal=handling.proposal, reply=signed_reply(other)
        )
    # A reply signed by the co-unit does not answer for the lead unit
    reply = signed_reply(handling, doc_number="温发改提复〔2026〕1号")
    reply.handling_unit = co_unit()
    reply.save()
    with pytest.raises(ValidationFailed) as refused:
        service.proposal_mark_answered(user=bureau, proposal=handling.proposal, reply=reply)
    assert "主办单位" in refused.value.message
    handling.refresh_from_db()
    assert handling.state == HandlingState.ASSIGNED


def test_it_refuses_a_proposal_received_twice_and_lists_missing_fields(seeded, reviewer):
    receive(reviewer)
    with pytest.raises(service.DuplicateProposal):
        receive(reviewer)
    with pytest.raises(ValidationFailed) as refused:
        service.handling_receive(
            user=reviewer, session="", number="x", proposer="", title="", text=""
        )
    problems = refused.value.details["problems"]
    assert len(problems) == 5
    assert Proposal.objects.filter(session="").count() == 0


def test_it_refuses_a_lead_unit_that_is_also_a_co_unit(seeded, reviewer):
    handling = receive(reviewer)
    with pytest.raises(ValidationFailed):
        assign(reviewer, handling, co_units=[lead_unit(), co_unit()])
    handling.refresh_from_db()
    assert handling.state == HandlingState.RECEIVED


def test_it_replaces_the_co_units_when_assigned_again(seeded, reviewer):
    from indicators.models import Unit

    handling = assign(reviewer, receive(reviewer))
    finance = Unit.objects.get(name="市财政局")
    assign(reviewer, handling, co_units=[finance])
    assert list(handling.co_units.values_list("unit__name", flat=True)) == ["市财政局"]
    assert handling.steps.filter(action=HandlingStep.Action.ASSIGN).count() == 2


def test_the_co_units_input_is_refused_once_the_reply_is_sent(seeded, reviewer, bureau):
    handling = answered(reviewer, bureau)
    with pytest.raises(InvalidState):
        service.handling_enter_co_opinion(
            user=co_unit_staff(), co_unit=handling.co_units.get(), opinion="补充意见"
        )
    assert Handling.objects.get(pk=handling.pk).co_units.get().opinion == ""
