"""Reads every dashboard page shares: years, the city, key indicators, actuals, snapshots."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.db.models import Max

from indicators.models import Actual, Indicator, ProgressSnapshot, Region, WorkflowState

# An actual counts on a dashboard once submitted (provisional) or approved; drafts and returned
# figures are the enterer's business.
COUNTED_STATES = (WorkflowState.SUBMITTED, WorkflowState.APPROVED)


def dashboard_years() -> list[int]:
    """The years a dashboard can show: the baseline year to the plans' final year."""
    return list(range(settings.WZSCI_BASELINE_YEAR, settings.WZSCI_FINAL_YEAR + 1))


def city_region() -> Region:
    return Region.objects.get(kind=Region.Kind.CITY)


def key_indicators() -> list[Indicator]:
    return list(
        Indicator.objects.filter(category=Indicator.Category.KEY)
        .select_related("lead_unit")
        .order_by("key_order")
    )


def latest_reported_year(*, city: Region, indicator_ids: Iterable[int]) -> int | None:
    """The latest year in which the city has a counted actual of one of these indicators.

    Read from the actuals through their (indicator, region, year) index, so it stays cheap
    whatever the number of regions.
    """
    return (
        Actual.objects.filter(
            indicator_id__in=list(indicator_ids), region=city, state__in=COUNTED_STATES
        )
        .order_by()
        .aggregate(latest=Max("year"))["latest"]
    )


def demo_data_present() -> bool:
    """Whether any demo actual (origin "demo", `manage.py load_demo_data`) is in the database."""
    return Actual.objects.filter(origin=Actual.Origin.DEMO).exists()


def recent_submissions(*, limit: int = 10) -> list[Actual]:
    """The latest submitted actuals (any state after submission), newest first."""
    return list(
        Actual.objects.filter(submitted_at__isnull=False)
        .select_related("indicator", "region", "entered_by", "reviewed_by")
        .order_by("-submitted_at", "-id")[:limit]
    )


def first_rows(queryset, limit: int | None) -> tuple[list, bool]:
    """The first ``limit`` rows (all when None) and whether there are more (limit + 1 fetched)."""
    if limit is None:
        return list(queryset), False
    rows = list(queryset[: limit + 1])
    return rows[:limit], len(rows) > limit


# --- Snapshots ---------------------------------------------------------------------------------


def snapshots_by_indicator_year(
    *, indicator_ids: Iterable[int], region: Region
) -> dict[tuple[int, int], ProgressSnapshot]:
    """Every year's snapshot of these indicators in one region, keyed (indicator_id, year)."""
    rows = (
        ProgressSnapshot.objects.with_marks()
        .filter(indicator_id__in=list(indicator_ids), region=region)
        .select_related("target_plan", "other_target_plan")
    )
    return {(s.indicator_id, s.year): s for s in rows}


def city_snapshots_of_year(*, city: Region, year: int) -> dict[int, ProgressSnapshot]:
    """The city's snapshot of every indicator for one year, keyed by indicator id."""
    rows = (
        ProgressSnapshot.objects.with_marks()
        .filter(region=city, year=year)
        .select_related("indicator", "target_plan")
    )
    return {s.indicator_id: s for s in rows}


def region_snapshots_of_year(
    *, indicator_ids: Iterable[int], year: int, regions: Iterable[Region] | None = None
) -> dict[tuple[int, int], ProgressSnapshot]:
    """Snapshots of these indicators for one year, keyed (indicator_id, region_id)."""
    rows = (
        ProgressSnapshot.objects.with_marks()
        .filter(indicator_id__in=list(indicator_ids), year=year)
        .select_related("target_plan")
    )
    if regions is not None:
        rows = rows.filter(region_id__in=[r.id for r in regions])
    return {(s.indicator_id, s.region_id): s for s in rows}
