"""Which member regions of a coverage target are covered in a year: the list beside the count.

The engine counts them (indicators/compute/special_targets.py); the indicator page and the API
name them, read here by the same rule: a member is covered when its latest approved or
submitted figure up to the year is positive.
"""

from __future__ import annotations

from indicators.models import Actual, Indicator, Target, WorkflowState


def coverage_members(*, indicator: Indicator, year: int) -> list[tuple[str, bool]]:
    """For the indicator's coverage target over a region group: (region name, covered) in the
    group's region order, covered when the region's latest approved or submitted figure up to
    ``year`` is positive (as the engine counts, special_targets.py). Empty without such a target.
    """
    target = (
        Target.objects.filter(
            indicator=indicator,
            target_type=Target.TargetType.COVERAGE,
            coverage_group__isnull=False,
        )
        .select_related("coverage_group")
        .order_by("-plan__issued_on", "-year")
        .first()
    )
    if target is None:
        return []
    members = list(target.coverage_group.members.order_by("order"))
    latest: dict[int, tuple[int, float]] = {}
    for region_id, figure_year, value in Actual.objects.filter(
        indicator=indicator,
        region__in=members,
        year__lte=year,
        state__in=[WorkflowState.APPROVED, WorkflowState.SUBMITTED],
    ).values_list("region_id", "year", "value"):
        if region_id not in latest or figure_year > latest[region_id][0]:
            latest[region_id] = (figure_year, float(value))
    return [(r.name, latest.get(r.id, (0, 0.0))[1] > 0) for r in members]
