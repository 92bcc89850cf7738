"""The overview page: the key indicators as cards, counts by status, levers, recent submissions."""

from __future__ import annotations

from collections import defaultdict

from django.urls import reverse
from django.utils.translation import gettext

from common.numbers import is_missing
from common.people import display_name
from common.periods import period_label
from common.timefmt import local_time
from indicators.compute.charts.bars import attainment_figure, status_counts_figure
from indicators.compute.charts.styles import OUTLOOK, REPORT_STATUS, YEAR_STATUS
from indicators.dashboards.exports import Cell, Row, Table
from indicators.dashboards.pages.cells import (
    badges_cell,
    count_cell,
    counted_apart,
    is_provisional,
    number_cell,
    status_cell,
)
from indicators.dashboards.pages.pace import (
    card_pace,
    complete_year,
    has_full_year_figure,
    pace_status_cell,
    vintage_word,
)
from indicators.dashboards.pages.parts import (
    Chart,
    Page,
    counts_by,
    indicator_card,
    indicator_url,
)
from indicators.dashboards.pages.target_types import special_target_cells
from indicators.dashboards.selectors.common import (
    city_region,
    city_snapshots_of_year,
    dashboard_years,
    key_indicators,
    recent_submissions,
    snapshots_by_indicator_year,
)
from indicators.dashboards.selectors.periods import latest_periods
from indicators.dashboards.selectors.tasks import latest_reports, levers_with_tasks


def _status_counts(snapshots, attr: str) -> dict[str, int]:
    return counts_by(getattr(s, attr) for s in snapshots)


def _outlooks_apart(snapshots, provisional_by_indicator: dict[int, bool]):
    """The key indicators' outlooks, (final, provisional) by status, as their cards say."""
    final: dict[str, int] = {}
    provisional: dict[str, int] = {}
    for s in snapshots:
        counts = provisional if provisional_by_indicator.get(s.indicator_id) else final
        counts[s.outlook_status] = counts.get(s.outlook_status, 0) + 1
    return final, provisional


def _period_cells(period, card) -> list[Cell]:
    """The latest period of the year, its figure and its 序时 status; dashes where the year has
    its full-year figure (the year status speaks) or no period."""
    if period is None or card.pace is None:
        return [Cell("—"), Cell("—", numeric=True), Cell("—")]
    return [
        Cell(period_label(period.year, period.period), value=period.period, nowrap=True),
        number_cell(period.actual_value, card.indicator.decimals, note=card.pace.note),
        pace_status_cell(period),
    ]


