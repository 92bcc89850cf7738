"""The region-targets page (/entry/targets/): one row per region for an indicator and year, the
suggested split beside it, its Excel template and the import (all-or-nothing)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from common.errors import ImportProblem, ImportRejected, ServiceError
from common.numbers import format_number
from common.spreadsheets import XLSX_CONTENT_TYPE, content_disposition
from indicators import rules as entry_rules
from indicators.entry.decomposition import SUGGESTION_METHOD
from indicators.entry.services.targets import TargetRow, region_targets_save
from indicators.entry.spreadsheets.targets import build_targets_template, read_targets_upload
from indicators.entry.targets_selectors import targets_sheet
from indicators.entry.views.common import forbidden, page_context, redirect_to, role_text
from indicators.entry.views.transfer import ImportSizeLimit, _limit_mb
from indicators.models import MAX_YEAR, MIN_YEAR, Indicator, Plan, TargetSource


def _choice(request) -> tuple[Indicator | None, int]:
    data = request.POST if request.method == "POST" else request.GET
    code = (data.get("indicator") or "").strip()
    indicator = Indicator.objects.filter(code=code).first() if code else None
    try:
        year = int(data.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    return indicator, min(max(year, MIN_YEAR), MAX_YEAR)


def _years() -> range:
    """From the plans' last year (at least next year) down to the baseline year."""
    last = Plan.objects.aggregate(last=Max("end_year"))["last"] or 0
    first = settings.WZSCI_BASELINE_YEAR
    return range(max(last, timezone.localdate().year + 1), first - 1, -1)


def _allowed(request):
    if request.user.has_perm(entry_rules.USE_REVIEW):
        return None
    return forbidden(request, _("您的账号角色为“%s”，不能录入分解目标。") % role_text(request.user))


def _form_rows(sheet, posted) -> list[dict]:
    """Each region's line with what its inputs show: what was posted (after a refusal), else
    the saved target. The suggestion is shown beside them, never filled in."""
    rows = []
    for line in sheet.lines:
        pk, target = line.region.pk, line.target
        saved_date = target.source_date.isoformat() if target and target.source_date else ""
        rows.append(
            {
                "line": line,
                "last_year": format_number(line.last_year) if line.last_year is not None else "—",
                "pk": pk,
                "value": posted.get(f"value_{pk}", format_number(target.value) if target else ""),
                "source": posted.get(f"source_{pk}", target.source_kind if target else ""),
                "doc": posted.get(f"doc_{pk}", target.source_doc_number if target else ""),
                "date": posted.get(f"date_{pk}", saved_date),
                "suggestion": format_number(Decimal(f"{line.suggestion.value:.6f}"))
                if line.suggestion
                else "",
            }
        )
    return rows


def _render(request, indicator, year, *, problems=(), posted=None, status=200):
    sheet = targets_sheet(indicator, year) if indicator else None
    return render(
        request,
        "indicators/entry/targets.html",
        page_context(
            request,
            indicators=Indicator.objects.order_by("category", "key_order", "code"),
            indicator=indicator,
            year=year,
            years=_years(),
            sheet=sheet,
            rows=_form_rows(sheet, posted or {}) if sheet else [],
            sources=TargetSource.choices,
            problems=list(problems),
            method=gettext(SUGGESTION_METHOD),
            limit=_limit_mb(),
        ),
        status=status,
    )


def _report(request, result) -> None:
    messages.success(request, result.summary())
    for item in result.decompositions:
        if item.check.shortfall or item.check.city_target is None:
            messages.warning(request, item.message())
        else:
            messages.info(request, item.message())


@login_required
def targets(request):
    """GET: the page for ?indicator=<code>&year=<y>; POST: save the rows entered."""
    refused = _allowed(request)
    if refused:
        return refused
    indicator, year = _choice(request)
    if request.method != "POST" or indicator is None:
        return _render(request, indicator, year)
    sheet = targets_sheet(indicator, year)
    rows = []
    for line in sheet.lines:
        pk = line.region.pk
        rows.append(
            TargetRow(
                indicator=indicator,
                region=line.region,
                year=year,
                value=request.POST.get(f"value_{pk}", ""),
                source_kind=request.POST.get(f"source_{pk}", ""),
                doc_number=request.POST.get(f"doc_{pk}", ""),
                doc_date=request.POST.get(f"date_{pk}", ""),
                row=None,
            )
        )
    try:
        result = region_targets_save(user=request.user, rows=rows)
    except ImportRejected as exc:
        return _render(
            request, indicator, year, problems=exc.problems, posted=request.POST, status=400
        )
    except ServiceError as exc:
        problems = [ImportProblem("", None, "", exc.message)]
        return _render(request, indicator, year, problems=problems, posted=request.POST, status=400)
    _report(request, result)
    return redirect_to("entry:targets", indicator=indicator.code, year=year)


@csrf_exempt
@login_required
def targets_import(request):
    """Upload a filled targets template; the size guard runs before the body is parsed."""
    guard = None
    if request.method == "POST":
        guard = ImportSizeLimit(request)
        request.upload_handlers.insert(0, guard)
    return _targets_import(request, guard)


@csrf_protect
def _targets_import(request, guard):
    refused = _allowed(request)
    if refused:
        return refused
    indicator, year = _choice(request)
    if request.method != "POST":
        return redirect_to("entry:targets", indicator=indicator and indicator.code, year=year)
    upload = request.FILES.get("file")
    if guard is not None and guard.too_large:
        message = _("文件超过 %s 的上限，未读取、未导入。") % _limit_mb()
        problems = [ImportProblem("", None, "", message)]
    elif upload is None:
        problems = [ImportProblem("", None, "", _("请选择要上传的文件。"))]
    else:
        try:
            result = region_targets_save(user=request.user, rows=read_targets_upload(upload))
        except ImportRejected as exc:
            problems = exc.problems
        except ServiceError as exc:
            problems = [ImportProblem("", None, "", exc.message)]
        else:
            _report(request, result)
            return redirect_to("entry:targets", indicator=indicator and indicator.code, year=year)
    return _render(request, indicator, year, problems=problems, status=400)


@login_required
def targets_template(request):
    """The .xlsx to fill: one row per region, with the suggestion (建议值) beside the target."""
    refused = _allowed(request)
    if refused:
        return refused
    indicator, year = _choice(request)
    if indicator is None:
        return redirect_to("entry:targets", year=year)
    content = build_targets_template(targets_sheet(indicator, year))
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(
        gettext("%(year)s年分解目标（%(code)s）.xlsx") % {"year": year, "code": indicator.code}
    )
    return response
