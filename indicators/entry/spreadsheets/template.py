"""The year's entry template for a user: one row per indicator × region × period they may fill,
with targets, last year's values of the same period and the current state; only the cells to
fill are unprotected. By default the full year's rows, and for an indicator reporting during
the year a row of its current period (the latest one ended, calendar.current_period) too; with
a period, that period's rows only."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from common.numbers import format_number
from common.periods import period_name
from common.spreadsheets import workbook_bytes, xlsx_cell
from indicators.compute.periods import period_months
from indicators.entry import calendar as cal
from indicators.entry import selectors as entry_selectors
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
from indicators.entry.spreadsheets.headers import COLUMN_NAME
from indicators.entry.spreadsheets.writing import BORDER, FILL_HEAD, number_cell
from indicators.entry.validation import ValueBounds, value_bounds
from indicators.models import Actual, Region, WorkflowState

TEMPLATE_HEADERS = [
    ("序号", 6),
    (COLUMN_INDICATOR, 10),
    (COLUMN_NAME, 42),
    (COLUMN_REGION, 14),
    (COLUMN_YEAR, 8),
    (COLUMN_PERIOD, 9),
    (COLUMN_VINTAGE, 12),
    ("计量单位", 10),
    ("年度目标", 14),
    ("上年值", 12),
    (COLUMN_VALUE, 14),
    (COLUMN_SOURCE_NOTE, 30),
    (COLUMN_EXPLANATION, 30),
    ("当前状态", 12),
    (COLUMN_VERSION, 6),
]
EDITABLE = {COLUMN_VALUE, COLUMN_SOURCE_NOTE, COLUMN_EXPLANATION, COLUMN_PERIOD, COLUMN_VINTAGE}
FILL_EDIT = PatternFill("solid", fgColor="FFF6CC")
FILL_LOCKED = PatternFill("solid", fgColor="EEEEEE")


def _target_text(target) -> str:
    if target is None:
        return ""
    text = f"{target.comparator}{format_number(target.value) if not isinstance(target.value, float) else f'{target.value:g}'}"
    if target.interpolated:
        text += gettext("（折算）")
    if target.benchmark:
        text += gettext("（对标全市）")
    return text


def value_number_format(indicator, bounds: ValueBounds) -> str:
    """The number format of a value cell: thousand separators, whole numbers without decimals,
    others with at least the indicator's decimals (at least one) and up to six, so that a
    figure typed with more decimals still shows them all."""
    if bounds.whole:
        return "#,##0"
    shown = max(indicator.decimals or 0, 1)
    return "#,##0." + "0" * shown + "#" * max(6 - shown, 0)


def value_validation(bounds: ValueBounds) -> DataValidation:
    """Excel's own check of a value cell: a number (a whole one where only those are allowed)
    within the indicator's range, blank allowed (a row left empty is skipped by the import).
    The import checks again: a spreadsheet's validation is easily bypassed by pasting."""
    kind = "whole" if bounds.whole else "decimal"
    low = format_number(bounds.low)
    if bounds.high is None:
        validation = DataValidation(type=kind, operator="greaterThanOrEqual", formula1=low)
        rule = (
            gettext("不小于 %(low)s 的整数") if bounds.whole else gettext("不小于 %(low)s 的数")
        ) % {"low": low}
    else:
        high = format_number(bounds.high)
        validation = DataValidation(type=kind, operator="between", formula1=low, formula2=high)
        rule = (
            gettext("%(low)s 到 %(high)s 之间的整数")
            if bounds.whole
            else gettext("%(low)s 到 %(high)s 之间的数")
        ) % {"low": low, "high": high}
    validation.allow_blank = True
    validation.showErrorMessage = True
    validation.showInputMessage = True
    validation.errorTitle = gettext("数值超出范围")
    validation.error = gettext("请填写%(rule)s，不要填写文字或公式。") % {"rule": rule}
    validation.promptTitle = gettext("本年值")
    validation.prompt = gettext("填写%(rule)s。") % {"rule": rule}
    return validation


