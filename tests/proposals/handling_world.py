"""A proposal taken to a given point of its handling, on the seed, with a fixed clock.

The lead unit is 市科技局 (the `bureau` persona's unit), the co-unit 市发展改革委. Every step is
done through the services, as a person would, on the dates given.
"""

import datetime as dt
from decimal import Decimal

from indicators.models import Unit
from indicators.roles import Role
from proposals.models import Commitment, HandlingState, Reply
from proposals.services import handling as service
from tests.factories import make_person

RECEIVED_ON = dt.date(2026, 2, 20)
ASSIGNED_ON = dt.date(2026, 3, 2)  # the default deadline is then 2026-06-02
SESSION = "市政协十二届五次会议"


def lead_unit() -> Unit:
    return Unit.objects.get(name="市科技局")


def co_unit() -> Unit:
    return Unit.objects.get(name="市发展改革委")


def co_unit_staff(username="co-staff"):
    return make_person(username, Role.BUREAU_STAFF, unit="市发展改革委")


def receive(reviewer, *, number=7, title="关于加快建设科创走廊的提案", session=SESSION):
    return service.handling_receive(
        user=reviewer,
        session=session,
        number=number,
        proposer="张明",
        title=title,
        text="建议加快建设环大罗山科创走廊。联系电话：13900001111。",
        received_on=RECEIVED_ON,
        today=RECEIVED_ON,
    )


def assign(reviewer, handling, *, today=ASSIGNED_ON, co_units=None, deadline=None):
    return service.handling_assign(
        user=reviewer,
        handling=handling,
        lead_unit=lead_unit(),
        co_units=[co_unit()] if co_units is None else co_units,
        deadline=deadline,
        today=today,
    )


def signed_reply(handling, *, doc_number="温科提复〔2026〕7号", signed_on=dt.date(2026, 5, 20)):
    """A reply of the lead unit to this proposal, as the reply's sign-off leaves it."""
    reply = Reply.objects.create(
        proposal=handling.proposal,
        doc_number=doc_number,
        handling_unit=lead_unit(),
        signed_on=signed_on,
        contact_name="李华",
        contact_phones=["88960000", "13900002222"],
        copy_to=["市府办", "市政协提案委"],
        full_text=(
            "张明委员：您提出的提案收悉。今年将新增孵化面积180万平方米以上。\n"
            "联系人：李华，联系电话：88960000，13900002222。"
        ),
    )
    Commitment.objects.create(
        reply=reply,
        number=1,
        text="今年将新增孵化面积180万平方米以上。",
        quantity=Decimal("180"),
        unit_of_measure="万平方米",
        comparator="gte",
        deadline=dt.date(2026, 12, 31),
        responsible_unit=lead_unit(),
    )
    return reply


def answered(reviewer, bureau, *, today=dt.date(2026, 5, 20), number=7, session=SESSION):
    """Received, assigned with the co-unit, signed for, answered by the lead unit's staff."""
    handling = assign(reviewer, receive(reviewer, number=number, session=session))
    service.handling_start(user=bureau, handling=handling, today=ASSIGNED_ON)
    reply = signed_reply(handling, doc_number=f"温科提复〔2026〕{number}号")
    handling = service.proposal_mark_answered(
        user=bureau, proposal=handling.proposal, reply=reply, today=today
    )
    assert handling.state == HandlingState.ANSWERED
    return handling
