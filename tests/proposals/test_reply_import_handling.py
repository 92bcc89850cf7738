"""Importing a reply moves its proposal's handling: 交办 / 办理中 → 已答复; a proposal without a
handling gets none."""

import pytest

from proposals.models import Handling, HandlingState, HandlingStep
from proposals.services import handling as handling_service
from proposals.services import imports

from .handling_world import ASSIGNED_ON, SESSION, assign, receive

pytestmark = pytest.mark.django_db


def header(number: int, **changes) -> dict:
    return {
        "doc_number": f"温科提复〔2026〕{number}号",
        "session": SESSION,
        "proposal_number": str(number),
        "proposer": "张明",
        "title": "关于加快建设科创走廊的提案",
        "handling_unit": "温州市科学技术局",
        "signed_on": "2026-05-20",
        "issued_on": "2026-05-21",
        "contact_name": "李华",
        "contact_phones": "88960000",
        "copy_to": "市府办、市政协提案委",
        "full_text": "张明委员：您提出的提案收悉。今年将新增孵化面积180万平方米以上。",
    } | changes


def test_importing_the_lead_units_reply_answers_the_assigned_proposal(seeded, reviewer, bureau):
    # Given proposal 7 received, assigned to 市科技局 and signed for (办理中)
    handling = assign(reviewer, receive(reviewer, number=7))
    handling_service.handling_start(user=bureau, handling=handling, today=ASSIGNED_ON)
    # When the lead unit's staff import its reply
    reply = imports.reply_import(user=bureau, header=header(7), commitments=[], figures=[])
    # Then the handling is 已答复 with that reply, dated its signing (within the deadline
    # 2026-06-02, so not 逾期答复), and the step is in its log
    handling.refresh_from_db()
    assert (handling.state, handling.reply) == (HandlingState.ANSWERED, reply)
    assert str(handling.answered_on) == "2026-05-20"
    step = handling.steps.get(action="answer", reply=reply, user=bureau)
    assert step.note == ""


def test_importing_a_reply_for_an_assigned_proposal_records_the_signing_for_too(seeded, reviewer):
    handling = assign(reviewer, receive(reviewer, number=8))
    imports.reply_import(user=reviewer, header=header(8), commitments=[], figures=[])
    handling.refresh_from_db()
    assert handling.state == HandlingState.ANSWERED
    assert list(handling.steps.order_by("id").values_list("action", flat=True))[-2:] == [
        "start",
        "answer",
    ]


def test_a_reply_imported_for_a_proposal_without_a_handling_creates_none(seeded, reviewer):
    before = Handling.objects.count()
    reply = imports.reply_import(user=reviewer, header=header(9), commitments=[], figures=[])
    assert Handling.objects.count() == before
    assert not Handling.objects.filter(proposal=reply.proposal).exists()


def test_a_reply_by_another_unit_is_saved_and_leaves_the_handling_as_it_was(seeded, reviewer):
    # Given proposal 10 assigned to 市科技局
    handling = assign(reviewer, receive(reviewer, number=10))
    steps = HandlingStep.objects.filter(handling=handling).count()
    # When a reply by 市发展改革委 (not the lead unit) is imported
    reply = imports.reply_import(
        user=reviewer,
        header=header(10, handling_unit="市发展改革委"),
        commitments=[],
        figures=[],
    )
    # Then the reply is kept, and the handling is untouched (still owed the lead unit's reply)
    assert reply.pk is not None
    handling.refresh_from_db()
    assert handling.state == HandlingState.ASSIGNED and handling.reply is None
    assert HandlingStep.objects.filter(handling=handling).count() == steps