def overview_page(*, year: int) -> Page:
    years = dashboard_years()
    city = city_region()
    indicators = key_indicators()
    by_indicator_year = snapshots_by_indicator_year(
        indicator_ids=[i.id for i in indicators], region=city
    )
    periods = latest_periods(
        year=year, indicator_ids=[i.id for i in indicators], region_ids=[city.id]
    )
    cards = []
    for indicator in indicators:
        by_year = {y: s for (i, y), s in by_indicator_year.items() if i == indicator.id}
        card = indicator_card(indicator, year=year, by_year=by_year, years=years)
        # A year without its full-year figure yet: its latest period's 序时进度, named as such,
        # beside the annual status of the last complete year (with that year's figures).
        if card.snapshot is not None and card.snapshot.actual_vintage not in ("", "final"):
            card.vintage = vintage_word(card.snapshot.actual_vintage)
        period = periods.get((indicator.id, city.id))
        if period is not None and not has_full_year_figure(card.snapshot):
            card.pace = card_pace(period, indicator)
            if card.latest_year is not None and card.latest_year in by_year:
                card.complete = complete_year(by_year[card.latest_year], indicator)
        cards.append(card)
    city_year = city_snapshots_of_year(city=city, year=year)
    levers = levers_with_tasks()
    all_tasks = [t for lt in levers for t in lt.tasks]
    reports = latest_reports(task_ids=[t.id for t in all_tasks], year=year)
    recent = recent_submissions(limit=10)

    page = Page(title=gettext("总览"), filename=gettext("总览-%(year)s年") % {"year": year})

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
                    status_cell(card.year_style, provisional=card.year_provisional),
                    status_cell(card.outlook_style, provisional=card.outlook_provisional),
                    *special_target_cells(card.snapshot, ind),
                    *_period_cells(periods.get((ind.id, city.id)), card),
                ]
            )
        )
    page.tables.append(
        Table(
            "key_indicators",
            gettext("九大重点指标（%(year)s年）") % {"year": year},
            [
                gettext("序号"),
                gettext("指标"),
                gettext("单位"),
                gettext("最新实际值"),
                gettext("实际值年份"),
                gettext("%(year)s年目标") % {"year": year},
                gettext("完成率"),
                gettext("年度状态"),
                gettext("趋势研判"),
                gettext("年均增长、相对或全覆盖目标"),
                gettext("该目标状态"),
                gettext("最新期间（年初至当期）"),
                gettext("期间实际值"),
                gettext("序时状态"),
            ],
            rows,
        )
    )

    # Counts by status: the nine key indicators and every indicator with a city snapshot. A
    # status that rests on a submitted, unapproved figure is counted apart (暂), never with the
    # final ones.
    key_ids = {i.id for i in indicators}
    key_snaps = [s for i, s in city_year.items() if i in key_ids]
    all_snaps = list(city_year.values())
    # The cards' outlook rests on the latest figure, which may be an earlier year's.
    key_outlooks = {c.indicator.id: c.outlook_provisional for c in cards}
    count_rows = []
    summary = {}
    for group, styles, attr in (
        (gettext("年度状态"), YEAR_STATUS, "year_status"),
        (gettext("趋势研判"), OUTLOOK, "outlook_status"),
    ):
        if attr == "outlook_status":
            key_final, key_provisional = _outlooks_apart(key_snaps, key_outlooks)
        else:
            key_final, key_provisional = counted_apart(key_snaps, attr)
        all_final, all_provisional = counted_apart(all_snaps, attr)
        for code, style in styles.items():
            count_rows.append(
                Row(
                    [
                        status_cell(style),
                        count_cell(key_final.get(code, 0)),
                        count_cell(key_provisional.get(code, 0)),
                        count_cell(all_final.get(code, 0)),
                        count_cell(all_provisional.get(code, 0)),
                    ],
                    group=group,
                )
            )
        summary[attr] = [
            (style, key_final.get(code, 0), key_provisional.get(code, 0))
            for code, style in styles.items()
        ]
    page.tables.append(
        Table(
            "status_counts",
            gettext("按状态计数（全市，%(year)s年）") % {"year": year},
            [
                gettext("状态"),
                gettext("九大重点指标"),
                gettext("九大重点指标：暂定（未审核）"),
                gettext("全部指标（含总体目标、任务指标）"),
                gettext("全部指标：暂定（未审核）"),
            ],
            count_rows,
            hint=gettext(
                "暂定：依据已提交、尚未审核的数值得出的状态，单独计数，审核通过后计入正式状态。"
            ),
        )
    )
    page.context["status_summary"] = {
        "year": summary["year_status"],
        "outlook": summary["outlook_status"],
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
        final, provisional = counted_apart(
            (city_year.get(i) for i in indicator_ids), missing="no_data"
        )
        report_counts = counts_by(
            (reports[t.id].status if t.id in reports else "none") for t in lt.tasks
        )
        label = str(lt.lever)
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
                    badges_cell(final, YEAR_STATUS, provisional),
                    badges_cell(report_counts, REPORT_STATUS),
                ]
            )
        )
    page.tables.append(
        Table(
            "levers",
            gettext("八大抓手（%(year)s年）") % {"year": year},
            [
                gettext("抓手"),
                gettext("行动"),
                gettext("重点任务"),
                gettext("任务指标"),
                gettext("任务指标年度状态"),
                gettext("任务最新进展"),
            ],
            lever_rows,
        )
    )
    if lever_labels:
        page.charts.append(
            Chart(
                "levers",
                gettext("八大抓手任务指标的年度状态"),
                status_counts_figure(
                    categories=lever_labels,
                    counts=dict(lever_counts),
                    title=gettext("八大抓手：任务指标%(year)s年状态（全市）") % {"year": year},
                    value_label=gettext("个指标"),
                ),
                filename=gettext("八大抓手任务指标状态-%(year)s") % {"year": year},
            )
        )

    attainments = [
        (c.indicator, c.snapshot)
        for c in cards
        if c.snapshot is not None and not is_missing(c.snapshot.attainment)
    ]
    if attainments:
        page.charts.append(
            Chart(
                "attainment",
                gettext("九大重点指标完成率"),
                attainment_figure(
                    labels=[
                        f"{i.key_order}. {i.name}"
                        + (gettext("（暂）") if is_provisional(s) else "")
                        for i, s in attainments
                    ],
                    attainments=[s.attainment for _, s in attainments],
                    statuses=[s.year_status for _, s in attainments],
                    title=gettext("九大重点指标%(year)s年完成率（全市）") % {"year": year},
                ),
                filename=gettext("九大重点指标完成率-%(year)s") % {"year": year},
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
                        display_name(actual.entered_by)
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
            gettext("最近提交"),
            [
                gettext("提交时间"),
                gettext("指标"),
                gettext("区域"),
                gettext("年份"),
                gettext("数值"),
                gettext("状态"),
                gettext("填报人"),
                gettext("来源"),
            ],
            sub_rows,
        )
    )
    page.context["cards"] = cards
    return page
