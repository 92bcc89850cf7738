"""The one call from a reply's sign-off into the proposal's handling (交办 → … → 已答复).

The handling lifecycle is another feature's (proposals/services/handling.py); a signed reply
tells it through `proposal_mark_answered(*, user, proposal, reply)`, inside the sign-off's
transaction, so a refusal there (not the lead unit, a closed handling) undoes the sign-off.
"""

from __future__ import annotations

from proposals.models import Handling
from proposals.services.handling import proposal_mark_answered


def mark_answered(*, user, proposal, reply) -> bool:
    """Record the proposal as answered by `reply`; False for a proposal with no handling record
    (one whose reply is drafted without having been received and assigned in wzsci)."""
    if not Handling.objects.filter(proposal=proposal).exists():
        return False
    proposal_mark_answered(user=user, proposal=proposal, reply=reply)
    return True
