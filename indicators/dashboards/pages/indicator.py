"""The indicator page: the city's path to its targets, every year, every region, the sources."""

from __future__ import annotations

from django.utils.translation import gettext

from common.display import change_unit, pace_text
from common.numbers import display_number, display_rounded, is_missing
from common.people import display_name
from common.timefmt import local_time
from indicators.compute.charts.target_path import PlanTargets, indicator_path_figure
from indicators.dashboards.exports import Cell, Row, Table
from indicators.dashboards.pages.cells import (
    number_cell,
    outlook_status_cell,
    percent_cell,
    share_of_city_cell,
    snapshot_actual_cell,
    snapshot_gap_cell,
    snapshot_target_cell,
    year_status_cell,
)
from indicators.dashboards.pages.indicator_pace import add_pace_section
from indicators.dashboards.pages.pace import vintage_basis, vintage_word
from indicators.dashboards.pages.parts import (
    HTML_ROW_LIMIT,
    Chart,
    Page,
    indicator_card,
    region_url,
    unit_url,
)
from indicators.dashboards.pages.target_types import (
    coverage_text,
    special_target_cells,
    target_source_text,
)
from indicators.dashboards.selectors.common import dashboard_years
from indicators.dashboards.selectors.indicator import indicator_detail
from indicators.models import Actual, Indicator, Region, Target, WorkflowState
from indicators.progress.coverage import coverage_members