def period_validation(frequency: str) -> DataValidation:
    """The list of the periods an indicator of this frequency reports (「1–9月」…「全年」)."""
    names = ",".join(period_name(m) for m in period_months(frequency))
    validation = DataValidation(type="list", formula1=f'"{names}"', allow_blank=False)
    validation.showErrorMessage = True
    validation.errorTitle = "期间不符"
    validation.error = f"该指标的期间只能是：{names.replace(',', '、')}。"
    return validation


def vintage_validation() -> DataValidation:
    """The list of vintages of a full year's figure."""
    names = ",".join(str(label) for label in Actual.Vintage.labels)
    validation = DataValidation(type="list", formula1=f'"{names}"', allow_blank=True)
    validation.showErrorMessage = True
    validation.errorTitle = "数据版本"
    validation.error = "数据版本只能是快报、年报（正式）或修订；1–m月的累计数填年报（正式）或留空。"
    return validation


def template_rows(user, *, region: Region, year: int, period: int | None):
    """The entry rows of a region for the template: those of `period`, or (None) the full
    year's and each periodic indicator's current period (calendar.current_period)."""
    if period is not None:
        return entry_selectors.entry_rows(user, region=region, year=year, period=period)
    indicators = entry_selectors.enterable_indicators(user, region)
    rows = entry_selectors.entry_rows(user, region=region, year=year, indicators=indicators)
    today = timezone.localdate()
    current: dict[int, list] = {}
    for indicator in indicators:
        month = cal.current_period(frequency=indicator.frequency, year=year, today=today)
        if month is not None:
            current.setdefault(month, []).append(indicator)
    for month in sorted(current):
        rows += entry_selectors.entry_rows(
            user, region=region, year=year, indicators=current[month], period=month
        )
    return rows


def build_template(
    *, user, year: int, regions: list[Region] | None = None, period: int | None = None
) -> bytes:
    """The year's entry template for this user: one row per indicator × region × period they
    may fill (see the module's docstring for which periods)."""
    regions = regions if regions is not None else entry_selectors.entry_regions(user)
    share = settings.WZSCI_OUTLIER_SHARE
    wb = Workbook()
    ws = wb.active
    ws.title = gettext("填报")
    last_col = get_column_letter(len(TEMPLATE_HEADERS))
    ws.merge_cells(f"A1:{last_col}1")
    xlsx_cell(
        ws, row=1, column=1, value=gettext("%(year)s年度科技创新指标实际值填报表") % {"year": year}
    )
    ws["A1"].font = Font(size=14, bold=True)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.merge_cells(f"A2:{last_col}2")
    instructions = gettext(
        "只在黄色单元格填写：本年值、数据来源说明、变动说明（与上年同期相比变动超过 %(share)s%% 时必填），"
        "期间（1–m月为年初至当期的累计数）和数据版本（全年数：快报、年报（正式）、修订）。"
        "其余单元格已保护，请勿改动表头和“版本”列。上传后系统逐项校验，任何一处错误都会整表退回并列出全部问题。"
    ) % {"share": f"{share * 100:.0f}"}
    xlsx_cell(ws, row=2, column=1, value=instructions)
    ws["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[2].height = 36
    header_row = 3
    for index, (title, width) in enumerate(TEMPLATE_HEADERS, start=1):
        cell = xlsx_cell(ws, row=header_row, column=index, value=title)
        cell.font = Font(bold=True)
        cell.fill = FILL_HEAD
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.column_dimensions[get_column_letter(len(TEMPLATE_HEADERS))].hidden = True
    row_number = header_row
    serial = 0
    titles = [title for title, _ in TEMPLATE_HEADERS]
    value_column = titles.index(COLUMN_VALUE) + 1
    period_column = titles.index(COLUMN_PERIOD) + 1
    vintage_column = titles.index(COLUMN_VINTAGE) + 1
    validations: dict[ValueBounds, DataValidation] = {}
    period_lists: dict[str, DataValidation] = {}
    vintages = vintage_validation()
    ws.add_data_validation(vintages)
    for region in regions:
        for row in template_rows(user, region=region, year=year, period=period):
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
                COLUMN_PERIOD: period_name(row.period),
                COLUMN_VINTAGE: row.vintage_label if row.period == 12 else "",
                "计量单位": row.indicator.unit_of_measure,
                "年度目标": _target_text(row.target),
                "上年值": number_cell(row.last.value) if row.last else None,
                COLUMN_VALUE: number_cell(actual.value) if actual else None,
                COLUMN_SOURCE_NOTE: actual.source_note if actual else "",
                COLUMN_EXPLANATION: actual.explanation if actual else "",
                "当前状态": (actual.get_state_display() + (gettext("（锁定）") if locked else ""))
                if actual
                else gettext("未填报"),
                COLUMN_VERSION: actual.version if actual else 0,
            }
            for index, (title, _) in enumerate(TEMPLATE_HEADERS, start=1):
                cell = xlsx_cell(ws, row=row_number, column=index, value=values[title])
                cell.border = BORDER
                editable = title in EDITABLE and not locked
                if title == COLUMN_VINTAGE and row.period != 12:
                    editable = False  # a year-to-date figure has no vintage
                if editable:
                    cell.protection = Protection(locked=False)
                    cell.fill = FILL_EDIT
                elif title in EDITABLE:
                    cell.fill = FILL_LOCKED
                if title in {COLUMN_NAME, COLUMN_SOURCE_NOTE, COLUMN_EXPLANATION}:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
            bounds = value_bounds(row.indicator)
            value_cell = ws.cell(row=row_number, column=value_column)
            value_cell.number_format = value_number_format(row.indicator, bounds)
            if not locked:
                if bounds not in validations:
                    validations[bounds] = value_validation(bounds)
                    ws.add_data_validation(validations[bounds])
                validations[bounds].add(value_cell)
                frequency = row.indicator.frequency
                if frequency not in period_lists:
                    period_lists[frequency] = period_validation(frequency)
                    ws.add_data_validation(period_lists[frequency])
                period_lists[frequency].add(ws.cell(row=row_number, column=period_column))
                if row.period == 12:
                    vintages.add(ws.cell(row=row_number, column=vintage_column))
    ws.freeze_panes = ws.cell(row=header_row + 1, column=4)
    ws.protection.sheet = True
    ws.protection.formatCells = False
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    _instructions_sheet(wb, year=year)
    return workbook_bytes(wb)


