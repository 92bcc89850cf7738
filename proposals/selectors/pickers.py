"""The import form's pickers: suggested indicators for a row, task references, datalists."""

from __future__ import annotations

from decimal import Decimal

from indicators.models import Actual, Indicator, Region, Unit, WorkflowState
from proposals import checks


def suggest_indicator_for_commitment(
    *, quantity: Decimal, unit_of_measure: str, year: int
) -> Indicator | None:
    """The one indicator whose printed city target for `year` is this quantity, in this unit.

    新增孵化面积180万平方米 (2023) → K8, whose 2023 target is 180 万平方米. None when no
    indicator, or more than one, matches: a guess staff would have to undo is worse than none.
    """
    from indicators.models import Target

    candidates = {
        t.indicator
        for t in Target.objects.filter(
            region__kind=Region.Kind.CITY, year=year, value=quantity
        ).select_related("indicator")
        if checks.same_unit(t.indicator.unit_of_measure, unit_of_measure)
    }
    return candidates.pop() if len(candidates) == 1 else None


def suggest_indicator_for_figure(
    *, value: Decimal, unit_of_measure: str, year: int
) -> Indicator | None:
    """The one indicator whose approved city actual for `year` is this value, in this unit.

    全年新增孵化空间152万平方米 (2022) → K8, whose approved 2022 baseline is 152.
    """
    candidates = {
        a.indicator
        for a in Actual.objects.filter(
            region__kind=Region.Kind.CITY, year=year, value=value, state=WorkflowState.APPROVED
        ).select_related("indicator")
        if checks.same_unit(a.indicator.unit_of_measure, unit_of_measure)
    }
    return candidates.pop() if len(candidates) == 1 else None


def task_ref(task) -> str:
    """A task as the import form writes it: 'wzf-2023-17:13', or 'wzbf-2023-86:pilot:3'."""
    if task is None:
        return ""
    if task.kind == "key":
        return f"{task.plan.code}:{task.number}"
    return f"{task.plan.code}:{task.kind}:{task.number}"


def picker_options() -> dict:
    """The options of the import form's shared datalists."""
    from indicators.models import Task

    return {
        "indicators": Indicator.objects.select_related("plan").order_by(
            "category", "key_order", "code"
        ),
        "tasks": [
            (task_ref(t), f"{t.plan.doc_number} {t.get_kind_display()}{t.number}：{t.title}")
            for t in Task.objects.select_related("plan").order_by(
                "plan__issued_on", "kind", "number"
            )
        ],
        "units": Unit.objects.order_by("order", "name"),
    }
