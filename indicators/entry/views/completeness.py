"""The reviewers' completeness page (/entry/completeness/): of the cells the assignment expects in
a year's period (?period=9: 1–9月; the full year by default), how many are entered, submitted and
approved, per unit and per region; CSV / Excel."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from openpyxl import Workbook

from common.periods import period_label
from common.spreadsheets import (
    XLSX_CONTENT_TYPE,
    content_disposition,
    csv_bytes,
    workbook_bytes,
    xlsx_row,
)
from indicators import rules as entry_rules
from indicators.entry import reporting
from indicators.entry import selectors as entry_selectors
from indicators.entry.views.common import (
    forbidden,
    page_context,
    period_choices,
    period_param,
    role_text,
    year_param,
)


def completeness_table(rows, *, first: str) -> list[list]:
    header = [first, _("应报"), _("已填"), _("已提交"), _("已审核"), _("未填")]
    body = [[r.label, r.expected, r.entered, r.submitted, r.approved, r.missing] for r in rows]
    return [header, *body]


@login_required
@require_GET
def completeness(request):
    user = request.user
    if not user.has_perm(entry_rules.USE_REVIEW):
        return forbidden(
            request,
            _("您的账号角色为“%(role)s”，填报完成情况只对审核员开放。") % {"role": role_text(user)},
        )
    year = year_param(request, entry_selectors.default_entry_year())
    period = period_param(request)
    counts = reporting.completeness(year=year, period=period)
    label = period_label(year, period)
    tables = {
        "units": completeness_table(counts["units"], first=_("填报单位")),
        "regions": completeness_table(counts["regions"], first=_("区域")),
    }
    fmt = request.GET.get("format", "")
    if fmt == "csv":
        rows = [[_("按填报单位")], *tables["units"], [], [_("按区域")], *tables["regions"]]
        response = HttpResponse(csv_bytes(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = content_disposition(
            gettext("%(label)s填报完成情况.csv") % {"label": label}
        )
        return response
    if fmt == "xlsx":
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = _("按填报单位")
        for row in tables["units"]:
            sheet.append(xlsx_row(sheet, row))
        sheet = workbook.create_sheet(_("按区域"))
        for row in tables["regions"]:
            sheet.append(xlsx_row(sheet, row))
        response = HttpResponse(
            workbook_bytes(workbook),
            content_type=XLSX_CONTENT_TYPE,
        )
        response["Content-Disposition"] = content_disposition(
            gettext("%(label)s填报完成情况.xlsx") % {"label": label}
        )
        return response
    return render(
        request,
        "indicators/entry/completeness.html",
        page_context(
            request,
            year=year,
            years=entry_selectors.entry_years(),
            period=period,
            period_label=label,
            periods=period_choices(range(1, 13)),
            units=counts["units"],
            regions=counts["regions"],
        ),
    )
