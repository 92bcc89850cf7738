"""Who may do each step: the office (reviewers, administrators) receives, assigns, orders a
second handling and closes; the lead unit's staff handle; a co-unit's staff enter its input."""

import pytest

from indicators.roles import Role
from proposals.models import HandlingState
from proposals.services import handling as service
from proposals.services import handling_outcome as outcome
from proposals.services.errors import PermissionDenied
from tests.factories import make_person

from .handling_world import answered, assign, co_unit_staff, receive, signed_reply

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ["leader", "bureau", "county", "outsider"])
def test_only_the_office_receives_and_assigns(seeded, people, name):
    with pytest.raises(PermissionDenied):
        receive(people[name])
    handling = receive(people["reviewer"])
    with pytest.raises(PermissionDenied):
        assign(people[name], handling)
    handling.refresh_from_db()
    assert handling.state == HandlingState.RECEIVED


def test_an_administrator_may_do_what_the_office_does(seeded, admin):
    handling = assign(admin, receive(admin))
    assert handling.state == HandlingState.ASSIGNED


@pytest.mark.parametrize("name", ["leader", "county", "outsider"])
def test_only_the_lead_units_staff_or_the_office_handle(seeded, people, name):
    handling = assign(people["reviewer"], receive(people["reviewer"]))
    with pytest.raises(PermissionDenied):
        service.handling_start(user=people[name], handling=handling)
    with pytest.raises(PermissionDenied):
        service.proposal_mark_answered(
            user=people[name], proposal=handling.proposal, reply=signed_reply(handling)
        )


def test_the_co_units_staff_may_not_answer_for_the_lead_unit(seeded, reviewer):
    handling = assign(reviewer, receive(reviewer))
    staff = co_unit_staff()
    with pytest.raises(PermissionDenied):
        service.handling_start(user=staff, handling=handling)
    with pytest.raises(PermissionDenied):
        outcome.handling_classify(user=staff, handling=handling, result_class="A")


def test_only_that_co_units_staff_enter_its_input(seeded, reviewer, bureau):
    handling = assign(reviewer, receive(reviewer))
    co = handling.co_units.get()
    # The lead unit's staff and another unit's staff may not write it
    other = make_person("finance-staff", Role.BUREAU_STAFF, unit="市财政局")
    for user in (bureau, other):
        with pytest.raises(PermissionDenied):
            service.handling_enter_co_opinion(user=user, co_unit=co, opinion="意见")
    # The co-unit's staff may
    service.handling_enter_co_opinion(user=co_unit_staff(), co_unit=co, opinion="同意")
    co.refresh_from_db()
    assert co.opinion == "同意"


def test_the_lead_unit_may_not_order_a_second_handling_nor_close(seeded, reviewer, bureau):
    handling = answered(reviewer, bureau)
    outcome.handling_classify(user=bureau, handling=handling, result_class="A")
    outcome.handling_evaluate(
        user=bureau, handling=handling, attitude="unsatisfied", result="satisfied"
    )
    with pytest.raises(PermissionDenied):
        outcome.handling_rehandle(user=bureau, handling=handling)
    with pytest.raises(PermissionDenied):
        outcome.handling_close(user=bureau, handling=handling)
    handling.refresh_from_db()
    assert handling.state == HandlingState.EVALUATED
