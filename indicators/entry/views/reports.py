"""Task progress reports: the tasks a unit reports on, and one task's page with every
responsible unit's report and the user's own form."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods

from indicators import rules as entry_rules
from indicators.entry import selectors as entry_selectors
from indicators.entry import services
from indicators.entry.forms import TaskReportForm
from indicators.entry.views.common import field_messages, forbidden, page_context, year_param
from indicators.models import Task, TaskReport, TaskUnit, WorkflowState

REPORT_FIELDS = {"status", "percent", "text"}


def _period_param(request) -> int:
    try:
        period = int(request.GET.get("period") or request.POST.get("period") or 0)
    except ValueError:
        return 0
    return period if period in TaskReport.Period.values else 0


@login_required
def tasks(request):
    """The tasks the user's unit reports on (lead first), with this period's report states."""
    user = request.user
    year = year_param(request, entry_selectors.default_entry_year())
    period = _period_param(request)
    links = list(entry_selectors.task_units_for_user(user))
    read_only = not links
    if read_only:
        # Reviewers and leadership see every task's lead report.
        links = list(
            TaskUnit.objects.filter(is_lead=True)
            .select_related("task", "task__plan", "task__lever", "unit")
            .order_by("task__plan__issued_on", "task__kind", "task__number")
        )
    reports = {
        (r.task_id, r.unit_id): r
        for r in TaskReport.objects.filter(
            year=year, period=period, task_id__in=[link.task_id for link in links]
        )
    }
    rows = [{"link": link, "report": reports.get((link.task_id, link.unit_id))} for link in links]
    return render(
        request,
        "indicators/entry/tasks.html",
        page_context(
            request,
            rows=rows,
            year=year,
            period=period,
            years=entry_selectors.entry_years(),
            periods=TaskReport.Period.choices,
            read_only=read_only,
            profile=entry_rules.profile_of(user),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def task_report(request, task_id: int):
    """One task for a year and period: every responsible unit's report, and the user's own form."""
    user = request.user
    task = get_object_or_404(Task.objects.select_related("plan", "lever"), pk=task_id)
    year = year_param(request, entry_selectors.default_entry_year())
    period = _period_param(request)
    links = entry_selectors.task_reports_for(task, year=year, period=period)
    writable_units = [
        link.unit
        for link, _ in links
        if user.has_perm(entry_rules.WRITE_TASK_REPORT, (task, link.unit))
    ]
    unit_id = request.POST.get("unit") or request.GET.get("unit")
    unit = next(
        (u for u in writable_units if str(u.pk) == str(unit_id)),
        writable_units[0] if writable_units else None,
    )
    own_report = next(
        (r for link, r in links if unit is not None and link.unit_id == unit.pk), None
    )
    closed = services.year_is_closed(year)
    form_errors: dict[str, list[str]] = {}
    form = None
    if unit is not None:
        initial = (
            {
                "status": own_report.status,
                "percent": own_report.percent,
                "text": own_report.text,
                "version": own_report.version,
            }
            if own_report
            else {"version": 0}
        )
        form = TaskReportForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if unit is None:
            return forbidden(request, gettext("您所在的单位不是该任务的责任单位，不能填写进展。"))
        action = request.POST.get("action")
        back = (
            reverse("entry:task_report", args=[task.pk])
            + "?"
            + urlencode({"year": year, "period": period, "unit": unit.pk})
        )
        if action == "withdraw":
            try:
                if own_report is None:
                    raise services.InvalidState(gettext("只能撤回已提交、尚未审核的进展报告。"))
                services.review_withdraw(
                    user=user, obj=own_report, expected_version=request.POST.get("version")
                )
            except services.ServiceError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(
                    request, gettext("已撤回为草稿。修改后请再次“提交审核”，否则不会进入审核。")
                )
            return HttpResponseRedirect(back)
        if form.is_valid():
            data = form.cleaned_data
            try:
                changed = own_report is None or (
                    own_report.status != data["status"]
                    or str(own_report.percent) != str(data["percent"]).strip()
                    or own_report.text != data["text"]
                )
                outcome = services.save_and_submit(
                    user=user,
                    model=TaskReport,
                    current=own_report,
                    changes={
                        "task": task,
                        "unit": unit,
                        "year": year,
                        "period": period,
                        "status": data["status"],
                        "percent": data["percent"],
                        "text": data["text"],
                    }
                    if changed
                    else None,
                    submit=action == "submit",
                    expected_version=data.get("version"),
                )
            except services.ServiceError as exc:
                form_errors = field_messages(exc, REPORT_FIELDS)
            else:
                if action == "submit" and not outcome.submitted:
                    # Nothing changed, and the report is already submitted or approved.
                    state = outcome.obj.get_state_display()
                    form_errors = {
                        "general": [
                            gettext("该进展报告当前为“%(state)s”，无需再次提交。")
                            % {"state": state}
                        ]
                    }
            if not form_errors:
                if outcome.submitted:
                    messages.success(request, gettext("已提交审核。"))
                elif changed:
                    messages.success(
                        request, gettext("已保存草稿。草稿不会进入审核，填好后请点击“提交审核”。")
                    )
                else:
                    messages.info(request, gettext("没有需要保存的修改。"))
                return HttpResponseRedirect(
                    reverse("entry:task_report", args=[task.pk])
                    + "?"
                    + urlencode({"year": year, "period": period, "unit": unit.pk})
                )
        else:
            form_errors = {"general": [gettext("表单数据有误，请刷新页面后重试。")]}
    histories = {r.pk: entry_selectors.report_history(r) for _, r in links if r is not None}
    return render(
        request,
        "indicators/entry/task_report.html",
        page_context(
            request,
            task=task,
            year=year,
            period=period,
            years=entry_selectors.entry_years(),
            periods=TaskReport.Period.choices,
            links=[
                (link, report, histories.get(report.pk) if report else None)
                for link, report in links
            ],
            unit=unit,
            writable_units=writable_units,
            own_report=own_report,
            form=form,
            form_errors=form_errors,
            closed=closed,
            editable=unit is not None
            and not closed
            and (
                own_report is None
                or own_report.state not in {WorkflowState.APPROVED, WorkflowState.SUBMITTED}
            ),
            can_withdraw=unit is not None
            and not closed
            and own_report is not None
            and own_report.state == WorkflowState.SUBMITTED,
            statuses=TaskReport.Status.choices,
        ),
    )
