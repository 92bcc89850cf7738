"""The one call from a reply's sign-off into the proposal's handling (交办 → … → 已答复).

The handling lifecycle is another feature's (proposals/services/handling.py); a signed reply
tells it through `proposal_mark_answered(*, user, proposal, reply)`, inside the sign-off's
transaction, so a refusal there undoes the sign-off.
"""

from __future__ import annotations


def mark_answered(*, user, proposal, reply) -> bool:
    """Record the proposal as answered by `reply`; False while the lifecycle is not installed."""
    try:
        from proposals.services.handling import proposal_mark_answered
    except ImportError:
        # TODO(lead): proposal_mark_answered arrives with the handling lifecycle (branch
        # p-lifecycle). Once it is on main this fallback never runs: remove it and import above.
        return False
    proposal_mark_answered(user=user, proposal=proposal, reply=reply)
    return True
