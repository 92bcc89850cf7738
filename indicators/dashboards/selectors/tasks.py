"""Reads of levers and tasks: tasks with their units and indicators, their latest reports."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Case, IntegerField, OuterRef, Prefetch, Subquery, Value, When

from indicators.dashboards.selectors.common import COUNTED_STATES
from indicators.models import Indicator, Lever, Region, Target, Task, TaskReport, TaskUnit


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


def task_indicator_ids(tasks: Iterable[Task]) -> dict[int, list[int]]:
    """task id → ids of its linked indicators, for tasks whose ``indicators`` were prefetched."""
    return {t.id: [i.id for i in t.indicators.all()] for t in tasks}


@dataclass
class TaskDetail:
    """One task as its page shows it (task_page): units lead first, linked indicators, their
    city targets of every year, its counted progress reports oldest first, its pilots."""

    task: Task
    links: list[TaskUnit]
    indicators: list[Indicator]
    targets: list[Target]
    reports: list[TaskReport]
    pilots: list[Task]


def task_detail(*, task: Task, city: Region) -> TaskDetail:
    """What the task page reads (5 queries)."""
    links = list(task.task_units.select_related("unit", "unit__region").order_by("position"))
    indicators = list(task.indicators.order_by("code"))
    targets = list(
        Target.objects.filter(indicator__in=indicators, region=city)
        .select_related("plan")
        .order_by("indicator__code", "year", "plan__issued_on")
    )
    reports = list(
        TaskReport.objects.filter(task=task, state__in=COUNTED_STATES)
        .select_related("unit")
        .order_by("year", "period", "unit__name")
    )
    pilots = list(task.pilots.order_by("number"))
    return TaskDetail(task, links, indicators, targets, reports, pilots)
