"""The heatmap colours a cell without a target by its value within its column, as the county map
does (issue 13, item 6); a cell with a target keeps its status colour; the legend says which."""

import json

import pytest
from django.urls import reverse

from indicators.compute.charts import status_grids
from indicators.models import Indicator, Region

from .conftest import write_snapshot


def test_it_shades_cells_without_a_target_by_their_value_within_the_column():
    # Given two columns: K1 with targets (met, not met), K4 without (values 100, 300, 200)
    fig = status_grids.status_heatmap_figure(
        row_labels=["鹿城区", "龙湾区", "瓯海区"],
        column_labels=["1. R&D", "4. 高企"],
        statuses=[["met", "no_target"], ["not_met", "no_target"], ["met", "no_target"]],
        values=[[2.9, 100.0], [2.1, 300.0], [3.0, 200.0]],
        value_note="无目标的格按该列实际值深浅着色",
    )
    status_trace, value_trace = json.loads(fig.to_json())["data"]
    # Then the status grid is unchanged (every cell, its word on hover)
    assert status_trace["z"] == [[0, 4], [2, 4], [0, 4]]
    assert [row[1][0] for row in status_trace["customdata"]] == ["无目标"] * 3
    # And the no-target cells are shaded over it, lowest to highest of their column: 0, 1, 0.5;
    # the cells with a target are gaps in that trace, so they keep the status colour
    assert value_trace["z"] == [[None, 0.0], [None, 1.0], [None, 0.5]]
    assert value_trace["hoverongaps"] is False
    assert value_trace["colorscale"][0][1] != value_trace["colorscale"][-1][1]
    # And the cell keeps its icon, and the legend under the grid says how it is coloured
    assert value_trace["text"] == [["", "–"], ["", "–"], ["", "–"]]
    layout = fig.layout
    assert layout.meta["heatmap_colouring"] == "both"
    assert layout.annotations[0].text == "无目标的格按该列实际值深浅着色"


def test_it_keeps_the_status_colours_where_every_cell_has_a_target_or_no_value():
    fig = status_grids.status_heatmap_figure(
        row_labels=["鹿城区", "龙湾区"],
        column_labels=["1. R&D"],
        statuses=[["met"], ["no_target"]],
        values=[[2.9], [None]],
        value_note="无目标的格按该列实际值深浅着色",
    )
    assert len(fig.data) == 1
    assert fig.layout.meta["heatmap_colouring"] == "status"
    assert not fig.layout.annotations


def test_one_value_in_a_column_takes_the_middle_of_the_scale():
    fig = status_grids.status_heatmap_figure(
        row_labels=["鹿城区"],
        column_labels=["4. 高企"],
        statuses=[["no_target"]],
        values=[[120.0]],
    )
    assert list(fig.data[1].z) == [[0.5]]


@pytest.mark.django_db
def test_the_counties_page_shades_regions_without_a_target_and_says_so(leader_client, demo):
    # Given K4 (additive) in two counties without a target, with figures, in 2025
    k4 = Indicator.objects.get(code="K4")
    for name, value in (("鹿城区", 400.0), ("龙湾区", 250.0)):
        write_snapshot(
            k4, Region.objects.get(name=name), 2025, actual_value=value, year_status="no_target"
        )
    # When leadership opens the counties page
    response = leader_client.get(reverse("dashboards:counties"), {"year": 2025, "indicator": "K4"})
    chart = response.context["charts"]["heatmap"]
    figure = chart.figure.to_plotly_json()
    # Then the two cells are shaded by value in K4's column, the darker the larger
    value_trace = figure["data"][1]
    column = next(i for i, label in enumerate(value_trace["x"]) if label.startswith("4. "))
    rows = list(value_trace["y"])
    assert value_trace["z"][rows.index("鹿城区")][column] == 1.0
    assert value_trace["z"][rows.index("龙湾区")][column] == 0.0
    # And the caption says which cells are coloured by value and that it is not a status
    assert "按数值着色" in chart.description and "不表示达标状态" in chart.description
    assert chart.description in response.content.decode()
