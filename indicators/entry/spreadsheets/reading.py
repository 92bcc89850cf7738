"""Reading an upload back: an .xlsx or a CSV, checked for size, kind, zip bombs and row count
before it is read (docs/security.md, "Input limits"), read streaming (openpyxl read-only),
turned into import rows or refused whole with every problem found.

Reading is lenient about what real sheets hold (full-width digits, thousands separators, a
trailing %, percentage-formatted cells, blank rows, a merged title row, two-row headers with
merged cells, merged region cells, numbers stored as text) and strict about what it cannot
trust (formula cells, unknown indicators or regions, text in number cells). It never saves:
`services.actuals_import` does every check and every write, all-or-nothing.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from xml.etree.ElementTree import ParseError

import pandas as pd
from django.conf import settings
from django.utils.translation import gettext
from openpyxl import load_workbook

from common.archives import ArchiveRefused, NotAnArchive, check_archive, configured_limits
from common.errors import ImportProblem, ImportRejected
from indicators.entry.services.imports import ImportRow
from indicators.entry.spreadsheets.grid import (
    Cell,
    SheetTooLong,
    row_tags_exceed,
    rows_from_grid,
    sheet_grid,
)
from indicators.entry.spreadsheets.headers import find_header, missing_columns

# What reading a sheet that opened can still raise on a damaged part (read_only reads lazily).
_BROKEN_PART = (ParseError, zipfile.BadZipFile, zlib.error, EOFError, OSError, KeyError, ValueError)
ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97–2003 .xls, and encrypted .xlsx


def _refuse(message: str) -> ImportRejected:
    return ImportRejected(
        [ImportProblem("", None, "", message)],
        message=gettext("导入未完成：%(message)s") % {"message": message},
    )


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
            gettext("文件过大（%(size)s MB），上限为 %(limit)s MB。请删除无关的工作表或分批上传。")
            % {"size": f"{size / 1024 / 1024:.1f}", "limit": f"{limit / 1024 / 1024:.0f}"}
        )
    if size == 0:
        raise _refuse(gettext("文件为空（0 字节），请选择填好的模板文件。"))
    head = uploaded.read(8)
    uploaded.seek(0)
    if not head:
        raise _refuse(gettext("文件为空（0 字节），请选择填好的模板文件。"))
    lower = name.lower()
    if head.startswith(ZIP_MAGIC) and not lower.endswith(".csv"):
        return read_workbook(uploaded, default_year=default_year, file_name=name)
    if head.startswith(OLE_MAGIC):
        raise _refuse(
            gettext(
                "“%(name)s”是旧版 Excel 97-2003（.xls）文件或加密的工作簿，无法读取。请在 Excel 中“另存为”.xlsx 格式（不加密码）后再上传。"
            )
            % {"name": name}
        )
    if lower.endswith((".xlsx", ".xlsm")):
        raise _refuse(
            gettext(
                "“%(name)s”不是有效的 Excel（.xlsx）文件，可能已损坏或只是改了扩展名。请用 Excel 打开后另存为 .xlsx 再上传。"
            )
            % {"name": name}
        )
    if lower.endswith((".csv", ".txt")):
        return read_csv(uploaded, default_year=default_year, file_name=name)
    raise _refuse(
        gettext("不支持的文件类型“%(name)s”：请上传 .xlsx（Excel）或 .csv 文件。") % {"name": name}
    )


def _zip_checked(uploaded, name: str) -> None:
    """The zip's directory, before openpyxl opens it: a workbook, and no bomb
    (WZSCI_MAX_UNCOMPRESSED_BYTES, WZSCI_MAX_COMPRESSION_RATIO; common/archives.py)."""
    try:
        names = set(check_archive(uploaded, limits=configured_limits()))
    except NotAnArchive:
        raise _refuse(
            gettext(
                "“%(name)s”不是有效的 Excel（.xlsx）文件，可能已损坏。请用 Excel 打开后另存为 .xlsx 再上传。"
            )
            % {"name": name}
        ) from None
    except ArchiveRefused as exc:
        raise _refuse(exc.message) from None
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise _refuse(
            gettext("“%(name)s”是压缩文件，但不是 Excel 工作簿（.xlsx）。") % {"name": name}
        )


def read_workbook(uploaded, *, default_year: int | None, file_name: str = "") -> list[ImportRow]:
    _zip_checked(uploaded, file_name)
    _long_sheets_refused(uploaded)
    try:
        # Streaming (read_only), so that a long sheet is refused at its row limit without being
        # loaded; not data_only, so that formulas are seen and refused.
        workbook = load_workbook(uploaded, data_only=False, read_only=True)
    except Exception:  # openpyxl raises many kinds for a broken file
        raise _refuse(
            gettext(
                "“%(file_name)s”无法作为 Excel 工作簿读取，可能已损坏。请用 Excel 打开后另存为 .xlsx 再上传。"
            )
            % {"file_name": file_name}
        ) from None
    try:
        return _workbook_rows(workbook, default_year=default_year)
    except _BROKEN_PART:  # a part openpyxl could open but not read (a truncated sheet, bad XML)
        raise _refuse(
            gettext(
                "“%(file_name)s”无法作为 Excel 工作簿读取，可能已损坏。请用 Excel 打开后另存为 .xlsx 再上传。"
            )
            % {"file_name": file_name}
        ) from None
    finally:
        workbook.close()


def _long_sheets_refused(uploaded) -> None:
    """Refuse the workbook if any sheet has more rows than WZSCI_MAX_IMPORT_ROWS, from the raw
    XML, before openpyxl opens it (see `row_tags_exceed`)."""
    limit = settings.WZSCI_MAX_IMPORT_ROWS
    try:
        with zipfile.ZipFile(uploaded) as archive:
            for name in archive.namelist():
                if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                    with archive.open(name) as part:
                        if row_tags_exceed(part, limit):
                            raise _refuse(
                                gettext(
                                    "工作表行数过多（超过 %(limit)s 行），上限 %(limit)s 行。请删除多余的行或分批上传。"
                                )
                                % {"limit": limit}
                            )
    except _BROKEN_PART:
        pass  # openpyxl says so, below, in its own words
    finally:
        uploaded.seek(0)


def _workbook_rows(workbook, *, default_year: int | None) -> list[ImportRow]:
    max_rows = settings.WZSCI_MAX_IMPORT_ROWS
    rows: list[ImportRow] = []
    problems: list[ImportProblem] = []
    found = False
    for sheet in workbook.worksheets:
        if sheet.sheet_state != "visible" and sheet.title != "填报":
            continue
        try:
            grid = sheet_grid(sheet, max_rows=max_rows)
        except SheetTooLong as exc:
            counted = (
                gettext("%(declared)s 行") % {"declared": exc.declared}
                if exc.declared
                else gettext("超过 %(max_rows)s 行") % {"max_rows": max_rows}
            )
            problems.append(
                ImportProblem(
                    sheet.title,
                    None,
                    "",
                    gettext(
                        "行数过多（%(counted)s），上限 %(max_rows)s 行。请删除多余的行或分批上传。"
                    )
                    % {"counted": counted, "max_rows": max_rows},
                )
            )
            continue
        match = find_header([[cell.value for cell in row] for row in grid])
        if match is None:
            continue  # an instructions sheet, a chart…
        found = True
        missing = missing_columns(match, has_default_year=default_year is not None)
        if missing:
            problems.append(
                ImportProblem(
                    sheet.title,
                    match.row,
                    "",
                    gettext("表头缺少必需的列：%(join)s。请使用系统下载的模板。")
                    % {"join": "、".join(missing)},
                )
            )
            continue
        rows.extend(rows_from_grid(sheet.title, grid, match, default_year=default_year))
    if problems:  # before "no header": a sheet refused for its length was not searched
        raise ImportRejected(problems)
    if not found:
        raise _refuse(
            gettext("文件中没有找到表头（指标代码、区域、本年值等）。请使用系统下载的模板填写。")
        )
    return rows


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
            gettext(
                "“%(file_name)s”不是文本格式的 CSV 文件（无法识别编码）。请在 Excel 中另存为“CSV UTF-8”后上传。"
            )
            % {"file_name": file_name}
        )
    if not text.strip():
        raise _refuse(gettext("文件为空，没有任何内容。"))
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            header=None,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            engine="python",
            nrows=settings.WZSCI_MAX_IMPORT_ROWS + 1,  # no further than the row limit
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError, ValueError) as exc:
        raise _refuse(
            gettext("CSV 格式有误，无法读取：%(str)s") % {"str": str(exc)[:120]}
        ) from None
    if len(frame) > settings.WZSCI_MAX_IMPORT_ROWS:
        limit = settings.WZSCI_MAX_IMPORT_ROWS
        raise _refuse(
            gettext(
                "文件行数过多（超过 %(limit)s 行），上限 %(limit)s 行。请删除多余的行或分批上传。"
            )
            % {"limit": limit}
        )
    grid = [
        [
            Cell(
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
        raise _refuse(
            gettext("文件中没有找到表头（指标代码、区域、本年值等）。请使用系统下载的模板填写。")
        )
    missing = missing_columns(match, has_default_year=default_year is not None)
    if missing:
        raise ImportRejected(
            [
                ImportProblem(
                    sheet_name,
                    match.row,
                    "",
                    gettext("表头缺少必需的列：%(join)s。请使用系统下载的模板。")
                    % {"join": "、".join(missing)},
                )
            ]
        )
    return rows_from_grid(sheet_name, grid, match, default_year=default_year)
