"""Reads for the dashboards: progress snapshots, targets, actuals and task reports.

The dashboards never compute progress: they read what the progress engine wrote
(:class:`~indicators.models.ProgressSnapshot`, docs/progress.md). Every function here runs a
fixed number of queries whatever the amount of data (no query per row: related rows come through
``select_related``, ``prefetch_related`` or one extra query keyed by ids), which
tests/dashboards/test_dashboard_query_counts.py holds them to.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Case, F, IntegerField, Max, OuterRef, Prefetch, Subquery, Value, When

from indicators.models import (
    Actual,
    Indicator,
    Lever,
    ProgressSnapshot,
    Region,
    RegionGroup,
    Target,
    Task,
    TaskReport,
    TaskUnit,
    Unit,
    WorkflowState,
)

# An actual counts on a dashboard once submitted (provisional) or approved; drafts and returned
# figures are the enterer's business.
COUNTED_STATES = (WorkflowState.SUBMITTED, WorkflowState.APPROVED)
# County-level divisions (drawn on the map) and the functional zones (shown beside it).
COUNTY_KINDS = (Region.Kind.DISTRICT, Region.Kind.COUNTY_CITY, Region.Kind.COUNTY)


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


# --- Snapshots ---------------------------------------------------------------------------------


def snapshots_by_indicator_year(
    *, indicator_ids: Iterable[int], region: Region
) -> dict[tuple[int, int], ProgressSnapshot]:
    """Every year's snapshot of these indicators in one region, keyed (indicator_id, year)."""
    rows = ProgressSnapshot.objects.filter(
        indicator_id__in=list(indicator_ids), region=region
    ).select_related("target_plan", "other_target_plan")
    return {(s.indicator_id, s.year): s for s in rows}


def city_snapshots_of_year(*, city: Region, year: int) -> dict[int, ProgressSnapshot]:
    """The city's snapshot of every indicator for one year, keyed by indicator id."""
    rows = ProgressSnapshot.objects.filter(region=city, year=year).select_related(
        "indicator", "target_plan"
    )
    return {s.indicator_id: s for s in rows}


def region_snapshots_of_year(
    *, indicator_ids: Iterable[int], year: int, regions: Iterable[Region] | None = None
) -> dict[tuple[int, int], ProgressSnapshot]:
    """Snapshots of these indicators for one year, keyed (indicator_id, region_id)."""
    rows = ProgressSnapshot.objects.filter(
        indicator_id__in=list(indicator_ids), year=year
    ).select_related("target_plan")
    if regions is not None:
        rows = rows.filter(region_id__in=[r.id for r in regions])
    return {(s.indicator_id, s.region_id): s for s in rows}


# --- Task reports ------------------------------------------------------------------------------


def latest_reports(*, task_ids: Iterable[int], year: int) -> dict[int, TaskReport]:
    """Each task's latest submitted or approved progress report up to ``year`` (2 queries).

    Latest means the highest year, then the full-year report over the second half over the
    first half, then the last updated.
    """
    ids = list(task_ids)
    if not ids:
        return {}
    period_rank = Case(
        When(period=TaskReport.Period.YEAR, then=Value(3)),
        When(period=TaskReport.Period.SECOND_HALF, then=Value(2)),
        default=Value(1),
        output_field=IntegerField(),
    )
    latest = (
        TaskReport.objects.filter(task=OuterRef("pk"), year__lte=year, state__in=COUNTED_STATES)
        .annotate(rank=period_rank)
        .order_by("-year", "-rank", "-updated_at", "-id")
        .values("id")[:1]
    )
    report_ids = [
        rid
        for rid in Task.objects.filter(id__in=ids)
        .annotate(latest_report=Subquery(latest))
        .values_list("latest_report", flat=True)
        if rid
    ]
    reports = TaskReport.objects.filter(id__in=report_ids).select_related("unit")
    return {r.task_id: r for r in reports}


# --- Overview ----------------------------------------------------------------------------------


def recent_submissions(*, limit: int = 10) -> list[Actual]:
    """The latest submitted actuals (any state after submission), newest first."""
    return list(
        Actual.objects.filter(submitted_at__isnull=False)
        .select_related("indicator", "region", "entered_by", "reviewed_by")
        .order_by("-submitted_at", "-id")[:limit]
    )


@dataclass
class LeverTasks:
    lever: Lever
    tasks: list[Task]


