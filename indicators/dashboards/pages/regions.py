"""The region pages: counties side by side (heatmap, map, ranking), one region, a group."""

from __future__ import annotations

from django.utils.translation import gettext

from common.display import competition_ranks
from common.numbers import is_missing
from indicators.compute.charts.bars import attainment_figure, ranking_figure
from indicators.compute.charts.status_grids import (
    county_map_figure,
)
from indicators.compute.charts.styles import YEAR_STATUS
from indicators.dashboards.exports import Cell, Row, Table
from indicators.dashboards.pages.cells import (
    count_cell,
    counted_apart,
    fmt_percent,
    is_provisional,
    outlook_status_cell,
    percent_cell,
    share_of_city_cell,
    snapshot_actual_cell,
    snapshot_pair,
    snapshot_target_cell,
    target_text,
    year_status_cell,
    year_style,
)
from indicators.dashboards.pages.group_totals import group_totals_table
from indicators.dashboards.pages.heatmap import (
    HEATMAP_ROW_LIMIT,
    heatmap_chart,
    heatmap_table,
    short_label,
)
from indicators.dashboards.pages.map_assets import county_label_points, map_style_assets_url
from indicators.dashboards.pages.pace import latest_pace_table, pace_chart_url
from indicators.dashboards.pages.parts import (
    HTML_ROW_LIMIT,
    Chart,
    Page,
    counts_by,
    indicator_url,
    region_url,
)
from indicators.dashboards.selectors.periods import latest_periods
from indicators.dashboards.selectors.regions import (
    COUNTY_KINDS,
    county_grid,
    region_detail,
)
from indicators.models import Indicator, ProgressSnapshot, Region, RegionGroup


