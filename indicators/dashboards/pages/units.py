"""The unit pages: bureaus side by side, and one unit's tasks and indicators."""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext

from common.numbers import is_missing
from indicators.compute.charts.bars import attainment_figure, status_counts_figure
from indicators.compute.charts.styles import REPORT_STATUS, YEAR_STATUS
from indicators.dashboards.exports import Cell, Row, Table
from indicators.dashboards.pages.cells import (
    badges_cell,
    count_cell,
    counted_apart,
    outlook_status_cell,
    percent_cell,
    snapshot_actual_cell,
    snapshot_target_cell,
    with_unit,
    year_status_cell,
)
from indicators.dashboards.pages.parts import (
    Chart,
    Page,
    counts_by,
    indicator_url,
    report_cell,
    task_label,
    task_url,
    unit_url,
)
from indicators.dashboards.selectors.common import (
    city_region,
    city_snapshots_of_year,
    snapshots_by_indicator_year,
)
from indicators.dashboards.selectors.tasks import latest_reports
from indicators.dashboards.selectors.units import unit_detail, unit_summaries
from indicators.models import Task, TaskReport, Unit


def units_page(*, year: int) -> Page:
    summaries = unit_summaries()
    city = city_region()
    city_year = city_snapshots_of_year(city=city, year=year)
    task_ids = sorted({t for s in summaries for t in s.led_task_ids + s.coled_task_ids})
    reports = latest_reports(task_ids=task_ids, year=year)
    page = Page(title=gettext("部门对比"), filename=gettext("部门对比-%(year)s年") % {"year": year})
    rows, labels = [], []
    indicator_counts, report_counts = defaultdict(list), defaultdict(list)
    chart_units = []
    for summary in summaries:
        unit = summary.unit
        ind_final, ind_provisional = counted_apart(
            (city_year.get(i) for i in summary.indicator_ids), missing="no_data"
        )
        ind_counts = counts_by(
            city_year[i].year_status if i in city_year else "no_data" for i in summary.indicator_ids
        )
        rep_counts = counts_by(
            reports[t].status if t in reports else "none" for t in summary.led_task_ids
        )
        rows.append(
            Row(
                [
                    Cell(unit.name, href=unit_url(unit, year), header=True),
                    Cell(unit.get_kind_display()),
                    with_unit(count_cell(len(summary.led_task_ids)), gettext("项")),
                    with_unit(count_cell(len(summary.coled_task_ids)), gettext("项")),
                    with_unit(count_cell(len(summary.indicator_ids)), gettext("个")),
                    badges_cell(ind_final, YEAR_STATUS, ind_provisional),
                    badges_cell(rep_counts, REPORT_STATUS),
                ]
            )
        )
        if summary.indicator_ids or summary.led_task_ids:
            chart_units.append(unit.name)
            labels.append(unit.name)
            for code in YEAR_STATUS:
                indicator_counts[code].append(ind_counts.get(code, 0))
            for code in REPORT_STATUS:
                report_counts[code].append(rep_counts.get(code, 0))
    page.tables.append(
        Table(
            "units",
            gettext("各责任单位对比（%(year)s年）") % {"year": year},
            [
                gettext("单位"),
                gettext("类型"),
                gettext("牵头任务"),
                gettext("配合任务"),
                gettext("牵头指标"),
                gettext("牵头指标年度状态（全市）"),
                gettext("牵头任务最新进展"),
            ],
            rows,
        )
    )
    if labels:
        page.charts.append(
            Chart(
                "indicators",
                gettext("各单位牵头指标的年度状态"),
                status_counts_figure(
                    categories=labels,
                    counts=dict(indicator_counts),
                    title=gettext("各单位牵头指标%(year)s年状态（全市）") % {"year": year},
                    value_label=gettext("个指标"),
                ),
                filename=gettext("各单位牵头指标状态-%(year)s") % {"year": year},
            )
        )
        page.charts.append(
            Chart(
                "reports",
                gettext("各单位牵头任务的最新进展"),
                status_counts_figure(
                    categories=labels,
                    counts=dict(report_counts),
                    styles=REPORT_STATUS,
                    title=gettext("各单位牵头任务最新进展（截至%(year)s年）") % {"year": year},
                    value_label=gettext("项任务"),
                ),
                filename=gettext("各单位牵头任务进展-%(year)s") % {"year": year},
            )
        )
    return page


