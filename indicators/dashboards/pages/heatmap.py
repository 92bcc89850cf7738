"""The region × key indicator heatmap of the counties and group pages, and its table.

Each cell is the region's year status on the indicator; a cell without a target whose region has
a figure is shaded by that figure within its column instead (as the county map colours such a
region by value), and the chart says so.
"""

from __future__ import annotations

from django.utils.translation import gettext

from common.numbers import is_missing
from indicators.compute.charts.status_grids import status_heatmap_figure
from indicators.dashboards.exports import Cell, Row, Table
from indicators.dashboards.pages.cells import is_provisional, snapshot_pair, year_status_cell
from indicators.dashboards.pages.parts import Chart, region_url, wrap_label
from indicators.dashboards.selectors.regions import CountyGrid
from indicators.models import Indicator, Region

# The heatmap draws at most this many regions (the full grid is in its table's export).
HEATMAP_ROW_LIMIT = 40


def short_label(indicator: Indicator) -> str:
    return f"{indicator.key_order}. {indicator.name}"


def heatmap_chart(grid: CountyGrid, regions: list[Region], *, year: int, title: str) -> Chart:
    shown = regions[:HEATMAP_ROW_LIMIT]
    statuses, hover, values = [], [], []
    for region in shown:
        row_status, row_hover, row_values = [], [], []
        for ind in grid.indicators:
            s = grid.snapshots.get((ind.id, region.id))
            row_status.append(s.year_status if s else None)
            row_values.append(None if s is None or is_missing(s.actual_value) else s.actual_value)
            if s is None:
                row_hover.append(gettext("暂无进度数据"))
            else:
                pair = snapshot_pair(s, ind)
                row_hover.append(
                    gettext(
                        "实际值 %(actual)s %(unit)s%(provisional)s，目标 %(target)s（%(source)s）"
                    )
                    % {
                        "actual": pair.actual,
                        "unit": ind.unit_of_measure,
                        "provisional": gettext("（未审核，状态暂定）") if is_provisional(s) else "",
                        "target": pair.target,
                        "source": s.get_target_source_display(),
                    }
                )
        statuses.append(row_status)
        hover.append(row_hover)
        values.append(row_values)
    figure = status_heatmap_figure(
        row_labels=[r.name for r in shown],
        column_labels=[wrap_label(short_label(i), 8) for i in grid.indicators],
        statuses=statuses,
        hover=hover,
        title=title,
        values=values,
        # Short lines: the note sits under the grid, which is narrow on a phone.
        value_note=gettext("灰蓝色“–”格：无目标，<br>按该列实际值深浅着色，<br>颜色越深数值越大"),
    )
    description = gettext(
        "每格为该区域该指标的年度状态（✔ 已达标、◐ 接近达标、✘ 未达标、○ 暂无数据、– 无目标）。"
    )
    if figure.layout.meta["heatmap_colouring"] == "both":
        description += gettext(
            "无目标但有实际值的格按数值着色：灰蓝色阶，同一列（同一指标）内比较，颜色越深数值越大，"
            "不表示达标状态；有目标的格仍按年度状态着色。"
        )
    return Chart(
        "heatmap",
        title,
        figure,
        filename=gettext("区域指标状态热力图-%(year)s") % {"year": year},
        description=description,
    )


def heatmap_table(
    grid: CountyGrid, regions: list[Region], *, year: int, key: str = "heatmap"
) -> Table:
    rows = []
    for region in regions:
        cells = [Cell(region.name, href=region_url(region, year), header=True, nowrap=True)]
        for ind in grid.indicators:
            s = grid.snapshots.get((ind.id, region.id))
            cells.append(year_status_cell(s))
        rows.append(Row(cells))
    return Table(
        key,
        gettext("区域 × 重点指标年度状态（%(year)s年）") % {"year": year},
        [gettext("区域"), *[short_label(i) for i in grid.indicators]],
        rows,
        more_rows=grid.more_regions,
    )
