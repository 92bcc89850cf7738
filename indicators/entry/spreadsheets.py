"""Excel and CSV: the yearly template, reading an upload back, and exporting a year's values.

Reading is lenient about what real sheets hold (full-width digits, thousands separators, a
trailing %, percentage-formatted cells, blank rows, a merged title row, two-row headers with
merged cells, merged region cells, numbers stored as text) and strict about what it cannot
trust (formula cells, unknown indicators or regions, text in number cells). It never saves:
it turns a file into `services.ImportRow`s and file-level problems; `services.actuals_import`
does every check and every write, all-or-nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

import pandas as pd
from django.conf import settings
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.formula import ArrayFormula

from common.numbers import NotANumber, format_number, parse_number
from indicators.entry import selectors as entry_selectors
from indicators.entry.people import person_name
from indicators.entry.services.errors import ImportProblem, ImportRejected
from indicators.entry.services.imports import (
    COLUMN_EXPLANATION,
    COLUMN_INDICATOR,
    COLUMN_REGION,
    COLUMN_SOURCE_NOTE,
    COLUMN_VALUE,
    COLUMN_VERSION,
    COLUMN_YEAR,
    ImportRow,
)
from indicators.models import Actual, Indicator, Region, WorkflowState

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97–2003 .xls, and encrypted .xlsx
HEADER_SCAN_ROWS = 15
MAX_SHEET_ROWS = 50000
MAX_SHEET_COLUMNS = 60  # a template has 13; formatting can stretch a sheet to 16384
# A zip expands; its parts together may not exceed this many times the upload limit.
MAX_EXPANSION = 5

# ---------------------------------------------------------------------------------------------
# Headers
# ---------------------------------------------------------------------------------------------
COLUMN_NAME = "指标名称"
# canonical column → the header texts that mean it (compared after `normalize_header`)
HEADER_ALIASES: dict[str, set[str]] = {
    COLUMN_INDICATOR: {"指标代码", "代码", "指标编号", "编号", "指标编码"},
    COLUMN_NAME: {"指标名称", "指标", "指标名", "名称"},
    COLUMN_REGION: {
        "区域",
        "地区",
        "县(市、区)",
        "县市区",
        "区县",
        "填报区域",
        "县(市、区)名称",
        "行政区域",
        "区域名称",
    },
    COLUMN_YEAR: {"年份", "年度", "填报年份", "统计年度"},
    COLUMN_VALUE: {
        "本年值",
        "实际值",
        "数值",
        "完成值",
        "本年实际值",
        "实际完成值",
        "填报值",
        "本年完成值",
    },
    COLUMN_SOURCE_NOTE: {"数据来源说明", "数据来源", "来源说明"},
    COLUMN_EXPLANATION: {"变动说明", "情况说明", "变动原因", "变动情况说明"},
    COLUMN_VERSION: {"版本", "版本号"},
}
# Columns the template carries for people; recognised (they help find the header) but not read.
INFO_HEADERS = {
    "序号",
    "计量单位",
    "单位",
    "年度目标",
    "目标值",
    "上年值",
    "当前状态",
    "状态",
    "牵头单位",
    "备注",
}
READ_COLUMNS = [
    COLUMN_INDICATOR,
    COLUMN_NAME,
    COLUMN_REGION,
    COLUMN_YEAR,
    COLUMN_VALUE,
    COLUMN_SOURCE_NOTE,
    COLUMN_EXPLANATION,
    COLUMN_VERSION,
]
_YEAR_VALUE_HEADER = re.compile(r"^\d{4}年(度)?(实际值|完成值|数值|实际完成值)$")
_PAREN_SUFFIX = re.compile(r"\([^()]*\)$")
CITY_ALIASES = {"全市", "市本级", "温州", "温州市本级", "市级"}


def normalize_header(raw) -> str:
    if raw is None:
        return ""
    text = unicodedata.normalize("NFKC", str(raw))
    text = re.sub(r"\s+", "", text).strip("*＊:：")
    return text


def header_column(raw) -> str | None:
    """The canonical column a header cell names, or None. "本年值（必填）" → 本年值."""
    text = normalize_header(raw)
    if not text:
        return None
    for candidate in (text, _PAREN_SUFFIX.sub("", text)):
        for column, aliases in HEADER_ALIASES.items():
            if candidate in aliases:
                return column
        if _YEAR_VALUE_HEADER.match(candidate):
            return COLUMN_VALUE
        if candidate in INFO_HEADERS:
            return ""
    return None


@dataclass
class HeaderMatch:
    row: int  # 1-based row of the (lowest) header row
    columns: dict[str, int]  # canonical → 1-based column index
    labels: dict[str, str]  # canonical → "本年值（I列）"
    score: int


def find_header(rows: list[list], *, first_row: int = 1) -> HeaderMatch | None:
    """The row among the first ones that names the most known columns (merged cells already filled)."""
    best = None
    for offset, cells in enumerate(rows[:HEADER_SCAN_ROWS]):
        columns: dict[str, int] = {}
        labels: dict[str, str] = {}
        score = 0
        for index, cell in enumerate(cells, start=1):
            column = header_column(cell)
            if column is None:
                continue
            score += 1
            if column and column not in columns:
                columns[column] = index
                labels[column] = f"{normalize_header(cell)}（{get_column_letter(index)}列）"
        if score >= 2 and (best is None or score > best.score):
            best = HeaderMatch(first_row + offset, columns, labels, score)
    return best


def _missing_columns(match: HeaderMatch, *, has_default_year: bool) -> list[str]:
    missing = []
    if COLUMN_INDICATOR not in match.columns and COLUMN_NAME not in match.columns:
        missing.append("指标代码（或指标名称）")
    if COLUMN_REGION not in match.columns:
        missing.append(COLUMN_REGION)
    if COLUMN_VALUE not in match.columns:
        missing.append(f"{COLUMN_VALUE}（或实际值）")
    if COLUMN_YEAR not in match.columns and not has_default_year:
        missing.append(COLUMN_YEAR)
    return missing


# ---------------------------------------------------------------------------------------------
# Reading an upload
# ---------------------------------------------------------------------------------------------
class FileRefused(Exception):
    """The file cannot be read at all; `.message` is Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _refuse(message: str) -> ImportRejected:
    return ImportRejected([ImportProblem("", None, "", message)], message=f"导入未完成：{message}")


