"""Saving a unit's progress report on a task (task × unit × year × period): who may write it,
what a valid report is, and how a save moves it back to draft. Submitting and reviewing it is
the one workflow (workflow.py), as for actuals."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext, gettext_noop

from common.errors import Locked, ValidationFailed
from indicators import rules as entry_rules
from indicators.entry.services.checks import (
    check_version,
    checked_year,
    conflict,
    require,
    require_open_year,
    save_with_history,
    submitted_read_only,
)
from indicators.entry.validation import clean_text, report_problems
from indicators.models import Task, TaskReport, Unit, WorkflowState

WHAT = gettext_noop("该进展报告")  # translated where it is shown


def require_write(user, task: Task, unit: Unit) -> None:
    """PermissionDenied unless the user may report on this task for this unit."""
    require(
        user,
        entry_rules.WRITE_TASK_REPORT,
        (task, unit),
        gettext("您没有权限为“%(unit)s”填写任务“%(title)s”的进展。")
        % {"unit": unit, "title": task.title},
        f"You may not report on task {task.pk} for unit {unit.pk}.",
    )


def locked_report(report: TaskReport) -> Locked:
    return Locked(
        gettext("该进展报告已审核通过并锁定，不能修改；如需更正，请联系审核员退回。"),
        message_en="This report is approved and locked.",
    )


def shown_report(report: TaskReport) -> str:
    return f"“{report.get_status_display()}，{report.percent}%”"


@transaction.atomic
def task_report_save(
    *,
    user,
    task: Task,
    unit: Unit,
    year: int,
    period: int,
    status: str,
    percent,
    text: str,
    expected_version: int | None = None,
) -> TaskReport:
    """Create or update a unit's progress report on a task for a year or half-year (a draft).

    The lead unit's report is the task's report; a co-unit's report is its part. Same workflow
    and locks as actuals.
    """
    require_write(user, task, unit)
    year = checked_year(year)
    require_open_year(year)
    problems, status, percent, period = report_problems(
        status=status, percent=percent, text=text, period=period
    )
    current = (
        TaskReport.objects.select_for_update()
        .filter(task=task, unit=unit, year=year, period=period)
        .first()
        if period >= 0
        else None
    )
    check_version(current, expected_version, what=WHAT, shown=shown_report)
    if current is not None and current.state == WorkflowState.APPROVED:
        raise locked_report(current)
    if problems:
        raise ValidationFailed(details=problems)
    text = clean_text(text)
    if current is None:
        report = TaskReport(
            task=task,
            unit=unit,
            year=year,
            period=period,
            status=status,
            percent=percent,
            text=text,
            entered_by=user,
            state=WorkflowState.DRAFT,
            version=1,
        )
        try:
            with transaction.atomic():
                save_with_history(report, user=user, reason="新建草稿")
        except IntegrityError:
            winner = TaskReport.objects.get(task=task, unit=unit, year=year, period=period)
            raise conflict(winner, what=WHAT, shown=shown_report(winner)) from None
        return report
    changed = current.status != status or current.percent != percent or current.text != text
    if not changed and current.state in {WorkflowState.DRAFT, WorkflowState.SUBMITTED}:
        return current
    if current.state == WorkflowState.SUBMITTED:
        raise submitted_read_only(WHAT)
    action = {
        WorkflowState.DRAFT: "修改草稿",
        WorkflowState.RETURNED: "退回后修改",
    }[current.state]
    current.status, current.percent, current.text = status, percent, text
    current.state = WorkflowState.DRAFT
    current.entered_by = user
    current.submitted_at = None
    current.version += 1
    save_with_history(current, user=user, reason=action)
    return current
