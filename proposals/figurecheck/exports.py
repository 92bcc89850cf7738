"""A check's results as an .xlsx, written by the site's one formula-safe writer (common/spreadsheets):
the text checked is the user's, and a sentence starting with = must stay text in Excel."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from common.spreadsheets import workbook_bytes, xlsx_row
from proposals.figurecheck.check import CheckReport
from proposals.figurecheck.presenting import COLUMNS, rows

_WIDTHS = {"sentence": 60, "indicator": 28, "source": 40, "others": 40, "note": 24}


def report_xlsx(report: CheckReport, *, checked_at: str) -> bytes:
    """One sheet: a title line, the counts, then one row per figure (the page's columns)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("数据核对")
    counts = report.counts
    sheet.append(
        xlsx_row(sheet, [_("数据核对结果（文稿年份 %(year)s）") % {"year": report.as_of_year}])
    )
    sheet.append(
        xlsx_row(
            sheet,
            [
                _(
                    "共 %(total)s 个数据：一致 %(agrees)s，不一致 %(differs)s，未找到对照 %(not_found)s"
                )
                % counts,
                _("核对时间：%(time)s") % {"time": checked_at},
            ],
        )
    )
    sheet.append([])
    sheet.append(xlsx_row(sheet, [str(label) for _key, label in COLUMNS]))
    for cell in sheet[4]:
        cell.font = Font(bold=True)
    for row in rows(report):
        sheet.append(xlsx_row(sheet, row.cells()))
    wrapped = Alignment(wrap_text=True, vertical="top")
    for index, (key, _label) in enumerate(COLUMNS, start=1):
        letter = sheet.cell(row=4, column=index).column_letter
        sheet.column_dimensions[letter].width = _WIDTHS.get(key, 12)
    for row in sheet.iter_rows(min_row=5):
        for cell in row:
            cell.alignment = wrapped
    sheet.freeze_panes = "A5"
    return workbook_bytes(workbook)