def _instructions_sheet(wb: Workbook, *, year: int) -> None:
    ws = wb.create_sheet(gettext("说明"))
    share = settings.WZSCI_OUTLIER_SHARE
    lines = [
        gettext("%(year)s年度科技创新指标实际值填报说明") % {"year": year},
        gettext(
            "1. 只填写“填报”工作表中的黄色单元格：本年值、数据来源说明、变动说明、期间、数据版本。灰色为已审核锁定的数值，不能修改。"
        ),
        gettext(
            "2. 本年值填写数字即可：可带千位分隔符（3,700）、百分号（2.61%）、全角数字；请勿填写公式。"
        ),
        gettext(
            "3. 比重（单位为 %）填 0—100 之间的数；增长率填 −100—1000 之间的数；家、个、项、人、件等计数填不小于 0 的整数。"
        ),
        gettext(
            "4. 与上年值相比变动超过 %(share)s%% 的（增长率为超过 %(share)s 个百分点），须填写变动说明。"
        )
        % {"share": f"{share * 100:.0f}"},
        gettext(
            "5. 上传后系统逐项校验：只要有一处错误，整表都不会保存，并列出每个问题所在的工作表、行、列和原因。"
        ),
        gettext(
            "6. 导入的数值为草稿，不会进入审核：请在填报页面点击“提交审核”，或上传时勾选“导入后直接提交审核”。本年值单元格带有数据验证，超出范围的数会被 Excel 拒绝。"
        ),
        gettext("7. “版本”列用于防止覆盖他人的修改：如提示数据已被他人修改，请重新下载模板。"),
        gettext(
            "8. 期间：“全年”为全年数；按月、按季、按半年填报的指标另有“1–m月”行，填年初至当期的累计数，不能当作全年数。期间只能选该指标的填报频度所有的期间。"
        ),
        gettext(
            "9. 数据版本只用于全年数：快报、年报（正式）、修订。改填新的版本（如快报之后的年报）会另存一条记录，原有版本保留不变；1–m月的累计数不分版本。"
        ),
    ]
    for index, line in enumerate(lines, start=1):
        xlsx_cell(ws, row=index, column=1, value=line)
    ws["A1"].font = Font(size=13, bold=True)
    ws.column_dimensions["A"].width = 120
