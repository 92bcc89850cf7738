"""The figure check page (/proposals/figure-check/): paste or upload, check, print or export.

Stateless: the text comes back in the form with the results, so "导出 Excel" posts it again
and the export is the very check the page shows. Every logged-in role may check a text (a read).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from common.spreadsheets import XLSX_CONTENT_TYPE, content_disposition
from common.timefmt import local_time
from proposals.figurecheck.check import figure_check
from proposals.figurecheck.exports import report_xlsx
from proposals.figurecheck.forms import FigureCheckForm
from proposals.figurecheck.presenting import COLUMNS, rows


@login_required
@require_http_methods(["GET", "POST"])
def figure_check_page(request):
    form = FigureCheckForm(request.POST or None, request.FILES or None)
    report = None
    checked_at = local_time(timezone.now())
    if request.method == "POST" and form.is_valid():
        text, year = form.cleaned_data["checked_text"], form.cleaned_data["year"]
        written_on = form.cleaned_data.get("written_on")
        report = figure_check(text=text, as_of_year=year, as_of=written_on)
        if request.POST.get("export") == "xlsx":
            response = HttpResponse(
                report_xlsx(report, checked_at=checked_at), content_type=XLSX_CONTENT_TYPE
            )
            response["Content-Disposition"] = content_disposition(
                _("数据核对结果.xlsx"), fallback="figure-check"
            )
            return response
        source_file = form.cleaned_data["source_file"]
        form = FigureCheckForm(initial={"text": text, "year": year, "written_on": written_on})
    else:
        source_file = ""
    return render(
        request,
        "proposals/figurecheck/check.html",
        {
            "form": form,
            "report": report,
            "rows": rows(report) if report else [],
            "columns": COLUMNS,
            "checked_at": checked_at,
            "source_file": source_file,
        },
        status=400 if request.method == "POST" and report is None else 200,
    )