def indicator_page(
    *,
    indicator: Indicator,
    year: int,
    row_limit: int | None = HTML_ROW_LIMIT,
    pace_region: Region | None = None,
) -> Page:
    years = dashboard_years()
    detail = indicator_detail(indicator=indicator, year=year, region_limit=row_limit)
    decimals = indicator.decimals
    unit = indicator.unit_of_measure
    snapshot = detail.city_snapshots.get(year)
    card = indicator_card(indicator, year=year, by_year=detail.city_snapshots, years=years)
    page = Page(
        title=indicator.name,
        filename=gettext("%(code)s-%(year)s年") % {"code": indicator.code, "year": year},
    )

    # The chart: actuals, each plan's printed targets, the interpolated years, the projection.
    plans: dict[int, PlanTargets] = {}
    plan_order: list[int] = []  # the later plan first: status is judged against it
    value_targets = [t for t in detail.city_targets if t.target_type == Target.TargetType.VALUE]
    for target in sorted(value_targets, key=lambda t: t.plan.issued_on, reverse=True):
        if target.plan_id not in plans:
            plans[target.plan_id] = PlanTargets(target.plan.doc_number, {}, {})
            plan_order.append(target.plan_id)
        plans[target.plan_id].points[target.year] = float(target.value)
        plans[target.plan_id].comparators[target.year] = target.get_comparator_display()
    actuals = {y: float(a.value) for y, a in detail.city_actuals.items()}
    interpolated = {
        y: s.target_value
        for y, s in detail.city_snapshots.items()
        if s.target_interpolated and not is_missing(s.target_value)
    }
    projection = None
    if (
        snapshot is not None
        and not is_missing(snapshot.projected_final_value)
        and snapshot.final_year
    ):
        latest_year = card.latest_year
        if latest_year is not None and latest_year in detail.city_snapshots:
            projection = (
                latest_year,
                detail.city_snapshots[latest_year].actual_value,
                snapshot.final_year,
                snapshot.projected_final_value,
            )
    page.charts.append(
        Chart(
            "path",
            gettext("%(name)s：实际值与目标路径") % {"name": indicator.name},
            indicator_path_figure(
                title=gettext("%(name)s（全市）：实际值与目标路径") % {"name": indicator.name},
                unit=unit,
                decimals=decimals,
                years=years,
                actuals=actuals,
                provisional_years=[
                    y for y, a in detail.city_actuals.items() if a.state == WorkflowState.SUBMITTED
                ],
                baseline_year=years[0] if years[0] in actuals else None,
                plan_targets=[plans[p] for p in plan_order],
                interpolated_targets=interpolated,
                projection=projection,
                selected_year=year,
            ),
            filename=gettext("%(code)s-目标路径") % {"code": indicator.code},
            description=(
                gettext(
                    "实线为实际值（空心点为未审核），菱形为方案规定的年度目标（两个方案不一致时分别显示），"
                    "空心菱形为折算目标（无规定目标的年份按前后两年目标均匀折算），虚线为按现有增速推算的期末值。"
                )
            ),
        )
    )

    # City progress by year.
    year_rows = []
    for y in years:
        s = detail.city_snapshots.get(y)
        year_rows.append(
            Row(
                [
                    Cell(gettext("%(y)s年") % {"y": y}, value=y, header=True, nowrap=True),
                    _with_vintage(snapshot_actual_cell(s, indicator), s),
                    snapshot_target_cell(s, indicator),
                    percent_cell(s.attainment if s else None),
                    snapshot_gap_cell(s, indicator),
                    percent_cell(s.progress_to_goal if s else None),
                    year_status_cell(s),
                    outlook_status_cell(s),
                ]
            )
        )
    page.tables.append(
        Table(
            "years",
            gettext("全市逐年进度"),
            [
                gettext("年份"),
                gettext("实际值（%(unit)s）") % {"unit": unit},
                gettext("年度目标"),
                gettext("完成率"),
                gettext("差距（%(change_unit)s）") % {"change_unit": change_unit(unit)},
                gettext("目标进度"),
                gettext("年度状态"),
                gettext("趋势研判"),
            ],
            year_rows,
            hint=gettext(
                "差距 = 年度目标 − 实际值（按改善方向；百分比指标以个百分点计）；目标进度 = (实际值 − 基期值) ÷ (期末目标 − 基期值)，仅适用于比率类和累计类指标。"
            ),
        )
    )

    # 序时进度: a region's (the city's by default) year-to-date figures of the year against the
    # expected values, and every region's latest period.
    add_pace_section(page, indicator=indicator, year=year, city=detail.city, region=pace_region)

    # Regions.
    region_rows = []
    for s in detail.region_snapshots:
        region_rows.append(
            Row(
                [
                    Cell(s.region.name, href=region_url(s.region, year), header=True),
                    snapshot_actual_cell(s, indicator),
                    snapshot_target_cell(s, indicator),
                    Cell(s.get_target_source_display()),
                    percent_cell(s.attainment),
                    year_status_cell(s),
                    outlook_status_cell(s),
                    share_of_city_cell(s, indicator),
                    Cell(detail.region_origins.get(s.region_id, "—")),
                ]
            )
        )
    page.tables.append(
        Table(
            "regions",
            gettext("各区域%(year)s年情况") % {"year": year},
            [
                gettext("区域"),
                gettext("实际值（%(unit)s）") % {"unit": unit},
                gettext("年度目标"),
                gettext("目标来源"),
                gettext("完成率"),
                gettext("年度状态"),
                gettext("趋势研判"),
                gettext("占全市比重"),
                gettext("数据来源"),
            ],
            region_rows,
            hint=gettext(
                "未分解到区域的比率类指标对标全市目标；可加总指标未分解时只显示数值和占全市比重，不评定状态。"
            ),
            more_rows=detail.more_regions,
        )
    )

    # Average growth, relative and coverage targets, judged apart (docs/progress.md).
    if any(t.target_type != Target.TargetType.VALUE for t in detail.city_targets):
        special_rows = [
            Row(
                [
                    Cell(gettext("%(y)s年") % {"y": y}, value=y, header=True, nowrap=True),
                    *special_target_cells(detail.city_snapshots.get(y), indicator),
                ]
            )
            for y in years
        ]
        members = coverage_members(indicator=indicator, year=year)
        page.tables.append(
            Table(
                "target_types",
                gettext("年均增长、相对目标与全覆盖（全市）"),
                [gettext("年份"), gettext("目标与现状"), gettext("状态")],
                special_rows,
                hint=(
                    gettext("%(year)s年：") % {"year": year} + coverage_text(members)
                    if members
                    else gettext(
                        "年均增长按基期以来的复合年均增速评判；相对目标按同年参照序列的数值评判。"
                    )
                ),
            )
        )

    # Where the numbers came from: targets (document, sentence), actuals (who, when).
    target_rows = []
    judged = {y: s.target_plan_id for y, s in detail.city_snapshots.items()}
    for target in detail.city_targets:
        target_rows.append(
            Row(
                [
                    Cell(
                        gettext("%(year)s年") % {"year": target.year},
                        value=target.year,
                        nowrap=True,
                    ),
                    Cell(
                        target_source_text(target, decimals),
                        value=float(target.value),
                        numeric=target.target_type == Target.TargetType.VALUE,
                    ),
                    Cell(target.plan.doc_number),
                    Cell(
                        gettext("是")
                        if judged.get(target.year) == target.plan_id
                        else gettext("否")
                    ),
                    Cell(target.source_quote or "—"),
                ]
            )
        )
    for y, s in sorted(interpolated.items()):
        target_rows.append(
            Row(
                [
                    Cell(gettext("%(y)s年") % {"y": y}, value=y, nowrap=True),
                    Cell(
                        # computed, not printed: up to two decimals more than the indicator's
                        display_number(s, decimals, limit=decimals + 2),
                        value=round(s, decimals + 2),
                        note=gettext("折算"),
                        numeric=True,
                    ),
                    Cell("—"),
                    Cell(gettext("是")),
                    Cell(gettext("该年无规定目标：按前后两个规定年份的目标均匀折算")),
                ]
            )
        )
    target_rows.sort(key=lambda r: r.cells[0].value)
    page.tables.append(
        Table(
            "targets",
            gettext("目标值出处（全市）"),
            [
                gettext("年份"),
                gettext("目标值"),
                gettext("出处文件"),
                gettext("考核依据"),
                gettext("原文"),
            ],
            target_rows,
        )
    )
    actual_rows = []
    for y in sorted(detail.city_actuals):
        a = detail.city_actuals[y]
        actual_rows.append(
            Row(
                [
                    Cell(gettext("%(y)s年") % {"y": y}, value=y, nowrap=True),
                    number_cell(a.value, decimals),
                    Cell(a.get_state_display()),
                    Cell(a.get_origin_display()),
                    Cell(display_name(a.entered_by)),
                    Cell(local_time(a.submitted_at), nowrap=True),
                    Cell(display_name(a.reviewed_by)),
                    Cell(local_time(a.reviewed_at), nowrap=True),
                    Cell(a.source_note or "—"),
                ]
            )
        )
    page.tables.append(
        Table(
            "actuals",
            gettext("实际值出处（全市）"),
            [
                gettext("年份"),
                gettext("实际值"),
                gettext("状态"),
                gettext("来源"),
                gettext("填报人"),
                gettext("提交时间"),
                gettext("审核人"),
                gettext("审核时间"),
                gettext("数据来源说明"),
            ],
            actual_rows,
        )
    )
    page.context.update(
        {
            "indicator": indicator,
            "card": card,
            "snapshot": snapshot,
            "tasks": detail.tasks,
            "rollup_warning": bool(snapshot and snapshot.rollup_deviation),
            "lead_unit_href": unit_url(indicator.lead_unit, year) if indicator.lead_unit_id else "",
            "rollup_sum": display_number(snapshot.rollup_sum, decimals) if snapshot else "",
            "outlook_ratio": display_rounded(snapshot.outlook_ratio, 2) if snapshot else "",
            "pace": _pace(snapshot, indicator),
            "vintage_basis": vintage_basis(snapshot.actual_vintage) if snapshot else "",
            "outlook_hint": _outlook_hint(indicator),
        }
    )
    return page


