"""The task page: one task (重点任务 or 改革试点任务) as a leader reads it.

Its text and where it comes from (plan, lever, the task it belongs to), its responsible units in
printed order (the first leads: 牵头; the others 配合), its quantitative targets with the year's
status (the city's snapshot, shown by the one display rule of common/display.py), the targets the
plans print, its progress reports over time, and (drawn by the proposals area's own template) the
commitments of proposal replies linked to it. Every figure carries its unit of measure.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from common.numbers import is_missing
from indicators.dashboards.exports import Cell, Row, Table
from indicators.dashboards.pages.cells import (
    outlook_status_cell,
    percent_cell,
    snapshot_actual_cell,
    snapshot_target_cell,
    target_text,
    with_unit,
    year_status_cell,
)
from indicators.dashboards.pages.parts import (
    Page,
    indicator_url,
    report_cell,
    task_label,
    task_url,
    unit_url,
)
from indicators.dashboards.selectors.common import city_region, snapshots_by_indicator_year
from indicators.dashboards.selectors.tasks import task_detail
from indicators.models import Task, WorkflowState


def task_page(*, task: Task, year: int) -> Page:
    city = city_region()
    detail = task_detail(task=task, city=city)
    snapshots = snapshots_by_indicator_year(
        indicator_ids=[i.id for i in detail.indicators], region=city
    )
    page = Page(
        title=task_label(task),
        filename=_("任务%(number)s-%(year)s年") % {"number": task.number, "year": year},
    )

    page.tables.append(
        Table(
            "units",
            _("责任单位（%(n)s个，列第一位的为牵头单位）") % {"n": len(detail.links)},
            [_("序号"), _("单位"), _("职责")],
            [
                Row(
                    [
                        Cell(str(link.position), value=link.position, numeric=True),
                        Cell(link.unit.name, href=unit_url(link.unit, year), header=True),
                        Cell(_("牵头") if link.is_lead else _("配合")),
                    ]
                )
                for link in detail.links
            ],
        )
    )

    progress_rows = []
    for ind in detail.indicators:
        s = snapshots.get((ind.id, year))
        progress_rows.append(
            Row(
                [
                    Cell(ind.name, href=indicator_url(ind, year), header=True),
                    with_unit(snapshot_actual_cell(s, ind), ind.unit_of_measure),
                    with_unit(snapshot_target_cell(s, ind), ind.unit_of_measure),
                    percent_cell(s.attainment if s else None),
                    year_status_cell(s),
                    outlook_status_cell(s),
                ]
            )
        )
    page.tables.append(
        Table(
            "progress",
            _("任务指标（全市，%(year)s年）") % {"year": year},
            [_("任务指标"), _("实际值"), _("年度目标"), _("完成率"), _("年度状态"), _("趋势研判")],
            progress_rows,
            hint="" if progress_rows else _("这项任务没有量化指标。"),
        )
    )

    by_id = {i.id: i for i in detail.indicators}
    target_rows = []
    for t in detail.targets:
        ind = by_id[t.indicator_id]
        value = None if is_missing(t.value) else float(t.value)
        target_rows.append(
            Row(
                [
                    Cell(ind.name, href=indicator_url(ind, t.year)),
                    Cell(_("%(year)s年") % {"year": t.year}, value=t.year),
                    with_unit(
                        Cell(
                            target_text(value, t.comparator, ind.decimals),
                            value=value,
                            numeric=True,
                            note=_("每年") if t.every_year else "",
                        ),
                        ind.unit_of_measure,
                    ),
                    Cell(t.plan.doc_number),
                    Cell(t.source_quote or "—"),
                ]
            )
        )
    if target_rows:
        page.tables.append(
            Table(
                "targets",
                _("方案确定的目标值（全市）"),
                [_("任务指标"), _("目标年份"), _("目标值"), _("出处"), _("原文")],
                target_rows,
            )
        )

    report_rows = []
    for report in reversed(detail.reports):  # the latest first
        cell = report_cell(report)
        report_rows.append(
            Row(
                [
                    Cell(
                        _("%(year)s年%(period)s")
                        % {"year": report.year, "period": report.get_period_display()},
                        value=report.year,
                    ),
                    Cell(report.unit.name, href=unit_url(report.unit, year)),
                    Cell(
                        cell.status.word if cell.status else "—",
                        status=cell.status,
                        provisional=cell.provisional,
                    ),
                    Cell(f"{report.percent}%", value=report.percent / 100, numeric=True),
                    Cell(report.text or "—"),
                    Cell(_("已审核") if report.state == WorkflowState.APPROVED else _("待审核")),
                ]
            )
        )
    page.tables.append(
        Table(
            "reports",
            _("进展报告（%(n)s份，最新在前）") % {"n": len(report_rows)},
            [_("期间"), _("报告单位"), _("进展"), _("完成百分比"), _("进展说明"), _("审核")],
            report_rows,
            hint="" if report_rows else _("尚无已提交的进展报告。"),
        )
    )

    page.context.update(
        {
            "task": task,
            "lead": next((link.unit for link in detail.links if link.is_lead), None),
            "parent_url": task_url(task.parent, year) if task.parent_id else "",
            "pilots": [(p, task_url(p, year)) for p in detail.pilots],
        }
    )
    return page
