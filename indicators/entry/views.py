"""Pages of the entry area: yearly entry, a value's page with its history, the review queue,
year closing, task progress reports, Excel/CSV import, template and export downloads.

Views are thin: they read through entry_selectors, write through services, and turn a
ServiceError into a Chinese message beside the field it concerns. A form shown again with its
errors answers 200, as Django's forms do (browsers log a 4xx page as a console error).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from common.numbers import format_number
from indicators import rules as entry_rules
from indicators.entry import selectors as entry_selectors
from indicators.entry import services
from indicators.entry import spreadsheets as excel
from indicators.entry.forms import EntryRowForm, ReviewForm, TaskReportForm, UploadForm
from indicators.models import Actual, Task, TaskReport, TaskUnit, WorkflowState
from indicators.roles import Role

ROLE_LABELS = dict(Role.choices)


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------
def _forbidden(request, message: str):
    return render(
        request, "indicators/entry/forbidden.html", _context(request, message=message), status=403
    )


def _role_text(user) -> str:
    roles = entry_rules.roles_of(user)
    return "、".join(str(ROLE_LABELS[r]) for r in roles) or "未分配角色"


def _year_param(request, default: int) -> int:
    years = entry_selectors.entry_years()
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or default)
    except ValueError:
        return default
    return year if year in years else default


def _tabs(user) -> list[dict]:
    tabs = []
    if user.has_perm(entry_rules.USE_ENTRY):
        tabs += [
            {"name": "entry:home", "label": "指标填报"},
            {"name": "entry:import", "label": "Excel 导入"},
        ]
    tabs.append({"name": "entry:tasks", "label": "任务进展"})
    if user.has_perm(entry_rules.USE_REVIEW):
        tabs += [
            {"name": "entry:review_queue", "label": "审核"},
            {"name": "entry:years", "label": "年度关闭"},
        ]
    tabs.append({"name": "entry:export", "label": "导出"})
    for tab in tabs:
        tab["url"] = reverse(tab["name"])
    return tabs


def _context(request, **extra) -> dict:
    return {
        "entry_tabs": _tabs(request.user),
        "outlier_share": settings.WZSCI_OUTLIER_SHARE,
        **extra,
    }


def _redirect(name: str, **params) -> HttpResponseRedirect:
    url = reverse(name)
    params = {k: v for k, v in params.items() if v not in (None, "")}
    return HttpResponseRedirect(f"{url}?{urlencode(params)}" if params else url)


def _service_messages(exc: services.ServiceError) -> dict[str, list[str]]:
    """A ServiceError as {field: [messages]}; errors about the whole row go under "general"."""
    if (
        isinstance(exc, services.ValidationFailed)
        and exc.details
        and not isinstance(exc, services.InvalidState)
    ):
        out: dict[str, list[str]] = {}
        for key, values in exc.details.items():
            field = key if key in {"value", "source_note", "explanation"} else "general"
            out.setdefault(field, []).extend(values)
        return out
    return {"general": [exc.message]}


# ---------------------------------------------------------------------------------------------
# Yearly entry
# ---------------------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def home(request):
    """The yearly entry screen: every indicator the user may fill for a year and a region."""
    user = request.user
    if not user.has_perm(entry_rules.USE_ENTRY):
        return _forbidden(
            request,
            f"您的账号角色为“{_role_text(user)}”，不负责指标数据填报。部门填报员填报本单位牵头指标的全市数据，"
            "县区填报员填报本区域数据；如需填报权限，请联系系统管理员。",
        )
    years = entry_selectors.entry_years()
    year = _year_param(request, entry_selectors.default_entry_year())
    regions = entry_selectors.entry_regions(user)
    if not regions:
        return render(
            request,
            "indicators/entry/home.html",
            _context(
                request, years=years, year=year, regions=[], region=None, rows=[], unbound=True
            ),
        )
    region_code = request.GET.get("region") or request.POST.get("region")
    region = next((r for r in regions if r.code == region_code), regions[0])
    indicators = entry_selectors.enterable_indicators(user, region)
    rows = entry_selectors.entry_rows(user, region=region, year=year, indicators=indicators)
    closed = services.year_is_closed(year)
    errors: dict[int, dict[str, list[str]]] = {}
    posted: dict[int, dict] = {}

    if request.method == "POST":
        action = request.POST.get("action")
        if closed:
            messages.error(
                request, f"{year}年度已关闭，不能再修改；如需修改，请联系审核员重新开启。"
            )
            return _redirect("entry:home", year=year, region=region.code)
        saved, submitted, errors, posted = _handle_entry_post(request, rows, action=action)
        if not errors:
            if action == "submit":
                if submitted:
                    messages.success(
                        request,
                        f"已提交 {submitted} 条数值，等待审核。"
                        + (f"（其中 {saved} 条同时保存了修改）" if saved else ""),
                    )
                else:
                    messages.info(
                        request,
                        "没有可以提交的数值：请先填写数值，已提交或已审核的数值无需再次提交。",
                    )
            elif saved:
                messages.success(
                    request, f"已保存 {saved} 条草稿。草稿不会进入审核，填好后请点击“提交审核”。"
                )
            else:
                messages.info(request, "没有需要保存的修改。")
            return _redirect("entry:home", year=year, region=region.code)
        messages.error(
            request,
            f"有 {len(errors)} 条未通过校验，本次{'提交' if action == 'submit' else '保存'}全部未生效。请按红色提示修改后再试。",
        )

    view_rows = [
        _view_row(row, posted.get(row.indicator.pk), errors.get(row.indicator.pk), closed)
        for row in rows
    ]
    groups: list[dict] = []
    for view_row in view_rows:
        label = view_row["row"].indicator.get_category_display()
        if not groups or groups[-1]["label"] != label:
            groups.append({"label": label, "rows": []})
        groups[-1]["rows"].append(view_row)
    counts = {
        state: sum(1 for r in rows if r.actual and r.actual.state == state)
        for state in WorkflowState.values
    }
    return render(
        request,
        "indicators/entry/home.html",
        _context(
            request,
            years=years,
            year=year,
            regions=regions,
            region=region,
            groups=groups,
            rows=rows,
            closed=closed,
            counts=counts,
            empty_count=sum(1 for r in rows if r.actual is None),
        ),
    )


def _current_texts(row) -> dict[str, str]:
    actual = row.actual
    return {
        "value": format_number(actual.value) if actual else "",
        "source_note": actual.source_note if actual else "",
        "explanation": actual.explanation if actual else "",
    }


def _handle_entry_post(request, rows, *, action: str):
    """Save (and on "submit", submit) the rows of the page: all of them, or none."""
    user = request.user
    errors: dict[int, dict[str, list[str]]] = {}
    posted: dict[int, dict] = {}
    saved = submitted = 0
    with transaction.atomic(), services.recompute_batch():
        for row in rows:
            if not row.editable:
                continue
            form = EntryRowForm(request.POST, prefix=f"r{row.indicator.pk}")
            if not form.is_valid():
                errors[row.indicator.pk] = {"general": ["表单数据有误，请刷新页面后重试。"]}
                continue
            data = form.cleaned_data
            posted[row.indicator.pk] = data
            current = _current_texts(row)
            changed = any(data[k] != current[k] for k in ("value", "source_note", "explanation"))
            version = data.get("version") if data.get("version") is not None else row.version
            try:
                if changed and data["value"] == "":
                    if row.actual is not None:
                        raise services.ValidationFailed(
                            details={
                                "value": ["已填报的数值不能清空；如需更正，请填写正确的数值。"]
                            }
                        )
                    raise services.ValidationFailed(
                        details={"value": ["请先填写数值，再填写说明。"]}
                    )
                outcome = services.save_and_submit(
                    user=user,
                    model=Actual,
                    current=row.actual,
                    changes={
                        "indicator": row.indicator,
                        "region": row.region,
                        "year": row.year,
                        "value": data["value"],
                        "source_note": data["source_note"],
                        "explanation": data["explanation"],
                    }
                    if changed
                    else None,
                    submit=action == "submit",
                    expected_version=version,
                )
                saved += changed
                submitted += outcome.submitted
            except services.ServiceError as exc:
                errors[row.indicator.pk] = _service_messages(exc)
                if isinstance(exc, services.EditConflict) and exc.current is not None:
                    # The user has now seen the newer value; saving again is their informed choice.
                    data["version"] = exc.current.version
        if errors:
            transaction.set_rollback(True)
    return saved, submitted, errors, posted


def _view_row(row, posted, errors, closed) -> dict:
    current = _current_texts(row)
    values = {
        **current,
        **{k: v for k, v in (posted or {}).items() if k != "version" and v is not None},
    }
    version = (posted or {}).get("version")
    errors = errors or {}
    last_value = row.last.value if row.last else None
    need_explanation = bool(errors.get("explanation")) or bool(values.get("explanation"))
    return {
        "row": row,
        "prefix": f"r{row.indicator.pk}",
        "values": values,
        "version": version if version is not None else row.version,
        "errors": errors,
        "has_errors": bool(errors),
        "need_explanation": need_explanation,
        "last_value": format_number(last_value) if last_value is not None else "",
        "editable": row.editable and not closed,
        "target": row.target,
    }


# ---------------------------------------------------------------------------------------------
# A value's page
# ---------------------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def actual_detail(request, pk: int):
    """Everything about one value, its full history, and the workflow steps the user may take."""
    actual = get_object_or_404(
        Actual.objects.select_related("indicator", "region", "entered_by", "reviewed_by"), pk=pk
    )
    user = request.user
    closed = services.year_is_closed(actual.year)
    if request.method == "POST":
        action = request.POST.get("action")
        version = request.POST.get("version") or None
        try:
            if action == "submit":
                services.review_submit(user=user, obj=actual, expected_version=version)
                messages.success(request, "已提交审核。")
            elif action == "approve":
                services.review_approve(user=user, obj=actual, expected_version=version)
                messages.success(request, "已审核通过，该数值已锁定。")
            elif action == "return":
                services.review_return(
                    user=user,
                    obj=actual,
                    comment=request.POST.get("comment", ""),
                    expected_version=version,
                )
                messages.success(request, "已退回填报人修改。")
            else:
                messages.error(request, "未知的操作。")
        except services.ServiceError as exc:
            messages.error(request, exc.message)
        return HttpResponseRedirect(reverse("entry:actual_detail", args=[actual.pk]))

    can_enter = user.has_perm(entry_rules.ENTER_ACTUAL, (actual.indicator, actual.region))
    can_review = user.has_perm(entry_rules.REVIEW_ACTUAL, actual)
    last = Actual.objects.filter(
        indicator=actual.indicator, region=actual.region, year=actual.year - 1
    ).first()
    target = entry_selectors.targets_of_year([actual.indicator], actual.region, actual.year).get(
        actual.indicator_id
    )
    return render(
        request,
        "indicators/entry/actual_detail.html",
        _context(
            request,
            actual=actual,
            last=last,
            target=target,
            history=entry_selectors.actual_history(actual),
            closed=closed,
            can_submit=can_enter
            and not closed
            and actual.state in {WorkflowState.DRAFT, WorkflowState.RETURNED},
            can_edit=can_enter and not closed and actual.state != WorkflowState.APPROVED,
            can_approve=can_review and not closed and actual.state == WorkflowState.SUBMITTED,
            can_return=can_review
            and not closed
            and actual.state in {WorkflowState.SUBMITTED, WorkflowState.APPROVED},
            edit_url=f"{reverse('entry:home')}?{urlencode({'year': actual.year, 'region': actual.region.code})}#r{actual.indicator_id}",
        ),
    )


# ---------------------------------------------------------------------------------------------
# Review
# ---------------------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def review_queue(request):
    """What waits for review, oldest first; approve or return many at once."""
    user = request.user
    if not user.has_perm(entry_rules.USE_REVIEW):
        return _forbidden(request, f"您的账号角色为“{_role_text(user)}”，审核只由审核员进行。")
    year = request.GET.get("year") or ""
    year_int = int(year) if year.isascii() and year.isdigit() else None
    queue = list(entry_selectors.review_queue(year=year_int))
    reports = list(entry_selectors.report_review_queue(year=year_int))
    errors: list[str] = []
    if request.method == "POST":
        kind = request.POST.get("kind", "actuals")
        allowed = [a.pk for a in queue] if kind == "actuals" else [r.pk for r in reports]
        form = ReviewForm(request.POST, allowed_ids=allowed)
        if form.is_valid():
            data = form.cleaned_data
            versions = {
                pk: request.POST.get(f"version-{pk}")
                for pk in data["ids"]
                if request.POST.get(f"version-{pk}")
            }
            try:
                done = services.review_many(
                    user=user,
                    model=Actual if kind == "actuals" else TaskReport,
                    ids=data["ids"],
                    action=data["action"],
                    comment=data["comment"],
                    expected_versions=versions,
                )
            except services.ServiceError as exc:
                errors = (
                    [m for ms in exc.details.values() for m in ms] if exc.details else [exc.message]
                )
                if exc.details and len(errors) > 1:
                    errors.insert(0, "本次操作全部未生效：")
            else:
                verb = "审核通过" if data["action"] == "approve" else "退回"
                messages.success(request, f"已{verb} {len(done)} 条。")
                return _redirect("entry:review_queue", year=year)
        else:
            errors = [m for ms in form.errors.values() for m in ms]
    last_values = entry_selectors.last_year_values(queue)
    rows = []
    for actual in queue:
        last = last_values.get((actual.indicator_id, actual.region_id, actual.year))
        change = None
        if last is not None and last.value:
            change = (actual.value - last.value) / abs(last.value) * 100
        rows.append({"actual": actual, "last": last, "change": change})
    return render(
        request,
        "indicators/entry/review_queue.html",
        _context(
            request,
            rows=rows,
            reports=reports,
            years=entry_selectors.entry_years(),
            year=year_int,
            errors=errors,
            posted_ids={int(i) for i in request.POST.getlist("ids") if i.isascii() and i.isdigit()}
            if request.method == "POST"
            else set(),
            posted_comment=request.POST.get("comment", "") if request.method == "POST" else "",
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def years(request):
    """Close a reporting year (no edits until reopened) or reopen it."""
    user = request.user
    if not user.has_perm(entry_rules.USE_REVIEW):
        return _forbidden(
            request, f"您的账号角色为“{_role_text(user)}”，关闭或重新开启年度由审核员进行。"
        )
    if request.method == "POST":
        action = request.POST.get("action")
        year = request.POST.get("year", "")
        try:
            if action == "close":
                services.year_close(user=user, year=year)
                messages.success(
                    request, f"{year}年度已关闭：该年度的数值和任务进展报告不能再修改或审核。"
                )
            elif action == "reopen":
                services.year_reopen(user=user, year=year)
                messages.success(request, f"{year}年度已重新开启。")
            else:
                messages.error(request, "未知的操作。")
        except services.ServiceError as exc:
            messages.error(request, exc.message)
        return HttpResponseRedirect(reverse("entry:years"))
    return render(
        request, "indicators/entry/years.html", _context(request, rows=entry_selectors.year_rows())
    )


# ---------------------------------------------------------------------------------------------
# Task progress reports
# ---------------------------------------------------------------------------------------------
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
    year = _year_param(request, entry_selectors.default_entry_year())
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
        _context(
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
    year = _year_param(request, entry_selectors.default_entry_year())
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
            return _forbidden(request, "您所在的单位不是该任务的责任单位，不能填写进展。")
        action = request.POST.get("action")
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
                form_errors = _report_messages(exc)
            else:
                if action == "submit" and not outcome.submitted:
                    # Nothing changed, and the report is already submitted or approved.
                    state = outcome.obj.get_state_display()
                    form_errors = {"general": [f"该进展报告当前为“{state}”，无需再次提交。"]}
            if not form_errors:
                if outcome.submitted:
                    messages.success(request, "已提交审核。")
                elif changed:
                    messages.success(
                        request, "已保存草稿。草稿不会进入审核，填好后请点击“提交审核”。"
                    )
                else:
                    messages.info(request, "没有需要保存的修改。")
                return HttpResponseRedirect(
                    reverse("entry:task_report", args=[task.pk])
                    + "?"
                    + urlencode({"year": year, "period": period, "unit": unit.pk})
                )
        else:
            form_errors = {"general": ["表单数据有误，请刷新页面后重试。"]}
    histories = {r.pk: entry_selectors.report_history(r) for _, r in links if r is not None}
    return render(
        request,
        "indicators/entry/task_report.html",
        _context(
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
            and (own_report is None or own_report.state != WorkflowState.APPROVED),
            statuses=TaskReport.Status.choices,
        ),
    )


def _report_messages(exc: services.ServiceError) -> dict[str, list[str]]:
    if (
        isinstance(exc, services.ValidationFailed)
        and exc.details
        and not isinstance(exc, services.InvalidState)
    ):
        out: dict[str, list[str]] = {}
        for key, values in exc.details.items():
            out.setdefault(key if key in {"status", "percent", "text"} else "general", []).extend(
                values
            )
        return out
    return {"general": [exc.message]}


# ---------------------------------------------------------------------------------------------
# Excel / CSV
# ---------------------------------------------------------------------------------------------
class ImportSizeLimit(FileUploadHandler):
    """Stops an upload as soon as it passes the limit, so a 50 MB file is never held whole:
    the rest of the request body is read and dropped in chunks, and the view says why."""

    def __init__(self, request=None, limit: int | None = None):
        super().__init__(request)
        self.limit = limit if limit is not None else settings.WZSCI_MAX_IMPORT_BYTES
        self.received = 0
        self.too_large = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        # The whole body (file + a few form fields) larger than the limit plus room for the
        # multipart framing: refuse at once.
        if content_length and content_length > self.limit + 64 * 1024:
            self.too_large = True

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.too_large or self.received > self.limit:
            self.too_large = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None


def _limit_mb() -> str:
    return f"{settings.WZSCI_MAX_IMPORT_BYTES / 1024 / 1024:.0f} MB"


@csrf_exempt
@login_required
def import_upload(request):
    """Upload a filled template (.xlsx) or a CSV. The size guard is installed before the body is
    parsed, which is why CSRF is checked by the inner view rather than the middleware."""
    guard = None
    if request.method == "POST":
        guard = ImportSizeLimit(request)
        request.upload_handlers.insert(0, guard)
    return _import_upload(request, guard)


@csrf_protect
def _import_upload(request, guard):
    user = request.user
    if not user.has_perm(entry_rules.USE_ENTRY):
        return _forbidden(request, f"您的账号角色为“{_role_text(user)}”，不能导入数据。")
    years = entry_selectors.entry_years()
    default_year = entry_selectors.default_entry_year()
    problems: list[services.ImportProblem] = []
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES, years=years)
        if guard is not None and guard.too_large:
            problems = [
                services.ImportProblem(
                    "",
                    None,
                    "",
                    f"文件超过 {_limit_mb()} 的上限，未读取、未导入。请删除无关的工作表或分批上传。",
                )
            ]
        elif form.is_valid() and not form.cleaned_data.get("file"):
            problems = [services.ImportProblem("", None, "", "请选择要上传的文件。")]
        elif form.is_valid():
            data = form.cleaned_data
            try:
                rows = excel.read_upload(data["file"], default_year=data["year"])
                result = services.actuals_import(user=user, rows=rows, submit=data["submit"])
            except services.ImportRejected as exc:
                problems = exc.problems
            except services.ServiceError as exc:
                problems = [services.ImportProblem("", None, "", exc.message)]
            else:
                messages.success(request, result.summary())
                return _redirect("entry:home", year=data["year"])
        else:
            problems = [
                services.ImportProblem("", None, "", m) for ms in form.errors.values() for m in ms
            ]
    else:
        form = UploadForm(initial={"year": default_year}, years=years)
    return render(
        request,
        "indicators/entry/import.html",
        _context(
            request,
            form=form,
            problems=problems,
            years=years,
            year=default_year,
            limit=_limit_mb(),
            regions=entry_selectors.entry_regions(user),
        ),
    )


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=excel.XLSX_CONTENT_TYPE)
    from django.utils.encoding import escape_uri_path

    response["Content-Disposition"] = (
        f"attachment; filename=\"wzsci.xlsx\"; filename*=UTF-8''{escape_uri_path(filename)}"
    )
    return response


@login_required
def template_download(request):
    """The year's template: one row per indicator × region the user may fill, targets filled in."""
    user = request.user
    if not user.has_perm(entry_rules.USE_ENTRY):
        return _forbidden(request, f"您的账号角色为“{_role_text(user)}”，没有需要填报的指标。")
    year = _year_param(request, entry_selectors.default_entry_year())
    regions = entry_selectors.entry_regions(user)
    code = request.GET.get("region")
    if code:
        regions = [r for r in regions if r.code == code] or regions
    if not regions:
        return _forbidden(
            request, "您的账号尚未绑定单位或区域，没有可填报的指标。请联系系统管理员。"
        )
    content = excel.build_template(user=user, year=year, regions=regions)
    scope = regions[0].name if len(regions) == 1 else "全部区域"
    return _xlsx_response(content, f"{year}年指标填报模板（{scope}）.xlsx")


@login_required
def export(request):
    """Any year's values (every region, every state) as .xlsx; GET without a year shows the page."""
    user = request.user
    if not user.has_perm(entry_rules.EXPORT_ACTUALS):
        return _forbidden(request, "您的账号没有分配角色，不能导出数据。")
    if "year" not in request.GET:
        return render(
            request,
            "indicators/entry/export.html",
            _context(
                request,
                years=entry_selectors.entry_years(),
                year=entry_selectors.default_entry_year(),
            ),
        )
    year = _year_param(request, entry_selectors.default_entry_year())
    return _xlsx_response(excel.build_export(year=year), f"{year}年指标实际值.xlsx")
