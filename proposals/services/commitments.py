"""A commitment: its status recorded by hand, and corrections of what it says (added, edited,
deleted after the import, e.g. in the admin).

A correction is read by the import's own reader (reading.read_commitment), is kept in the
commitment's history with who made it, and when it touches what tracking judges (quantity, unit,
comparator, deadline, indicator, region) the commitment is judged again at once, as on import.
A status asked for by hand goes through `commitment_record`, with its rules and
`status_changed_at`, whatever the form.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext

from proposals.models import Commitment, Reply
from proposals.rules import CONFIRM_COMMITMENT, RECORD_COMMITMENT
from proposals.services.commitment_evidence import commitment_report
from proposals.services.errors import PermissionDenied, ValidationFailed
from proposals.services.reading import TEXT_MAX, Problems, read_commitment, read_int, read_text
from proposals.services.replies import require_reply_editor
from proposals.tracking import refresh_commitments

# What a form may set on a commitment besides its status and evidence.
COMMITMENT_FIELDS = (
    "number",
    "text",
    "quantity",
    "unit_of_measure",
    "comparator",
    "deadline",
    "responsible_unit",
    "indicator",
    "region",
    "task",
)
# The fields tracking judges a commitment by (proposals/tracking.py).
_JUDGED_FIELDS = ("quantity", "unit_of_measure", "comparator", "deadline", "indicator", "region")

MANUAL_STATUSES = (
    Commitment.Status.FULFILLED,
    Commitment.Status.PENDING,
    Commitment.Status.IN_PROGRESS,
)


@transaction.atomic
def commitment_record(
    *, user, commitment: Commitment, status: str, evidence: str, reason: str = "手工更新"
) -> Commitment:
    """Record by hand how a commitment no indicator measures stands.

    已落实 asked for by hand is a report (`commitment_evidence.commitment_report`, kept today):
    a reviewer other than the one who asked confirms it (four eyes). 推进中 / 待落实 are set
    directly. For a commitment linked to an indicator the tracking job has the last word (it
    re-judges from the approved actuals).
    """
    if user is None or not user.has_perm(RECORD_COMMITMENT, commitment):
        raise PermissionDenied(
            gettext("只有审核员、系统管理员和责任单位的工作人员可以更新承诺状态。")
        )
    locked = Commitment.objects.select_for_update().get(pk=commitment.pk)
    problems = Problems()
    if status not in MANUAL_STATUSES:
        problems.add("", gettext("只能手工标记为“已落实”“推进中”或“待落实”"))
    evidence = read_text(evidence, max_length=TEXT_MAX)
    if status == Commitment.Status.FULFILLED and not evidence:
        problems.add("", gettext("报告已落实时请填写落实依据"))
    if locked.status == Commitment.Status.NOT_MEASURABLE:
        problems.add("", gettext("持续推进的承诺请填写年度推进情况，或报告已落实"))
    if locked.status in (
        Commitment.Status.REPORTED,
        Commitment.Status.FULFILLED,
    ) and not user.has_perm(CONFIRM_COMMITMENT, commitment):
        # A report waits for a reviewer, and a confirmation is a reviewer's: unit staff do not
        # undo either by hand (a reviewer returns a report: commitment_return).
        problems.add("", gettext("已报告或已落实的承诺只能由审核员处理"))
    if problems.items:
        raise ValidationFailed(details={"status": problems.items})
    if status == Commitment.Status.FULFILLED:
        return commitment_report(
            user=user, commitment=locked, kept_on=timezone.localdate(), evidence=evidence
        )
    if locked.status != status:
        locked.status_changed_at = timezone.now()
    locked.status = status
    locked.evidence = evidence
    locked._history_user = user
    locked._change_reason = reason
    locked.save(update_fields=["status", "evidence", "status_changed_at"])
    return locked


# --------------------------------------------------------------------------- corrections


def _read(fields: Mapping, reply: Reply, current: Commitment | None, problems: Problems) -> dict:
    """The commitment's fields after the correction (fields left out keep their value)."""
    raw = {name: fields.get(name, getattr(current, name, None)) for name in COMMITMENT_FIELDS}
    if raw["number"] in (None, ""):
        raw["number"] = _next_number(reply)
    number = read_int(raw["number"], gettext("序号"), gettext("承诺"), problems, low=1, high=32767)
    row = read_commitment(
        {**raw, "label": raw["number"]},
        number or 0,
        problems,
        reply_year=reply.signed_on.year,
        handling_unit=reply.handling_unit,
    )
    taken = Commitment.objects.filter(reply=reply, number=number)
    if current is not None:
        taken = taken.exclude(pk=current.pk)
    if number and taken.exists():
        problems.add(
            gettext("承诺 %(number)s") % {"number": number},
            gettext("序号已被本答复的另一条承诺使用"),
        )
    return row


