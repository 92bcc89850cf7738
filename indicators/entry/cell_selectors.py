"""Reads of a cell's records across periods and vintages: the latest vintage of each cell and
period, the one that counts (the latest approved), last year's figure of the same period, and a
later vintage's predecessor (docs/reporting.md, "Periods and vintages in entry")."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q

from indicators.compute.periods import vintage_rank
from indicators.models import Actual, Indicator, Region, WorkflowState


def latest_vintages(actuals) -> dict[tuple, Actual]:
    """The latest vintage (快报 < 年报 < 修订) of each cell × period among the given actuals, by
    (indicator_id, region_id, year, period)."""
    out: dict[tuple, Actual] = {}
    for a in actuals:
        key = (a.indicator_id, a.region_id, a.year, a.period)
        if key not in out or vintage_rank(a.vintage) > vintage_rank(out[key].vintage):
            out[key] = a
    return out


def counting_vintage(actuals) -> Actual | None:
    """The record that counts among the vintages of one cell's full year: the latest approved."""
    approved = [a for a in actuals if a.state == WorkflowState.APPROVED]
    return max(approved, key=lambda a: vintage_rank(a.vintage), default=None)


def last_year_value(
    *, indicator: Indicator, region: Region, year: int, period: int = 12
) -> Decimal | None:
    """The value entered for the same period of the year before (its latest vintage), in any
    state; None when there is none."""
    rows = Actual.objects.filter(indicator=indicator, region=region, year=year - 1, period=period)
    latest = latest_vintages(
        rows.only("indicator_id", "region_id", "year", "period", "vintage", "value")
    )
    return next(iter(latest.values())).value if latest else None


def last_year_values(actuals) -> dict[tuple[int, int, int, int], Actual]:
    """Last year's actual of the same period (its latest vintage) for each (indicator, region,
    year, period) of the given actuals (one query)."""
    actuals = list(actuals)
    if not actuals:
        return {}
    cond = Q()
    for a in actuals:
        cond |= Q(
            indicator_id=a.indicator_id, region_id=a.region_id, year=a.year - 1, period=a.period
        )
    return {
        (i, r, y + 1, p): a
        for (i, r, y, p), a in latest_vintages(Actual.objects.filter(cond)).items()
    }


def earlier_vintages(actuals) -> dict[int, Actual]:
    """For each full-year actual given, the latest of its cell's earlier vintages (a 年报's 快报),
    by the actual's id (one query); those with none are left out."""
    actuals = [a for a in actuals if a.period == 12 and vintage_rank(a.vintage) > 0]
    if not actuals:
        return {}
    cond = Q()
    for a in actuals:
        cond |= Q(indicator_id=a.indicator_id, region_id=a.region_id, year=a.year, period=12)
    cells: dict[tuple, list[Actual]] = {}
    for other in Actual.objects.filter(cond):
        cells.setdefault((other.indicator_id, other.region_id, other.year), []).append(other)
    out = {}
    for a in actuals:
        before = [
            o
            for o in cells.get((a.indicator_id, a.region_id, a.year), [])
            if vintage_rank(o.vintage) < vintage_rank(a.vintage)
        ]
        if before:
            out[a.pk] = max(before, key=lambda o: vintage_rank(o.vintage))
    return out
