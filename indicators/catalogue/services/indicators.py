"""Adding, correcting and deleting an indicator: its definition's rules, its related tasks, and
a recompute of its snapshots when what the progress engine reads changes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import transaction
from django.utils.translation import gettext

from common.periods import period_label
from indicators.catalogue.services.base import (
    add_problem,
    assign,
    check_rules,
    delete_row,
    recompute_indicators,
    require_catalogue_editor,
    row_for_update,
    save_row,
)
from indicators.compute.periods import period_months
from indicators.models import Actual, Indicator, Task

# What a caller may set on an indicator (its related tasks are passed apart, as `tasks`).
INDICATOR_FIELDS = (
    "code",
    "name",
    "category",
    "key_order",
    "unit_of_measure",
    "kind",
    "direction",
    "decimals",
    "rollup",
    "plan",
    "lead_unit",
    "source_quote",
    "frequency",
)
# The fields whose change alters the snapshots: what the engine reads (kind, direction,
# roll-up, and the frequency for 序时进度) and the precision the figures are shown and judged at.
RECOMPUTED_BY = frozenset({"kind", "direction", "decimals", "rollup", "frequency"})
MAX_DECIMALS = 6


def _problems(indicator: Indicator) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if not (indicator.unit_of_measure or "").strip():
        add_problem(problems, "unit_of_measure", gettext("请填写计量单位。"))
    if indicator.decimals is not None and not 0 <= indicator.decimals <= MAX_DECIMALS:
        add_problem(
            problems,
            "decimals",
            gettext("小数位数应在 0—%(MAX_DECIMALS)s 之间。") % {"MAX_DECIMALS": MAX_DECIMALS},
        )
    if indicator.key_order is not None and indicator.category != Indicator.Category.KEY:
        add_problem(problems, "key_order", gettext("只有“重点指标”类别的指标有重点指标序号。"))
    return problems


def _frequency_problems(indicator: Indicator) -> dict[str, list[str]]:
    """A new frequency must still have every period the indicator has figures for: a 1–8月 figure
    has no place in a quarterly indicator (compute/periods.py)."""
    problems: dict[str, list[str]] = {}
    try:
        months = set(period_months(indicator.frequency))
    except ValueError:
        return problems  # an unknown frequency: the model's own check names it
    stray = (
        Actual.objects.filter(indicator=indicator)
        .exclude(period__in=months)
        .order_by("year", "period")
    )
    first = stray.first()
    if first is not None:
        add_problem(
            problems,
            "frequency",
            gettext(
                "该指标已有 %(count)s 个不属于“%(frequency)s”期间的数值（如%(example)s），"
                "请先处理这些数值再修改填报频度。"
            )
            % {
                "count": stray.count(),
                "frequency": indicator.get_frequency_display(),
                "example": period_label(first.year, first.period),
            },
        )
    return problems


@transaction.atomic
def indicator_save(
    *,
    user,
    indicator: Indicator | None,
    fields: Mapping,
    tasks: Iterable[Task] | None = None,
    reason: str | None = None,
) -> Indicator:
    """Add an indicator (`indicator` None) or correct one; `fields` by INDICATOR_FIELDS, those
    left out keep their value; `tasks`, if given, become its related tasks.

    A new indicator, or a change of kind, direction, decimals or roll-up, queues a recompute of
    its snapshots (on commit).
    """
    require_catalogue_editor(user)
    row = row_for_update(Indicator, indicator)
    adding = row.pk is None
    changed = assign(row, fields, INDICATOR_FIELDS)
    if "lead_unit" in changed:
        # An administrator's choice, no longer the task's lead unit the seed took it from.
        row.lead_unit_task = None
    if "frequency" in changed and not adding:
        check_rules(row, _frequency_problems(row))
    if adding or changed:
        check_rules(row, _problems(row))
        save_row(
            row,
            user=user,
            reason=reason or ("新增指标" if adding else "修改指标"),
        )
    if tasks is not None:
        wanted = {task.pk for task in tasks}
        if adding or set(row.tasks.values_list("pk", flat=True)) != wanted:
            row.tasks.set(wanted)
    if adding or changed & RECOMPUTED_BY:
        recompute_indicators([row.pk])
    return row


@transaction.atomic
def indicator_delete(*, user, indicator: Indicator, reason: str = "删除指标") -> None:
    """Delete an indicator with its targets, actuals and snapshots (the database cascades them;
    the admin's confirmation page lists them first)."""
    require_catalogue_editor(user)
    delete_row(row_for_update(Indicator, indicator), user=user, reason=reason)
