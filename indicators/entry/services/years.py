"""Closing a reporting year (no entry, submission or review until it is reopened) and reopening it."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from common.errors import InvalidState
from indicators import rules as entry_rules
from indicators.entry.services.checks import checked_year, require, save_with_history
from indicators.models import Actual, TaskReport, WorkflowState, YearClosure


@transaction.atomic
def year_close(*, user, year: int) -> YearClosure:
    """Close a reporting year: no entry, submission or review until it is reopened.

    Refused while values or task reports of the year still wait for review, so nothing is
    frozen half-way through the queue.
    """
    require(
        user,
        entry_rules.CLOSE_YEAR,
        year,
        gettext("只有审核员可以关闭年度。"),
        "Only reviewers may close a year.",
    )
    year = checked_year(year)
    if YearClosure.objects.select_for_update().filter(year=year).exists():
        raise InvalidState(
            gettext("%(year)s年度已经关闭。") % {"year": year},
            details={"year": [gettext("该年度已关闭。")]},
        )
    pending = Actual.objects.filter(year=year, state=WorkflowState.SUBMITTED).count()
    pending_reports = TaskReport.objects.filter(year=year, state=WorkflowState.SUBMITTED).count()
    if pending or pending_reports:
        raise InvalidState(
            gettext(
                "%(year)s年度还有 %(pending)s 条数值、%(pending_reports)s 份任务进展报告等待审核，请先处理后再关闭。"
            )
            % {"year": year, "pending": pending, "pending_reports": pending_reports},
            details={"year": [gettext("仍有待审核的数据。")]},
        )
    closure = YearClosure(year=year, closed_by=user)
    try:
        with transaction.atomic():
            save_with_history(closure, user=user, reason=f"关闭{year}年度")
    except IntegrityError:
        raise InvalidState(
            gettext("%(year)s年度已经关闭。") % {"year": year},
            details={"year": [gettext("该年度已关闭。")]},
        ) from None
    return closure


@transaction.atomic
def year_reopen(*, user, year: int) -> None:
    require(
        user,
        entry_rules.CLOSE_YEAR,
        year,
        gettext("只有审核员可以重新开启年度。"),
        "Only reviewers may reopen a year.",
    )
    year = checked_year(year)
    closure = YearClosure.objects.select_for_update().filter(year=year).first()
    if closure is None:
        raise InvalidState(
            gettext("%(year)s年度未关闭，无需重新开启。") % {"year": year},
            details={"year": [gettext("该年度未关闭。")]},
        )
    closure._history_user = user
    closure._change_reason = f"重新开启{year}年度"
    closure.delete()
