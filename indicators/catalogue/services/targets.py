"""Adding, correcting and withdrawing a target (indicator × region × year × plan): kept in its
history with who and why, and the indicator's progress snapshots recomputed after the commit."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

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
from indicators.models import MAX_YEAR, MIN_YEAR, Target
from indicators.models.catalogue import TargetSource

# What a caller may set on a target.
TARGET_FIELDS = (
    "indicator",
    "region",
    "year",
    "plan",
    "value",
    "comparator",
    "every_year",
    "target_type",
    "reference_indicator",
    "coverage_group",
    "source_quote",
    # A region's own target (分解目标): the city's notice (文号 and date) or 县区自定.
    "source_kind",
    "source_doc_number",
    "source_date",
)


def _problems(target: Target) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    _source_problems(target, problems)
    try:
        year = int(target.year)
    except (TypeError, ValueError):
        add_problem(problems, "year", gettext("年份应为四位整数。"))
    else:
        if not MIN_YEAR <= year <= MAX_YEAR:
            add_problem(
                problems,
                "year",
                gettext("年份应在 %(MIN_YEAR)s—%(MAX_YEAR)s 之间。")
                % {"MIN_YEAR": MIN_YEAR, "MAX_YEAR": MAX_YEAR},
            )
    try:
        value = Decimal(str(target.value)) if target.value is not None else None
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        add_problem(problems, "value", gettext("请填写目标值（数字）。"))
    if target.comparator not in Target.Comparator.values:
        add_problem(problems, "comparator", gettext("比较方式应为 ≥、≈ 或 ≤。"))
    relative = target.target_type == Target.TargetType.RELATIVE
    if relative and target.reference_indicator_id is None:
        add_problem(problems, "reference_indicator", gettext("相对目标须指明参照序列。"))
    if not relative and target.reference_indicator_id is not None:
        add_problem(problems, "reference_indicator", gettext("只有相对目标才有参照序列。"))
    return problems


def _source_problems(target: Target, problems: dict[str, list[str]]) -> None:
    """A region target's source, as the targets page asks for it (entry/services/targets.py):
    a notice with its 文号 and date, or 县区自定 with neither; none for a printed target."""
    doc_number = (target.source_doc_number or "").strip()
    if target.source_kind == TargetSource.NOTICE:
        if not doc_number:
            add_problem(problems, "source_doc_number", gettext("分解文件须填写文号。"))
        if target.source_date is None:
            add_problem(problems, "source_date", gettext("分解文件须填写文件日期。"))
    elif target.source_kind == TargetSource.COUNTY:
        if doc_number or target.source_date is not None:
            add_problem(
                problems,
                "source_kind",
                gettext("县区自定的目标没有文号和文件日期，请清空，或改选“分解文件”。"),
            )
    elif doc_number or target.source_date is not None:
        add_problem(
            problems, "source_kind", gettext("填写了文号或文件日期，请选择目标来源“分解文件”。")
        )


@transaction.atomic
def target_save(
    *, user, target: Target | None, fields: Mapping, reason: str | None = None
) -> Target:
    """Add a target (`target` None) or correct one; `fields` by TARGET_FIELDS, those left out
    keep their value. A save that changes nothing writes nothing.

    The snapshots of its indicator (and of the indicator it was moved from, if any) are
    recomputed once the change commits, so the dashboards show the new target.
    """
    require_catalogue_editor(user)
    row = row_for_update(Target, target)
    adding = row.pk is None
    indicator_before = row.indicator_id
    changed = assign(row, fields, TARGET_FIELDS)
    if not adding and not changed:
        return row
    check_rules(row, _problems(row))
    save_row(
        row,
        user=user,
        reason=reason or ("新增目标值" if adding else "修改目标值"),
    )
    recompute_indicators({indicator_before, row.indicator_id})
    return row


@transaction.atomic
def target_delete(*, user, target: Target, reason: str = "删除目标值") -> None:
    """Withdraw a target; its deletion is in the history, and its indicator is recomputed (a
    region without its own target is then judged against the city's)."""
    require_catalogue_editor(user)
    row = row_for_update(Target, target)
    indicator_id = row.indicator_id
    delete_row(row, user=user, reason=reason)
    recompute_indicators([indicator_id])
