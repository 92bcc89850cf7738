"""What every dashboard page is built from: report cells, links, cards, Page, Chart (number and
status cells: cells.py).

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
from django.utils.translation import gettext

from common.numbers import display_number, is_missing
from indicators.compute.charts import styles as status_styles
from indicators.compute.charts.layout import plotly_config
from indicators.compute.charts.sparkline import sparkline_svg
from indicators.compute.charts.styles import REPORT_STATUS, StatusStyle
from indicators.dashboards.exports import Cell, Table
from indicators.dashboards.pages.cells import (
    fmt_percent,
    is_provisional,
    outlook_style,
    snapshot_pair,
    snapshot_target_cell,
    status_cell,
    year_style,
)
from indicators.models import (
    Indicator,
    ProgressSnapshot,
    Region,
    Task,
    TaskReport,
    Unit,
    WorkflowState,
)

# On a page a table shows at most this many rows; its export has them all.
HTML_ROW_LIMIT = 200


def report_cell(report: TaskReport | None) -> Cell:
    if report is None:
        return status_cell(REPORT_STATUS["none"])
    style = status_styles.report_status_style(report.status)
    period = report.get_period_display()
    submitted = report.state == WorkflowState.SUBMITTED
    cell = Cell(
        gettext("%(word)s（%(year)s年%(period)s，%(percent)s%%）")
        % {"word": style.word, "year": report.year, "period": period, "percent": report.percent},
        status=style,
        provisional=submitted,  # outlined, marked 暂; "（暂，未审核）" in a download
    )
    cell.hint = report.text[:200]
    return cell


def indicator_url(indicator: Indicator, year: int | None = None) -> str:
    url = reverse("dashboards:indicator", args=[indicator.code])
    return f"{url}?year={year}" if year else url


def region_url(region: Region, year: int | None = None) -> str:
    """A region's page; the city's is the overview (the region page of the city is a 404)."""
    if region.is_city:
        url = reverse("dashboards:overview")
        return f"{url}?year={year}" if year else url
    url = reverse("dashboards:region", args=[region.code])
    return f"{url}?year={year}" if year else url


def unit_url(unit: Unit, year: int | None = None) -> str:
    url = reverse("dashboards:unit", args=[unit.pk])
    return f"{url}?year={year}" if year else url


def task_url(task: Task, year: int | None = None) -> str:
    url = reverse("dashboards:task", args=[task.pk])
    return f"{url}?year={year}" if year else url


def task_label(task: Task) -> str:
    """How a table names a task: "5. 打造新型实验室体系"."""
    return f"{task.number}. {task.title}"


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
    year_provisional: bool
    outlook_provisional: bool
    sparkline: SafeString
    stale: bool
    # Where the year has no full-year figure yet: its latest period (pace.CardPace) and the
    # annual status of the last complete year (pace.CompleteYear); set by the overview.
    pace: Any = None
    complete: Any = None
    # The vintage the year status rests on where it is not the final 年报 (快报, 修订).
    vintage: str = ""


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
        other = gettext("%(doc)s：%(value)s") % {
            "doc": snapshot.other_target_plan.doc_number,
            "value": display_number(snapshot.other_target_value, decimals),
        }
    actuals = {y: s.actual_value for y, s in by_year.items() if not is_missing(s.actual_value)}
    targets = {y: s.target_value for y, s in by_year.items() if not is_missing(s.target_value)}
    # The latest figure is the year's own when there is one: then it sits beside the year's
    # target and is shown so that the two read as the year status says.
    if latest is not None and latest_year == year:
        latest_text = snapshot_pair(latest, indicator).actual
    else:
        latest_text = display_number(latest.actual_value, decimals) if latest else "—"
    return IndicatorCard(
        indicator=indicator,
        href=indicator_url(indicator, year),
        year=year,
        snapshot=snapshot,
        latest_year=latest_year,
        latest_value=latest.actual_value if latest else None,
        latest_text=latest_text,
        latest_note=gettext("未审核") if latest and latest.actual_provisional else "",
        target=snapshot_target_cell(snapshot, indicator),
        other_target=other,
        attainment=fmt_percent(snapshot.attainment) if snapshot else "—",
        year_style=year_style(snapshot),
        outlook_style=outlook_style(snapshot),
        # The year status rests on the year's figure, the outlook on the latest one.
        year_provisional=is_provisional(snapshot),
        outlook_provisional=is_provisional(latest),
        sparkline=mark_safe(  # built from numbers and an escaped label
            sparkline_svg(
                years=years,
                actuals=actuals,
                targets=targets,
                label=gettext("%(name)s：%(years)s—%(years2)s年实际值（实线）与目标路径（虚线）")
                % {"name": indicator.name, "years": years[0], "years2": years[-1]},
            )
        ),
        stale=any(s.pending for s in by_year.values()),
    )


def counts_by(values: Iterable[str]) -> dict[str, int]:
    """How many times each value occurs (status code → count), for the badges and the charts."""
    counts: dict[str, int] = defaultdict(int)
    for value in values:
        counts[value] += 1
    return dict(counts)
