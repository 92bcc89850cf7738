"""What every dashboard page is built from: number and status cells, links, cards, Page, Chart.

The pages turn the selectors' reads into these parts, in Chinese, so that a page and its CSV /
Excel exports are built from the same :class:`~indicators.dashboards.exports.Table` rows.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from common import numbers
from common.numbers import display_number, is_missing
from indicators.compute.charts import styles as status_styles
from indicators.compute.charts.layout import plotly_config
from indicators.compute.charts.sparkline import sparkline_svg
from indicators.compute.charts.styles import REPORT_STATUS, StatusStyle
from indicators.dashboards.exports import Cell, Table
from indicators.models import (
    Indicator,
    ProgressSnapshot,
    Region,
    Target,
    TaskReport,
    Unit,
    WorkflowState,
)

# On a page a table shows at most this many rows; its export has them all.
HTML_ROW_LIMIT = 200


# --- Formatting (numbers: common/numbers.py) ---------------------------------------------------


def fmt_percent(fraction, digits: int = 1) -> str:
    if is_missing(fraction):
        return "—"
    return f"{fraction * 100:.{digits}f}%"


def number_cell(value, decimals: int, *, note: str = "", hint: str = "") -> Cell:
    number = None if is_missing(value) else round(float(value), decimals)
    return Cell(display_number(value, decimals), value=number, note=note, hint=hint, numeric=True)


def percent_cell(fraction) -> Cell:
    number = None if is_missing(fraction) else round(fraction * 100, 1)
    return Cell(fmt_percent(fraction), value=number, numeric=True)


def status_cell(style: StatusStyle) -> Cell:
    return Cell(style.word, status=style)


def count_cell(n: int) -> Cell:
    return Cell(str(n), value=n, numeric=True)


def target_text(value, comparator: str, decimals: int) -> str:
    """A target by its comparator's code ("gte"), as printed: "≥3,700" (the symbol is
    Target.Comparator's label, the one place the symbols are written)."""
    symbol = Target.Comparator(comparator).label if comparator else ""
    return numbers.target_text(value, symbol, decimals)


def snapshot_target_cell(snapshot: ProgressSnapshot | None, decimals: int) -> Cell:
    if snapshot is None or is_missing(snapshot.target_value):
        return Cell("—")
    # The target's source (own / the city's as a benchmark) has its own column where it matters.
    notes = []
    if snapshot.target_interpolated:
        notes.append("插值")
    hint = (
        snapshot.target_plan.doc_number if snapshot.target_plan_id and snapshot.target_plan else ""
    )
    return Cell(
        target_text(snapshot.target_value, snapshot.target_comparator, decimals),
        value=round(snapshot.target_value, decimals),
        note="，".join(notes),
        hint=hint,
        numeric=True,
    )


def snapshot_actual_cell(snapshot: ProgressSnapshot | None, decimals: int) -> Cell:
    if snapshot is None:
        return Cell("—", numeric=True)
    notes = []
    if snapshot.actual_provisional:
        notes.append("未审核")
    if snapshot.stale:
        notes.append("待更新")
    return number_cell(snapshot.actual_value, decimals, note="，".join(notes))


def year_style(snapshot: ProgressSnapshot | None) -> StatusStyle:
    return status_styles.year_status_style(snapshot.year_status if snapshot else None)


def outlook_style(snapshot: ProgressSnapshot | None) -> StatusStyle:
    return status_styles.outlook_style(snapshot.outlook_status if snapshot else None)


def badges_cell(counts: dict[str, int], styles: dict[str, StatusStyle]) -> Cell:
    """Counts per status as small badges; exported as "已达标 3，未达标 1"."""
    parts = [(styles[c], counts[c]) for c in styles if counts.get(c)]
    return Cell("，".join(f"{s.word} {n}" for s, n in parts) or "—", badges=parts)


def report_cell(report: TaskReport | None) -> Cell:
    if report is None:
        return status_cell(REPORT_STATUS["none"])
    style = status_styles.report_status_style(report.status)
    period = report.get_period_display()
    note = "未审核" if report.state == WorkflowState.SUBMITTED else ""
    cell = Cell(
        f"{style.word}（{report.year}年{period}，{report.percent}%）", status=style, note=note
    )
    cell.hint = report.text[:200]
    return cell


