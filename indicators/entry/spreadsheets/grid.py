"""The rows of a sheet (or a CSV) below its header turned into import rows: merged cells filled
in, numbers read as people write them, formulas and dates refused, names resolved."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from xml.etree.ElementTree import iterparse

from django.utils.translation import gettext
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet.formula import ArrayFormula
from openpyxl.xml.constants import SHEET_MAIN_NS

from common.errors import ImportProblem
from common.numbers import NotANumber, parse_number
from indicators.entry.services.imports import (
    COLUMN_EXPLANATION,
    COLUMN_INDICATOR,
    COLUMN_PERIOD,
    COLUMN_REGION,
    COLUMN_SOURCE_NOTE,
    COLUMN_VALUE,
    COLUMN_VERSION,
    COLUMN_VINTAGE,
    COLUMN_YEAR,
    ImportRow,
)
from indicators.entry.spreadsheets.headers import COLUMN_NAME, READ_COLUMNS, HeaderMatch
from indicators.models import Indicator, Region

MAX_SHEET_COLUMNS = 60  # a template has 13; formatting can stretch a sheet to 16384
CITY_ALIASES = {"全市", "市本级", "温州", "温州市本级", "市级"}


class Cell:
    """What the reader needs of a cell, after merged ranges are filled in."""

    __slots__ = ("formula", "percent", "value")

    def __init__(self, value, *, formula: bool = False, percent: bool = False):
        self.value = value
        self.formula = formula
        self.percent = percent


class SheetTooLong(Exception):
    """The sheet has more rows than the import reads; raised as soon as the row past it is met."""

    def __init__(self, limit: int, declared: int | None = None):
        super().__init__(limit)
        self.limit = limit
        self.declared = declared


def sheet_grid(sheet, *, max_rows: int) -> list[list[Cell]]:
    """The sheet as rows of Cell; a merged range gives its top-left value to every cell in it.

    `sheet` is a read-only (streaming) worksheet: rows are read one by one and reading stops at
    the row past `max_rows` (SheetTooLong), so an over-long sheet is refused without loading it.
    A formula is a cell the file stores as a formula (data type "f", or an array formula); text
    that merely begins with "=" (a note written safely by common/spreadsheets.py) is text.
    """
    declared = sheet.max_row  # from the sheet's <dimension>, when the file has one
    if declared and declared > max_rows:
        raise SheetTooLong(max_rows, declared)
    # Without a <dimension> (files not made by Excel), rows are not padded: each is as long as
    # its last cell, cut at MAX_SHEET_COLUMNS.
    width = min(sheet.max_column, MAX_SHEET_COLUMNS) if sheet.max_column else None
    grid = []
    for row in sheet.iter_rows(min_row=1, max_col=width):
        if len(grid) >= max_rows:
            raise SheetTooLong(max_rows)
        out = []
        for cell in row[:MAX_SHEET_COLUMNS]:
            value = cell.value
            formula = isinstance(value, ArrayFormula) or cell.data_type == "f"
            percent = "%" in (cell.number_format or "") and isinstance(value, (int, float))
            out.append(Cell(value, formula=formula, percent=percent))
        grid.append(out)
    for min_col, min_row, max_col, max_row in merged_ranges(sheet):
        top = grid[min_row - 1][min_col - 1] if min_row <= len(grid) else None
        if top is None:
            continue
        for r in range(min_row, min(max_row, len(grid)) + 1):
            for c in range(min_col, max_col + 1):
                if (r, c) != (min_row, min_col) and c <= len(grid[r - 1]):
                    grid[r - 1][c - 1] = top
    return grid


_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
_CHUNK = 1024 * 1024


def row_tags_exceed(source, limit: int) -> bool:
    """Whether a worksheet's XML part (a binary stream) holds more than `limit` rows, counted
    from its <row> tags in the raw bytes: no XML parsing, stopping as soon as the count passes.

    Run on every sheet before openpyxl opens the workbook: even in read-only mode, openpyxl reads
    a sheet without a <dimension> through to its end to size it, when the workbook is opened.
    """
    count, tail = 0, b""
    while chunk := source.read(_CHUNK):
        data = tail + chunk
        cut = max(0, len(data) - 16)  # a tag starting in the last bytes is counted next time
        count += sum(1 for match in _ROW_TAG.finditer(data) if match.start() < cut)
        if count > limit:
            return True
        tail = data[cut:]
    return count + len(_ROW_TAG.findall(tail)) > limit


def merged_ranges(sheet) -> list[tuple[int, int, int, int]]:
    """(min_col, min_row, max_col, max_row) of every merged range of the sheet.

    A read-only worksheet does not read <mergeCells>, so its XML part is scanned for them here
    (streaming, keeping nothing but the ranges). openpyxl keeps the part's path and the open
    archive in private attributes; a worksheet without them (a full-mode one) has its ranges.
    """
    if hasattr(sheet, "merged_cells"):
        return [(m.min_col, m.min_row, m.max_col, m.max_row) for m in sheet.merged_cells.ranges]
    archive, path = getattr(sheet.parent, "_archive", None), getattr(sheet, "_worksheet_path", "")
    if archive is None or not path:
        return []
    found = []
    merge_cell = f"{{{SHEET_MAIN_NS}}}mergeCell"
    with archive.open(path) as source:
        for _event, element in iterparse(source):
            if element.tag == merge_cell and ":" in (element.get("ref") or ""):
                found.append(range_boundaries(element.get("ref")))
            element.clear()
    return [b for b in found if None not in b]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value == int(value):
        value = int(value)
    return str(value).strip()


class _Resolver:
    """Indicator names and region names as people write them → instances."""

    def __init__(self):
        indicators = list(Indicator.objects.all())
        self.by_code = {i.code.upper(): i for i in indicators}
        by_name: dict[str, list[Indicator]] = {}
        for i in indicators:
            by_name.setdefault(_name_key(i.name), []).append(i)
        self.by_name = by_name
        regions = list(Region.objects.all())
        self.regions = {_name_key(r.name): r for r in regions} | {
            r.code.upper(): r for r in regions
        }
        city = next((r for r in regions if r.is_city), None)
        if city:
            for alias in CITY_ALIASES:
                self.regions.setdefault(_name_key(alias), city)

    def region(self, raw) -> Region | None:
        text = _text(raw)
        return self.regions.get(_name_key(text)) or self.regions.get(text.upper())


def _name_key(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def _year_of(raw, default_year):
    if raw is None or _text(raw) == "":
        return default_year
    text = unicodedata.normalize("NFKC", _text(raw)).removesuffix("年度").removesuffix("年")
    return text


def rows_from_grid(sheet_name: str, grid, match: HeaderMatch, *, default_year) -> list[ImportRow]:
    resolver = _Resolver()
    rows: list[ImportRow] = []
    columns = match.columns
    for r in range(match.row + 1, len(grid) + 1):
        cells = grid[r - 1]

        def cell(column, cells=cells):
            index = columns.get(column)
            if index is None or index > len(cells):
                return None
            return cells[index - 1]

        read = {column: cell(column) for column in READ_COLUMNS}
        if all(c is None or c.value is None or _text(c.value) == "" for c in read.values()):
            continue  # a blank row
        problems: list[ImportProblem] = []
        for column, c in read.items():
            if c is not None and c.formula:
                problems.append(
                    ImportProblem(
                        sheet_name,
                        r,
                        match.labels[column],
                        gettext(
                            "单元格是公式（%(text)s），系统不接受公式。请复制后“选择性粘贴 → 数值”再上传。"
                        )
                        % {"text": _text(c.value)[:40]},
                    )
                )
        value_cell = read[COLUMN_VALUE]
        value = value_cell.value if value_cell else None
        if not problems and value_cell is not None:
            if isinstance(value, (dt.datetime, dt.date, dt.time)):
                problems.append(
                    ImportProblem(
                        sheet_name,
                        r,
                        match.labels[COLUMN_VALUE],
                        gettext("应为数字，单元格却是日期/时间格式。"),
                    )
                )
            else:
                try:
                    parsed = parse_number(value, percent_format=value_cell.percent)
                    value = parsed
                except NotANumber as exc:
                    problems.append(
                        ImportProblem(
                            sheet_name,
                            r,
                            match.labels[COLUMN_VALUE],
                            gettext("应填写数字：%(message)s。") % {"message": exc.message},
                        )
                    )
        code = _text(read[COLUMN_INDICATOR].value) if read[COLUMN_INDICATOR] else ""
        name = _text(read[COLUMN_NAME].value) if read[COLUMN_NAME] else ""
        indicator: object = code
        if not code and name:
            found = resolver.by_name.get(_name_key(name), [])
            if len(found) == 1:
                indicator = found[0]
            elif len(found) > 1:
                problems.append(
                    ImportProblem(
                        sheet_name,
                        r,
                        match.labels[COLUMN_NAME],
                        gettext("指标名称“%(name)s”不唯一，请填写指标代码。") % {"name": name},
                    )
                )
            else:
                indicator = name
        if value is None and not problems:
            continue  # nothing entered in this row: a template row left empty is not an error
        region_raw = read[COLUMN_REGION].value if read[COLUMN_REGION] else None
        region = resolver.region(region_raw) if region_raw is not None else None
        row = ImportRow(
            indicator=indicator if indicator != "" else None,
            region=region if region is not None else _text(region_raw),
            year=_year_of(read[COLUMN_YEAR].value if read[COLUMN_YEAR] else None, default_year),
            value=value,
            source_note=_text(read[COLUMN_SOURCE_NOTE].value) if read[COLUMN_SOURCE_NOTE] else "",
            explanation=_text(read[COLUMN_EXPLANATION].value) if read[COLUMN_EXPLANATION] else "",
            expected_version=_version_of(read[COLUMN_VERSION]),
            period=read[COLUMN_PERIOD].value if read[COLUMN_PERIOD] else None,
            vintage=_text(read[COLUMN_VINTAGE].value) if read[COLUMN_VINTAGE] else None,
            sheet=sheet_name,
            row=r,
            problems=problems,
            columns=match.labels,
        )
        if not problems and row.indicator is None:
            row.problems.append(
                ImportProblem(
                    sheet_name,
                    r,
                    match.labels.get(COLUMN_INDICATOR) or match.labels[COLUMN_NAME],
                    gettext("请填写指标代码。"),
                )
            )
        if not problems and not _text(region_raw):
            row.problems.append(
                ImportProblem(sheet_name, r, match.labels[COLUMN_REGION], gettext("请填写区域。"))
            )
        rows.append(row)
    return rows


def _version_of(cell):
    if cell is None or cell.value is None or _text(cell.value) == "":
        return None
    try:
        return int(float(_text(cell.value)))
    except (ValueError, OverflowError):  # "inf" / "1e999" in the version column
        return None
