"""The region-targets workbook: the template (one row per region, last year's value and the
suggested split beside the target to fill) and reading it back into `TargetRow`s.

Written through common/spreadsheets.py (text inert); read with the entry import's limits (size,
zip bomb, row count: reading.py) and its streaming grid; formula cells are refused. The service
(`region_targets_save`) does every check and every write, all-or-nothing.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font

from common.errors import ImportProblem, ImportRejected
from common.spreadsheets import workbook_bytes, xlsx_cell
from indicators.entry.decomposition import SUGGESTION_METHOD
from indicators.entry.services.targets import (
    COLUMN_DOC_DATE,
    COLUMN_DOC_NUMBER,
    COLUMN_INDICATOR,
    COLUMN_REGION,
    COLUMN_SOURCE,
    COLUMN_VALUE,
    COLUMN_YEAR,
    TargetRow,
)
from indicators.entry.spreadsheets.grid import SheetTooLong, sheet_grid
from indicators.entry.spreadsheets.reading import (
    _BROKEN_PART,
    ZIP_MAGIC,
    _long_sheets_refused,
    _refuse,
    _zip_checked,
)
from indicators.entry.spreadsheets.writing import BORDER, FILL_HEAD, number_cell
from indicators.models import TargetSource

SHEET_NAME = "分解目标"
COLUMN_NAME = "指标名称"
COLUMN_LAST_YEAR = "上年值"
COLUMN_SUGGESTION = "建议值（仅供参考）"
HEADERS = [
    COLUMN_INDICATOR,
    COLUMN_NAME,
    COLUMN_REGION,
    COLUMN_YEAR,
    COLUMN_LAST_YEAR,
    COLUMN_SUGGESTION,
    COLUMN_VALUE,
    COLUMN_SOURCE,
    COLUMN_DOC_NUMBER,
    COLUMN_DOC_DATE,
]
REQUIRED = [COLUMN_INDICATOR, COLUMN_REGION, COLUMN_YEAR, COLUMN_VALUE, COLUMN_SOURCE]
READ_COLUMNS = (*REQUIRED, COLUMN_DOC_NUMBER, COLUMN_DOC_DATE)
HEADER_ROW = 3


def build_targets_template(sheet) -> bytes:
    """The workbook for one indicator and year (`sheet`: targets_selectors.TargetsSheet)."""
    workbook = Workbook()
    ws = workbook.active
    ws.title = SHEET_NAME
    city = sheet.city_target
    title = gettext("%(year)s年 %(name)s（%(unit_of_measure)s）分解目标") % {
        "year": sheet.year,
        "name": sheet.indicator.name,
        "unit_of_measure": sheet.indicator.unit_of_measure,
    }
    if city is not None:
        title += gettext("；全市目标 %(number_cell)s") % {"number_cell": number_cell(city.value)}
    xlsx_cell(ws, row=1, column=1, value=title).font = Font(bold=True)
    xlsx_cell(
        ws,
        row=2,
        column=1,
        value=(
            gettext(
                "建议值为系统测算的参考值（方法：%(SUGGESTION_METHOD)s），不会自动保存；请在“目标值”列填写。目标来源填“分解文件”（并填文号、文件日期）或“县区自定”。任何一行有误，整个文件都不保存。"
            )
            % {"SUGGESTION_METHOD": gettext(SUGGESTION_METHOD)}
        ),
    )
    for column, header in enumerate(HEADERS, start=1):
        cell = xlsx_cell(ws, row=HEADER_ROW, column=column, value=header)
        cell.fill, cell.border, cell.font = FILL_HEAD, BORDER, Font(bold=True)
    for offset, line in enumerate(sheet.lines, start=1):
        target = line.target
        source = ""
        if target is not None and target.source_kind:
            source = TargetSource(target.source_kind).label
        values = [
            sheet.indicator.code,
            sheet.indicator.name,
            line.region.name,
            sheet.year,
            number_cell(line.last_year),
            round(line.suggestion.value, 6) if line.suggestion else None,
            number_cell(target.value) if target is not None else None,
            str(source),
            target.source_doc_number if target is not None else "",
            target.source_date if target is not None else None,
        ]
        for column, value in enumerate(values, start=1):
            cell = xlsx_cell(ws, row=HEADER_ROW + offset, column=column, value=value)
            if column == len(HEADERS) and value is not None:
                cell.number_format = "yyyy-mm-dd"
    for letter, width in zip("ABCDEFGHIJ", (10, 30, 14, 8, 12, 18, 12, 12, 22, 12), strict=True):
        ws.column_dimensions[letter].width = width
    return workbook_bytes(workbook)


def read_targets_upload(uploaded) -> list[TargetRow]:
    """The rows of a filled targets template (.xlsx), or ImportRejected for the whole file."""
    name = (getattr(uploaded, "name", "") or "").strip()
    limit = settings.WZSCI_MAX_IMPORT_BYTES
    size = getattr(uploaded, "size", None)
    if size is not None and size > limit:
        raise _refuse(
            gettext("文件过大，上限为 %(limit)s MB。") % {"limit": f"{limit / 1024 / 1024:.0f}"}
        )
    head = uploaded.read(8)
    uploaded.seek(0)
    if not head.startswith(ZIP_MAGIC):
        raise _refuse(
            gettext("“%(name)s”不是 Excel（.xlsx）文件。请使用系统下载的分解目标模板。")
            % {"name": name}
        )
    _zip_checked(uploaded, name)
    _long_sheets_refused(uploaded)
    try:
        workbook = load_workbook(uploaded, data_only=False, read_only=True)
    except Exception:  # openpyxl raises many kinds for a broken file
        raise _refuse(
            gettext("“%(name)s”无法作为 Excel 工作簿读取，可能已损坏。") % {"name": name}
        ) from None
    try:
        return _rows(workbook, max_rows=settings.WZSCI_MAX_IMPORT_ROWS)
    except _BROKEN_PART:
        raise _refuse(
            gettext("“%(name)s”无法作为 Excel 工作簿读取，可能已损坏。") % {"name": name}
        ) from None
    finally:
        workbook.close()


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _rows(workbook, *, max_rows: int) -> list[TargetRow]:
    for ws in workbook.worksheets:
        try:
            grid = sheet_grid(ws, max_rows=max_rows)
        except SheetTooLong:
            raise _refuse(
                gettext("工作表行数过多，上限 %(max_rows)s 行。") % {"max_rows": max_rows}
            ) from None
        for index, cells in enumerate(grid):
            labels = [_text(c.value) for c in cells]
            if COLUMN_REGION in labels and COLUMN_VALUE in labels:
                return _below_header(ws.title, grid, index, labels)
    raise _refuse(
        gettext(
            "文件中没有找到表头（指标代码、区域、年份、目标值、目标来源）。请使用系统下载的模板。"
        )
    )


def _below_header(title: str, grid, index: int, labels: list[str]) -> list[TargetRow]:
    where = {label: at for at, label in enumerate(labels) if label}
    missing = [c for c in REQUIRED if c not in where]
    if missing:
        raise ImportRejected(
            [
                ImportProblem(
                    title,
                    index + 1,
                    "",
                    gettext("表头缺少必需的列：%(join)s。") % {"join": "、".join(missing)},
                )
            ]
        )
    rows = []
    for number, cells in enumerate(grid[index + 1 :], start=index + 2):

        def get(column, cells=cells):
            at = where.get(column)
            return cells[at] if at is not None and at < len(cells) else None

        if all(c.value in (None, "") for c in cells):
            continue
        problems = [
            ImportProblem(
                title, number, labels[at], gettext("单元格含公式，请改为直接填写数值或文字。")
            )
            for at, c in enumerate(cells)
            if c.formula and at < len(labels) and labels[at] in READ_COLUMNS
        ]
        value = get(COLUMN_VALUE)
        rows.append(
            TargetRow(
                indicator=_text(get(COLUMN_INDICATOR) and get(COLUMN_INDICATOR).value),
                region=_text(get(COLUMN_REGION) and get(COLUMN_REGION).value),
                year=get(COLUMN_YEAR) and get(COLUMN_YEAR).value,
                value=value.value if value is not None else None,
                source_kind=_text(get(COLUMN_SOURCE) and get(COLUMN_SOURCE).value),
                doc_number=_text(get(COLUMN_DOC_NUMBER) and get(COLUMN_DOC_NUMBER).value),
                doc_date=get(COLUMN_DOC_DATE) and get(COLUMN_DOC_DATE).value,
                sheet=title,
                row=number,
                problems=problems,
            )
        )
    return rows
