"""The seed's assignment step: who reports each indicator, from its scope (docs/reporting.md).

全市 (city): only the city's figure; 县（市、区）: the city and every county-level region;
含功能区: those and the functional zones. The city's figure goes to the indicator's lead unit
(the indicator's own, or its task's), a region's to the government or committee of that region;
with none, the unit stays empty and administrators decide. Idempotent: a row that exists is
left as it is (an administrator may have changed its unit), a missing one is created.
"""

from __future__ import annotations

from indicators.models import Indicator, Region, ReportingAssignment, Unit

COUNTY_KINDS = (Region.Kind.DISTRICT, Region.Kind.COUNTY_CITY, Region.Kind.COUNTY)


def regions_in_scope(scope: str, regions: list[Region]) -> list[Region]:
    """The regions asked for a figure under a scope, in the regions' order."""
    kinds = {Region.Kind.CITY}
    if scope in (Indicator.Scope.COUNTIES, Indicator.Scope.WITH_ZONES):
        kinds |= set(COUNTY_KINDS)
    if scope == Indicator.Scope.WITH_ZONES:
        kinds.add(Region.Kind.FUNCTIONAL_ZONE)
    return [region for region in regions if region.kind in kinds]


def city_unit(indicator: Indicator) -> Unit | None:
    if indicator.lead_unit_id:
        return indicator.lead_unit
    if indicator.lead_unit_task_id:
        return indicator.lead_unit_task.lead_unit
    return None


def load_assignments(report) -> None:
    regions = list(Region.objects.order_by("order"))
    region_units: dict[int, Unit] = {}
    for unit in Unit.objects.filter(
        region__isnull=False,
        kind__in=[Unit.Kind.COUNTY_GOVERNMENT, Unit.Kind.COMMITTEE],
    ).order_by("order"):
        region_units.setdefault(unit.region_id, unit)
    existing = set(ReportingAssignment.objects.values_list("indicator_id", "region_id"))
    missing = []
    indicators = Indicator.objects.select_related("lead_unit", "lead_unit_task").order_by("pk")
    for indicator in indicators:
        for region in regions_in_scope(indicator.scope, regions):
            if (indicator.pk, region.pk) in existing:
                report.record("ReportingAssignment", "unchanged")
                continue
            unit = city_unit(indicator) if region.is_city else region_units.get(region.pk)
            missing.append(ReportingAssignment(indicator=indicator, region=region, unit=unit))
            report.record("ReportingAssignment", "created")
    ReportingAssignment.objects.bulk_create(missing)
