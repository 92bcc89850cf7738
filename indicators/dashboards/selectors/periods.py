"""Reads of 序时进度: the period snapshots (PeriodSnapshot) the recompute wrote, one query each.

A period snapshot is one year-to-date figure of an indicator, region and year against the
year's target (docs/progress.md); the pages show them as they are and never compute them.
"""

from __future__ import annotations

from collections.abc import Iterable

from indicators.models import Indicator, PeriodSnapshot, Region


def period_snapshots(*, indicator: Indicator, region: Region, year: int) -> list[PeriodSnapshot]:
    """Every period of one year for one indicator and region, in order (1 query)."""
    return list(
        PeriodSnapshot.objects.filter(indicator=indicator, region=region, year=year).order_by(
            "period"
        )
    )


def latest_periods(
    *,
    year: int,
    indicator_ids: Iterable[int] | None = None,
    region_ids: Iterable[int] | None = None,
    with_indicator: bool = False,
    with_region: bool = False,
) -> dict[tuple[int, int], PeriodSnapshot]:
    """The latest period of ``year`` of each (indicator_id, region_id), limited to these
    indicators and regions when given (1 query; at most twelve rows a cell are read)."""
    rows = PeriodSnapshot.objects.filter(year=year)
    if indicator_ids is not None:
        rows = rows.filter(indicator_id__in=list(indicator_ids))
    if region_ids is not None:
        rows = rows.filter(region_id__in=list(region_ids))
    if with_indicator:
        rows = rows.select_related("indicator")
    if with_region:
        rows = rows.select_related("region")
    latest: dict[tuple[int, int], PeriodSnapshot] = {}
    for row in rows.order_by("period"):
        latest[(row.indicator_id, row.region_id)] = row
    return latest
