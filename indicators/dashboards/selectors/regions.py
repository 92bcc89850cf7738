"""Reads of the region pages: counties side by side, one region, a group of regions."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import F, Prefetch

from indicators.dashboards.selectors.common import (
    city_region,
    first_rows,
    key_indicators,
    region_snapshots_of_year,
)
from indicators.models import Indicator, ProgressSnapshot, Region, RegionGroup, Unit

# County-level divisions (drawn on the map) and the functional zones (shown beside it).
COUNTY_KINDS = (Region.Kind.DISTRICT, Region.Kind.COUNTY_CITY, Region.Kind.COUNTY)


@dataclass
class CountyGrid:
    city: Region
    regions: list[Region]  # every region but the city, in order
    indicators: list[Indicator]
    snapshots: dict[tuple[int, int], ProgressSnapshot]  # (indicator_id, region_id)
    groups: list[RegionGroup] = field(default_factory=list)
    more_regions: bool = False


def county_grid(
    *, year: int, regions: Iterable[Region] | None = None, region_limit: int | None = None
) -> CountyGrid:
    """The key indicators' snapshots of ``year`` for the city and the given regions (default:
    every region but the city, the first ``region_limit`` of them), with the region groups
    (5 queries)."""
    city = city_region()
    more = False
    if regions is None:
        regions, more = first_rows(
            Region.objects.exclude(kind=Region.Kind.CITY).order_by("order", "name"), region_limit
        )
    else:
        regions = list(regions)
    indicators = key_indicators()
    snapshots = region_snapshots_of_year(
        indicator_ids=[i.id for i in indicators], year=year, regions=[city, *regions]
    )
    groups = list(
        RegionGroup.objects.prefetch_related(
            Prefetch("members", queryset=Region.objects.order_by("order"))
        )
    )
    return CountyGrid(city, regions, indicators, snapshots, groups, more)


@dataclass
class RegionDetail:
    region: Region
    snapshots: list[ProgressSnapshot]  # of the year, every indicator with one
    groups: list[RegionGroup]
    units: list[Unit]


def region_detail(*, region: Region, year: int) -> RegionDetail:
    snapshots = list(
        ProgressSnapshot.objects.with_marks()
        .filter(region=region, year=year)
        .select_related("indicator", "target_plan")
        # The nine key indicators first, in printed order; then goals and task indicators.
        .order_by(
            F("indicator__key_order").asc(nulls_last=True), "indicator__category", "indicator__code"
        )
    )
    return RegionDetail(
        region,
        snapshots,
        list(region.groups.order_by("name")),
        list(region.units.order_by("order")),
    )
