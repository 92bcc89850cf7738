"""The header of a sheet people filled: which row it is and which column means what, whatever
words, merged cells or notes ("本年值（必填）") the sheet uses."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext_noop
from openpyxl.utils import get_column_letter

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
)

HEADER_SCAN_ROWS = 15
COLUMN_NAME = gettext_noop("指标名称")
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
    COLUMN_PERIOD: {"期间", "统计期间", "报告期", "填报期间", "截至月份", "累计期间"},
    COLUMN_VINTAGE: {"数据版本", "版本类型", "数据类型", "快报/年报"},
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
    COLUMN_PERIOD,
    COLUMN_VINTAGE,
    COLUMN_VALUE,
    COLUMN_SOURCE_NOTE,
    COLUMN_EXPLANATION,
    COLUMN_VERSION,
]
_YEAR_VALUE_HEADER = re.compile(r"^\d{4}年(度)?(实际值|完成值|数值|实际完成值)$")
_PAREN_SUFFIX = re.compile(r"\([^()]*\)$")


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


def missing_columns(match: HeaderMatch, *, has_default_year: bool) -> list[str]:
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
