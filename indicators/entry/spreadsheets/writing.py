"""What the template and the export share: header styles and numbers as cells. Both write
their cells through common/spreadsheets.py, text made inert."""

from __future__ import annotations

from openpyxl.styles import Border, PatternFill, Side

from common.numbers import format_number

FILL_HEAD = PatternFill("solid", fgColor="DCE6F1")
THIN = Side(style="thin", color="BBBBBB")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def number_cell(value):
    """A Decimal as the int or float a cell holds, with no trailing zeros; None stays empty
    (format_number: the machine-readable text, read back by the import)."""
    if value is None:
        return None
    text = format_number(value)
    return int(text) if "." not in text else float(text)
