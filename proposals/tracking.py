"""Follow the commitments of the replies until they are kept or overdue.

`refresh_commitments` is what the progress engine's recompute (and the nightly beat entry, and
`manage.py refresh_commitments`) calls: it reads the approved actuals each commitment is linked
to and sets its status by the rules of `proposals.checks.judge_commitment`:

- linked to an indicator, with a quantity: fulfilled when the APPROVED actual of the deadline's
  year (for the commitment's region; the city when none is set) meets the quantity by its
  comparator, by the progress engine's rule (indicators.compute.comparators: a ≈ target
  beyond its band on the indicator's good side is met); overdue once the deadline has passed
  without that; in progress while the deadline is ahead and some actual (any workflow state)
  has been entered since the reply's year; pending otherwise;
- not linked, or without a quantity: its unit reports it kept and a reviewer confirms
  (services/commitment_evidence.py; reported and fulfilled stay); once the deadline has passed
  with neither it is overdue, never before;
- not measurable: never changed.

Every change sets `status_changed_at` and `evidence` and is kept in the commitment's history.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from indicators.models import Actual, Indicator, Region, WorkflowState
from proposals import checks
from proposals.models import Commitment


def approx_band() -> float:
    """The progress engine's tolerance (5 %): the band of a ≈ commitment, as of a ≈ target."""
    return float(settings.WZSCI_PROGRESS.get("tolerance", 0.05))


@transaction.atomic
def refresh_commitments(
    *,
    indicator_ids: Iterable[int] | None = None,
    commitment_ids: Iterable[int] | None = None,
    today: dt.date | None = None,
) -> dict[str, int]:
    """Re-judge commitments (all, or those linked to `indicator_ids`, or those of
    `commitment_ids`); return what was counted.

    The counts: "checked" (commitments looked at), "changed" (whose status changed) and, per
    status, how many of the checked commitments now have it.
    """
    today = today or timezone.localdate()
    commitments = Commitment.objects.select_related("indicator", "region", "reply").exclude(
        status=Commitment.Status.NOT_MEASURABLE
    )
    if indicator_ids is not None:
        commitments = commitments.filter(indicator_id__in=list(indicator_ids))
    if commitment_ids is not None:
        commitments = commitments.filter(id__in=list(commitment_ids))
    commitments = list(commitments.select_for_update(of=("self",)).order_by("id"))
    city = Region.objects.filter(kind=Region.Kind.CITY).first()
    actuals = _actuals_for(commitments, city)
    band = approx_band()
    counts: Counter[str] = Counter({"checked": 0, "changed": 0})
    now = timezone.now()
    for commitment in commitments:
        counts["checked"] += 1
        judgement = _judge(commitment, city, actuals, today=today, band=band)
        if judgement is not None and (
            judgement.status != commitment.status or judgement.evidence != commitment.evidence
        ):
            if judgement.status != commitment.status:
                counts["changed"] += 1
                commitment.status_changed_at = now
            commitment.status = judgement.status
            commitment.evidence = judgement.evidence
            commitment._change_reason = "跟踪更新"
            commitment.save(update_fields=["status", "evidence", "status_changed_at"])
        counts[commitment.status] += 1
    return dict(counts)


def is_measured(commitment: Commitment) -> bool:
    """Linked to an indicator in its unit of measure, with a quantity, comparator and deadline:
    judged from the approved actuals alone (never reported by hand)."""
    return (
        commitment.indicator_id is not None
        and commitment.quantity is not None
        and commitment.deadline is not None
        and bool(commitment.comparator)
        and checks.same_unit(commitment.unit_of_measure, commitment.indicator.unit_of_measure)
    )


def _actuals_for(
    commitments: list[Commitment], city: Region | None
) -> dict[tuple[int, int], list[Actual]]:
    """The actuals of every (indicator, region) the measurable commitments concern."""
    cells = {
        (c.indicator_id, c.region_id or (city.id if city else None))
        for c in commitments
        if is_measured(c)
    }
    if not cells:
        return {}
    found: dict[tuple[int, int], list[Actual]] = {}
    indicator_ids = {i for i, _ in cells}
    for actual in Actual.objects.filter(indicator_id__in=indicator_ids):
        key = (actual.indicator_id, actual.region_id)
        if key in cells:
            found.setdefault(key, []).append(actual)
    return found


def _judge(commitment: Commitment, city: Region | None, actuals, *, today: dt.date, band: float):
    measurable = is_measured(commitment)
    deadline_actual = None
    any_actual = False
    describe = ""
    if measurable:
        region = commitment.region or city
        rows = actuals.get((commitment.indicator_id, region.id if region else None), [])
        year = commitment.deadline.year
        approved = next(
            (a for a in rows if a.year == year and a.state == WorkflowState.APPROVED), None
        )
        if approved is not None:
            deadline_actual = approved.value
            describe = f"{region}{year}年已审核实际值{checks.shown(approved.value)}{commitment.indicator.unit_of_measure}"
        any_actual = any(commitment.reply.signed_on.year <= a.year <= year for a in rows)
    return checks.judge_commitment(
        status=commitment.status,
        quantity=commitment.quantity,
        comparator=commitment.comparator,
        deadline=commitment.deadline,
        measurable=measurable,
        deadline_actual=deadline_actual,
        any_actual=any_actual,
        today=today,
        approx_band=band,
        higher=not measurable or commitment.indicator.direction == Indicator.Direction.HIGHER,
        describe_actual=describe,
        promise=f"{commitment.get_comparator_display()}{checks.shown(commitment.quantity)}{commitment.unit_of_measure}"
        if commitment.quantity is not None
        else "",
    )
