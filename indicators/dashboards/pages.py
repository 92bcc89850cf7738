"""What each dashboard page shows: cards, tables and charts built from the selectors' reads.

Views (indicators/dashboards/views.py) parse the request and render; selectors
(indicators/dashboards/selectors.py) read; chart builders (indicators/compute/charts/) draw. This module
turns the reads into the page's parts, in Chinese, so that the page and its CSV / Excel exports
are built from the same :class:`~indicators.dashboards.exports.Table` rows.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.templatetags.static import static
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from indicators.compute.charts import styles as status_styles
from indicators.compute.charts.bars import attainment_figure, ranking_figure, status_counts_figure
from indicators.compute.charts.layout import plotly_config
from indicators.compute.charts.sparkline import sparkline_svg
from indicators.compute.charts.status_grids import county_map_figure, status_heatmap_figure
from indicators.compute.charts.styles import OUTLOOK, REPORT_STATUS, YEAR_STATUS, StatusStyle
from indicators.compute.charts.target_path import PlanTargets, indicator_path_figure
from indicators.dashboards import selectors as sel
from indicators.dashboards.exports import Cell, Row, Table
from indicators.models import (
    Indicator,
    ProgressSnapshot,
    Region,
    RegionGroup,
    Task,
    TaskReport,
    Unit,
    WorkflowState,
)

COMPARATOR_SYMBOLS = {"gte": "≥", "approx": "≈", "lte": "≤"}
# On a page a table shows at most this many rows; its export has them all.
HTML_ROW_LIMIT = 200
# The heatmap draws at most this many regions (the full grid is in its table's export).
HEATMAP_ROW_LIMIT = 40


# --- Formatting --------------------------------------------------------------------------------


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def fmt_number(value, decimals: int = 0) -> str:
    if _missing(value):
        return "—"
    return f"{float(value):,.{decimals}f}"


def fmt_percent(fraction, digits: int = 1) -> str:
    if _missing(fraction):
        return "—"
    return f"{fraction * 100:.{digits}f}%"


def number_cell(value, decimals: int, *, note: str = "", hint: str = "") -> Cell:
    number = None if _missing(value) else round(float(value), decimals)
    return Cell(fmt_number(value, decimals), value=number, note=note, hint=hint, numeric=True)


def percent_cell(fraction) -> Cell:
    number = None if _missing(fraction) else round(fraction * 100, 1)
    return Cell(fmt_percent(fraction), value=number, numeric=True)


def status_cell(style: StatusStyle) -> Cell:
    return Cell(style.word, status=style)


def count_cell(n: int) -> Cell:
    return Cell(str(n), value=n, numeric=True)


def target_text(value, comparator: str, decimals: int) -> str:
    if _missing(value):
        return "—"
    return f"{COMPARATOR_SYMBOLS.get(comparator, '')}{fmt_number(value, decimals)}"


def snapshot_target_cell(snapshot: ProgressSnapshot | None, decimals: int) -> Cell:
    if snapshot is None or _missing(snapshot.target_value):
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


def person(user) -> str:
    if user is None:
        return "—"
    return user.get_full_name() or user.username


def local_time(moment) -> str:
    if moment is None:
        return "—"
    from django.utils import timezone

    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


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
        (y for y, s in by_year.items() if y <= year and not _missing(s.actual_value)), default=None
    )
    latest = by_year.get(latest_year) if latest_year else None
    decimals = indicator.decimals
    other = ""
    if snapshot and not _missing(snapshot.other_target_value) and snapshot.other_target_plan:
        other = (
            f"{snapshot.other_target_plan.doc_number}："
            f"{fmt_number(snapshot.other_target_value, decimals)}"
        )
    actuals = {y: s.actual_value for y, s in by_year.items() if not _missing(s.actual_value)}
    targets = {y: s.target_value for y, s in by_year.items() if not _missing(s.target_value)}
    return IndicatorCard(
        indicator=indicator,
        href=indicator_url(indicator, year),
        year=year,
        snapshot=snapshot,
        latest_year=latest_year,
        latest_value=latest.actual_value if latest else None,
        latest_text=fmt_number(latest.actual_value, decimals) if latest else "—",
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


def _status_counts(snapshots, attr: str) -> dict[str, int]:
    return sel.counts_by(getattr(s, attr) for s in snapshots)


# --- Overview ----------------------------------------------------------------------------------


def overview_page(*, year: int) -> Page:
    years = sel.dashboard_years()
    city = sel.city_region()
    indicators = sel.key_indicators()
    by_indicator_year = sel.snapshots_by_indicator_year(
        indicator_ids=[i.id for i in indicators], region=city
    )
    cards = []
    for indicator in indicators:
        by_year = {y: s for (i, y), s in by_indicator_year.items() if i == indicator.id}
        cards.append(indicator_card(indicator, year=year, by_year=by_year, years=years))
    city_year = sel.city_snapshots_of_year(city=city, year=year)
    levers = sel.levers_with_tasks()
    all_tasks = [t for lt in levers for t in lt.tasks]
    reports = sel.latest_reports(task_ids=[t.id for t in all_tasks], year=year)
    recent = sel.recent_submissions(limit=10)

    page = Page(title="总览", filename=f"总览-{year}年")

    # Key indicators, as a table too (the cards' export).
    rows = []
    for card in cards:
        ind = card.indicator
        rows.append(
            Row(
                [
                    Cell(str(ind.key_order), value=ind.key_order, numeric=True),
                    Cell(ind.name, href=card.href, header=True),
                    Cell(ind.unit_of_measure),
                    number_cell(card.latest_value, ind.decimals, note=card.latest_note),
                    Cell(str(card.latest_year) if card.latest_year else "—"),
                    card.target,
                    Cell(card.attainment, numeric=True),
                    status_cell(card.year_style),
                    status_cell(card.outlook_style),
                ]
            )
        )
    page.tables.append(
        Table(
            "key_indicators",
            f"九大重点指标（{year}年）",
            [
                "序号",
                "指标",
                "单位",
                "最新实际值",
                "实际值年份",
                f"{year}年目标",
                "完成率",
                "年度状态",
                "趋势研判",
            ],
            rows,
        )
    )

    # Counts by status: the nine key indicators and every indicator with a city snapshot.
    key_ids = {i.id for i in indicators}
    key_snaps = [s for i, s in city_year.items() if i in key_ids]
    all_snaps = list(city_year.values())
    count_rows = []
    for group, styles, attr in (
        ("年度状态", YEAR_STATUS, "year_status"),
        ("趋势研判", OUTLOOK, "outlook_status"),
    ):
        key_counts = _status_counts(key_snaps, attr)
        all_counts = _status_counts(all_snaps, attr)
        for code, style in styles.items():
            count_rows.append(
                Row(
                    [
                        status_cell(style),
                        count_cell(key_counts.get(code, 0)),
                        count_cell(all_counts.get(code, 0)),
                    ],
                    group=group,
                )
            )
    page.tables.append(
        Table(
            "status_counts",
            f"按状态计数（全市，{year}年）",
            ["状态", "九大重点指标", "全部指标（含总体目标、任务指标）"],
            count_rows,
        )
    )
    page.context["status_summary"] = {
        "year": [
            (s, _status_counts(key_snaps, "year_status").get(c, 0)) for c, s in YEAR_STATUS.items()
        ],
        "outlook": [
            (s, _status_counts(key_snaps, "outlook_status").get(c, 0)) for c, s in OUTLOOK.items()
        ],
    }

    # Levers: their tasks' indicators by year status, their tasks' latest reports.
    lever_rows, lever_labels, lever_counts = [], [], defaultdict(list)
    for lt in levers:
        indicator_ids = {i.id for t in lt.tasks for i in t.indicators.all()}
        snaps = [city_year[i] for i in indicator_ids if i in city_year]
        counts = _status_counts(snaps, "year_status")
        missing = len(indicator_ids) - len(snaps)
        if missing:
            counts["no_data"] = counts.get("no_data", 0) + missing
        report_counts = sel.counts_by(
            (reports[t.id].status if t.id in reports else "none") for t in lt.tasks
        )
        label = f"（{lt.lever.number}）{lt.lever.name}"
        lever_labels.append(label)
        for code in YEAR_STATUS:
            lever_counts[code].append(counts.get(code, 0))
        lever_rows.append(
            Row(
                [
                    Cell(
                        label,
                        href=reverse("dashboards:levers") + f"?year={year}#lever-{lt.lever.pk}",
                        header=True,
                    ),
                    Cell(lt.lever.action),
                    count_cell(len(lt.tasks)),
                    count_cell(len(indicator_ids)),
                    badges_cell(counts, YEAR_STATUS),
                    badges_cell(report_counts, REPORT_STATUS),
                ]
            )
        )
    page.tables.append(
        Table(
            "levers",
            f"八大抓手（{year}年）",
            ["抓手", "行动", "重点任务", "任务指标", "任务指标年度状态", "任务最新进展"],
            lever_rows,
        )
    )
    if lever_labels:
        page.charts.append(
            Chart(
                "levers",
                "八大抓手任务指标的年度状态",
                status_counts_figure(
                    categories=lever_labels,
                    counts=dict(lever_counts),
                    title=f"八大抓手：任务指标{year}年状态（全市）",
                    value_label="个指标",
                ),
                filename=f"八大抓手任务指标状态-{year}",
            )
        )

    attainments = [
        (c.indicator, c.snapshot)
        for c in cards
        if c.snapshot is not None and not _missing(c.snapshot.attainment)
    ]
    if attainments:
        page.charts.append(
            Chart(
                "attainment",
                "九大重点指标完成率",
                attainment_figure(
                    labels=[f"{i.key_order}. {i.name}" for i, _ in attainments],
                    attainments=[s.attainment for _, s in attainments],
                    statuses=[s.year_status for _, s in attainments],
                    title=f"九大重点指标{year}年完成率（全市）",
                ),
                filename=f"九大重点指标完成率-{year}",
            )
        )

    # Recent submissions.
    sub_rows = []
    for actual in recent:
        ind = actual.indicator
        sub_rows.append(
            Row(
                [
                    Cell(local_time(actual.submitted_at), nowrap=True),
                    Cell(ind.name, href=indicator_url(ind, actual.year)),
                    Cell(actual.region.name),
                    Cell(str(actual.year), value=actual.year),
                    number_cell(actual.value, ind.decimals),
                    Cell(actual.get_state_display()),
                    Cell(
                        person(actual.entered_by)
                        if actual.entered_by
                        else actual.get_origin_display()
                    ),
                    Cell(actual.get_origin_display()),
                ]
            )
        )
    page.tables.append(
        Table(
            "submissions",
            "最近提交",
            ["提交时间", "指标", "区域", "年份", "数值", "状态", "填报人", "来源"],
            sub_rows,
        )
    )
    page.context["cards"] = cards
    return page


# --- Indicator page ----------------------------------------------------------------------------


def indicator_page(
    *, indicator: Indicator, year: int, row_limit: int | None = HTML_ROW_LIMIT
) -> Page:
    years = sel.dashboard_years()
    detail = sel.indicator_detail(indicator=indicator, year=year, region_limit=row_limit)
    decimals = indicator.decimals
    unit = indicator.unit_of_measure
    snapshot = detail.city_snapshots.get(year)
    card = indicator_card(indicator, year=year, by_year=detail.city_snapshots, years=years)
    page = Page(title=indicator.name, filename=f"{indicator.code}-{year}年")

    # The chart: actuals, each plan's printed targets, the interpolated years, the projection.
    plans: dict[int, PlanTargets] = {}
    plan_order: list[int] = []  # the later plan first: status is judged against it
    for target in sorted(detail.city_targets, key=lambda t: t.plan.issued_on, reverse=True):
        if target.plan_id not in plans:
            plans[target.plan_id] = PlanTargets(target.plan.doc_number, {}, {})
            plan_order.append(target.plan_id)
        plans[target.plan_id].points[target.year] = float(target.value)
        plans[target.plan_id].comparators[target.year] = COMPARATOR_SYMBOLS.get(
            target.comparator, ""
        )
    actuals = {y: float(a.value) for y, a in detail.city_actuals.items()}
    interpolated = {
        y: s.target_value
        for y, s in detail.city_snapshots.items()
        if s.target_interpolated and not _missing(s.target_value)
    }
    projection = None
    if (
        snapshot is not None
        and not _missing(snapshot.projected_final_value)
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
            f"{indicator.name}：实际值与目标路径",
            indicator_path_figure(
                title=f"{indicator.name}（全市）：实际值与目标路径",
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
            filename=f"{indicator.code}-目标路径",
            description=(
                "实线为实际值（空心点为未审核），菱形为方案规定的年度目标（两个方案不一致时分别显示），"
                "空心菱形为插值目标，虚线为按现有增速推算的期末值。"
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
                    Cell(f"{y}年", value=y, header=True, nowrap=True),
                    snapshot_actual_cell(s, decimals),
                    snapshot_target_cell(s, decimals),
                    percent_cell(s.attainment if s else None),
                    number_cell(s.gap if s else None, decimals),
                    percent_cell(s.progress_to_goal if s else None),
                    status_cell(year_style(s)),
                    status_cell(outlook_style(s)),
                ]
            )
        )
    page.tables.append(
        Table(
            "years",
            "全市逐年进度",
            [
                "年份",
                f"实际值（{unit}）",
                "年度目标",
                "完成率",
                "差距",
                "目标进度",
                "年度状态",
                "趋势研判",
            ],
            year_rows,
            hint="差距 = 年度目标 − 实际值（按改善方向）；目标进度 = (实际值 − 基期值) ÷ (期末目标 − 基期值)，仅适用于水平值和累计值。",
        )
    )

    # Regions.
    region_rows = []
    for s in detail.region_snapshots:
        region_rows.append(
            Row(
                [
                    Cell(s.region.name, href=region_url(s.region, year), header=True),
                    snapshot_actual_cell(s, decimals),
                    snapshot_target_cell(s, decimals),
                    Cell(s.get_target_source_display()),
                    percent_cell(s.attainment),
                    status_cell(year_style(s)),
                    status_cell(outlook_style(s)),
                    percent_cell(s.share_of_city),
                    Cell(detail.region_origins.get(s.region_id, "—")),
                ]
            )
        )
    page.tables.append(
        Table(
            "regions",
            f"各区域{year}年情况",
            [
                "区域",
                f"实际值（{unit}）",
                "年度目标",
                "目标来源",
                "完成率",
                "年度状态",
                "趋势研判",
                "占全市比重",
                "数据来源",
            ],
            region_rows,
            hint="未分解到区域的比率类指标对标全市目标；可加总指标未分解时只显示数值和占全市比重，不评定状态。",
            more_rows=detail.more_regions,
        )
    )

    # Where the numbers came from: targets (document, sentence), actuals (who, when).
    target_rows = []
    judged = {y: s.target_plan_id for y, s in detail.city_snapshots.items()}
    for target in detail.city_targets:
        target_rows.append(
            Row(
                [
                    Cell(f"{target.year}年", value=target.year, nowrap=True),
                    Cell(
                        f"{target.get_comparator_display()}{fmt_number(target.value, decimals)}",
                        value=round(float(target.value), decimals),
                        numeric=True,
                    ),
                    Cell(target.plan.doc_number),
                    Cell("是" if judged.get(target.year) == target.plan_id else "否"),
                    Cell(target.source_quote or "—"),
                ]
            )
        )
    for y, s in sorted(interpolated.items()):
        target_rows.append(
            Row(
                [
                    Cell(f"{y}年", value=y, nowrap=True),
                    Cell(
                        fmt_number(s, decimals), value=round(s, decimals), note="插值", numeric=True
                    ),
                    Cell("—"),
                    Cell("是"),
                    Cell("该年无规定目标：由前后两个规定年份的目标线性插值"),
                ]
            )
        )
    target_rows.sort(key=lambda r: r.cells[0].value)
    page.tables.append(
        Table(
            "targets",
            "目标值出处（全市）",
            ["年份", "目标值", "出处文件", "考核依据", "原文"],
            target_rows,
        )
    )
    actual_rows = []
    for y in sorted(detail.city_actuals):
        a = detail.city_actuals[y]
        actual_rows.append(
            Row(
                [
                    Cell(f"{y}年", value=y, nowrap=True),
                    number_cell(a.value, decimals),
                    Cell(a.get_state_display()),
                    Cell(a.get_origin_display()),
                    Cell(person(a.entered_by)),
                    Cell(local_time(a.submitted_at), nowrap=True),
                    Cell(person(a.reviewed_by)),
                    Cell(local_time(a.reviewed_at), nowrap=True),
                    Cell(a.source_note or "—"),
                ]
            )
        )
    page.tables.append(
        Table(
            "actuals",
            "实际值出处（全市）",
            [
                "年份",
                "实际值",
                "状态",
                "来源",
                "填报人",
                "提交时间",
                "审核人",
                "审核时间",
                "数据来源说明",
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
        }
    )
    return page


# --- County views ------------------------------------------------------------------------------


def _short_label(indicator: Indicator) -> str:
    return f"{indicator.key_order}. {indicator.name}"


def _heatmap(grid: sel.CountyGrid, regions: list[Region], *, year: int, title: str) -> Chart:
    shown = regions[:HEATMAP_ROW_LIMIT]
    statuses, hover = [], []
    for region in shown:
        row_status, row_hover = [], []
        for ind in grid.indicators:
            s = grid.snapshots.get((ind.id, region.id))
            row_status.append(s.year_status if s else None)
            if s is None:
                row_hover.append("暂无进度数据")
            else:
                row_hover.append(
                    f"实际值 {fmt_number(s.actual_value, ind.decimals)} {ind.unit_of_measure}"
                    f"，目标 {target_text(s.target_value, s.target_comparator, ind.decimals)}"
                    f"（{s.get_target_source_display()}）"
                )
        statuses.append(row_status)
        hover.append(row_hover)
    return Chart(
        "heatmap",
        title,
        status_heatmap_figure(
            row_labels=[r.name for r in shown],
            column_labels=[wrap_label(_short_label(i), 8) for i in grid.indicators],
            statuses=statuses,
            hover=hover,
            title=title,
        ),
        filename=f"区域指标状态热力图-{year}",
        description="每格为该区域该指标的年度状态（✔ 已达标、◐ 接近达标、✘ 未达标、○ 暂无数据、– 无目标）。",
    )


def _heatmap_table(
    grid: sel.CountyGrid, regions: list[Region], *, year: int, key: str = "heatmap"
) -> Table:
    rows = []
    for region in regions:
        cells = [Cell(region.name, href=region_url(region, year), header=True, nowrap=True)]
        for ind in grid.indicators:
            s = grid.snapshots.get((ind.id, region.id))
            cells.append(status_cell(year_style(s)))
        rows.append(Row(cells))
    return Table(
        key,
        f"区域 × 重点指标年度状态（{year}年）",
        ["区域", *[_short_label(i) for i in grid.indicators]],
        rows,
        more_rows=grid.more_regions,
    )


def counties_page(
    *,
    year: int,
    indicator: Indicator | None,
    geojson_url: str,
    row_limit: int | None = HTML_ROW_LIMIT,
) -> Page:
    grid = sel.county_grid(year=year, region_limit=row_limit)
    if indicator is None:
        indicator = grid.indicators[0] if grid.indicators else None
    page = Page(title="县区对比", filename=f"县区对比-{year}年")
    page.context.update(
        {"indicators": grid.indicators, "indicator": indicator, "groups": grid.groups}
    )
    counties = [r for r in grid.regions if r.kind in sel.COUNTY_KINDS]
    zones = [r for r in grid.regions if r.kind == Region.Kind.FUNCTIONAL_ZONE]
    page.charts.append(
        _heatmap(
            grid,
            [grid.city, *grid.regions],
            year=year,
            title=f"全市及各区域九大重点指标{year}年状态",
        )
    )
    page.tables.append(_heatmap_table(grid, [grid.city, *grid.regions], year=year))
    if indicator is None:
        return page

    decimals = indicator.decimals
    unit = indicator.unit_of_measure
    city_snapshot = grid.snapshots.get((indicator.id, grid.city.id))

    # The map: the county-level divisions with a boundary; the functional zones beside it.
    mapped = [r for r in counties if r.code.isdigit()]
    statuses, hover = [], []
    for region in mapped:
        s = grid.snapshots.get((indicator.id, region.id))
        statuses.append(s.year_status if s else None)
        hover.append(
            f"实际值 {fmt_number(s.actual_value, decimals)} {unit}"
            f"，完成率 {fmt_percent(s.attainment)}"
            if s
            else "暂无进度数据"
        )
    if mapped:
        page.charts.append(
            Chart(
                "map",
                f"{indicator.name}：各县（市、区）{year}年状态地图",
                county_map_figure(
                    geojson=geojson_url,
                    adcodes=[r.code for r in mapped],
                    names=[r.name for r in mapped],
                    statuses=statuses,
                    hover=hover,
                ),
                filename=f"{indicator.code}-县区地图-{year}",
                description="地图仅含12个县级行政区；两个功能区无独立边界，列于地图旁。",
            )
        )
    page.context["zones"] = [
        (
            zone,
            grid.snapshots.get((indicator.id, zone.id)),
            year_style(grid.snapshots.get((indicator.id, zone.id))),
        )
        for zone in zones
    ]
    page.context["map_legend"] = list(YEAR_STATUS.values())
    page.context["mapped"] = [
        (region, year_style(grid.snapshots.get((indicator.id, region.id)))) for region in mapped
    ]

    # Ranking of the regions on the chosen indicator.
    ranked = [r for r in grid.regions if (indicator.id, r.id) in grid.snapshots]
    values, rank_statuses, own = [], [], []
    for region in ranked:
        s = grid.snapshots[(indicator.id, region.id)]
        values.append(None if _missing(s.actual_value) else s.actual_value)
        rank_statuses.append(s.year_status)
        own.append(s.target_value if s.target_source == ProgressSnapshot.TargetSource.OWN else None)
    benchmark = (
        None
        if city_snapshot is None or _missing(city_snapshot.target_value)
        else city_snapshot.target_value
    )
    if ranked:
        page.charts.append(
            Chart(
                "ranking",
                f"{indicator.name}：各区域{year}年排名",
                ranking_figure(
                    regions=[r.name for r in ranked[:HEATMAP_ROW_LIMIT]],
                    values=values[:HEATMAP_ROW_LIMIT],
                    statuses=rank_statuses[:HEATMAP_ROW_LIMIT],
                    own_targets=own[:HEATMAP_ROW_LIMIT],
                    unit=unit,
                    decimals=decimals,
                    benchmark=benchmark if indicator.rollup == Indicator.Rollup.NONE else None,
                    benchmark_label=(
                        f"全市目标 {target_text(benchmark, city_snapshot.target_comparator, decimals)}"
                        if benchmark is not None
                        else ""
                    ),
                    higher_is_better=indicator.direction == Indicator.Direction.HIGHER,
                    title=f"{indicator.name}：各区域{year}年实际值（{unit}）",
                ),
                filename=f"{indicator.code}-区域排名-{year}",
            )
        )
    rank_rows = []
    order = sorted(
        range(len(ranked)),
        key=lambda i: (
            values[i] is None,
            -(values[i] or 0) if indicator.direction == "higher" else (values[i] or 0),
        ),
    )
    for position, i in enumerate(order, start=1):
        s = grid.snapshots[(indicator.id, ranked[i].id)]
        rank_rows.append(
            Row(
                [
                    Cell(
                        str(position) if values[i] is not None else "—",
                        value=position if values[i] is not None else None,
                        numeric=True,
                    ),
                    Cell(ranked[i].name, href=region_url(ranked[i], year), header=True),
                    snapshot_actual_cell(s, decimals),
                    snapshot_target_cell(s, decimals),
                    Cell(s.get_target_source_display()),
                    percent_cell(s.attainment),
                    status_cell(year_style(s)),
                ]
            )
        )
    page.tables.append(
        Table(
            "ranking",
            f"{indicator.name}：各区域{year}年排名",
            ["名次", "区域", f"实际值（{unit}）", "年度目标", "目标来源", "完成率", "年度状态"],
            rank_rows,
            more_rows=grid.more_regions,
        )
    )
    return page


def region_page(*, region: Region, year: int) -> Page:
    detail = sel.region_detail(region=region, year=year)
    page = Page(title=region.name, filename=f"{region.name}-{year}年")
    rows = []
    for s in detail.snapshots:
        ind = s.indicator
        rows.append(
            Row(
                [
                    Cell(ind.name, href=indicator_url(ind, year), header=True),
                    Cell(ind.get_category_display()),
                    Cell(ind.unit_of_measure),
                    snapshot_actual_cell(s, ind.decimals),
                    snapshot_target_cell(s, ind.decimals),
                    Cell(s.get_target_source_display()),
                    percent_cell(s.attainment),
                    status_cell(year_style(s)),
                    status_cell(outlook_style(s)),
                    percent_cell(s.share_of_city),
                ]
            )
        )
    page.tables.append(
        Table(
            "indicators",
            f"{region.name}各项指标（{year}年）",
            [
                "指标",
                "类别",
                "单位",
                "实际值",
                "年度目标",
                "目标来源",
                "完成率",
                "年度状态",
                "趋势研判",
                "占全市比重",
            ],
            rows,
            html_limit=HTML_ROW_LIMIT,
        )
    )
    with_attainment = [s for s in detail.snapshots if not _missing(s.attainment)][:30]
    if with_attainment:
        page.charts.append(
            Chart(
                "attainment",
                f"{region.name}{year}年各指标完成率",
                attainment_figure(
                    labels=[s.indicator.name for s in with_attainment],
                    attainments=[s.attainment for s in with_attainment],
                    statuses=[s.year_status for s in with_attainment],
                    title=f"{region.name}{year}年各指标完成率",
                ),
                filename=f"{region.name}-完成率-{year}",
            )
        )
    page.context.update(
        {
            "region": region,
            "groups": detail.groups,
            "units": detail.units,
            "counts": [
                (style, sel.counts_by(s.year_status for s in detail.snapshots).get(code, 0))
                for code, style in YEAR_STATUS.items()
            ],
        }
    )
    return page


def group_page(*, group: RegionGroup, year: int) -> Page:
    members = list(group.members.order_by("order", "name"))
    grid = sel.county_grid(year=year, regions=members)
    page = Page(title=group.name, filename=f"{group.name}-{year}年")
    page.charts.append(
        _heatmap(grid, members, year=year, title=f"{group.name}九大重点指标{year}年状态")
    )
    page.tables.append(_heatmap_table(grid, members, year=year))
    # Per indicator: how many members met / nearly met / did not meet the year's target.
    rows = []
    for ind in grid.indicators:
        snaps = [
            grid.snapshots[(ind.id, m.id)] for m in members if (ind.id, m.id) in grid.snapshots
        ]
        counts = sel.counts_by(s.year_status for s in snaps)
        missing = len(members) - len(snaps)
        if missing:
            counts["no_data"] = counts.get("no_data", 0) + missing
        rows.append(
            Row(
                [
                    Cell(_short_label(ind), href=indicator_url(ind, year), header=True),
                    *[count_cell(counts.get(code, 0)) for code in YEAR_STATUS],
                ]
            )
        )
    page.tables.append(
        Table(
            "summary",
            f"{group.name}：各指标达标区域数（{year}年）",
            ["指标", *[s.word for s in YEAR_STATUS.values()]],
            rows,
        )
    )
    page.context.update({"group": group, "members": members})
    return page


# --- Units -------------------------------------------------------------------------------------


def units_page(*, year: int) -> Page:
    summaries = sel.unit_summaries()
    city = sel.city_region()
    city_year = sel.city_snapshots_of_year(city=city, year=year)
    task_ids = sorted({t for s in summaries for t in s.led_task_ids + s.coled_task_ids})
    reports = sel.latest_reports(task_ids=task_ids, year=year)
    page = Page(title="部门对比", filename=f"部门对比-{year}年")
    rows, labels = [], []
    indicator_counts, report_counts = defaultdict(list), defaultdict(list)
    chart_units = []
    for summary in summaries:
        unit = summary.unit
        ind_counts = sel.counts_by(
            city_year[i].year_status if i in city_year else "no_data" for i in summary.indicator_ids
        )
        rep_counts = sel.counts_by(
            reports[t].status if t in reports else "none" for t in summary.led_task_ids
        )
        rows.append(
            Row(
                [
                    Cell(unit.name, href=unit_url(unit, year), header=True),
                    Cell(unit.get_kind_display()),
                    count_cell(len(summary.led_task_ids)),
                    count_cell(len(summary.coled_task_ids)),
                    count_cell(len(summary.indicator_ids)),
                    badges_cell(ind_counts, YEAR_STATUS),
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
            f"各责任单位对比（{year}年）",
            [
                "单位",
                "类型",
                "牵头任务",
                "配合任务",
                "牵头指标",
                "牵头指标年度状态（全市）",
                "牵头任务最新进展",
            ],
            rows,
        )
    )
    if labels:
        page.charts.append(
            Chart(
                "indicators",
                "各单位牵头指标的年度状态",
                status_counts_figure(
                    categories=labels,
                    counts=dict(indicator_counts),
                    title=f"各单位牵头指标{year}年状态（全市）",
                    value_label="个指标",
                ),
                filename=f"各单位牵头指标状态-{year}",
            )
        )
        page.charts.append(
            Chart(
                "reports",
                "各单位牵头任务的最新进展",
                status_counts_figure(
                    categories=labels,
                    counts=dict(report_counts),
                    styles=REPORT_STATUS,
                    title=f"各单位牵头任务最新进展（截至{year}年）",
                    value_label="项任务",
                ),
                filename=f"各单位牵头任务进展-{year}",
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
                    Cell(f"{task.number}. {task.title}", hint=task.text[:300], header=True),
                    Cell(lead.name if lead else "—", href=unit_url(lead, year) if lead else ""),
                    report_cell(report),
                    Cell(report.unit.name if report else "—"),
                ]
            )
        )
    return rows


def unit_page(*, unit: Unit, year: int) -> Page:
    detail = sel.unit_detail(unit=unit)
    city = sel.city_region()
    reports = sel.latest_reports(task_ids=[t.id for t in detail.led + detail.coled], year=year)
    snapshots = sel.snapshots_by_indicator_year(
        indicator_ids=[i.id for i in detail.indicators], region=city
    )
    page = Page(title=unit.name, filename=f"{unit.name}-{year}年")
    columns = ["方案", "抓手/类型", "任务", "牵头单位", "最新进展", "报告单位"]
    page.tables.append(
        Table(
            "led",
            f"牵头任务（{len(detail.led)}项）",
            columns,
            _task_rows(detail.led, reports, year),
        )
    )
    page.tables.append(
        Table(
            "coled",
            f"配合任务（{len(detail.coled)}项）",
            columns,
            _task_rows(detail.coled, reports, year),
        )
    )
    rows, with_attainment = [], []
    for ind in detail.indicators:
        s = snapshots.get((ind.id, year))
        if s is not None and not _missing(s.attainment):
            with_attainment.append((ind, s))
        rows.append(
            Row(
                [
                    Cell(ind.name, href=indicator_url(ind, year), header=True),
                    Cell(ind.get_category_display()),
                    Cell(ind.unit_of_measure),
                    snapshot_actual_cell(s, ind.decimals),
                    snapshot_target_cell(s, ind.decimals),
                    percent_cell(s.attainment if s else None),
                    status_cell(year_style(s)),
                    status_cell(outlook_style(s)),
                ]
            )
        )
    page.tables.append(
        Table(
            "indicators",
            f"牵头指标（全市，{year}年）",
            ["指标", "类别", "单位", "实际值", "年度目标", "完成率", "年度状态", "趋势研判"],
            rows,
        )
    )
    if with_attainment:
        page.charts.append(
            Chart(
                "attainment",
                f"{unit.name}牵头指标完成率",
                attainment_figure(
                    labels=[i.name for i, _ in with_attainment[:30]],
                    attainments=[s.attainment for _, s in with_attainment[:30]],
                    statuses=[s.year_status for _, s in with_attainment[:30]],
                    title=f"{unit.name}牵头指标{year}年完成率（全市）",
                ),
                filename=f"{unit.name}-牵头指标完成率-{year}",
            )
        )
    page.context.update({"unit": unit})
    return page


# --- Levers and tasks --------------------------------------------------------------------------


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
                f"{task.number}. {task.title}",
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
                Cell("（无量化指标）"),
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
                snapshot_actual_cell(s, ind.decimals),
                snapshot_target_cell(s, ind.decimals),
                percent_cell(s.attainment if s else None),
                status_cell(year_style(s)),
                status_cell(outlook_style(s)),
            ]
        report_c = report_cell(report)
        report_c.rowspan, report_c.hidden = span, not first
        rows.append(Row([*task_cells, *ind_cells, report_c], group=group))
    return rows


def levers_page(*, year: int) -> Page:
    levers = sel.levers_with_tasks()
    others = sel.tasks_without_lever()
    city = sel.city_region()
    city_year = sel.city_snapshots_of_year(city=city, year=year)
    all_tasks = [t for lt in levers for t in lt.tasks] + others
    reports = sel.latest_reports(task_ids=[t.id for t in all_tasks], year=year)
    page = Page(title="抓手与任务", filename=f"抓手与任务-{year}年")
    columns = [
        "任务",
        "牵头单位",
        "任务指标",
        "实际值",
        "年度目标",
        "完成率",
        "年度状态",
        "趋势研判",
        "最新进展",
    ]

    rows, labels, counts = [], [], defaultdict(list)
    for lt in levers:
        group = f"（{lt.lever.number}）{lt.lever.name} — {lt.lever.action}"
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
        labels.append(f"（{lt.lever.number}）{lt.lever.name}")
        lever_counts = sel.counts_by(lever_statuses)
        for code in YEAR_STATUS:
            counts[code].append(lever_counts.get(code, 0))
    plan_label = levers[0].lever.plan.doc_number if levers else ""
    page.tables.append(
        Table(
            "levers",
            f"八大抓手 → 重点任务 → 任务指标（{plan_label}，{year}年，全市）",
            ["抓手", *columns],
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
                "八大抓手任务指标的年度状态",
                status_counts_figure(
                    categories=labels,
                    counts=dict(counts),
                    title=f"八大抓手：任务指标{year}年状态（全市）",
                    value_label="个指标",
                ),
                filename=f"八大抓手任务指标状态-{year}",
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
                        Cell(task.title, hint=task.text[:300], header=True),
                        Cell(
                            f"{task.parent.number}. {task.parent.title}" if task.parent_id else "—"
                        ),
                        Cell(
                            links[0].unit.name if links else "—",
                            href=unit_url(links[0].unit, year) if links else "",
                        ),
                        Cell("、".join(tu.unit.name for tu in links[1:]) or "—"),
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
        Table("pilot_plan_tasks", f"试点城市方案重点任务（{year}年，全市）", columns, key_rows)
    )
    page.tables.append(
        Table(
            "pilots",
            f"改革试点任务（{len(pilot_rows)}项）",
            ["序号", "试点任务", "所属重点任务", "牵头单位", "配合单位", "最新进展"],
            pilot_rows,
        )
    )
    page.context["levers"] = levers
    return page


def geojson_url() -> str:
    return static("geo/wenzhou-counties.geojson")
