"""Reads for region targets (分解目标): the city's target, the regions' sum against it, and the page's
and template's rows: one per region, with its target and source, last year's approved value and
the suggested split (建议值)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from indicators.entry.decomposition import (
    PACE_YEARS,
    Suggestion,
    SumCheck,
    suggest_split,
    sum_check,
)
from indicators.models import Actual, Indicator, Region, Target, WorkflowState


@dataclass
class Decomposition:
    """The regions' targets of one additive indicator and year against the city's."""

    indicator: Indicator
    year: int
    check: SumCheck

    def message(self) -> str:
        c = self.check
        if c.city_target is None:
            return _("%(name)s %(year)s年：全市没有目标值，无法核对分解合计。") % {
                "name": self.indicator.name,
                "year": self.year,
            }
        if c.regions_with_target == 0:
            return _(
                "%(name)s %(year)s年：尚未录入各县（市、区）分解目标（全市目标 %(city)s）。"
            ) % {
                "name": self.indicator.name,
                "year": self.year,
                "city": f"{c.city_target:g}",
            }
        words = {
            "name": self.indicator.name,
            "year": self.year,
            "sum": f"{c.region_sum:g}",
            "city": f"{c.city_target:g}",
            "gap": f"{c.gap:g}",
            "count": c.regions_with_target,
            "expected": c.regions_expected,
        }
        if c.shortfall:
            return (
                _(
                    "%(name)s %(year)s年：各县（市、区）分解目标合计 %(sum)s，低于全市目标 %(city)s，"
                    "缺口 %(gap)s（已分解 %(count)s/%(expected)s 个区域）。"
                )
                % words
            )
        return (
            _("%(name)s %(year)s年：各县（市、区）分解目标合计 %(sum)s，不低于全市目标 %(city)s。")
            % words
        )


def city_target(indicator: Indicator, year: int, city: Region | None) -> Target | None:
    """The city's printed target value of the year (the later plan's where two plans set one);
    a growth, relative or coverage target is not a figure the regions can share."""
    if city is None:
        return None
    return (
        Target.objects.filter(
            indicator=indicator, region=city, year=year, target_type=Target.TargetType.VALUE
        )
        .select_related("plan")
        .order_by("-plan__issued_on", "-plan_id")
        .first()
    )


def decomposition(indicator: Indicator, year: int) -> Decomposition:
    """The regions' sum against the city target (in-roll-up regions only, as the engine sums)."""
    city = Region.objects.filter(kind=Region.Kind.CITY).first()
    target = city_target(indicator, year, city)
    regions = list(Region.objects.filter(in_rollup=True).exclude(kind=Region.Kind.CITY))
    values: dict[int, float | None] = dict.fromkeys((r.pk for r in regions), None)
    for row in Target.objects.filter(
        indicator=indicator, year=year, region__in=regions, target_type=Target.TargetType.VALUE
    ):
        values[row.region_id] = float(row.value)
    check = sum_check(
        city_target=float(target.value) if target else None,
        region_targets=values,
        expected=len(regions),
    )
    return Decomposition(indicator=indicator, year=year, check=check)


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
