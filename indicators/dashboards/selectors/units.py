"""Reads of the unit pages: every unit's tasks and indicators, and one unit's in detail."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import F, Prefetch

from indicators.models import Indicator, Task, TaskUnit, Unit


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
