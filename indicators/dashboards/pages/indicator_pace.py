"""The indicator page's 序时进度 section: one region's periods of the selected year (the city's by
default, another region's with ``?pace_region=<code>``) as a chart and a table, and every
region's latest period, each linking to its own chart.

Cells, texts and the statuses' styles are pace.py's; the chart is drawn by
indicators/compute/charts/pace.py.
"""

from __future__ import annotations

from django.utils.translation import gettext

from common.numbers import display_number, display_percent, is_missing
from common.periods import period_label, period_name
from indicators.compute.charts.pace import PaceLabels, pace_figure
from indicators.dashboards.exports import Cell, Row, Table
from indicators.dashboards.pages.pace import (
    PACE_METHOD_ANCHOR,
    latest_pace_table,
    pace_cells,
    pace_chart_url,
    pace_columns,
    pace_hint,
    pace_style,
    pace_texts,
    profile_text,
)
from indicators.dashboards.pages.parts import Chart, Page
from indicators.dashboards.selectors.periods import latest_periods, period_snapshots
from indicators.models import Indicator, PeriodSnapshot, Region


def add_pace_section(
    page: Page, *, indicator: Indicator, year: int, city: Region, region: Region | None = None
) -> None:
    """Add the section's chart and tables to the page, where there are periods (2 queries)."""
    region = region or city
    periods = period_snapshots(indicator=indicator, region=region, year=year)
    if periods:
        page.charts.append(
            pace_chart(indicator=indicator, snapshots=periods, year=year, region_name=region.name)
        )
        page.tables.append(
            pace_table(indicator=indicator, snapshots=periods, year=year, region_name=region.name)
        )
    latest = latest_periods(year=year, indicator_ids=[indicator.id], with_region=True)
    if any(r != city.id for _, r in latest):
        rows = sorted(
            latest.values(), key=lambda s: (not s.region.is_city, s.region.order, s.region.name)
        )
        page.tables.append(
            latest_pace_table(
                key="region_pace",
                title=gettext("各区域%(year)s年序时进度（最新期间）") % {"year": year},
                first_column=gettext("区域"),
                rows=[
                    (
                        Cell(
                            s.region.name,
                            href=pace_chart_url(
                                indicator, year, "" if s.region_id == city.id else s.region.code
                            ),
                            header=True,
                        ),
                        s,
                        indicator,
                    )
                    for s in rows
                ],
                unit=indicator.unit_of_measure,
                hint=gettext("点击区域名称，查看该区域各期的序时进度图表。"),
            )
        )
    page.context["pace_region"] = region


def pace_table(
    *, indicator: Indicator, snapshots: list[PeriodSnapshot], year: int, region_name: str
) -> Table:
    rows = [
        Row(
            [
                Cell(period_label(s.year, s.period), value=s.period, header=True, nowrap=True),
                *pace_cells(s, indicator),
                Cell(profile_text(s), href=PACE_METHOD_ANCHOR),
            ]
        )
        for s in snapshots
    ]
    return Table(
        "pace",
        gettext("%(year)s年序时进度（%(region)s）") % {"year": year, "region": region_name},
        [gettext("期间"), *pace_columns(indicator.unit_of_measure), gettext("序时口径")],
        rows,
        hint=pace_hint(indicator),
    )


def pace_chart(
    *, indicator: Indicator, snapshots: list[PeriodSnapshot], year: int, region_name: str
) -> Chart:
    unit = indicator.unit_of_measure
    hover, expected = [], []
    for s in snapshots:
        actual, expected_text = pace_texts(s, indicator)
        hover.append(
            gettext(
                "%(period)s：实际值 %(actual)s %(unit)s，序时目标 %(expected)s，"
                "序时完成率 %(ratio)s，%(status)s"
            )
            % {
                "period": period_label(s.year, s.period),
                "actual": actual,
                "unit": unit,
                "expected": expected_text,
                "ratio": display_percent(s.pace_ratio),
                "status": pace_style(s).word,
            }
        )
        expected.append(None if is_missing(s.expected_value) else s.expected_value)
    targets = [s.target_value for s in snapshots if not is_missing(s.target_value)]
    annual_target = targets[-1] if targets else None
    title = gettext("%(name)s（%(region)s）：%(year)s年序时进度") % {
        "name": indicator.name,
        "region": region_name,
        "year": year,
    }
    figure = pace_figure(
        title=title,
        unit=unit,
        periods=[s.period for s in snapshots],
        tick_labels=[period_name(s.period) for s in snapshots],
        short_tick_labels=[gettext("%(month)s月") % {"month": s.period} for s in snapshots],
        actuals=[s.actual_value for s in snapshots],
        expected=expected,
        statuses=[s.pace_status for s in snapshots],
        hover=hover,
        provisional=[s.actual_provisional for s in snapshots],
        annual_target=annual_target,
        labels=PaceLabels(
            actual=gettext("实际值（年初至当期）"),
            expected=gettext("序时目标"),
            annual_target=(
                gettext("年度目标 %(target)s") % {"target": display_number(annual_target)}
                if annual_target is not None
                else ""
            ),
            provisional=gettext("（未审核）"),
        ),
    )
    return Chart(
        "pace",
        title,
        figure,
        filename=gettext("%(code)s-序时进度-%(year)s") % {"code": indicator.code, "year": year},
        description=gettext(
            "实线为年初至各期的实际值，圆点按序时状态着色并标注图标（▲ 超序时、● 符合序时、"
            "▼ 落后序时，空心为未审核）；虚线为序时目标；点线为年度目标。"
        ),
    )
