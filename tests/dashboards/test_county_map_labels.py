"""The county map names its places and, where a division has no target, colours it by value on
a neutral scale, saying which colouring it shows: the figure the chart builder returns (the
browser check is tests/browser/test_county_map_labels.py)."""

import json
from pathlib import Path

import pytest
from django.conf import settings

from indicators.compute.charts.status_grids import (
    VALUE_SCALE,
    county_map_figure,
    label_points,
    map_label,
)

GEOJSON = Path(settings.BASE_DIR) / "static/geo/wenzhou-counties.geojson"
SQUARE = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"adcode": "1"},
            "geometry": {
                "type": "MultiPolygon",
                # a 2 × 2 square at (120, 27) and a small island: the square is labelled
                "coordinates": [
                    [[[120, 27], [122, 27], [122, 29], [120, 29], [120, 27]]],
                    [[[125, 30], [125.1, 30], [125.1, 30.1], [125, 30]]],
                ],
            },
        }
    ],
}


def figure(statuses, values=None, names=("鹿城区", "龙湾区", "瓯海区")):
    return json.loads(
        county_map_figure(
            geojson="/static/geo/wenzhou-counties.geojson",
            adcodes=["330302", "330303", "330304"][: len(statuses)],
            names=list(names)[: len(statuses)],
            statuses=statuses,
            hover=["h"] * len(statuses),
            points=[(120.6, 28.0), (120.8, 27.9), None][: len(statuses)],
            values=values,
            value_unit="家",
        ).to_json()
    )


def test_it_places_a_label_at_the_centroid_of_the_largest_polygon():
    # Given a square 120–122 × 27–29 and a small island
    points = label_points(SQUARE)
    # Then the label sits at the square's centre
    assert points == {"1": pytest.approx((121.0, 28.0))}


def test_it_labels_every_shipped_county_inside_wenzhou():
    points = label_points(json.loads(GEOJSON.read_text(encoding="utf-8")))
    assert len(points) == 12
    for lon, lat in points.values():
        assert 119.3 < lon < 121.5 and 27.0 < lat < 28.7


def test_the_names_are_a_text_layer_of_ideographs_only():
    # Given three divisions, the third without a label point
    payload = figure(
        ["met", "not_met", "no_data"], names=("鹿城区", "龙湾区", "温州高新区（经开区）")
    )
    labels = [t for t in payload["data"] if t["type"] == "scattermap"]
    # Then one text trace names the two placed divisions, at their points, with no hover
    assert len(labels) == 1
    assert labels[0]["mode"] == "text"
    assert labels[0]["text"] == ["鹿城区", "龙湾区"]
    assert labels[0]["lon"] == [120.6, 120.8] and labels[0]["lat"] == [28.0, 27.9]
    assert labels[0]["hoverinfo"] == "skip"
    # Only ideographs: MapLibre draws them locally and fetches no glyphs
    assert map_label("温州高新区（经开区）") == "温州高新区经开区"
    assert map_label("Area 51 区") == "区"
    # On the blank style, with no tiles, its sprite and glyphs on this server
    style = payload["layout"]["map"]["style"]
    assert style["sources"] == {}
    assert style["sprite"] == "/static/geo/map/sprite"
    assert style["glyphs"].startswith("/static/geo/map/glyphs/")


def test_the_blank_sprite_holds_the_icons_a_text_layer_asks_for():
    # Plotly's text layer asks for "<symbol>-15"; a missing one it fetches from unpkg.com
    for name in ("sprite.json", "sprite@2x.json"):
        sprite = json.loads((GEOJSON.parent / "map" / name).read_text(encoding="utf-8"))
        assert {"-15", "circle-15", "marker-15"} <= set(sprite)


def test_it_colours_by_status_where_there_are_targets_and_says_so():
    payload = figure(["met", "not_met", "no_data"], values=[3.0, 2.0, None])
    maps = [t for t in payload["data"] if t["type"] == "choroplethmap"]
    assert len(maps) == 1 and maps[0]["showscale"] is False
    assert maps[0]["locations"] == ["330302", "330303", "330304"]
    assert payload["layout"]["meta"]["map_colouring"] == "status"
    assert "年度状态" in payload["layout"]["annotations"][0]["text"]


def test_it_colours_by_value_where_there_is_no_target_on_a_neutral_scale():
    # Given an additive indicator the counties have no target for: values 120, 80, none
    payload = figure(["no_target", "no_target", "no_data"], values=[120.0, 80.0, None])
    maps = {t["name"]: t for t in payload["data"] if t["type"] == "choroplethmap"}
    # Then the two with a value are coloured by it, on the neutral scale, with a colour bar
    by_value = maps["实际值"]
    assert by_value["locations"] == ["330302", "330303"]
    assert by_value["z"] == [120.0, 80.0]
    assert (by_value["zmin"], by_value["zmax"]) == (80.0, 120.0)
    assert by_value["colorscale"] == [list(stop) for stop in VALUE_SCALE]
    assert by_value["showscale"] is True
    assert "家" in by_value["colorbar"]["title"]["text"]
    # the one with no value keeps its status colour (暂无数据)
    assert maps["年度状态"]["locations"] == ["330304"]
    # and the map says it shows both
    assert payload["layout"]["meta"]["map_colouring"] == "both"
    assert "实际值" in payload["layout"]["annotations"][0]["text"]


def test_all_by_value_says_no_division_has_a_target():
    payload = figure(["no_target", "no_target"], values=[5.0, 5.0])
    assert payload["layout"]["meta"]["map_colouring"] == "value"
    assert "无目标" in payload["layout"]["annotations"][0]["text"]
    by_value = payload["data"][0]
    assert by_value["zmin"] < by_value["zmax"]  # one value: the scale still spans something
