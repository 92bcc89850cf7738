"""Who may do which step of a proposal's handling (django-rules; loaded by proposals/rules.py).

    user.has_perm("proposals.receive_proposal")               # receive a new proposal
    user.has_perm("proposals.assign_proposal")                # assign (交办), order 重新办理, close (办结)
    user.has_perm("proposals.handle_proposal", handling)      # sign for it, answer, class, record ratings
    user.has_perm("proposals.enter_co_opinion", co_unit)      # a co-unit's input (会办意见)

Reviewers and administrators (the bureau's proposal office) receive, assign, order a second
handling and close; the lead unit's staff handle; a co-unit's staff enter that co-unit's input.
Reviewers and administrators may also stand in for a unit at any step.
"""

from __future__ import annotations

import rules

from indicators.rules import is_administrator, is_bureau_staff, is_reviewer, profile_of

RECEIVE_PROPOSAL = "proposals.receive_proposal"
ASSIGN_PROPOSAL = "proposals.assign_proposal"
HANDLE_PROPOSAL = "proposals.handle_proposal"
ENTER_CO_OPINION = "proposals.enter_co_opinion"


def _own_unit_id(user) -> int | None:
    profile = profile_of(user)
    return None if profile is None else profile.unit_id


@rules.predicate
def staff_of_lead_unit(user, handling) -> bool:
    unit_id = _own_unit_id(user)
    return handling is not None and unit_id is not None and handling.lead_unit_id == unit_id


@rules.predicate
def staff_of_co_unit(user, co_unit) -> bool:
    unit_id = _own_unit_id(user)
    return co_unit is not None and unit_id is not None and co_unit.unit_id == unit_id


proposal_office = is_administrator | is_reviewer

rules.add_perm(RECEIVE_PROPOSAL, proposal_office)
rules.add_perm(ASSIGN_PROPOSAL, proposal_office)
rules.add_perm(HANDLE_PROPOSAL, proposal_office | (is_bureau_staff & staff_of_lead_unit))
rules.add_perm(ENTER_CO_OPINION, proposal_office | (is_bureau_staff & staff_of_co_unit))