def counties_page(
    *,
    year: int,
    indicator: Indicator | None,
    geojson_url: str,
    row_limit: int | None = HTML_ROW_LIMIT,
) -> Page:
    grid = county_grid(year=year, region_limit=row_limit)
    if indicator is None:
        indicator = grid.indicators[0] if grid.indicators else None
    page = Page(title=gettext("县区对比"), filename=gettext("县区对比-%(year)s年") % {"year": year})
    page.context.update(
        {"indicators": grid.indicators, "indicator": indicator, "groups": grid.groups}
    )
    counties = [r for r in grid.regions if r.kind in COUNTY_KINDS]
    zones = [r for r in grid.regions if r.kind == Region.Kind.FUNCTIONAL_ZONE]
    page.charts.append(
        heatmap_chart(
            grid,
            [grid.city, *grid.regions],
            year=year,
            title=gettext("全市及各区域九大重点指标%(year)s年状态") % {"year": year},
        )
    )
    page.tables.append(heatmap_table(grid, [grid.city, *grid.regions], year=year))
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
            gettext("实际值 %(actual)s %(unit)s%(provisional)s，完成率 %(attainment)s")
            % {
                "actual": snapshot_pair(s, indicator).actual,
                "unit": unit,
                "provisional": gettext("（未审核，状态暂定）") if is_provisional(s) else "",
                "attainment": fmt_percent(s.attainment),
            }
            if s
            else gettext("暂无进度数据")
        )
    if mapped:
        page.charts.append(
            Chart(
                "map",
                gettext("%(name)s：各县（市、区）%(year)s年状态地图")
                % {"name": indicator.name, "year": year},
                county_map_figure(
                    geojson=geojson_url,
                    adcodes=[r.code for r in mapped],
                    names=[r.name for r in mapped],
                    statuses=statuses,
                    hover=hover,
                    points=[county_label_points().get(r.code) for r in mapped],
                    values=[
                        None if s is None or is_missing(s.actual_value) else s.actual_value
                        for s in (grid.snapshots.get((indicator.id, r.id)) for r in mapped)
                    ],
                    value_unit=unit,
                    map_assets=map_style_assets_url(),
                ),
                filename=gettext("%(code)s-县区地图-%(year)s")
                % {"code": indicator.code, "year": year},
                description=gettext("地图仅含12个县级行政区；两个功能区无独立边界，列于地图旁。"),
            )
        )
    zone_snapshots = [(zone, grid.snapshots.get((indicator.id, zone.id))) for zone in zones]
    page.context["zones"] = [
        (zone, s, year_style(s), is_provisional(s), snapshot_pair(s, indicator).actual if s else "")
        for zone, s in zone_snapshots
    ]
    page.context["map_legend"] = list(YEAR_STATUS.values())
    page.context["mapped"] = [
        (region, year_style(s), is_provisional(s))
        for region, s in ((r, grid.snapshots.get((indicator.id, r.id))) for r in mapped)
    ]

    # Ranking of the regions on the chosen indicator.
    ranked = [r for r in grid.regions if (indicator.id, r.id) in grid.snapshots]
    values, rank_statuses, own = [], [], []
    for region in ranked:
        s = grid.snapshots[(indicator.id, region.id)]
        values.append(None if is_missing(s.actual_value) else s.actual_value)
        rank_statuses.append(s.year_status)
        own.append(s.target_value if s.target_source == ProgressSnapshot.TargetSource.OWN else None)
    benchmark = (
        None
        if city_snapshot is None or is_missing(city_snapshot.target_value)
        else city_snapshot.target_value
    )
    if ranked:
        page.charts.append(
            Chart(
                "ranking",
                gettext("%(name)s：各区域%(year)s年排名") % {"name": indicator.name, "year": year},
                ranking_figure(
                    regions=[r.name for r in ranked[:HEATMAP_ROW_LIMIT]],
                    values=values[:HEATMAP_ROW_LIMIT],
                    statuses=rank_statuses[:HEATMAP_ROW_LIMIT],
                    own_targets=own[:HEATMAP_ROW_LIMIT],
                    unit=unit,
                    decimals=decimals,
                    benchmark=benchmark if indicator.rollup == Indicator.Rollup.NONE else None,
                    benchmark_label=(
                        gettext("全市目标 %(target_text)s")
                        % {
                            "target_text": target_text(
                                benchmark, city_snapshot.target_comparator, decimals
                            )
                        }
                        if benchmark is not None
                        else ""
                    ),
                    higher_is_better=indicator.direction == Indicator.Direction.HIGHER,
                    title=gettext("%(name)s：各区域%(year)s年实际值（%(unit)s）")
                    % {"name": indicator.name, "year": year, "unit": unit},
                ),
                filename=gettext("%(code)s-区域排名-%(year)s")
                % {"code": indicator.code, "year": year},
            )
        )
    rank_rows = []
    # Equal values share a rank (并列) and the next rank is skipped: 1, 2, 2, 4.
    ranks = competition_ranks(
        values, higher_is_better=indicator.direction == Indicator.Direction.HIGHER
    )
    order = sorted(
        range(len(ranked)),
        key=lambda i: (ranks[i].position is None, ranks[i].position or 0),
    )
    for i in order:
        s = grid.snapshots[(indicator.id, ranked[i].id)]
        rank_rows.append(
            Row(
                [
                    Cell(
                        ranks[i].text,
                        value=ranks[i].position,
                        note=ranks[i].note,
                        numeric=True,
                    ),
                    Cell(ranked[i].name, href=region_url(ranked[i], year), header=True),
                    snapshot_actual_cell(s, indicator),
                    snapshot_target_cell(s, indicator),
                    Cell(s.get_target_source_display()),
                    percent_cell(s.attainment),
                    year_status_cell(s),
                ]
            )
        )
    page.tables.append(
        Table(
            "ranking",
            gettext("%(name)s：各区域%(year)s年排名") % {"name": indicator.name, "year": year},
            [
                gettext("名次"),
                gettext("区域"),
                gettext("实际值（%(unit)s）") % {"unit": unit},
                gettext("年度目标"),
                gettext("目标来源"),
                gettext("完成率"),
                gettext("年度状态"),
            ],
            rank_rows,
            more_rows=grid.more_regions,
        )
    )

    # 序时进度: each region's latest period of the year, where it has one.
    periods = latest_periods(
        year=year,
        indicator_ids=[indicator.id],
        region_ids=[r.id for r in [grid.city, *grid.regions]],
    )
    codes = {r.id: r.code for r in grid.regions}  # the city's chart needs no code
    paced = [
        (
            Cell(r.name, href=region_url(r, year), header=True),
            periods[(indicator.id, r.id)],
            indicator,
        )
        for r in [grid.city, *grid.regions]
        if (indicator.id, r.id) in periods
    ]
    if paced:
        page.tables.append(
            latest_pace_table(
                key="pace",
                title=gettext("%(name)s：各区域%(year)s年序时进度（最新期间）")
                % {"name": indicator.name, "year": year},
                first_column=gettext("区域"),
                rows=paced,
                unit=unit,
                hint=gettext("年初至最新期间的数值与序时目标相比；全年数据以年度状态为准。"),
                chart_href=lambda p: pace_chart_url(indicator, year, codes.get(p.region_id, "")),
            )
        )
    return page


# --- One region, a group of regions ------------------------------------------------------------