def read_upload(uploaded, *, default_year: int | None) -> list[ImportRow]:
    """Turn an uploaded .xlsx or .csv into import rows, or raise ImportRejected for the whole file.

    `uploaded` is a Django UploadedFile (or any object with .name, .size, .read/.seek/.chunks).
    The size is checked before anything is read.
    """
    limit = settings.WZSCI_MAX_IMPORT_BYTES
    name = (getattr(uploaded, "name", "") or "").strip()
    size = getattr(uploaded, "size", None)
    if size is not None and size > limit:
        raise _refuse(
            f"文件过大（{size / 1024 / 1024:.1f} MB），上限为 {limit / 1024 / 1024:.0f} MB。请删除无关的工作表或分批上传。"
        )
    if size == 0:
        raise _refuse("文件为空（0 字节），请选择填好的模板文件。")
    head = uploaded.read(8)
    uploaded.seek(0)
    if not head:
        raise _refuse("文件为空（0 字节），请选择填好的模板文件。")
    lower = name.lower()
    if head.startswith(ZIP_MAGIC) and not lower.endswith(".csv"):
        return read_workbook(uploaded, default_year=default_year, file_name=name)
    if head.startswith(OLE_MAGIC):
        raise _refuse(
            f"“{name}”是旧版 Excel 97-2003（.xls）文件或加密的工作簿，无法读取。请在 Excel 中“另存为”.xlsx 格式（不加密码）后再上传。"
        )
    if lower.endswith((".xlsx", ".xlsm")):
        raise _refuse(
            f"“{name}”不是有效的 Excel（.xlsx）文件，可能已损坏或只是改了扩展名。请用 Excel 打开后另存为 .xlsx 再上传。"
        )
    if lower.endswith((".csv", ".txt")):
        return read_csv(uploaded, default_year=default_year, file_name=name)
    raise _refuse(f"不支持的文件类型“{name}”：请上传 .xlsx（Excel）或 .csv 文件。")


