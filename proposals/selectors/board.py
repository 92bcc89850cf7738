"""The commitments board (by unit, status and deadline year) and a unit's commitments."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, QuerySet

from indicators.models import Unit
from proposals.models import Commitment


def commitment_board(
    *, unit_id: int | None = None, status: str = "", year: int | None = None
) -> QuerySet:
    """Commitments filtered by responsible unit, status and deadline year, by unit then reply."""
    rows = Commitment.objects.select_related(
        "reply", "reply__proposal", "responsible_unit", "indicator", "task"
    ).order_by(
        "responsible_unit__order",
        "responsible_unit__name",
        "deadline",
        "reply__doc_number",
        "number",
    )
    if unit_id:
        rows = rows.filter(responsible_unit_id=unit_id)
    if status:
        rows = rows.filter(status=status)
    if year:
        rows = rows.filter(deadline__year=year)
    return rows


@dataclass
class UnitCounts:
    unit: Unit
    by_status: dict[str, int]
    total: int


def board_counts(rows: QuerySet) -> tuple[list[UnitCounts], dict[str, int]]:
    """Counts by unit × status of the board's rows, and the totals by status."""
    statuses = Commitment.Status.values
    per_unit: dict[int, Counter] = {}
    for unit_id, status, n in (
        rows.order_by().values_list("responsible_unit_id", "status").annotate(n=Count("id"))
    ):
        per_unit.setdefault(unit_id, Counter())[status] += n
    units = Unit.objects.in_bulk(per_unit.keys())
    table = [
        UnitCounts(units[uid], {s: counts[s] for s in statuses}, sum(counts.values()))
        for uid, counts in per_unit.items()
    ]
    table.sort(key=lambda row: (row.unit.order, row.unit.name))
    totals = {s: sum(row.by_status[s] for row in table) for s in statuses}
    totals["all"] = sum(row.total for row in table)
    return table, totals


def commitment_years() -> list[int]:
    return sorted(
        {d.year for d in Commitment.objects.exclude(deadline=None).dates("deadline", "year")},
        reverse=True,
    )


def units_with_commitments() -> QuerySet:
    return Unit.objects.filter(commitments__isnull=False).distinct().order_by("order", "name")


def unit_commitments(*, unit: Unit) -> dict:
    """What a unit's dashboard shows: its commitments (open ones first) and counts by status."""
    rows = list(
        Commitment.objects.filter(responsible_unit=unit)
        .select_related("reply", "indicator", "task")
        .order_by("deadline", "reply__doc_number", "number")
    )
    order = {
        Commitment.Status.OVERDUE: 0,
        Commitment.Status.REPORTED: 1,
        Commitment.Status.IN_PROGRESS: 2,
        Commitment.Status.PENDING: 3,
        Commitment.Status.FULFILLED: 4,
        Commitment.Status.NOT_MEASURABLE: 5,
    }
    rows.sort(key=lambda c: order.get(c.status, 9))
    counts = Counter(c.status for c in rows)
    return {
        "unit": unit,
        "commitments": rows,
        "counts": [(value, label, counts[value]) for value, label in Commitment.Status.choices],
        "total": len(rows),
    }


def task_commitments(*, task) -> list[Commitment]:
    """What a task's dashboard page shows: the commitments linked to it, by deadline."""
    return list(
        Commitment.objects.filter(task=task)
        .select_related("reply", "responsible_unit")
        .order_by("deadline", "reply__doc_number", "number")
    )
