"""A commitment's status recorded by hand (kept, with evidence; or still being worked on)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from proposals.models import Commitment
from proposals.rules import RECORD_COMMITMENT
from proposals.services.errors import PermissionDenied, ValidationFailed
from proposals.services.reading import TEXT_MAX, Problems, read_text

MANUAL_STATUSES = (
    Commitment.Status.FULFILLED,
    Commitment.Status.PENDING,
    Commitment.Status.IN_PROGRESS,
)


@transaction.atomic
def commitment_record(*, user, commitment: Commitment, status: str, evidence: str) -> Commitment:
    """Record by hand that a commitment was kept (with evidence) or is still being worked on.

    For a commitment linked to an indicator the tracking job has the last word (it re-judges
    from the approved actuals); by hand is for the commitments no indicator measures.
    """
    if user is None or not user.has_perm(RECORD_COMMITMENT, commitment):
        raise PermissionDenied("只有审核员、系统管理员和责任单位的工作人员可以更新承诺状态。")
    problems = Problems()
    if status not in MANUAL_STATUSES:
        problems.add("", "只能手工标记为“已兑现”“推进中”或“待跟踪”")
    evidence = read_text(evidence, max_length=TEXT_MAX)
    if status == Commitment.Status.FULFILLED and not evidence:
        problems.add("", "标记为已兑现时请填写兑现依据")
    if commitment.status == Commitment.Status.NOT_MEASURABLE:
        problems.add("", "不可量化的承诺没有兑现状态")
    if problems.items:
        raise ValidationFailed(details={"status": problems.items})
    locked = Commitment.objects.select_for_update().get(pk=commitment.pk)
    if locked.status != status:
        locked.status_changed_at = timezone.now()
    locked.status = status
    locked.evidence = evidence
    locked._history_user = user
    locked._change_reason = "手工更新"
    locked.save(update_fields=["status", "evidence", "status_changed_at"])
    return locked
