"""The one formula-safe way to write a download: every .xlsx and .csv the site serves.

A spreadsheet runs a cell as a formula when its text starts with = + - @ (and, through some
importers, a tab or a carriage return): a source note typed as =HYPERLINK("http://x","y") would
become a live link in the reader's Excel ("CSV injection"). Every cell written through here is
inert, header rows included:

- .xlsx: text is typed as text (data type "s"), and text that looks like a formula also gets
  the quote prefix, so that editing the cell in Excel keeps it text. The value itself is
  unchanged: the file reads back as it was written.
- .csv: text that looks like a formula gets a leading apostrophe, which Excel hides and does not
  run.

Numbers stay numbers, and so does text that is a plain number: "-1,500", "+3.5" and "-1.5e3" are
written as they are, in both formats. Used by the entry template and export
(indicators/entry/spreadsheets), the dashboards' table downloads (indicators/dashboards/exports.py)
and the API's CSV and Excel renderers (indicators/api/renderers.py).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from urllib.parse import quote

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

# What a spreadsheet may take for the start of a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A plain number, with or without thousands separators in their proper places: never a formula.
_PLAIN_NUMBER = re.compile(r"^[+-]?((\d{1,3}(,\d{3})+|\d+)(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
# What the ASCII file name of a download may keep.
_ASCII_NAME = re.compile(r"[^A-Za-z0-9._() -]")


def runs_as_formula(text: str) -> bool:
    """Whether a spreadsheet could run this text: it starts with = + - @ tab or carriage
    return, and is not a plain number."""
    if not text.startswith(FORMULA_STARTS):
        return False
    return _PLAIN_NUMBER.match(text) is None


# --- CSV -----------------------------------------------------------------------------------------


def csv_text(value) -> str:
    """A value as a CSV field: "" for None, text made inert with a leading apostrophe."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if isinstance(value, str) and runs_as_formula(text) else text


def csv_bytes(rows: Iterable[Sequence]) -> bytes:
    """Rows (the header first) as UTF-8 CSV with a byte-order mark, which Excel on a Chinese
    Windows needs to read the characters right; lines end in CRLF."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([csv_text(value) for value in row])
    return buffer.getvalue().encode("utf-8")


# --- Excel ---------------------------------------------------------------------------------------


def make_inert(cell: Cell) -> Cell:
    """Type a text cell as text (never a formula); other cells are left as they are."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if runs_as_formula(cell.value):
            cell.quotePrefix = True
    return cell


def xlsx_cell(sheet, *, row: int, column: int, value) -> Cell:
    """Write `value` at (row, column) of an ordinary worksheet, text as inert text."""
    return make_inert(sheet.cell(row=row, column=column, value=value))


def xlsx_row(sheet, values: Iterable) -> list:
    """A row for `sheet.append` (an ordinary or a write-only sheet): text as inert text cells,
    numbers and empty cells as they are."""
    return [make_inert(WriteOnlyCell(sheet, value=v)) if isinstance(v, str) else v for v in values]


# A figure as a page shows it: an optional comparator, the number (thousands separators, its
# decimals), then "%" for a share, or a space and a unit of measure ("19 家").
_SHOWN_FIGURE = re.compile(
    r"^[≥≈≤]?(?P<number>[+-]?\d{1,3}(?:,\d{3})*(?:\.(?P<decimals>\d+))?|[+-]?\d+(?:\.(?P<d2>\d+))?)"
    r"(?P<percent>%)?(?: \S+)?$"
)


def number_format(decimals: int, *, percent: bool = False) -> str:
    """Excel's number format for a figure shown with ``decimals``: "#,##0.00", a share "0.0%"."""
    places = "." + "0" * decimals if decimals else ""
    return f"0{places}%" if percent else f"#,##0{places}"


def shown_figure(text: str) -> tuple[float, str] | None:
    """The number and Excel number format of a figure as a page shows it, so that the cell
    reads as the page does (common/display.py): "3,700.50" → (3700.5, "#,##0.00"), a share
    "98.7%" → (0.987, "0.0%"), "≥3.0" → (3.0, "#,##0.0"), "19 家" → (19.0, "#,##0"). None for
    text that is no figure ("—", "超出 0.5", "2025年")."""
    match = _SHOWN_FIGURE.match(text.strip())
    if match is None:
        return None
    decimals = len(match.group("decimals") or match.group("d2") or "")
    number = float(match.group("number").replace(",", ""))
    if match.group("percent"):
        return round(number / 100, decimals + 2), number_format(decimals, percent=True)
    return number, number_format(decimals)


def xlsx_number(sheet, value, number_format_code: str) -> WriteOnlyCell:
    """A numeric cell for `sheet.append`: a number (data type "n") with its number format."""
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = number_format_code
    return cell


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- The download --------------------------------------------------------------------------------


def content_disposition(filename: str, *, fallback: str = "wzsci") -> str:
    """The Content-Disposition of a download named `filename` (Chinese welcome): the name per
    RFC 6266 / 5987 for today's browsers, and an ASCII name for old clients, made of the
    name's ASCII letters and digits, or `fallback` when it has none."""
    stem, dot, suffix = filename.rpartition(".")
    if not dot:
        stem, suffix = filename, ""
    ascii_stem = _ASCII_NAME.sub("", stem).strip(" ._-") or fallback
    ascii_name = f"{ascii_stem}.{_ASCII_NAME.sub('', suffix)}" if suffix else ascii_stem
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"