def region_page(*, region: Region, year: int) -> Page:
    detail = region_detail(region=region, year=year)
    page = Page(
        title=region.name,
        filename=gettext("%(name)s-%(year)s年") % {"name": region.name, "year": year},
    )
    rows = []
    for s in detail.snapshots:
        ind = s.indicator
        rows.append(
            Row(
                [
                    Cell(ind.name, href=indicator_url(ind, year), header=True),
                    Cell(ind.get_category_display()),
                    Cell(ind.unit_of_measure),
                    snapshot_actual_cell(s, ind),
                    snapshot_target_cell(s, ind),
                    Cell(s.get_target_source_display()),
                    percent_cell(s.attainment),
                    year_status_cell(s),
                    outlook_status_cell(s),
                    share_of_city_cell(s, ind),
                ]
            )
        )
    page.tables.append(
        Table(
            "indicators",
            gettext("%(name)s各项指标（%(year)s年）") % {"name": region.name, "year": year},
            [
                gettext("指标"),
                gettext("类别"),
                gettext("单位"),
                gettext("实际值"),
                gettext("年度目标"),
                gettext("目标来源"),
                gettext("完成率"),
                gettext("年度状态"),
                gettext("趋势研判"),
                gettext("占全市比重"),
            ],
            rows,
            html_limit=HTML_ROW_LIMIT,
        )
    )
    with_attainment = [s for s in detail.snapshots if not is_missing(s.attainment)][:30]
    if with_attainment:
        page.charts.append(
            Chart(
                "attainment",
                gettext("%(name)s%(year)s年各指标完成率") % {"name": region.name, "year": year},
                attainment_figure(
                    labels=[s.indicator.name for s in with_attainment],
                    attainments=[s.attainment for s in with_attainment],
                    statuses=[s.year_status for s in with_attainment],
                    title=gettext("%(name)s%(year)s年各指标完成率")
                    % {"name": region.name, "year": year},
                ),
                filename=gettext("%(name)s-完成率-%(year)s") % {"name": region.name, "year": year},
            )
        )
    # 序时进度: each indicator's latest period of the year, where it has one.
    periods = sorted(
        latest_periods(year=year, region_ids=[region.id], with_indicator=True).values(),
        key=lambda p: (
            p.indicator.key_order is None,
            p.indicator.key_order or 0,
            p.indicator.category,
            p.indicator.code,
        ),
    )
    if periods:
        page.tables.append(
            latest_pace_table(
                key="pace",
                title=gettext("%(region)s序时进度（%(year)s年最新期间）")
                % {"region": region.name, "year": year},
                first_column=gettext("指标"),
                rows=[
                    (
                        Cell(p.indicator.name, href=indicator_url(p.indicator, year), header=True),
                        p,
                        p.indicator,
                    )
                    for p in periods
                ],
                hint=gettext("年初至最新期间的数值与序时目标相比；全年数据以年度状态为准。"),
                chart_href=lambda p: pace_chart_url(p.indicator, year, region.code),
            )
        )
    final, provisional = counted_apart(detail.snapshots)
    page.context.update(
        {
            "region": region,
            "groups": detail.groups,
            "units": detail.units,
            "counts": [
                (style, final.get(code, 0), provisional.get(code, 0))
                for code, style in YEAR_STATUS.items()
            ],
        }
    )
    return page


def group_page(*, group: RegionGroup, year: int) -> Page:
    members = list(group.members.order_by("order", "name"))
    grid = county_grid(year=year, regions=members)
    page = Page(
        title=group.name,
        filename=gettext("%(name)s-%(year)s年") % {"name": group.name, "year": year},
    )
    page.charts.append(
        heatmap_chart(
            grid,
            members,
            year=year,
            title=gettext("%(name)s九大重点指标%(year)s年状态")
            % {"name": group.name, "year": year},
        )
    )
    page.tables.append(heatmap_table(grid, members, year=year))
    page.tables.append(group_totals_table(grid, members, group_name=group.name, year=year))
    # Per indicator: how many members met / nearly met / did not meet the year's target.
    rows = []
    for ind in grid.indicators:
        snaps = [
            grid.snapshots[(ind.id, m.id)] for m in members if (ind.id, m.id) in grid.snapshots
        ]
        counts = counts_by(s.year_status for s in snaps)
        missing = len(members) - len(snaps)
        if missing:
            counts["no_data"] = counts.get("no_data", 0) + missing
        rows.append(
            Row(
                [
                    Cell(short_label(ind), href=indicator_url(ind, year), header=True),
                    *[count_cell(counts.get(code, 0)) for code in YEAR_STATUS],
                ]
            )
        )
    page.tables.append(
        Table(
            "summary",
            gettext("%(name)s：各指标达标区域数（%(year)s年）")
            % {"name": group.name, "year": year},
            [gettext("指标"), *[s.word for s in YEAR_STATUS.values()]],
            rows,
        )
    )
    page.context.update({"group": group, "members": members})
    return page