def _next_number(reply: Reply) -> int:
    return (reply.commitments.aggregate(n=Max("number"))["n"] or 0) + 1


def _save(commitment: Commitment, *, user, reason: str) -> None:
    commitment._history_user = user
    commitment._change_reason = reason
    commitment.save()


@transaction.atomic
def commitment_add(*, user, reply: Reply, fields: Mapping, reason: str = "新增承诺") -> Commitment:
    """Add a commitment to a reply (`fields` by COMMITMENT_FIELDS; a blank number is the next
    one). It starts pending, or not measurable without a quantity, and is judged at once."""
    require_reply_editor(user, reply.handling_unit)
    problems = Problems()
    row = _read(fields, reply, None, problems)
    if problems.items:
        raise ValidationFailed(details={"problems": problems.items})
    commitment = Commitment(reply=reply, **row)
    _save(commitment, user=user, reason=reason)
    refresh_commitments(commitment_ids=[commitment.pk])
    commitment.refresh_from_db()
    return commitment


@transaction.atomic
def commitment_update(
    *, user, commitment: Commitment, fields: Mapping, reason: str = "修改承诺"
) -> Commitment:
    """Correct what a commitment says. Without a quantity it becomes not measurable; given one
    again it is pending until judged. Judged again at once when a judged field changed."""
    locked = (
        Commitment.objects.select_for_update()
        .select_related("reply", "reply__handling_unit")
        .get(pk=commitment.pk)
    )
    problems = Problems()
    row = _read(fields, locked.reply, locked, problems)
    if problems.items:
        raise ValidationFailed(details={"problems": problems.items})
    if row["quantity"] is None:
        row["status"] = Commitment.Status.NOT_MEASURABLE
    elif locked.status == Commitment.Status.NOT_MEASURABLE:
        row["status"] = Commitment.Status.PENDING
    else:
        row["status"] = locked.status
    changed = [name for name, value in row.items() if getattr(locked, name) != value]
    if not changed:
        return locked  # nothing to write: a form that only asks for a status (commitment_save)
    require_reply_editor(user, locked.reply.handling_unit)
    if "status" in changed:
        locked.status_changed_at = timezone.now()
    for name in changed:
        setattr(locked, name, row[name])
    _save(locked, user=user, reason=reason)
    if any(name in changed for name in _JUDGED_FIELDS):
        refresh_commitments(commitment_ids=[locked.pk])
        locked.refresh_from_db()
    return locked


@transaction.atomic
def commitment_save(
    *,
    user,
    commitment: Commitment | None = None,
    reply: Reply | None = None,
    fields: Mapping,
    status: str | None = None,
    evidence: str | None = None,
    reason: str = "后台修改",
) -> Commitment:
    """A whole commitment as one form edits it (the admin): added to `reply` or correcting
    `commitment` (commitment_add / commitment_update); then, when the form asks for a status or
    evidence (None: not asked), recorded through commitment_record, with its rules, history and
    `status_changed_at`."""
    if commitment is None:
        saved = commitment_add(user=user, reply=reply, fields=fields, reason=reason)
    else:
        saved = commitment_update(user=user, commitment=commitment, fields=fields, reason=reason)
    if evidence is not None and _same_text(evidence, saved.evidence):
        evidence = None  # a form posting the evidence back as it was (line endings aside)
    if status is None and evidence is None:
        return saved
    return commitment_record(
        user=user,
        commitment=saved,
        status=saved.status if status is None else status,
        evidence=saved.evidence if evidence is None else evidence,
        reason=reason,
    )


def _same_text(a: str, b: str) -> bool:
    return " ".join((a or "").split()) == " ".join((b or "").split())


@transaction.atomic
def commitment_delete(*, user, commitment: Commitment, reason: str = "删除承诺") -> None:
    """Delete a commitment; its history keeps the row and who deleted it."""
    locked = Commitment.objects.select_for_update().select_related("reply").get(pk=commitment.pk)
    require_reply_editor(user, locked.reply.handling_unit)
    locked._history_user = user
    locked._change_reason = reason
    locked.delete()
