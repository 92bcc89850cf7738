"""Adding, correcting and deleting a task, and setting its responsible units in printed order:
the first listed leads (列第一位的为牵头单位), as the database requires."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.db import transaction
from django.utils.translation import gettext

from common.errors import ValidationFailed
from indicators.catalogue.services.base import (
    add_problem,
    assign,
    check_rules,
    delete_row,
    require_catalogue_editor,
    row_for_update,
    save_row,
)
from indicators.models import Task, TaskUnit, Unit

TASK_FIELDS = ("plan", "lever", "kind", "number", "parent", "title", "text")


def _task_problems(task: Task) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    lever, parent = task.lever, task.parent
    if lever is not None and task.plan_id is not None and lever.plan_id != task.plan_id:
        add_problem(problems, "lever", gettext("抓手应属于该任务所在的规划方案。"))
    if parent is not None:
        if task.pk is not None and parent.pk == task.pk:
            add_problem(problems, "parent", gettext("任务不能隶属于它自己。"))
        elif parent.plan_id != task.plan_id or parent.kind != Task.Kind.KEY:
            add_problem(problems, "parent", gettext("所属任务应为同一规划方案中的重点任务。"))
    return problems


@transaction.atomic
def task_save(*, user, task: Task | None, fields: Mapping, reason: str | None = None) -> Task:
    """Add a task (`task` None) or correct one; `fields` by TASK_FIELDS, those left out keep
    their value. Its responsible units are set by `task_units_set`."""
    require_catalogue_editor(user)
    row = row_for_update(Task, task)
    adding = row.pk is None
    changed = assign(row, fields, TASK_FIELDS)
    if not adding and not changed:
        return row
    check_rules(row, _task_problems(row))
    save_row(row, user=user, reason=reason or ("新增任务" if adding else "修改任务"))
    return row


@transaction.atomic
def task_delete(*, user, task: Task, reason: str = "删除任务") -> None:
    """Delete a task with its units and reports; refused while pilot tasks belong to it."""
    require_catalogue_editor(user)
    delete_row(row_for_update(Task, task), user=user, reason=reason)


def task_unit_problems(units: Sequence[Unit]) -> dict[str, list[str]]:
    """What is wrong with a task's list of responsible units (pure: the task need not exist)."""
    problems: dict[str, list[str]] = {}
    seen: set[int] = set()
    for unit in units:
        if unit.pk in seen:
            add_problem(
                problems,
                "units",
                gettext("“%(unit)s”重复列出，每个单位只能列一次。") % {"unit": unit},
            )
        seen.add(unit.pk)
    return problems


@transaction.atomic
def task_units_set(*, user, task: Task, units: Sequence[Unit]) -> list[TaskUnit]:
    """Make `units`, in this order, the task's responsible units: positions 1, 2, … and the
    first the lead (the database's rule: the lead is position 1, and only it).

    Returns the task's rows; unchanged when the list is the same.
    """
    require_catalogue_editor(user)
    row = row_for_update(Task, task)
    problems = task_unit_problems(units)
    if problems:
        raise ValidationFailed(details=problems)
    wanted = [unit.pk for unit in units]
    current = list(row.task_units.order_by("position").values_list("unit_id", flat=True))
    if current != wanted:
        # Rewritten whole, as the seed does: renumbering in place would collide with the
        # unique (task, position) on the way.
        row.task_units.all().delete()
        TaskUnit.objects.bulk_create(
            TaskUnit(task=row, unit_id=unit_id, position=i, is_lead=(i == 1))
            for i, unit_id in enumerate(wanted, 1)
        )
    return list(row.task_units.select_related("unit").order_by("position"))
