"""Who may write what in the proposals area (django-rules; autodiscovered like indicators/rules.py).

    user.has_perm("proposals.import_reply", unit)        # unit: the reply's handling unit, or None
    user.has_perm("proposals.edit_reply", unit)          # correct a reply, its commitments, figures
    user.has_perm("proposals.edit_proposal", proposal)   # correct a proposal (its replies' header)
    user.has_perm("proposals.record_commitment", commitment)   # report it kept, its narrative
    user.has_perm("proposals.confirm_commitment", commitment)  # confirm a report; follows_up

Reviewers and administrators import and correct any reply; bureau staff import and correct the
replies their own unit handled (with obj=None: whether the import pages are for them at all).
A proposal is shared by the replies of several units, so only reviewers and administrators
correct it. Every role reads.
"""

from __future__ import annotations

import rules

from indicators.rules import is_administrator, is_bureau_staff, is_reviewer, profile_of

IMPORT_REPLY = "proposals.import_reply"
EDIT_REPLY = "proposals.edit_reply"
EDIT_PROPOSAL = "proposals.edit_proposal"
RECORD_COMMITMENT = "proposals.record_commitment"
CONFIRM_COMMITMENT = "proposals.confirm_commitment"


@rules.predicate
def staff_of_unit(user, unit) -> bool:
    """The account's unit is `unit` (any unit at all when `unit` is None)."""
    profile = profile_of(user)
    if profile is None or profile.unit_id is None:
        return False
    return unit is None or getattr(unit, "id", unit) == profile.unit_id


@rules.predicate
def staff_of_responsible_unit(user, commitment) -> bool:
    profile = profile_of(user)
    if commitment is None or profile is None or profile.unit_id is None:
        return False
    return commitment.responsible_unit_id == profile.unit_id


rules.add_perm(IMPORT_REPLY, is_administrator | is_reviewer | (is_bureau_staff & staff_of_unit))
rules.add_perm(EDIT_REPLY, is_administrator | is_reviewer | (is_bureau_staff & staff_of_unit))
rules.add_perm(EDIT_PROPOSAL, is_administrator | is_reviewer)
rules.add_perm(
    RECORD_COMMITMENT,
    is_administrator | is_reviewer | (is_bureau_staff & staff_of_responsible_unit),
)
# Four eyes: a reviewer confirms what a unit reported (never the person who reported it, which
# the service checks); reviewers also link a reply to the commitments it follows up.
rules.add_perm(CONFIRM_COMMITMENT, is_administrator | is_reviewer)

# The steps of a proposal's handling have their own module; importing it registers them.
from proposals import handling_rules  # noqa: E402, F401
