"""Adding, correcting and deleting a plan (a published document) and its levers."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext

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
from indicators.models import MAX_YEAR, MIN_YEAR, Lever, Plan, Target

PLAN_FIELDS = (
    "code",
    "doc_number",
    "title",
    "issuer",
    "issued_on",
    "start_year",
    "end_year",
    "source_file",
)
LEVER_FIELDS = ("plan", "number", "name", "action")


def _plan_problems(plan: Plan) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    years = {"start_year": plan.start_year, "end_year": plan.end_year}
    for name, year in years.items():
        if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
            add_problem(
                problems,
                name,
                gettext("年份应在 %(MIN_YEAR)s—%(MAX_YEAR)s 之间。")
                % {"MIN_YEAR": MIN_YEAR, "MAX_YEAR": MAX_YEAR},
            )
    if not problems and None not in years.values() and plan.start_year > plan.end_year:
        add_problem(problems, "end_year", gettext("终止年不能早于起始年。"))
    return problems


@transaction.atomic
def plan_save(*, user, plan: Plan | None, fields: Mapping, reason: str | None = None) -> Plan:
    """Add a plan (`plan` None) or correct one; `fields` by PLAN_FIELDS, those left out keep
    their value.

    Where two plans set a target for the same indicator and year, the later issued wins: a
    change of the date of issue recomputes the indicators this plan sets targets for.
    """
    require_catalogue_editor(user)
    row = row_for_update(Plan, plan)
    adding = row.pk is None
    changed = assign(row, fields, PLAN_FIELDS)
    if not adding and not changed:
        return row
    check_rules(row, _plan_problems(row))
    save_row(
        row,
        user=user,
        reason=reason or ("新增规划方案" if adding else "修改规划方案"),
    )
    if "issued_on" in changed and not adding:
        recompute_indicators(
            Target.objects.filter(plan=row).values_list("indicator_id", flat=True).distinct()
        )
    return row


@transaction.atomic
def plan_delete(*, user, plan: Plan, reason: str = "删除规划方案") -> None:
    """Delete a plan with its levers and tasks; refused while indicators or targets name it."""
    require_catalogue_editor(user)
    delete_row(row_for_update(Plan, plan), user=user, reason=reason)


@transaction.atomic
def lever_save(*, user, lever: Lever | None, fields: Mapping, reason: str | None = None) -> Lever:
    """Add a lever to a plan (`lever` None) or correct one; `fields` by LEVER_FIELDS."""
    require_catalogue_editor(user)
    row = row_for_update(Lever, lever)
    adding = row.pk is None
    changed = assign(row, fields, LEVER_FIELDS)
    if not adding and not changed:
        return row
    problems: dict[str, list[str]] = {}
    if not adding and "plan" in changed and row.tasks.exists():
        add_problem(problems, "plan", gettext("该抓手下已有任务，不能改到其他规划方案。"))
    check_rules(row, problems)
    save_row(row, user=user, reason=reason or ("新增抓手" if adding else "修改抓手"))
    return row


@transaction.atomic
def lever_delete(*, user, lever: Lever, reason: str = "删除抓手") -> None:
    """Delete a lever; refused while tasks belong to it."""
    require_catalogue_editor(user)
    delete_row(row_for_update(Lever, lever), user=user, reason=reason)
