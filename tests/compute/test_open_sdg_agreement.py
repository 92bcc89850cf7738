"""The engine's outlook against a transcription of Open SDG's progress measure, case by case.

The reference is open-sdg/sdg-build, ``sdg/ProgressMeasure.py`` (``SeriesProgress``:
the base year's selection, ``calculate_progress_value``'s checks, ``methodology_2``,
``is_target_achieved``; and ``growth_calculation``, ``get_progress_status``), transcribed below
for one series with a target. The engine must agree with it on every case of the table, except
where the case names one of the differences docs/progress.md lists ("Differences from Open
SDG", D1…); there the engine must give the status the document gives.
"""

from pathlib import Path

import pytest

from indicators.compute.frames import (
    actuals_frame,
    indicators_frame,
    regions_frame,
    targets_frame,
)
from indicators.compute.progress import compute_progress

# --- Open SDG, transcribed (method 2: a quantitative target) ----------------------------------

HIGH, MED, LOW = 0.95, 0.6, 0  # get_progress_thresholds, method 2 defaults


def growth_calculation(val1, val2, t1, t2):
    return ((val1 / val2) ** (1 / (t1 - t2))) - 1


def get_progress_status(value, target_achieved=False):
    if target_achieved:
        return "target_achieved"
    if value is not None:
        if value >= HIGH:
            return "substantial_progress"
        elif MED <= value < HIGH:
            return "moderate_progress"
        elif LOW <= value < MED:
            return "limited_progress"
        elif value < LOW:
            return "deterioration"
    return "not_available"


def open_sdg_status(data: dict[int, float], *, base_year, target, target_year, direction):
    """SeriesProgress for one series: ``data`` {year: value}, ``direction`` +1 / −1."""
    years = sorted(data)
    current_year = max(years)
    current_value = data[current_year]
    if base_year not in data:
        base_year = min(y for y in years if y > base_year)
    base_value = data[base_year]
    sign = -1 if base_value < 0 else 1
    if target == 0:
        target = 0.001
    # is_target_achieved
    achieved = (direction == -1 and current_value <= target) or (
        direction == 1 and current_value >= target
    )
    # calculate_progress_value's checks, then methodology_2
    progress_value = None
    if base_value == 0:
        base_value = 0.001
    if (base_value > 0) == (current_value > 0) and current_year - base_year >= 1:
        cagr_o = growth_calculation(current_value, base_value, current_year, base_year)
        cagr_r = growth_calculation(target, base_value, target_year, base_year)
        if cagr_r == 0:
            return "division_by_zero"  # Open SDG raises ZeroDivisionError here
        progress_value = sign * direction * cagr_o / abs(cagr_r)
    return get_progress_status(progress_value, achieved)


# Open SDG's names for ours.
OURS = {
    "target_achieved": "achieved",
    "substantial_progress": "on_track",
    "moderate_progress": "needs_acceleration",
    "limited_progress": "limited_progress",
    "deterioration": "deterioration",
    "not_available": "not_assessed",
    "division_by_zero": "(an error)",
}

# --- The table -------------------------------------------------------------------------------
# (name, kind, direction, comparator, data {year: value}, goal 2027, difference, engine status)
# difference None: the engine must agree with Open SDG.
CASES = [
    ("K1 worked example", "level", "higher", "gte", {2022: 2.6, 2024: 2.85}, 3.4, None, None),
    ("K4 on track", "stock", "higher", "gte", {2022: 3700, 2024: 5000}, 6500, None, None),
    ("K4 reached early", "stock", "higher", "gte", {2022: 3700, 2025: 6600}, 6500, None, None),
    ("K4 limited", "stock", "higher", "gte", {2022: 3700, 2024: 3800}, 6500, None, None),
    ("K4 falling", "stock", "higher", "gte", {2022: 3700, 2024: 3600}, 6500, None, None),
    ("no baseline", "stock", "higher", "gte", {2023: 4000, 2025: 4800}, 6500, None, None),
    ("rank on track", "level", "lower", "lte", {2022: 68, 2024: 60}, 50, None, None),
    ("rank reached", "level", "lower", "lte", {2022: 68, 2025: 48}, 50, None, None),
    ("rank slipping", "level", "lower", "lte", {2022: 68, 2024: 72}, 50, None, None),
    ("K7 growing flow", "flow", "higher", "gte", {2022: 256, 2024: 600}, 560, None, None),
    ("K9 at 30 %", "growth_rate", "higher", "gte", {2022: 9.6, 2024: 30.0}, 15, None, None),
    # D1: one data point is never "achieved"
    ("one point", "stock", "higher", "gte", {2025: 6600}, 6500, "D1", "not_assessed"),
    ("K9 one point", "growth_rate", "higher", "gte", {2024: 30.0}, 15, "D1", "not_assessed"),
    # D2: flows and rates are read as yearly quantities, not by a CAGR
    ("K8 at 140", "flow", "higher", "gte", {2022: 152, 2024: 140}, 150, "D2", "needs_acceleration"),
    (
        "K9 at 12 %",
        "growth_rate",
        "higher",
        "gte",
        {2022: 9.6, 2024: 12.0},
        15,
        "D2",
        "needs_acceleration",
    ),
    (
        "K7 one fast year",
        "flow",
        "higher",
        "gte",
        {2022: 256, 2024: 500},
        560,
        "D2",
        "needs_acceleration",
    ),
    # D3: an ≈ goal is reached inside its band
    ("≈ inside band", "level", "higher", "approx", {2022: 2.6, 2024: 3.3}, 3.4, "D3", "achieved"),
    # D4: a zero base is not assessed (Open SDG computes from 0.001)
    ("zero base", "stock", "higher", "gte", {2022: 0, 2024: 5000}, 6500, "D4", "not_assessed"),
    # D5: a goal equal to the base, not reached: deterioration (Open SDG divides by zero)
    ("goal = base", "level", "higher", "gte", {2022: 100, 2024: 90}, 100, "D5", "deterioration"),
]


def engine_status(kind, direction, comparator, data, goal):
    latest = max(data)
    frame = compute_progress(
        indicators=indicators_frame([(1, kind, direction, "none", 2022)]),
        targets=targets_frame([(1, 1, 2027, 17, 1, float(goal), comparator)]),
        actuals=actuals_frame([(1, 1, y, float(v), "approved") for y, v in data.items()]),
        regions=regions_frame([(1, True, False)]),
        years=[latest],  # Open SDG reads all the data: the row of the latest year sees the same
    )
    return str(frame["outlook_status"].iloc[0])


@pytest.mark.parametrize(
    ("kind", "direction", "comparator", "data", "goal", "difference", "expected"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_it_agrees_with_open_sdg_except_on_the_listed_differences(
    kind, direction, comparator, data, goal, difference, expected
):
    ours = engine_status(kind, direction, comparator, data, goal)
    theirs = OURS[
        open_sdg_status(
            data,
            base_year=2022,
            target=goal,
            target_year=2027,
            direction=1 if direction == "higher" else -1,
        )
    ]
    if difference is None:
        assert ours == theirs
    else:
        assert ours != theirs, f"{difference} no longer differs: remove it from docs/progress.md"
        assert ours == expected


def test_it_lists_every_difference_it_relies_on_in_docs_progress():
    text = (Path(__file__).resolve().parents[2] / "docs" / "progress.md").read_text("utf-8")
    for difference in sorted({case[6] for case in CASES if case[6]}):
        assert f"**{difference}**" in text
