"""The pure figure builders (indicators/compute/charts/): no database, plain values in, figures out."""

import json
import re
from itertools import pairwise
from pathlib import Path

from django.conf import settings

from indicators.compute.charts import bars, layout, sparkline, status_grids, styles, target_path
from indicators.models import ProgressSnapshot, TaskReport

YEARS = list(range(2022, 2028))


def test_it_names_every_status_with_the_models_words():
    # Each status shown on a page or chart uses the same word as the database's label.
    for code, label in ProgressSnapshot.YearStatus.choices:
        assert styles.YEAR_STATUS[code].word == str(label)
    for code, label in ProgressSnapshot.Outlook.choices:
        assert styles.OUTLOOK[code].word == str(label)
    for code, label in TaskReport.Status.choices:
        assert styles.REPORT_STATUS[code].word == str(label)


def test_it_never_relies_on_colour_alone():
    every_style = [
        *styles.YEAR_STATUS.values(),
        *styles.OUTLOOK.values(),
        *styles.REPORT_STATUS.values(),
    ]
    for style in every_style:
        assert style.icon.strip() and style.word.strip()
    # Within one vocabulary, no two statuses share an icon.
    for vocabulary in (styles.YEAR_STATUS, styles.OUTLOOK, styles.REPORT_STATUS):
        icons = [s.icon for s in vocabulary.values()]
        assert len(icons) == len(set(icons))


def test_it_uses_the_same_colours_as_the_stylesheet():
    # static/css/dashboards.css repeats the Okabe–Ito colours; a change on one side only fails here.
    css = (Path(settings.BASE_DIR) / "static/css/dashboards.css").read_text(encoding="utf-8")
    declared = {
        name: value.upper()
        for name, value in re.findall(r"--oi-([a-z-]+):\s*(#[0-9A-Fa-f]{6})", css)
    }
    for name, value in styles.OKABE_ITO.items():
        if name == "black":
            continue
        assert declared[name.replace("_", "-")] == value
    assert re.search(r"--st-grey:\s*" + styles.GREY, css, re.IGNORECASE)


def test_it_draws_both_plans_interpolated_targets_and_a_dashed_projection():
    # Given R&D intensity: baseline 2.6 (2022), actuals 2.7 and 2.8, the later plan's 2025
    # target 3.1 (温政办〔2023〕86号) and the earlier plan's 3.0 / 3.4 (温政发〔2023〕17号)
    fig = target_path.indicator_path_figure(
        title="R&D",
        unit="%",
        decimals=1,
        years=YEARS,
        actuals={2022: 2.6, 2023: 2.7, 2024: 2.8},
        provisional_years=[2024],
        baseline_year=2022,
        plan_targets=[
            target_path.PlanTargets("温政办〔2023〕86号", {2025: 3.1}, {2025: "≈"}),
            target_path.PlanTargets("温政发〔2023〕17号", {2023: 2.7, 2025: 3.0, 2027: 3.4}, {}),
        ],
        interpolated_targets={2024: 2.9, 2026: 3.25},
        projection=(2024, 2.8, 2027, 3.1),
        selected_year=2024,
    )
    # When the figure is serialised as the page embeds it
    data = json.loads(fig.to_json())["data"]
    by_name = {trace["name"]: trace for trace in data}
    # Then each plan has its own trace, the interpolated years are marked, the projection is dashed
    assert by_name["目标（温政办〔2023〕86号）"]["y"] == [3.1]
    assert by_name["目标（温政发〔2023〕17号）"]["x"] == [2023, 2025, 2027]
    interpolated = next(t for n, t in by_name.items() if n.startswith("折算目标"))
    assert interpolated["x"] == [2024, 2026] and interpolated["marker"]["symbol"] == "diamond-open"
    projection = next(t for n, t in by_name.items() if n.startswith("按现有增速推算"))
    assert projection["line"]["dash"] == "dash"
    assert projection["x"] == [2024, 2027] and projection["y"] == [2.8, 3.1]
    actual = by_name["实际值"]
    assert actual["text"][0] == "基期"
    # the submitted (unapproved) 2024 figure is drawn hollow
    assert actual["marker"]["color"] == [styles.INK, styles.INK, "#FFFFFF"]