def _zip_checked(uploaded, name: str) -> None:
    try:
        with zipfile.ZipFile(uploaded) as archive:
            expanded = sum(info.file_size for info in archive.infolist())
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        raise _refuse(
            f"“{name}”不是有效的 Excel（.xlsx）文件，可能已损坏。请用 Excel 打开后另存为 .xlsx 再上传。"
        ) from None
    finally:
        uploaded.seek(0)
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise _refuse(f"“{name}”是压缩文件，但不是 Excel 工作簿（.xlsx）。")
    if expanded > MAX_EXPANSION * settings.WZSCI_MAX_IMPORT_BYTES:
        raise _refuse("文件解压后过大，无法处理。请删除无关的工作表或分批上传。")


def read_workbook(uploaded, *, default_year: int | None, file_name: str = "") -> list[ImportRow]:
    _zip_checked(uploaded, file_name)
    try:
        # Not data_only: formulas must be seen to be refused.
        workbook = load_workbook(uploaded, data_only=False, read_only=False)
    except Exception:  # openpyxl raises many kinds for a broken file
        raise _refuse(
            f"“{file_name}”无法作为 Excel 工作簿读取，可能已损坏。请用 Excel 打开后另存为 .xlsx 再上传。"
        ) from None
    rows: list[ImportRow] = []
    problems: list[ImportProblem] = []
    found = False
    for sheet in workbook.worksheets:
        if sheet.sheet_state != "visible" and sheet.title != "填报":
            continue
        if sheet.max_row > MAX_SHEET_ROWS:
            problems.append(
                ImportProblem(
                    sheet.title,
                    None,
                    "",
                    f"行数过多（{sheet.max_row} 行），上限 {MAX_SHEET_ROWS} 行。",
                )
            )
            continue
        grid = _sheet_grid(sheet)
        match = find_header([[cell.value for cell in row] for row in grid])
        if match is None:
            continue  # an instructions sheet, a chart…
        found = True
        missing = _missing_columns(match, has_default_year=default_year is not None)
        if missing:
            problems.append(
                ImportProblem(
                    sheet.title,
                    match.row,
                    "",
                    f"表头缺少必需的列：{'、'.join(missing)}。请使用系统下载的模板。",
                )
            )
            continue
        rows.extend(_rows_from_grid(sheet.title, grid, match, default_year=default_year))
    if not found:
        raise _refuse("文件中没有找到表头（指标代码、区域、本年值等）。请使用系统下载的模板填写。")
    if problems:
        raise ImportRejected(problems)
    return rows


class _Cell:
    """What the reader needs of a cell, after merged ranges are filled in."""

    __slots__ = ("formula", "percent", "value")

    def __init__(self, value, *, formula: bool = False, percent: bool = False):
        self.value = value
        self.formula = formula
        self.percent = percent


def _sheet_grid(sheet) -> list[list[_Cell]]:
    """The sheet as rows of _Cell; a merged range gives its top-left value to every cell in it."""
    width = min(sheet.max_column or 0, MAX_SHEET_COLUMNS)
    grid = []
    for row in sheet.iter_rows(min_row=1, max_row=sheet.max_row or 0, max_col=width):
        out = []
        for cell in row:
            value = cell.value
            formula = isinstance(value, ArrayFormula) or (
                cell.data_type == "f"
                or (isinstance(value, str) and value.startswith("=") and len(value) > 1)
            )
            percent = "%" in (cell.number_format or "") and isinstance(value, (int, float))
            out.append(_Cell(value, formula=formula, percent=percent))
        grid.append(out)
    for merged in sheet.merged_cells.ranges:
        top = grid[merged.min_row - 1][merged.min_col - 1] if merged.min_row <= len(grid) else None
        if top is None:
            continue
        for r in range(merged.min_row, min(merged.max_row, len(grid)) + 1):
            for c in range(merged.min_col, merged.max_col + 1):
                if (r, c) != (merged.min_row, merged.min_col) and c <= len(grid[r - 1]):
                    grid[r - 1][c - 1] = top
    return grid


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


