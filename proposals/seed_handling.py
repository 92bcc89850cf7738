"""The handling of the seeded proposals: each proposal that already has a reply is 已答复.

A seed extension (WZSCI_SEED_EXTENSIONS, after `proposals.seed.load_proposals`), so the replies
exist. The three source replies print neither the date of assignment (交办) nor the proposer's
ratings nor a result class, so none is invented: the lead unit is the reply's handling unit, the
reply is the latest one, the answer date its printing date (else its signing date), and there is
no deadline. Once a handling exists its state belongs to the lifecycle: a reload changes nothing.
The migration that adds these tables (0003) does the same for a database that already holds
replies.
"""

from __future__ import annotations

from pathlib import Path

from django.utils import timezone

from indicators.catalogue.seed import SeedReport
from proposals.models import Handling, HandlingState, HandlingStep, Proposal


def load_handlings(*, report: SeedReport, fixtures_dir: Path | None = None) -> None:
    for proposal in Proposal.objects.filter(replies__isnull=False).distinct():
        if Handling.objects.filter(proposal=proposal).exists():
            report.record("Handling", "unchanged")
            continue
        handling_for_existing_reply(proposal)
        report.record("Handling", "created")


def handling_for_existing_reply(proposal: Proposal) -> Handling:
    """A proposal answered before wzsci followed its handling: 已答复 with its latest reply."""
    reply = proposal.replies.order_by("-signed_on", "-pk").first()
    answered_on = reply.issued_on or reply.signed_on
    handling = Handling.objects.create(
        proposal=proposal,
        state=HandlingState.ANSWERED,
        lead_unit=reply.handling_unit,
        reply=reply,
        answered_on=answered_on,
    )
    HandlingStep.objects.create(
        handling=handling,
        action=HandlingStep.Action.SEED,
        round=1,
        state_after=handling.state,
        at=timezone.now(),
        on=answered_on,
        unit=reply.handling_unit,
        reply=reply,
    )
    return handling
