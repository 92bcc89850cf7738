"""Tables of the dashboards, and their CSV / Excel downloads.

A dashboard table is built once as a :class:`Table` of :class:`Cell` s; the page draws it and
``?format=csv`` / ``?format=xlsx`` download the very same rows, so an export never disagrees with
the screen. Both are written by common/spreadsheets.py, the site's one formula-safe writer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import HttpResponse
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from common.display import PROVISIONAL_EXPORT
from common.spreadsheets import (
    CSV_CONTENT_TYPE,
    XLSX_CONTENT_TYPE,
    content_disposition,
    csv_bytes,
    shown_figure,
    workbook_bytes,
    xlsx_number,
    xlsx_row,
)
from indicators.compute.charts.styles import StatusStyle

EXPORT_FORMATS = ("csv", "xlsx")


@dataclass
class Cell:
    """One cell: ``text`` is what the page shows and the export writes.

    ``value`` (a number) goes to Excel as a number; ``status`` draws an icon + word + colour
    badge, ``provisional`` outlined and marked 暂 (a status judged on a submitted, unapproved
    figure), exported as "已达标（暂，未审核）"; ``note`` is a small tag after the text (未审核, 折算,
    待更新, 并列), exported in brackets; ``hint`` the hover title; ``hidden`` cells sit under a
    ``rowspan`` above them: exported, not drawn.
    """

    text: str = ""
    value: float | int | None = None
    href: str = ""
    status: StatusStyle | None = None
    note: str = ""
    hint: str = ""
    numeric: bool = False
    rowspan: int = 1
    hidden: bool = False
    header: bool = False
    nowrap: bool = False
    provisional: bool = False
    # (StatusStyle, count, provisional) triples drawn as small badges (the text is their export).
    badges: list = field(default_factory=list)

    @property
    def export_text(self) -> str:
        notes = [str(PROVISIONAL_EXPORT)] if self.provisional else []
        if self.note:
            notes.append(self.note)
        if not notes:
            return self.text
        return gettext("%(text)s（%(notes)s）") % {
            "text": self.text,
            "notes": gettext("，").join(str(n) for n in notes),
        }


@dataclass
class Row:
    cells: list[Cell]
    group: str = ""  # a heading row is drawn above the first row of each group
    anchor: str = ""  # the id of that heading row, for links into the table


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[Row]
    hint: str = ""
    # The page draws at most this many rows (the export has them all).
    html_limit: int | None = None
    # Columns that only the export has (the page shows them another way, e.g. as group headings).
    hidden_columns: set[int] = field(default_factory=set)
    # The query strings of this table's downloads on the page it is on (set by the view).
    csv_query: str = ""
    xlsx_query: str = ""

    @property
    def html_columns(self) -> list[str]:
        return [c for i, c in enumerate(self.columns) if i not in self.hidden_columns]

    @property
    def shown_rows(self) -> list[Row]:
        return self.rows if self.html_limit is None else self.rows[: self.html_limit]

    # The page read only the first rows of a longer list (the export reads them all).
    more_rows: bool = False

    @property
    def truncated(self) -> bool:
        return self.more_rows or (self.html_limit is not None and len(self.rows) > self.html_limit)

    def grouped(self) -> list[tuple[str, Row]]:
        """(group heading to draw before this row or '', row) pairs of the shown rows."""
        out, last = [], None
        for row in self.shown_rows:
            heading = row.group if row.group and row.group != last else ""
            last = row.group or last
            out.append((heading, row))
        return out


def csv_response(table: Table, *, filename: str) -> HttpResponse:
    rows = [table.columns, *([cell.export_text for cell in row.cells] for row in table.rows)]
    response = HttpResponse(csv_bytes(rows), content_type=CSV_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(f"{filename}.csv")
    return response


def xlsx_value(sheet, cell: Cell):
    """What a cell writes to Excel: a figure as a number with the number format of the
    decimals the page shows (a share as a percentage), so that the sheet reads as the page and
    can be summed; a cell with a note or a provisional mark as its text."""
    if cell.value is None or cell.note or cell.provisional:
        return cell.export_text
    figure = shown_figure(cell.text) if cell.numeric else None
    if figure is None:
        return cell.value
    return xlsx_number(sheet, *figure)


def xlsx_response(table: Table, *, filename: str) -> HttpResponse:
    workbook = Workbook()
    sheet = workbook.active
    # Sheet titles: at most 31 characters, none of []:*?/\
    sheet.title = "".join(c for c in table.title if c not in "[]:*?/\\")[:31] or gettext("数据")
    sheet.append(xlsx_row(sheet, table.columns))
    header_fill = PatternFill("solid", fgColor="EEF1F5")
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    widths = [len(c) * 2 + 2 for c in table.columns]
    for row in table.rows:
        values = []
        for i, cell in enumerate(row.cells):
            exported = xlsx_value(sheet, cell)
            values.append(exported)
            widths[i] = max(widths[i], min(60, len(cell.export_text) * 2 + 2))
        sheet.append(xlsx_row(sheet, values))
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    response = HttpResponse(workbook_bytes(workbook), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(f"{filename}.xlsx")
    return response


def table_response(table: Table, *, fmt: str, filename: str) -> HttpResponse:
    """The table as a download in ``fmt`` (one of :data:`EXPORT_FORMATS`)."""
    if fmt == "csv":
        return csv_response(table, filename=filename)
    if fmt == "xlsx":
        return xlsx_response(table, filename=filename)
    raise ValueError(f"unknown export format {fmt!r}")
