"""What the public page of a session shows (proposals answered, their class, their replies and
the commitments' states), and the removal of contact phone numbers from anything it prints.

Read only; the page needs no login and is served only where WZSCI_PROPOSALS_PUBLIC is on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q

from proposals.models import Commitment, HandlingState, HandlingStep, Proposal, Reply
from proposals.models.handling import ANSWERED_STATES
from proposals.selectors.handling import session_order

# 「联系电话：88962001，13858866588」 and its variants: the label and every number after it.
_PHONE_LABELED = re.compile(
    r"[，,、；; ]*(?:联系)?(?:电话|手机|传真|Tel\.?)[ ]*[:：]?[ ]*"
    r"(?:[（(]?\+?\d[\d \-－—()（）]{5,}\d[)）]?[，,、/ ]*)+",
    re.IGNORECASE,
)
# Numbers shaped like phone numbers wherever they stand: a mobile (1[3-9] + 9 digits), a
# landline with its area code (0577-88962001), a bare 7- or 8-digit local number. A quantity is
# never bare digits followed by its unit or a decimal part, so those are left alone.
_MOBILE = re.compile(r"(?<![\d.])(?:\+?86[\s\-]?)?1[3-9]\d{9}(?![\d.])")
_LANDLINE = re.compile(r"(?<![\d.])[(（]?0\d{2,3}[)）]?[\s\-－]?\d{7,8}(?![\d.])")
_LOCAL = re.compile(r"(?<![\d.])\d{7,8}(?![\d.]|\s*[万亿元人家项个件所台套%％平米吨])")
# Anything of these shapes left on the page would be a phone number to the test (and a reader).
PHONE_PATTERN = re.compile(r"(?<!\d)(?:1[3-9]\d{9}|0\d{2,3}[\s\-－]?\d{7,8}|\d{7,8})(?!\d)")


def strip_phone_numbers(text: str) -> str:
    """The text without contact phone numbers: a labelled number goes with its label
    (「联系人：王小军，联系电话：88962001，13858866588。」 → 「联系人：王小军。」), and any other number
    shaped like a phone number is removed."""
    text = _PHONE_LABELED.sub("", text or "")
    for pattern in (_MOBILE, _LANDLINE, _LOCAL):
        text = pattern.sub("", text)
    return text


@dataclass
class PublicReply:
    reply: Reply
    contact: str  # 联系人 name only
    full_text: str | None  # None where the setting withholds it
    commitments: list[Commitment] = field(default_factory=list)


@dataclass
class PublicProposal:
    proposal: Proposal
    state_label: str
    result_class: str
    result_class_label: str
    replies: list[PublicReply] = field(default_factory=list)


def public_sessions() -> list[str]:
    """Sessions with at least one answered proposal, newest first."""
    return list(session_order(_published_proposals().values_list("session", flat=True)))


def _published_proposals():
    """Proposals answered: their handling says so, or (imported before handling was followed,
    or without one) they have a reply and no handling still waiting for it."""
    return Proposal.objects.filter(
        Q(handling__state__in=ANSWERED_STATES) | Q(handling__isnull=True, replies__isnull=False)
    ).distinct()


def public_session(*, session: str, full_text: bool) -> list[PublicProposal]:
    """The session's answered proposals, by number, each with its published replies."""
    proposals = (
        _published_proposals()
        .filter(session=session)
        .select_related("handling")
        .prefetch_related(
            "handling__steps",
            Prefetch(
                "replies",
                queryset=Reply.objects.prefetch_related(
                    Prefetch("commitments", queryset=Commitment.objects.order_by("number"))
                ).order_by("signed_on", "doc_number"),
            ),
        )
        .order_by("number")
    )
    result = []
    for proposal in proposals:
        handling = getattr(proposal, "handling", None)
        replies = list(proposal.replies.all())
        if handling is not None:
            # Only replies the handling recorded as sent: a draft of the next round stays inside.
            sent = {
                step.reply_id
                for step in handling.steps.all()
                if step.action in (HandlingStep.Action.ANSWER, HandlingStep.Action.SEED)
            }
            replies = [r for r in replies if r.pk in sent]
        result.append(
            PublicProposal(
                proposal=proposal,
                state_label=(
                    handling.get_state_display() if handling else HandlingState.ANSWERED.label
                ),
                result_class=handling.result_class if handling else "",
                result_class_label=(
                    handling.get_result_class_display()
                    if handling and handling.result_class
                    else ""
                ),
                replies=[
                    PublicReply(
                        reply=reply,
                        contact=strip_phone_numbers(reply.contact_name),
                        full_text=strip_phone_numbers(reply.full_text) if full_text else None,
                        commitments=list(reply.commitments.all()),
                    )
                    for reply in replies
                ],
            )
        )
    return result
