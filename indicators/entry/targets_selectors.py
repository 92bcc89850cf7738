"""Reads for the region-targets page and template: one row per region for an indicator and year,
with its target and source, last year's approved value and the suggested split (建议值)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from indicators.entry.decomposition import PACE_YEARS, Suggestion, suggest_split
from indicators.entry.services.targets import Decomposition, city_target, decomposition
from indicators.models import Actual, Indicator, Region, Target, WorkflowState


@dataclass
class RegionTargetLine:
    region: Region
    target: Target | None
    last_year: Decimal | None  # approved
    suggestion: Suggestion | None


@dataclass
class TargetsSheet:
    indicator: Indicator
    year: int
    city_target: Target | None
    lines: list[RegionTargetLine]
    decomposition: Decomposition | None  # additive indicators only

    @property
    def additive(self) -> bool:
        return self.indicator.rollup == Indicator.Rollup.SUM


def targets_sheet(indicator: Indicator, year: int) -> TargetsSheet:
    """Every county-level region (not the city) with what the page and template show."""
    city = Region.objects.filter(kind=Region.Kind.CITY).first()
    printed = city_target(indicator, year, city)
    regions = list(Region.objects.exclude(kind=Region.Kind.CITY).order_by("order", "id"))
    targets: dict[int, Target] = {}
    for row in (
        Target.objects.filter(
            indicator=indicator, year=year, region__in=regions, target_type=Target.TargetType.VALUE
        )
        .select_related("plan")
        .order_by("plan__issued_on", "plan_id")
    ):
        targets[row.region_id] = row  # the later plan's last
    history: dict[int, dict[int, float]] = {r.pk: {} for r in regions}
    last: dict[int, Decimal] = {}
    for region_id, actual_year, value in Actual.objects.filter(
        indicator=indicator,
        region__in=regions,
        state=WorkflowState.APPROVED,
        year__gte=year - 1 - PACE_YEARS,
        year__lt=year,
    ).values_list("region_id", "year", "value"):
        history[region_id][actual_year] = float(value)
        if actual_year == year - 1:
            last[region_id] = value
    additive = indicator.rollup == Indicator.Rollup.SUM
    suggestions: dict = {}
    if additive and printed is not None:
        in_rollup = {r.pk for r in regions if r.in_rollup}
        suggestions = suggest_split(
            city_target=float(printed.value),
            year=year,
            history={pk: values for pk, values in history.items() if pk in in_rollup},
        )
    lines = [
        RegionTargetLine(
            region=region,
            target=targets.get(region.pk),
            last_year=last.get(region.pk),
            suggestion=suggestions.get(region.pk),
        )
        for region in regions
    ]
    return TargetsSheet(
        indicator=indicator,
        year=year,
        city_target=printed,
        lines=lines,
        decomposition=decomposition(indicator, year) if additive else None,
    )