def indicator_url(indicator: Indicator, year: int | None = None) -> str:
    url = reverse("dashboards:indicator", args=[indicator.code])
    return f"{url}?year={year}" if year else url


def region_url(region: Region, year: int | None = None) -> str:
    url = reverse("dashboards:region", args=[region.code])
    return f"{url}?year={year}" if year else url


def unit_url(unit: Unit, year: int | None = None) -> str:
    url = reverse("dashboards:unit", args=[unit.pk])
    return f"{url}?year={year}" if year else url


def wrap_label(text: str, width: int = 7) -> str:
    """Break a long Chinese label into lines for a chart axis."""
    return "<br>".join(text[i : i + width] for i in range(0, len(text), width))


# --- Page parts --------------------------------------------------------------------------------


@dataclass
class Chart:
    """A Plotly figure and how the page embeds it (JSON data + Plotly.newPlot config)."""

    key: str
    title: str
    figure: Any
    filename: str
    description: str = ""

    @property
    def payload(self) -> SafeString:
        # Safe inside <script type="application/json">: no "<", ">" or "&" survives unescaped.
        text = self.figure.to_json()
        text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
        return mark_safe(text)  # escaped above

    @property
    def config(self) -> str:
        return json.dumps(plotly_config(filename=self.filename), ensure_ascii=False)


@dataclass
class Page:
    title: str
    filename: str  # stem of the export file names
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    context: dict = field(default_factory=dict)

    def table(self, key: str) -> Table | None:
        return next((t for t in self.tables if t.key == key), None)

    @property
    def tables_by_key(self) -> dict[str, Table]:
        return {t.key: t for t in self.tables}

    @property
    def charts_by_key(self) -> dict[str, Chart]:
        return {c.key: c for c in self.charts}


@dataclass
class IndicatorCard:
    indicator: Indicator
    href: str
    year: int
    snapshot: ProgressSnapshot | None
    latest_year: int | None
    latest_value: float | None
    latest_text: str
    latest_note: str
    target: Cell
    other_target: str
    attainment: str
    year_style: StatusStyle
    outlook_style: StatusStyle
    sparkline: SafeString
    stale: bool


def indicator_card(
    indicator: Indicator, *, year: int, by_year: dict[int, ProgressSnapshot], years: list[int]
) -> IndicatorCard:
    """The card of one indicator for ``year``, from its city snapshots of every year."""
    snapshot = by_year.get(year)
    latest_year = max(
        (y for y, s in by_year.items() if y <= year and not is_missing(s.actual_value)),
        default=None,
    )
    latest = by_year.get(latest_year) if latest_year else None
    decimals = indicator.decimals
    other = ""
    if snapshot and not is_missing(snapshot.other_target_value) and snapshot.other_target_plan:
        other = (
            f"{snapshot.other_target_plan.doc_number}："
            f"{display_number(snapshot.other_target_value, decimals)}"
        )
    actuals = {y: s.actual_value for y, s in by_year.items() if not is_missing(s.actual_value)}
    targets = {y: s.target_value for y, s in by_year.items() if not is_missing(s.target_value)}
    return IndicatorCard(
        indicator=indicator,
        href=indicator_url(indicator, year),
        year=year,
        snapshot=snapshot,
        latest_year=latest_year,
        latest_value=latest.actual_value if latest else None,
        latest_text=display_number(latest.actual_value, decimals) if latest else "—",
        latest_note="未审核" if latest and latest.actual_provisional else "",
        target=snapshot_target_cell(snapshot, decimals),
        other_target=other,
        attainment=fmt_percent(snapshot.attainment) if snapshot else "—",
        year_style=year_style(snapshot),
        outlook_style=outlook_style(snapshot),
        sparkline=mark_safe(  # built from numbers and an escaped label
            sparkline_svg(
                years=years,
                actuals=actuals,
                targets=targets,
                label=f"{indicator.name}：{years[0]}—{years[-1]}年实际值（实线）与目标路径（虚线）",
            )
        ),
        stale=any(s.stale for s in by_year.values()),
    )


def counts_by(values: Iterable[str]) -> dict[str, int]:
    """How many times each value occurs (status code → count), for the badges and the charts."""
    counts: dict[str, int] = defaultdict(int)
    for value in values:
        counts[value] += 1
    return dict(counts)
