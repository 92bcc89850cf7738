"""The pure 序时进度 chart builder (indicators/compute/charts/pace.py) and the 序时 statuses'
styles: no database, plain values in, a figure out."""

import json

from indicators.compute.charts import pace, styles
from indicators.models import PeriodSnapshot

LABELS = pace.PaceLabels(
    actual="实际值（年初至当期）",
    expected="序时目标",
    annual_target="年度目标 180",
    provisional="（未审核）",
)


def figure(**overrides):
    # Given K8 of 2023 by quarter: 40, 95, 150 against 序时 45, 90, 135 and 180 for the year
    arguments = dict(
        title="K8：2023年序时进度",
        unit="万平方米",
        periods=[3, 6, 9],
        tick_labels=["1–3月", "1–6月", "1–9月"],
        short_tick_labels=["3月", "6月", "9月"],
        actuals=[40.0, 95.0, 150.0],
        expected=[45.0, 90.0, 135.0],
        statuses=["behind", "on_pace", "ahead"],
        hover=["1–3月", "1–6月", "1–9月"],
        provisional=[False, False, True],
        annual_target=180.0,
        labels=LABELS,
    )
    arguments.update(overrides)
    return json.loads(pace.pace_figure(**arguments).to_json())


def test_it_names_the_pace_statuses_with_the_models_words_and_their_own_icons():
    for code, label in PeriodSnapshot.PaceStatus.choices:
        assert styles.PACE_STATUS[code].word == str(label)
    icons = [s.icon for s in styles.PACE_STATUS.values()]
    assert len(icons) == len(set(icons)) and all(i.strip() for i in icons)


def test_it_draws_the_figures_against_the_expected_line_and_the_years_target():
    fig = figure()
    by_name = {t["name"]: t for t in fig["data"]}
    assert by_name["序时目标"]["y"] == [45.0, 90.0, 135.0]
    assert by_name["序时目标"]["line"]["dash"] == "dash"
    assert by_name["实际值（年初至当期）"]["x"] == [3, 6, 9]
    # one legend entry per status, named by icon and word, its markers carrying the icon
    assert by_name["▲ 超序时"]["x"] == [9] and by_name["▲ 超序时"]["text"] == ["▲"]
    assert by_name["● 符合序时"]["x"] == [6]
    assert by_name["▼ 落后序时"]["x"] == [3]
    # a provisional figure is hollow and says so on hover
    assert by_name["▲ 超序时"]["marker"]["color"] == ["#FFFFFF"]
    assert by_name["▲ 超序时"]["customdata"] == ["1–9月（未审核）"]
    # the year's target is a line with its label; the axis spans the year
    layout = fig["layout"]
    assert layout["shapes"][0]["y0"] == 180.0
    assert layout["annotations"][0]["text"] == "年度目标 180"
    assert layout["xaxis"]["range"] == [0.5, 12.5]
    assert layout["meta"]["short_ticktext"] == ["3月", "6月", "9月"]


def test_it_draws_no_expected_line_or_target_where_there_is_none():
    fig = figure(
        expected=[None, None, None],
        statuses=["no_target", "no_target", "no_target"],
        annual_target=None,
    )
    names = [t["name"] for t in fig["data"]]
    assert "序时目标" not in names and "– 无目标" in names
    assert not fig["layout"].get("shapes")