def _with_vintage(cell: Cell, snapshot) -> Cell:
    """The annual figure's cell with its vintage as a note where it is not the final 年报 (快报,
    修订); the facts above the chart name the vintage of the year's status whatever it is."""
    final = snapshot is None or snapshot.actual_vintage in ("", Actual.Vintage.FINAL)
    word = "" if final else vintage_word(snapshot.actual_vintage)
    if word:
        cell.note = "，".join(n for n in (cell.note, word) if n)
    return cell


def _pace(snapshot, indicator: Indicator) -> str:
    """What is still needed to reach the final goal: "每年需增加 0.13 个百分点" (a percentage moves
    in percentage points), or "已在目标区间" inside an ≈ goal's band (docs/progress.md)."""
    if snapshot is None:
        return ""
    if (
        snapshot.final_comparator == "approx"
        and snapshot.outlook_status == snapshot.Outlook.ACHIEVED
    ):
        return gettext("已在目标区间")
    return pace_text(
        snapshot.required_annual_change,
        indicator.unit_of_measure,
        indicator.decimals,
        higher=indicator.direction == Indicator.Direction.HIGHER,
    )


def _outlook_hint(indicator: Indicator) -> str:
    """What the outlook ratio is, by kind (docs/progress.md, "Outlook to the final year")."""
    if indicator.kind in (Indicator.Kind.FLOW, Indicator.Kind.GROWTH_RATE):
        return gettext("最近一年实际值（满三年数据时为线性趋势推算的期末值）与期末年度目标之比")
    return gettext("实际年均增速与所需年均增速之比")
