"""Reads of the indicator page: the city's targets, actuals, snapshots; the regions' snapshots."""

from __future__ import annotations

from dataclasses import dataclass

from indicators.dashboards.selectors.common import COUNTED_STATES, city_region, first_rows
from indicators.models import Actual, Indicator, ProgressSnapshot, Region, Target, Task


@dataclass
class IndicatorDetail:
    indicator: Indicator
    city: Region
    city_targets: list[Target]
    city_actuals: dict[int, Actual]
    city_snapshots: dict[int, ProgressSnapshot]
    region_snapshots: list[ProgressSnapshot]
    region_origins: dict[int, str]  # region id → the origin of its counted actual
    more_regions: bool  # more regions than region_limit have a snapshot
    tasks: list[Task]


def indicator_detail(
    *, indicator: Indicator, year: int, region_limit: int | None = None
) -> IndicatorDetail:
    """What the indicator page shows (7 queries): the city's targets, actuals and snapshots of
    every year, and the other regions' snapshots of ``year`` (the first ``region_limit`` of them
    in region order; all for an export) with the origin of their actuals."""
    city = city_region()
    targets = list(
        Target.objects.filter(indicator=indicator, region=city)
        .select_related("plan")
        .order_by("year", "-plan__issued_on")
    )
    actuals = {
        a.year: a
        for a in Actual.objects.filter(
            indicator=indicator, region=city, state__in=COUNTED_STATES
        ).select_related("entered_by", "reviewed_by")
    }
    snapshots = {
        s.year: s
        for s in ProgressSnapshot.objects.with_marks()
        .filter(indicator=indicator, region=city)
        .select_related("target_plan", "other_target_plan")
    }
    regional, more = first_rows(
        ProgressSnapshot.objects.with_marks()
        .filter(indicator=indicator, year=year)
        .exclude(region=city)
        .select_related("region", "target_plan")
        .order_by("region__order", "region__name"),
        region_limit,
    )
    origins = Actual.objects.filter(indicator=indicator, year=year, state__in=COUNTED_STATES)
    if region_limit is None:
        origins = origins.exclude(region=city)
    else:
        origins = origins.filter(region_id__in=[s.region_id for s in regional])
    labels = dict(Actual.Origin.choices)
    region_origins = {
        r: str(labels.get(o, o)) for r, o in origins.values_list("region_id", "origin")
    }
    tasks = list(
        indicator.tasks.select_related("lever", "plan").order_by(
            "plan__issued_on", "kind", "number"
        )
    )
    return IndicatorDetail(
        indicator, city, targets, actuals, snapshots, regional, region_origins, more, tasks
    )
