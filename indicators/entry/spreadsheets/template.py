"""The year's entry template for a user: one row per indicator × region they may fill, with
targets, last year's values and the current state; only the cells to fill are unprotected."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from common.numbers import format_number
from common.spreadsheets import workbook_bytes, xlsx_cell
from indicators.entry import selectors as entry_selectors
from indicators.entry.services.imports import (
    COLUMN_EXPLANATION,
    COLUMN_INDICATOR,
    COLUMN_REGION,
    COLUMN_SOURCE_NOTE,
    COLUMN_VALUE,
    COLUMN_VERSION,
    COLUMN_YEAR,
)
from indicators.entry.spreadsheets.headers import COLUMN_NAME
from indicators.entry.spreadsheets.writing import BORDER, FILL_HEAD, number_cell
from indicators.entry.validation import ValueBounds, value_bounds
from indicators.models import Region, WorkflowState

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


def build_template(*, user, year: int, regions: list[Region] | None = None) -> bytes:
    """The year's entry template for this user: one row per indicator × region they may fill."""
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
        "只在黄色单元格填写：本年值、数据来源说明、变动说明（与上年相比变动超过 %(share)s%% 时必填）。"
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
    value_column = [title for title, _ in TEMPLATE_HEADERS].index(COLUMN_VALUE) + 1
    validations: dict[ValueBounds, DataValidation] = {}
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
                if title in EDITABLE and not locked:
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
            "1. 只填写“填报”工作表中的黄色单元格：本年值、数据来源说明、变动说明。灰色为已审核锁定的数值，不能修改。"
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
    ]
    for index, line in enumerate(lines, start=1):
        xlsx_cell(ws, row=index, column=1, value=line)
    ws["A1"].font = Font(size=13, bold=True)
    ws.column_dimensions["A"].width = 120