def levers_with_tasks() -> list[LeverTasks]:
    """Every plan's levers with their tasks, units (lead first) and linked indicators (4 queries)."""
    tasks = Prefetch(
        "tasks",
        queryset=Task.objects.order_by("number").prefetch_related(
            Prefetch(
                "task_units", queryset=TaskUnit.objects.select_related("unit").order_by("position")
            ),
            Prefetch("indicators", queryset=Indicator.objects.order_by("code")),
        ),
    )
    levers = (
        Lever.objects.select_related("plan")
        .prefetch_related(tasks)
        .order_by("plan__issued_on", "number")
    )
    return [LeverTasks(lever, list(lever.tasks.all())) for lever in levers]


def tasks_without_lever() -> list[Task]:
    """The tasks of plans without levers (the pilot plan's key tasks and its reform pilots)."""
    return list(
        Task.objects.filter(lever__isnull=True)
        .select_related("plan", "parent")
        .prefetch_related(
            Prefetch(
                "task_units", queryset=TaskUnit.objects.select_related("unit").order_by("position")
            ),
            Prefetch("indicators", queryset=Indicator.objects.order_by("code")),
        )
        .order_by("plan__issued_on", "kind", "number")
    )


# --- Indicator page ----------------------------------------------------------------------------


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


def _first(queryset, limit: int | None) -> tuple[list, bool]:
    """The first ``limit`` rows (all when None) and whether there are more (limit + 1 fetched)."""
    if limit is None:
        return list(queryset), False
    rows = list(queryset[: limit + 1])
    return rows[:limit], len(rows) > limit


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
        for s in ProgressSnapshot.objects.filter(indicator=indicator, region=city).select_related(
            "target_plan", "other_target_plan"
        )
    }
    regional, more = _first(
        ProgressSnapshot.objects.filter(indicator=indicator, year=year)
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


# --- County views ------------------------------------------------------------------------------


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
        regions, more = _first(
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
        ProgressSnapshot.objects.filter(region=region, year=year)
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


# --- Units (bureaus) ---------------------------------------------------------------------------


@dataclass
class UnitSummary:
    unit: Unit
    led_task_ids: list[int] = field(default_factory=list)
    coled_task_ids: list[int] = field(default_factory=list)
    indicator_ids: list[int] = field(default_factory=list)


def unit_summaries() -> list[UnitSummary]:
    """Every unit that leads or co-leads a task or leads an indicator, with those ids (3 queries)."""
    summaries: dict[int, UnitSummary] = {}
    units = {u.id: u for u in Unit.objects.select_related("region").order_by("order", "name")}
    for unit_id, task_id, is_lead in TaskUnit.objects.values_list("unit_id", "task_id", "is_lead"):
        summary = summaries.setdefault(unit_id, UnitSummary(units[unit_id]))
        (summary.led_task_ids if is_lead else summary.coled_task_ids).append(task_id)
    for indicator_id, unit_id in Indicator.objects.filter(lead_unit__isnull=False).values_list(
        "id", "lead_unit_id"
    ):
        summaries.setdefault(unit_id, UnitSummary(units[unit_id])).indicator_ids.append(
            indicator_id
        )
    return [summaries[u] for u in units if u in summaries]


@dataclass
class UnitDetail:
    unit: Unit
    led: list[Task]
    coled: list[Task]
    indicators: list[Indicator]


def unit_detail(*, unit: Unit) -> UnitDetail:
    """The tasks a unit leads and co-leads (units prefetched) and the indicators it leads (4 queries)."""
    tasks = list(
        Task.objects.filter(task_units__unit=unit)
        .select_related("lever", "plan")
        .prefetch_related(
            Prefetch(
                "task_units", queryset=TaskUnit.objects.select_related("unit").order_by("position")
            )
        )
        .order_by("plan__issued_on", "kind", "number")
        .distinct()
    )
    led = [
        t for t in tasks if any(tu.unit_id == unit.id and tu.is_lead for tu in t.task_units.all())
    ]
    coled = [t for t in tasks if t not in led]
    indicators = list(
        unit.led_indicators.order_by(F("key_order").asc(nulls_last=True), "category", "code")
    )
    return UnitDetail(unit, led, coled, indicators)


def task_indicator_ids(tasks: Iterable[Task]) -> dict[int, list[int]]:
    """task id → ids of its linked indicators, for tasks whose ``indicators`` were prefetched."""
    return {t.id: [i.id for i in t.indicators.all()] for t in tasks}


def counts_by(values: Iterable[str]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for value in values:
        counts[value] += 1
    return dict(counts)
