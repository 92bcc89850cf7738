"""Excel and CSV on the entry pages: the upload of a filled template (guarded against large
files before the body is read), the template download and the export of a year's values."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from common.periods import period_label
from common.spreadsheets import content_disposition
from indicators import rules as entry_rules
from indicators.entry import selectors as entry_selectors
from indicators.entry import services, spreadsheets
from indicators.entry.forms import UploadForm
from indicators.entry.views.common import (
    forbidden,
    page_context,
    period_param,
    redirect_to,
    role_text,
    year_param,
)


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
        return forbidden(
            request,
            gettext("您的账号角色为“%(role_text)s”，不能导入数据。")
            % {"role_text": role_text(user)},
        )
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
                    gettext(
                        "文件超过 %(limit_mb)s 的上限，未读取、未导入。请删除无关的工作表或分批上传。"
                    )
                    % {"limit_mb": _limit_mb()},
                )
            ]
        elif form.is_valid() and not form.cleaned_data.get("file"):
            problems = [services.ImportProblem("", None, "", gettext("请选择要上传的文件。"))]
        elif form.is_valid():
            data = form.cleaned_data
            try:
                rows = spreadsheets.read_upload(data["file"], default_year=data["year"])
                result = services.actuals_import(user=user, rows=rows, submit=data["submit"])
            except services.ImportRejected as exc:
                problems = exc.problems
            except services.ServiceError as exc:
                problems = [services.ImportProblem("", None, "", exc.message)]
            else:
                messages.success(request, result.summary())
                return redirect_to("entry:home", year=data["year"])
        else:
            problems = [
                services.ImportProblem("", None, "", m) for ms in form.errors.values() for m in ms
            ]
    else:
        form = UploadForm(initial={"year": default_year}, years=years)
    return render(
        request,
        "indicators/entry/import.html",
        page_context(
            request,
            form=form,
            problems=problems,
            years=years,
            # A closed year takes no values: no template to fill is offered for it.
            open_years=[y for y in years if not services.year_is_closed(y)],
            year=default_year,
            limit=_limit_mb(),
            regions=entry_selectors.entry_regions(user),
        ),
    )


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=spreadsheets.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(filename)
    return response


@login_required
def template_download(request):
    """The year's template: one row per indicator × region × period the user may fill, targets
    filled in (?period=9: the rows of 1–9月 only)."""
    user = request.user
    if not user.has_perm(entry_rules.USE_ENTRY):
        return forbidden(
            request,
            gettext("您的账号角色为“%(role_text)s”，没有需要填报的指标。")
            % {"role_text": role_text(user)},
        )
    year = year_param(request, entry_selectors.default_entry_year())
    regions = entry_selectors.entry_regions(user)
    code = request.GET.get("region")
    if code:
        regions = [r for r in regions if r.code == code] or regions
    if not regions:
        return forbidden(
            request, gettext("您的账号尚未绑定单位或区域，没有可填报的指标。请联系系统管理员。")
        )
    period = (
        period_param(request, default=0) or None
    )  # none asked: the full year and current periods
    content = spreadsheets.build_template(user=user, year=year, regions=regions, period=period)
    scope = regions[0].name if len(regions) == 1 else gettext("全部区域")
    when = period_label(year, period) if period else gettext("%(year)s年") % {"year": year}
    return _xlsx_response(
        content,
        gettext("%(when)s指标填报模板（%(scope)s）.xlsx") % {"when": when, "scope": scope},
    )


@login_required
def export(request):
    """Any year's values (every region, every state) as .xlsx; GET without a year shows the page."""
    user = request.user
    if not user.has_perm(entry_rules.EXPORT_ACTUALS):
        return forbidden(request, gettext("您的账号没有分配角色，不能导出数据。"))
    if "year" not in request.GET:
        return render(
            request,
            "indicators/entry/export.html",
            page_context(
                request,
                years=entry_selectors.entry_years(),
                year=entry_selectors.default_entry_year(),
            ),
        )
    year = year_param(request, entry_selectors.default_entry_year())
    return _xlsx_response(
        spreadsheets.build_export(year=year), gettext("%(year)s年指标实际值.xlsx") % {"year": year}
    )