def test_it_maps_statuses_to_flat_colours_in_the_heatmap():
    fig = status_grids.status_heatmap_figure(
        row_labels=["鹿城区", "龙湾区"],
        column_labels=["K1", "K2"],
        statuses=[["met", "not_met"], [None, "nearly_met"]],
    )
    trace = json.loads(fig.to_json())["data"][0]
    codes = list(styles.YEAR_STATUS)
    assert trace["z"] == [
        [codes.index("met"), codes.index("not_met")],
        [len(codes), codes.index("nearly_met")],
    ]
    assert trace["text"] == [["✔", "✘"], ["…", "◐"]]
    # Each integer z falls inside one flat band of the scale: the colour of its status.
    scale = trace["colorscale"]
    n = len(codes) + 1
    for z, code in ((codes.index("met"), "met"), (codes.index("not_met"), "not_met")):
        position = (z + 0.5) / n
        band = [c for (p0, c), (p1, _) in pairwise(scale) if p0 <= position <= p1]
        assert band[0] == styles.YEAR_STATUS[code].colour


def test_it_draws_the_county_map_offline():
    geojson = {"type": "FeatureCollection", "features": []}
    fig = status_grids.county_map_figure(
        geojson=geojson,
        adcodes=["330302"],
        names=["鹿城区"],
        statuses=["met"],
        hover=["实际值 3.0"],
    )
    payload = json.loads(fig.to_json())
    trace = payload["data"][0]
    # MapLibre's blank style: no tiles; and a choroplethmap, not a geo trace that fetches a world map
    assert trace["type"] == "choroplethmap"
    style = payload["layout"]["map"]["style"]
    assert style["sources"] == {} and [layer["type"] for layer in style["layers"]] == ["background"]
    assert not any("://" in style[key] for key in ("glyphs", "sprite"))  # on this server
    assert "geo" not in payload["layout"]
    assert trace["featureidkey"] == "properties.adcode"
    assert not any(t["type"] in {"choropleth", "scattergeo"} for t in payload["data"])


def test_it_ranks_regions_best_first_and_lists_those_without_a_value_last():
    fig = bars.ranking_figure(
        regions=["甲", "乙", "丙"],
        values=[2.0, None, 3.0],
        statuses=["not_met", "no_data", "met"],
        unit="%",
        decimals=1,
        benchmark=2.9,
    )
    bar = json.loads(fig.to_json())["data"][0]
    assert bar["y"] == ["丙", "甲", "乙"]
    assert bar["text"][0] == "3.0 ✔ 已达标"


def test_it_ranks_lower_is_better_indicators_lowest_first():
    fig = bars.ranking_figure(
        regions=["甲", "乙"],
        values=[50.0, 38.0],
        statuses=["met", "met"],
        unit="位",
        decimals=0,
        higher_is_better=False,
    )
    assert json.loads(fig.to_json())["data"][0]["y"] == ["乙", "甲"]


def test_it_draws_a_sparkline_of_actuals_and_target_path():
    svg = sparkline.sparkline_svg(
        years=YEARS,
        actuals={2022: 1.0, 2023: 2.0},
        targets={2023: 2.0, 2027: 4.0},
        label="R&D <强度>",
    )
    assert svg.startswith("<svg") and svg.count("<polyline") == 2
    assert "R&amp;D &lt;强度&gt;" in svg  # the label is escaped
    # Given 1.0 at the left edge and 4.0 at the top: the first actual sits at the bottom-left
    assert 'points="3.0,33.0' in svg
    assert sparkline.sparkline_svg(years=YEARS, actuals={2022: 1.0}, targets={}) == ""


def test_it_configures_a_png_download_in_the_toolbar():
    config = layout.plotly_config(filename="K1-目标路径")
    assert config["toImageButtonOptions"] == {
        "format": "png",
        "filename": "K1-目标路径",
        "scale": 2,
    }
    assert config["displaylogo"] is False
