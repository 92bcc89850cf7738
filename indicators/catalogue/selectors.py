"""Reads: the ORM turned into what pages, exports and the API need. No writes here."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch

from indicators.models import Actual, Indicator, Region, Target

KEY_TABLE_YEARS = (2023, 2025, 2027)


@dataclass(frozen=True)
class TargetCell:
    value: Decimal
    comparator: str
    plan_doc_number: str
    source_quote: str


@dataclass(frozen=True)
class KeyIndicatorRow:
    indicator: Indicator
    baseline: Actual | None
    targets: dict[int, list[TargetCell]]  # year → targets, the later plan's first


def city_region() -> Region:
    return Region.objects.get(kind=Region.Kind.CITY)


def key_indicator_table(
    *, years=KEY_TABLE_YEARS, baseline_year: int = 2022
) -> list[KeyIndicatorRow]:
    """The nine key indicators with the 2022 baseline and every plan's city targets (3 queries)."""
    city = city_region()
    indicators = (
        Indicator.objects.filter(category=Indicator.Category.KEY)
        .select_related("lead_unit", "lead_unit_task__plan")
        .prefetch_related(
            Prefetch(
                "targets",
                # the table's printed figures (not 超全省平均水平, a relative target)
                queryset=Target.objects.filter(
                    region=city, year__in=years, target_type=Target.TargetType.VALUE
                )
                .select_related("plan")
                .order_by("year", "-plan__issued_on"),
                to_attr="city_targets",
            ),
            Prefetch(
                "actuals",
                queryset=Actual.objects.filter(region=city, year=baseline_year),
                to_attr="baseline_actuals",
            ),
        )
        .order_by("key_order")
    )
    rows = []
    for indicator in indicators:
        by_year: dict[int, list[TargetCell]] = {year: [] for year in years}
        for target in indicator.city_targets:
            by_year[target.year].append(
                TargetCell(
                    target.value,
                    target.get_comparator_display(),
                    target.plan.doc_number,
                    target.source_quote,
                )
            )
        baseline = indicator.baseline_actuals[0] if indicator.baseline_actuals else None
        rows.append(KeyIndicatorRow(indicator, baseline, by_year))
    return rows
