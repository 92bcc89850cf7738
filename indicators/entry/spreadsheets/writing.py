"""What the template and the export share: the .xlsx content type, header styles, numbers as
cells, a workbook as bytes."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Border, PatternFill, Side

from common.numbers import format_number

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILL_HEAD = PatternFill("solid", fgColor="DCE6F1")
THIN = Side(style="thin", color="BBBBBB")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def number_cell(value):
    """A Decimal as the int or float a cell holds, with no trailing zeros; None stays empty."""
    if value is None:
        return None
    text = format_number(value)
    return int(text) if "." not in text else float(text)


def to_bytes(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
