"""The export of a year's values: every actual (every region, period, vintage and state) with who
entered and reviewed it, as a frame and as .xlsx; period and vintage in columns of their own."""

from __future__ import annotations

import pandas as pd
from django.utils.translation import gettext, gettext_noop
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from common.people import display_name
from common.periods import period_name
from common.spreadsheets import workbook_bytes, xlsx_cell
from common.timefmt import local_time
from indicators.entry.services.imports import (
    COLUMN_EXPLANATION,
    COLUMN_INDICATOR,
    COLUMN_PERIOD,
    COLUMN_REGION,
    COLUMN_SOURCE_NOTE,
    COLUMN_VERSION,
    COLUMN_VINTAGE,
    COLUMN_YEAR,
)
from indicators.entry.spreadsheets.headers import COLUMN_NAME
from indicators.entry.spreadsheets.writing import BORDER, FILL_HEAD, number_cell
from indicators.models import Actual

# Written in the reader's language (the export is read by people, never imported again).
EXPORT_HEADERS = [
    (COLUMN_INDICATOR, 10),
    (COLUMN_NAME, 42),
    (gettext_noop("计量单位"), 10),
    (COLUMN_REGION, 14),
    (COLUMN_YEAR, 8),
    (COLUMN_PERIOD, 9),
    (COLUMN_VINTAGE, 12),
    (gettext_noop("实际值"), 14),
    (gettext_noop("状态"), 10),
    (gettext_noop("来源"), 10),
    (COLUMN_SOURCE_NOTE, 36),
    (COLUMN_EXPLANATION, 30),
    (gettext_noop("填报人"), 12),
    (gettext_noop("提交时间"), 18),
    (gettext_noop("审核人"), 12),
    (gettext_noop("审核时间"), 18),
    (gettext_noop("审核意见"), 30),
    (COLUMN_VERSION, 6),
]


def _person(user) -> str:
    return display_name(user, nobody="")


def export_frame(*, year: int) -> pd.DataFrame:
    actuals = (
        Actual.objects.filter(year=year)
        .select_related("indicator", "region", "entered_by", "reviewed_by")
        .order_by(
            "indicator__category",
            "indicator__key_order",
            "indicator__code",
            "region__order",
            "period",
            "vintage",
        )
    )
    records = [
        {
            COLUMN_INDICATOR: a.indicator.code,
            COLUMN_NAME: a.indicator.name,
            "计量单位": a.indicator.unit_of_measure,
            COLUMN_REGION: a.region.name,
            COLUMN_YEAR: a.year,
            COLUMN_PERIOD: period_name(a.period),
            COLUMN_VINTAGE: a.get_vintage_display() if a.period == 12 else "",
            "实际值": number_cell(a.value),
            "状态": a.get_state_display(),
            "来源": a.get_origin_display(),
            COLUMN_SOURCE_NOTE: a.source_note,
            COLUMN_EXPLANATION: a.explanation,
            "填报人": _person(a.entered_by),
            "提交时间": local_time(a.submitted_at, empty=""),
            "审核人": _person(a.reviewed_by),
            "审核时间": local_time(a.reviewed_at, empty=""),
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
    ws.title = gettext("%(year)s年实际值") % {"year": year}
    for index, (title, width) in enumerate(EXPORT_HEADERS, start=1):
        cell = xlsx_cell(ws, row=1, column=index, value=gettext(title))
        cell.font = Font(bold=True)
        cell.fill = FILL_HEAD
        cell.border = BORDER
        ws.column_dimensions[get_column_letter(index)].width = width
    for r, record in enumerate(frame.itertuples(index=False, name=None), start=2):
        for c, value in enumerate(record, start=1):
            if isinstance(value, float) and value != value:  # NaN from pandas
                value = None
            xlsx_cell(ws, row=r, column=c, value=value.item() if hasattr(value, "item") else value)
    ws.freeze_panes = "C2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(EXPORT_HEADERS))}{max(1, len(frame) + 1)}"
    return workbook_bytes(wb)
