"""The one call from a reply's sign-off into the proposal's handling (交办 → … → 已答复).

The handling lifecycle is another feature's (proposals/services/handling.py); a signed reply
tells it through `proposal_mark_answered(*, user, proposal, reply)`, inside the sign-off's
transaction, so a refusal there (not the lead unit, a closed handling) undoes the sign-off.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from common.errors import ServiceError
from proposals.models import Handling
from proposals.services.handling import proposal_mark_answered


def mark_answered(*, user, proposal, reply) -> bool:
    """Record the proposal as answered by `reply`; False for a proposal with no handling record
    (one whose reply is drafted without having been received and assigned in wzsci)."""
    handling = Handling.objects.filter(proposal=proposal).first()
    if handling is None:
        return False
    if handling.reply_id == reply.pk and handling.answered_on is not None:
        return True  # the reply's import (which the sign-off goes through) has recorded it
    proposal_mark_answered(user=user, proposal=proposal, reply=reply)
    return True


def mark_answered_if_possible(*, user, proposal, reply) -> bool:
    """The reply import's call: move the handling to 已答复 where its rules allow (a handling
    still owed a reply, the reply by its lead unit, a user who may register it); otherwise
    leave the handling as it is (its page offers the reply to register later) and keep the
    import. No handling: none is created. True when the handling moved.

    The answer is dated the reply's signing (not the day it was typed in), so a reply signed in
    time and imported later is not recorded as 逾期答复."""
    if not Handling.objects.filter(proposal=proposal).exists():
        return False
    answered_on = min(reply.signed_on, timezone.localdate())
    try:
        with transaction.atomic():  # a savepoint: a refusal undoes only this step
            proposal_mark_answered(user=user, proposal=proposal, reply=reply, today=answered_on)
    except ServiceError:
        return False
    return True