def _rows_from_grid(sheet_name: str, grid, match: HeaderMatch, *, default_year) -> list[ImportRow]:
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
                        f"单元格是公式（{_text(c.value)[:40]}），系统不接受公式。请复制后“选择性粘贴 → 数值”再上传。",
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
                        "应为数字，单元格却是日期/时间格式。",
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
                            f"应填写数字：{exc.message}。",
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
                        f"指标名称“{name}”不唯一，请填写指标代码。",
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
                    "请填写指标代码。",
                )
            )
        if not problems and not _text(region_raw):
            row.problems.append(
                ImportProblem(sheet_name, r, match.labels[COLUMN_REGION], "请填写区域。")
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


def read_csv(uploaded, *, default_year: int | None, file_name: str = "") -> list[ImportRow]:
    """A CSV saved from Excel: UTF-8 (with or without BOM) or GB18030, comma-separated."""
    raw = b"".join(uploaded.chunks()) if hasattr(uploaded, "chunks") else uploaded.read()
    text = None
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    if text is None or "\x00" in text:
        raise _refuse(
            f"“{file_name}”不是文本格式的 CSV 文件（无法识别编码）。请在 Excel 中另存为“CSV UTF-8”后上传。"
        )
    if not text.strip():
        raise _refuse("文件为空，没有任何内容。")
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            header=None,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            engine="python",
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        raise _refuse(f"CSV 格式有误，无法读取：{str(exc)[:120]}") from None
    grid = [
        [
            _Cell(
                v if v != "" else None,
                formula=isinstance(v, str) and v.startswith("=") and len(v) > 1,
            )
            for v in row
        ]
        for row in frame.itertuples(index=False, name=None)
    ]
    sheet_name = file_name or "CSV"
    match = find_header([[c.value for c in row] for row in grid])
    if match is None:
        raise _refuse("文件中没有找到表头（指标代码、区域、本年值等）。请使用系统下载的模板填写。")
    missing = _missing_columns(match, has_default_year=default_year is not None)
    if missing:
        raise ImportRejected(
            [
                ImportProblem(
                    sheet_name,
                    match.row,
                    "",
                    f"表头缺少必需的列：{'、'.join(missing)}。请使用系统下载的模板。",
                )
            ]
        )
    return _rows_from_grid(sheet_name, grid, match, default_year=default_year)


# ---------------------------------------------------------------------------------------------
# Writing: the template and the export
# ---------------------------------------------------------------------------------------------
TEMPLATE_HEADERS = [
    ("序号", 6),
    (COLUMN_INDICATOR, 10),
    (COLUMN_NAME, 42),
    (COLUMN_REGION, 14),
    (COLUMN_YEAR, 8),
    ("计量单位", 10),
    ("年度目标", 14),
    ("上年值", 12),
    (COLUMN_VALUE, 14),
    (COLUMN_SOURCE_NOTE, 30),
    (COLUMN_EXPLANATION, 30),
    ("当前状态", 12),
    (COLUMN_VERSION, 6),
]
EDITABLE = {COLUMN_VALUE, COLUMN_SOURCE_NOTE, COLUMN_EXPLANATION}
FILL_EDIT = PatternFill("solid", fgColor="FFF6CC")
FILL_HEAD = PatternFill("solid", fgColor="DCE6F1")
FILL_LOCKED = PatternFill("solid", fgColor="EEEEEE")
THIN = Side(style="thin", color="BBBBBB")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _number(value):
    if value is None:
        return None
    text = format_number(value)
    return int(text) if "." not in text else float(text)


def _target_text(target) -> str:
    if target is None:
        return ""
    text = f"{target.comparator}{format_number(target.value) if not isinstance(target.value, float) else f'{target.value:g}'}"
    if target.interpolated:
        text += "（插值）"
    if target.benchmark:
        text += "（对标全市）"
    return text


def build_template(*, user, year: int, regions: list[Region] | None = None) -> bytes:
    """The year's entry template for this user: one row per indicator × region they may fill."""
    regions = regions if regions is not None else entry_selectors.entry_regions(user)
    share = settings.WZSCI_OUTLIER_SHARE
    wb = Workbook()
    ws = wb.active
    ws.title = "填报"
    last_col = get_column_letter(len(TEMPLATE_HEADERS))
    ws.merge_cells(f"A1:{last_col}1")
    ws["A1"] = f"{year}年度科技创新指标实际值填报表"
    ws["A1"].font = Font(size=14, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.merge_cells(f"A2:{last_col}2")
    ws["A2"] = (
        f"只在黄色单元格填写：本年值、数据来源说明、变动说明（与上年相比变动超过 {share * 100:.0f}% 时必填）。"
        "其余单元格已保护，请勿改动表头和“版本”列。上传后系统逐项校验，任何一处错误都会整表退回并列出全部问题。"
    )
    ws["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[2].height = 36
    header_row = 3
    for index, (title, width) in enumerate(TEMPLATE_HEADERS, start=1):
        cell = ws.cell(row=header_row, column=index, value=title)
        cell.font = Font(bold=True)
        cell.fill = FILL_HEAD
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.column_dimensions[get_column_letter(len(TEMPLATE_HEADERS))].hidden = True
    row_number = header_row
    serial = 0
    for region in regions:
        for row in entry_selectors.entry_rows(user, region=region, year=year):
            serial += 1
            row_number += 1
            actual = row.actual
            locked = actual is not None and actual.state == WorkflowState.APPROVED
            values = {
                "序号": serial,
                COLUMN_INDICATOR: row.indicator.code,
                COLUMN_NAME: row.indicator.name,
                COLUMN_REGION: region.name,
                COLUMN_YEAR: year,
                "计量单位": row.indicator.unit_of_measure,
                "年度目标": _target_text(row.target),
                "上年值": _number(row.last.value) if row.last else None,
                COLUMN_VALUE: _number(actual.value) if actual else None,
                COLUMN_SOURCE_NOTE: actual.source_note if actual else "",
                COLUMN_EXPLANATION: actual.explanation if actual else "",
                "当前状态": (actual.get_state_display() + ("（锁定）" if locked else ""))
                if actual
                else "未填报",
                COLUMN_VERSION: actual.version if actual else 0,
            }
            for index, (title, _) in enumerate(TEMPLATE_HEADERS, start=1):
                cell = ws.cell(row=row_number, column=index, value=values[title])
                cell.border = BORDER
                if title in EDITABLE and not locked:
                    cell.protection = Protection(locked=False)
                    cell.fill = FILL_EDIT
                elif title in EDITABLE:
                    cell.fill = FILL_LOCKED
                if title in {COLUMN_NAME, COLUMN_SOURCE_NOTE, COLUMN_EXPLANATION}:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = ws.cell(row=header_row + 1, column=4)
    ws.protection.sheet = True
    ws.protection.formatCells = False
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    _instructions_sheet(wb, year=year)
    return _to_bytes(wb)


def _instructions_sheet(wb: Workbook, *, year: int) -> None:
    ws = wb.create_sheet("说明")
    share = settings.WZSCI_OUTLIER_SHARE
    lines = [
        f"{year}年度科技创新指标实际值填报说明",
        "1. 只填写“填报”工作表中的黄色单元格：本年值、数据来源说明、变动说明。灰色为已审核锁定的数值，不能修改。",
        "2. 本年值填写数字即可：可带千位分隔符（3,700）、百分号（2.61%）、全角数字；请勿填写公式。",
        "3. 比重（单位为 %）填 0—100 之间的数；增长率填 −100—1000 之间的数；家、个、项、人、件等计数填不小于 0 的整数。",
        f"4. 与上年值相比变动超过 {share * 100:.0f}% 的（增长率为超过 {share * 100:.0f} 个百分点），须填写变动说明。",
        "5. 上传后系统逐项校验：只要有一处错误，整表都不会保存，并列出每个问题所在的工作表、行、列和原因。",
        "6. 导入的数值为草稿；在填报页面或上传时勾选“导入后直接提交审核”提交给审核员。",
        "7. “版本”列用于防止覆盖他人的修改：如提示数据已被他人修改，请重新下载模板。",
    ]
    for index, line in enumerate(lines, start=1):
        ws.cell(row=index, column=1, value=line)
    ws["A1"].font = Font(size=13, bold=True)
    ws.column_dimensions["A"].width = 120


EXPORT_HEADERS = [
    (COLUMN_INDICATOR, 10),
    (COLUMN_NAME, 42),
    ("计量单位", 10),
    (COLUMN_REGION, 14),
    (COLUMN_YEAR, 8),
    ("实际值", 14),
    ("状态", 10),
    ("来源", 10),
    (COLUMN_SOURCE_NOTE, 36),
    (COLUMN_EXPLANATION, 30),
    ("填报人", 12),
    ("提交时间", 18),
    ("审核人", 12),
    ("审核时间", 18),
    ("审核意见", 30),
    (COLUMN_VERSION, 6),
]


def _when(value) -> str:
    if value is None:
        return ""
    from django.utils import timezone

    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def _person(user) -> str:
    return person_name(user, nobody="")


def export_frame(*, year: int) -> pd.DataFrame:
    actuals = (
        Actual.objects.filter(year=year)
        .select_related("indicator", "region", "entered_by", "reviewed_by")
        .order_by("indicator__category", "indicator__key_order", "indicator__code", "region__order")
    )
    records = [
        {
            COLUMN_INDICATOR: a.indicator.code,
            COLUMN_NAME: a.indicator.name,
            "计量单位": a.indicator.unit_of_measure,
            COLUMN_REGION: a.region.name,
            COLUMN_YEAR: a.year,
            "实际值": _number(a.value),
            "状态": a.get_state_display(),
            "来源": a.get_origin_display(),
            COLUMN_SOURCE_NOTE: a.source_note,
            COLUMN_EXPLANATION: a.explanation,
            "填报人": _person(a.entered_by),
            "提交时间": _when(a.submitted_at),
            "审核人": _person(a.reviewed_by),
            "审核时间": _when(a.reviewed_at),
            "审核意见": a.review_comment,
            COLUMN_VERSION: a.version,
        }
        for a in actuals
    ]
    return pd.DataFrame.from_records(records, columns=[h for h, _ in EXPORT_HEADERS])


def build_export(*, year: int) -> bytes:
    """Every actual of the year (every region, every state) with who entered and reviewed it."""
    frame = export_frame(year=year)
    wb = Workbook()
    ws = wb.active
    ws.title = f"{year}年实际值"
    for index, (title, width) in enumerate(EXPORT_HEADERS, start=1):
        cell = ws.cell(row=1, column=index, value=title)
        cell.font = Font(bold=True)
        cell.fill = FILL_HEAD
        cell.border = BORDER
        ws.column_dimensions[get_column_letter(index)].width = width
    for r, record in enumerate(frame.itertuples(index=False, name=None), start=2):
        for c, value in enumerate(record, start=1):
            if isinstance(value, float) and value != value:  # NaN from pandas
                value = None
            ws.cell(row=r, column=c, value=value.item() if hasattr(value, "item") else value)
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(EXPORT_HEADERS))}{max(1, len(frame) + 1)}"
    return _to_bytes(wb)


def _to_bytes(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
