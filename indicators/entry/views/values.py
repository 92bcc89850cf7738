"""The entry page (every indicator a user may fill for a year's period and a region, saved or
submitted all together; for the full year, one vintage) and a value's own page with its
history, its cell's other vintages and periods, and its workflow steps."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.numbers import format_number
from common.periods import period_name
from indicators import rules as entry_rules
from indicators.compute.periods import vintage_rank
from indicators.entry import selectors as entry_selectors
from indicators.entry import services
from indicators.entry.forms import EntryRowForm
from indicators.entry.views.common import (
    field_messages,
    forbidden,
    page_context,
    period_choices,
    period_param,
    redirect_to,
    role_text,
    year_param,
)
from indicators.entry.views.detail import detail_context
from indicators.models import Actual, WorkflowState

ROW_FIELDS = {"value", "source_note", "explanation"}


@login_required
@require_http_methods(["GET", "POST"])
def home(request):
    """The yearly entry screen: every indicator the user may fill for a year and a region."""
    user = request.user
    if not user.has_perm(entry_rules.USE_ENTRY):
        return forbidden(
            request,
            gettext(
                "您的账号角色为“%(role_text)s”，不负责指标数据填报。部门填报员填报本单位牵头指标的全市数据，县区填报员填报本区域数据；如需填报权限，请联系系统管理员。"
            )
            % {"role_text": role_text(user)},
        )
    years = entry_selectors.entry_years()
    year = year_param(request, entry_selectors.default_entry_year())
    regions = entry_selectors.entry_regions(user)
    if not regions:
        return render(
            request,
            "indicators/entry/home.html",
            page_context(
                request, years=years, year=year, regions=[], region=None, rows=[], unbound=True
            ),
        )
    region_code = request.GET.get("region") or request.POST.get("region")
    region = next((r for r in regions if r.code == region_code), regions[0])
    indicators = entry_selectors.enterable_indicators(user, region)
    periods = entry_selectors.entry_periods(indicators)
    period = period_param(request, periods)
    vintage = vintage_param(request) if period == 12 else ""
    rows = entry_selectors.entry_rows(
        user,
        region=region,
        year=year,
        indicators=indicators,
        period=period,
        vintage=vintage or None,
    )
    here = {
        "year": year,
        "region": region.code,
        "period": period if period != 12 else None,
        "vintage": vintage,
    }
    closed = services.year_is_closed(year)
    errors: dict[int, dict[str, list[str]]] = {}
    posted: dict[int, dict] = {}

    if request.method == "POST":
        action = request.POST.get("action")
        if closed:
            messages.error(
                request,
                gettext("%(year)s年度已关闭，不能再修改；如需修改，请联系审核员重新开启。")
                % {"year": year},
            )
            return redirect_to("entry:home", **here)
        saved, submitted, errors, posted = _handle_entry_post(request, rows, action=action)
        if not errors:
            if action == "submit":
                if submitted:
                    messages.success(
                        request,
                        gettext("已提交 %(submitted)s 条数值，等待审核。")
                        % {"submitted": submitted}
                        + (
                            gettext("（其中 %(saved)s 条同时保存了修改）") % {"saved": saved}
                            if saved
                            else ""
                        ),
                    )
                else:
                    messages.info(
                        request,
                        gettext(
                            "没有可以提交的数值：请先填写数值，已提交或已审核的数值无需再次提交。"
                        ),
                    )
            elif saved:
                messages.success(
                    request,
                    gettext("已保存 %(saved)s 条草稿。草稿不会进入审核，填好后请点击“提交审核”。")
                    % {"saved": saved},
                )
            else:
                messages.info(request, gettext("没有需要保存的修改。"))
            return redirect_to("entry:home", **here)
        messages.error(
            request,
            (
                gettext("有 %(n)s 条未通过校验，本次提交全部未生效。请按红色提示修改后再试。")
                if action == "submit"
                else gettext("有 %(n)s 条未通过校验，本次保存全部未生效。请按红色提示修改后再试。")
            )
            % {"n": len(errors)},
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
        page_context(
            request,
            years=years,
            year=year,
            regions=regions,
            region=region,
            period=period,
            periods=period_choices(periods),
            period_text=period_name(period),
            vintage=vintage,
            vintage_label=Actual.Vintage(vintage).label if vintage else "",
            vintages=Actual.Vintage.choices,
            here_query=urlencode({k: v for k, v in here.items() if v}),
            groups=groups,
            rows=rows,
            closed=closed,
            counts=counts,
            empty_count=sum(1 for r in rows if r.actual is None),
        ),
    )


def vintage_param(request) -> str:
    """The vintage asked for on the full year's page (快报, 年报, 修订), or "" for each cell's
    latest vintage (a new value as 年报（正式）)."""
    vintage = request.GET.get("vintage") or request.POST.get("vintage") or ""
    return vintage if vintage in Actual.Vintage.values else ""


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
            if not row.editable and f"r{row.indicator.pk}-value" not in request.POST:
                continue  # shown read-only; a change posted anyway is refused by the service
            form = EntryRowForm(request.POST, prefix=f"r{row.indicator.pk}")
            if not form.is_valid():
                # A field's own reason (a 5,000-digit "number": 数值过大) beside the field.
                errors[row.indicator.pk] = {
                    field: list(reasons)
                    for field, reasons in form.errors.items()
                    if field in ROW_FIELDS
                } or {"general": [gettext("表单数据有误，请刷新页面后重试。")]}
                continue
            data = form.cleaned_data
            posted[row.indicator.pk] = data
            # No version posted: the form saw no value (as on the API), never "whatever is there".
            version = data.get("version") or 0
            if version == 0 and row.actual is not None and not any(data[k] for k in ROW_FIELDS):
                continue  # showed empty, left empty: a value entered meanwhile is someone else's
            current = _current_texts(row)
            changed = any(data[k] != current[k] for k in ("value", "source_note", "explanation"))
            try:
                if changed and data["value"] == "":
                    if row.actual is not None:
                        raise services.ValidationFailed(
                            details={
                                "value": [
                                    gettext("已填报的数值不能清空；如需更正，请填写正确的数值。")
                                ]
                            }
                        )
                    raise services.ValidationFailed(
                        details={"value": [gettext("请先填写数值，再填写说明。")]}
                    )
                outcome = services.save_and_submit(
                    user=user,
                    model=Actual,
                    current=row.actual,
                    changes={
                        "indicator": row.indicator,
                        "region": row.region,
                        "year": row.year,
                        "period": row.period,
                        "vintage": row.vintage,
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
                errors[row.indicator.pk] = field_messages(exc, ROW_FIELDS)
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


@login_required
@require_http_methods(["GET", "POST"])
def actual_detail(request, pk: int):
    """Everything about one value, its full history, and the workflow steps the user may take."""
    actual = get_object_or_404(
        Actual.objects.select_related(
            "indicator__lead_unit",
            "indicator__lead_unit_task__plan",
            "region",
            "entered_by",
            "reviewed_by",
        ),
        pk=pk,
    )
    user = request.user
    closed = services.year_is_closed(actual.year)
    if request.method == "POST":
        action = request.POST.get("action")
        version = request.POST.get("version") or None
        try:
            if action == "submit":
                services.review_submit(user=user, obj=actual, expected_version=version)
                messages.success(request, gettext("已提交审核。"))
            elif action == "withdraw":
                services.review_withdraw(user=user, obj=actual, expected_version=version)
                messages.success(
                    request,
                    _("已撤回为草稿。修改后请再次“提交审核”，否则不会进入审核。"),
                )
            elif action == "approve":
                services.review_approve(user=user, obj=actual, expected_version=version)
                messages.success(request, gettext("已审核通过，该数值已锁定。"))
            elif action == "return":
                services.review_return(
                    user=user,
                    obj=actual,
                    comment=request.POST.get("comment", ""),
                    expected_version=version,
                )
                messages.success(request, gettext("已退回填报人修改。"))
            else:
                messages.error(request, gettext("未知的操作。"))
        except services.ServiceError as exc:
            messages.error(request, exc.message)
        if request.POST.get("back") == "entry":
            return HttpResponseRedirect(_entry_url(actual))
        return HttpResponseRedirect(reverse("entry:actual_detail", args=[actual.pk]))

    can_enter = user.has_perm(entry_rules.ENTER_ACTUAL, (actual.indicator, actual.region))
    can_review = user.has_perm(entry_rules.REVIEW_ACTUAL, actual)
    editable = actual.state in {WorkflowState.DRAFT, WorkflowState.RETURNED}
    return render(
        request,
        "indicators/entry/actual_detail.html",
        page_context(
            request,
            **detail_context(actual),
            history=entry_selectors.actual_history(actual),
            closed=closed,
            can_submit=can_enter and not closed and editable,
            can_edit=can_enter and not closed and editable,
            can_withdraw=can_enter and not closed and actual.state == WorkflowState.SUBMITTED,
            can_approve=can_review and not closed and actual.state == WorkflowState.SUBMITTED,
            can_return=can_review
            and not closed
            and actual.state in {WorkflowState.SUBMITTED, WorkflowState.APPROVED},
            can_add_vintage=can_enter and not closed and actual.period == 12,
            edit_url=_entry_url(actual),
            vintage_url=_entry_url(actual, vintage=True),
        ),
    )


def _entry_url(actual: Actual, *, vintage: bool = False) -> str:
    """The row of this value on the entry page of its period (and, for a full year, of its
    vintage; `vintage`: the page of the next vintage, to add one)."""
    params = {"year": actual.year, "region": actual.region.code}
    if actual.period != 12:
        params["period"] = actual.period
    elif vintage:
        later = [v for v in Actual.Vintage.values if vintage_rank(v) > vintage_rank(actual.vintage)]
        params["vintage"] = later[0] if later else Actual.Vintage.REVISED
    elif actual.vintage != Actual.Vintage.FINAL:
        params["vintage"] = actual.vintage
    return f"{reverse('entry:home')}?{urlencode(params)}#r{actual.indicator_id}"