def _task_rows(tasks: list[Task], reports: dict[int, TaskReport], year: int) -> list[Row]:
    rows = []
    for task in tasks:
        links = list(task.task_units.all())
        lead = next((tu.unit for tu in links if tu.is_lead), None)
        report = reports.get(task.id)
        rows.append(
            Row(
                [
                    Cell(task.plan.doc_number),
                    Cell(str(task.lever) if task.lever_id else task.get_kind_display()),
                    Cell(
                        task_label(task),
                        href=task_url(task, year),
                        hint=task.text[:300],
                        header=True,
                    ),
                    Cell(lead.name if lead else "—", href=unit_url(lead, year) if lead else ""),
                    report_cell(report),
                    Cell(report.unit.name if report else "—"),
                ]
            )
        )
    return rows


def unit_page(*, unit: Unit, year: int) -> Page:
    detail = unit_detail(unit=unit)
    city = city_region()
    reports = latest_reports(task_ids=[t.id for t in detail.led + detail.coled], year=year)
    snapshots = snapshots_by_indicator_year(
        indicator_ids=[i.id for i in detail.indicators], region=city
    )
    page = Page(
        title=unit.name, filename=gettext("%(name)s-%(year)s年") % {"name": unit.name, "year": year}
    )
    columns = [
        gettext("方案"),
        gettext("抓手/类型"),
        gettext("任务"),
        gettext("牵头单位"),
        gettext("最新进展"),
        gettext("报告单位"),
    ]
    page.tables.append(
        Table(
            "led",
            gettext("牵头任务（%(len)s项）") % {"len": len(detail.led)},
            columns,
            _task_rows(detail.led, reports, year),
        )
    )
    page.tables.append(
        Table(
            "coled",
            gettext("配合任务（%(len)s项）") % {"len": len(detail.coled)},
            columns,
            _task_rows(detail.coled, reports, year),
        )
    )
    rows, with_attainment = [], []
    for ind in detail.indicators:
        s = snapshots.get((ind.id, year))
        if s is not None and not is_missing(s.attainment):
            with_attainment.append((ind, s))
        rows.append(
            Row(
                [
                    Cell(ind.name, href=indicator_url(ind, year), header=True),
                    Cell(ind.get_category_display()),
                    Cell(ind.unit_of_measure),
                    snapshot_actual_cell(s, ind),
                    snapshot_target_cell(s, ind),
                    percent_cell(s.attainment if s else None),
                    year_status_cell(s),
                    outlook_status_cell(s),
                ]
            )
        )
    page.tables.append(
        Table(
            "indicators",
            gettext("牵头指标（全市，%(year)s年）") % {"year": year},
            [
                gettext("指标"),
                gettext("类别"),
                gettext("单位"),
                gettext("实际值"),
                gettext("年度目标"),
                gettext("完成率"),
                gettext("年度状态"),
                gettext("趋势研判"),
            ],
            rows,
        )
    )
    if with_attainment:
        page.charts.append(
            Chart(
                "attainment",
                gettext("%(name)s牵头指标完成率") % {"name": unit.name},
                attainment_figure(
                    labels=[i.name for i, _ in with_attainment[:30]],
                    attainments=[s.attainment for _, s in with_attainment[:30]],
                    statuses=[s.year_status for _, s in with_attainment[:30]],
                    title=gettext("%(name)s牵头指标%(year)s年完成率（全市）")
                    % {"name": unit.name, "year": year},
                ),
                filename=gettext("%(name)s-牵头指标完成率-%(year)s")
                % {"name": unit.name, "year": year},
            )
        )
    page.context.update({"unit": unit})
    return page
