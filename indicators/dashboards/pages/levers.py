"""The levers page: levers → key tasks → task indicators, and the plans without levers."""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext

from indicators.compute.charts.bars import status_counts_figure
from indicators.compute.charts.styles import OUTLOOK, YEAR_STATUS
from indicators.dashboards.exports import Cell, Row, Table
from indicators.dashboards.pages.cells import (
    outlook_status_cell,
    percent_cell,
    snapshot_actual_cell,
    snapshot_target_cell,
    status_cell,
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
from indicators.dashboards.selectors.common import city_region, city_snapshots_of_year
from indicators.dashboards.selectors.tasks import (
    latest_reports,
    levers_with_tasks,
    tasks_without_lever,
)
from indicators.models import ProgressSnapshot, Task, TaskReport


def _task_indicator_rows(
    task: Task,
    *,
    city_year: dict[int, ProgressSnapshot],
    report: TaskReport | None,
    year: int,
    group: str,
    lead_column: bool = True,
) -> list[Row]:
    """One row per linked indicator (one row with dashes when none); task cells span them."""
    indicators = list(task.indicators.all())
    links = list(task.task_units.all())
    lead = next((tu.unit for tu in links if tu.is_lead), None)
    span = max(1, len(indicators))
    rows = []
    for position, ind in enumerate(indicators or [None]):
        first = position == 0
        task_cells = [
            Cell(
                task_label(task),
                href=task_url(task, year),
                hint=task.text[:300],
                header=True,
                rowspan=span,
                hidden=not first,
            ),
            Cell(
                lead.name if lead else "—",
                href=unit_url(lead, year) if lead else "",
                rowspan=span,
                hidden=not first,
            ),
        ]
        if ind is None:
            ind_cells = [
                Cell(gettext("（无量化指标）")),
                Cell("—"),
                Cell("—"),
                Cell("—"),
                status_cell(YEAR_STATUS["no_target"]),
                status_cell(OUTLOOK["not_applicable"]),
            ]
        else:
            s = city_year.get(ind.id)
            ind_cells = [
                Cell(ind.name, href=indicator_url(ind, year)),
                with_unit(snapshot_actual_cell(s, ind), ind.unit_of_measure),
                with_unit(snapshot_target_cell(s, ind), ind.unit_of_measure),
                percent_cell(s.attainment if s else None),
                year_status_cell(s),
                outlook_status_cell(s),
            ]
        report_c = report_cell(report)
        report_c.rowspan, report_c.hidden = span, not first
        rows.append(Row([*task_cells, *ind_cells, report_c], group=group))
    return rows


def levers_page(*, year: int) -> Page:
    levers = levers_with_tasks()
    others = tasks_without_lever()
    city = city_region()
    city_year = city_snapshots_of_year(city=city, year=year)
    all_tasks = [t for lt in levers for t in lt.tasks] + others
    reports = latest_reports(task_ids=[t.id for t in all_tasks], year=year)
    page = Page(
        title=gettext("抓手与任务"), filename=gettext("抓手与任务-%(year)s年") % {"year": year}
    )
    columns = [
        gettext("任务"),
        gettext("牵头单位"),
        gettext("任务指标"),
        gettext("实际值"),
        gettext("年度目标"),
        gettext("完成率"),
        gettext("年度状态"),
        gettext("趋势研判"),
        gettext("最新进展"),
    ]

    rows, labels, counts = [], [], defaultdict(list)
    for lt in levers:
        group = f"{lt.lever} — {lt.lever.action}"
        lever_statuses = []
        for task in lt.tasks:
            task_rows = _task_indicator_rows(
                task, city_year=city_year, report=reports.get(task.id), year=year, group=group
            )
            if task_rows and not any(r.group == group for r in rows):
                task_rows[0].anchor = f"lever-{lt.lever.pk}"
            rows.extend(task_rows)
            lever_statuses.extend(
                (city_year[i.id].year_status if i.id in city_year else "no_data")
                for i in task.indicators.all()
            )
        labels.append(str(lt.lever))
        lever_counts = counts_by(lever_statuses)
        for code in YEAR_STATUS:
            counts[code].append(lever_counts.get(code, 0))
    plan_label = levers[0].lever.plan.doc_number if levers else ""
    page.tables.append(
        Table(
            "levers",
            gettext("八大抓手 → 重点任务 → 任务指标（%(plan_label)s，%(year)s年，全市）")
            % {"plan_label": plan_label, "year": year},
            [gettext("抓手"), *columns],
            [
                Row([Cell(r.group, hidden=True), *r.cells], group=r.group, anchor=r.anchor)
                for r in rows
            ],
            hidden_columns={0},
        )
    )
    if labels:
        page.charts.append(
            Chart(
                "levers",
                gettext("八大抓手任务指标的年度状态"),
                status_counts_figure(
                    categories=labels,
                    counts=dict(counts),
                    title=gettext("八大抓手：任务指标%(year)s年状态（全市）") % {"year": year},
                    value_label=gettext("个指标"),
                ),
                filename=gettext("八大抓手任务指标状态-%(year)s") % {"year": year},
            )
        )

    # The plans without levers: their key tasks, then their reform pilots.
    key_rows, pilot_rows = [], []
    for task in others:
        if task.kind == Task.Kind.PILOT:
            links = list(task.task_units.all())
            pilot_rows.append(
                Row(
                    [
                        Cell(str(task.number), value=task.number, numeric=True),
                        Cell(
                            task.title,
                            href=task_url(task, year),
                            hint=task.text[:300],
                            header=True,
                        ),
                        Cell(
                            task_label(task.parent) if task.parent_id else "—",
                            href=task_url(task.parent, year) if task.parent_id else "",
                        ),
                        Cell(
                            links[0].unit.name if links else "—",
                            href=unit_url(links[0].unit, year) if links else "",
                        ),
                        Cell(gettext("、").join(tu.unit.name for tu in links[1:]) or "—"),
                        report_cell(reports.get(task.id)),
                    ],
                    group=task.plan.doc_number,
                )
            )
        else:
            key_rows.extend(
                _task_indicator_rows(
                    task,
                    city_year=city_year,
                    report=reports.get(task.id),
                    year=year,
                    group=task.plan.doc_number,
                )
            )
    page.tables.append(
        Table(
            "pilot_plan_tasks",
            gettext("试点城市方案重点任务（%(year)s年，全市）") % {"year": year},
            columns,
            key_rows,
        )
    )
    page.tables.append(
        Table(
            "pilots",
            gettext("改革试点任务（%(len)s项）") % {"len": len(pilot_rows)},
            [
                gettext("序号"),
                gettext("试点任务"),
                gettext("所属重点任务"),
                gettext("牵头单位"),
                gettext("配合单位"),
                gettext("最新进展"),
            ],
            pilot_rows,
        )
    )
    page.context["levers"] = levers
    return page
