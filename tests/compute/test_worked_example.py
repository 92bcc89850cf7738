"""The worked example of docs/progress.md, number for number.

Indicator 1 (R&D经费占地区生产总值的比重, %, level, higher is better) for 温州市: baseline 2.6 in
2022; targets of 温政发〔2023〕17号: 2.7 (2023), 3.0 (2025), 3.4 (2027); an approved actual of 2.85
in 2024. Then 温政办〔2023〕86号 adds "3.1%左右" for 2025.
"""

import pytest

from indicators.compute.frames import (
    actuals_frame,
    indicators_frame,
    regions_frame,
    targets_frame,
)
from indicators.compute.progress import compute_progress

CITY = 1
PLAN_17, PLAN_86 = 17, 86
K1 = (1, "level", "higher", "none", 2022)
TARGETS_17 = [
    (1, CITY, 2023, PLAN_17, 1, 2.7, "gte"),
    (1, CITY, 2025, PLAN_17, 1, 3.0, "gte"),
    (1, CITY, 2027, PLAN_17, 1, 3.4, "gte"),
]
TARGET_86 = (1, CITY, 2025, PLAN_86, 2, 3.1, "approx")
ACTUALS = [(1, CITY, 2022, 2.6, "approved"), (1, CITY, 2024, 2.85, "approved")]


def progress(targets):
    frame = compute_progress(
        indicators=indicators_frame([K1]),
        targets=targets_frame(targets),
        actuals=actuals_frame(ACTUALS),
        regions=regions_frame([(CITY, True, False)]),
        years=range(2022, 2028),
    )
    return frame.set_index("year")


def test_it_interpolates_the_2024_target_to_2_85():
    # Given the printed targets 2.7 (2023) and 3.0 (2025)
    # When the 2024 row is computed
    row = progress(TARGETS_17).loc[2024]
    # Then T = 2.7 + (3.0 − 2.7)·(2024 − 2023)/(2025 − 2023) = 2.85, flagged as interpolated
    assert row.target_value == pytest.approx(2.85)
    assert row.target_interpolated
    assert row.target_comparator == "gte"
    assert row.target_plan_id == PLAN_17


def test_it_finds_2024_met_with_attainment_one_and_no_gap():
    # Given the 2024 actual 2.85 against the interpolated 2.85
    row = progress(TARGETS_17).loc[2024]
    # Then attainment = 2.85/2.85 = 1.0, gap = 2.85 − 2.85 = 0, status met
    assert row.attainment == pytest.approx(1.0)
    assert row.gap == pytest.approx(0.0, abs=1e-12)
    assert row.year_status == "met"


def test_it_measures_progress_to_goal_as_0_3125():
    # Given B = 2.6 (2022), G = 3.4 (2027), A = 2.85 (2024)
    row = progress(TARGETS_17).loc[2024]
    # Then (A − B)/(G − B) = 0.25/0.8 = 0.3125
    assert row.progress_to_goal == pytest.approx(0.3125)
    assert row.final_goal == 3.4
    assert row.final_year == 2027


def test_it_needs_acceleration_with_a_ratio_of_0_852():
    row = progress(TARGETS_17).loc[2024]
    # CAGR_obs = (2.85/2.6)^(1/2) − 1 = 0.046974; CAGR_req = (3.4/2.6)^(1/5) − 1 = 0.055118
    # R = 0.046974/0.055118 = 0.8522: 0.60 ≤ R < 0.95
    assert row.outlook_ratio == pytest.approx(0.852235, abs=1e-6)
    assert row.outlook_status == "needs_acceleration"
    # Projected 2027 = 2.85·1.046974^3 = 3.2708 (short of 3.4)
    assert row.projected_final_value == pytest.approx(3.270786, abs=1e-6)


def test_it_states_the_required_pace_from_2024():
    row = progress(TARGETS_17).loc[2024]
    # (3.4 − 2.85)/3 = 0.1833 points a year, or (3.4/2.85)^(1/3) − 1 = 6.06 % a year
    assert row.required_annual_change == pytest.approx(0.183333, abs=1e-6)
    assert row.required_growth_rate == pytest.approx(0.060583, abs=1e-6)


def test_it_shows_the_baseline_year_and_the_year_without_data():
    frame = progress(TARGETS_17)
    # 2022: no printed target; progress 0; pace (3.4 − 2.6)/5 = 0.16, (3.4/2.6)^(1/5) − 1 = 5.51 %
    assert frame.loc[2022].year_status == "no_target"
    assert frame.loc[2022].progress_to_goal == 0.0
    assert frame.loc[2022].required_annual_change == pytest.approx(0.16)
    assert frame.loc[2022].required_growth_rate == pytest.approx(0.055118, abs=1e-6)
    # 2023: target 2.7, no actual yet; by then only 2022 is known: not assessed
    assert frame.loc[2023].year_status == "no_data"
    assert frame.loc[2023].outlook_status == "not_assessed"
    # 2025: no actual, the outlook still stands on 2024's figure
    assert frame.loc[2025].outlook_status == "needs_acceleration"
    assert frame.loc[2025].outlook_ratio == pytest.approx(0.852235, abs=1e-6)


def test_it_judges_2024_against_the_later_plans_series_once_86_hao_adds_3_1():
    # Given 86号's "3.1%左右" for 2025 beside 17号's 3.0
    frame = progress([*TARGETS_17, TARGET_86])
    # Then 2025 is judged against 3.1 (≈), with 3.0 shown as the other target
    assert frame.loc[2025].target_value == 3.1
    assert frame.loc[2025].target_comparator == "approx"
    assert frame.loc[2025].other_target_value == 3.0
    assert frame.loc[2025].other_target_plan_id == PLAN_17
    # And 2024 interpolates 2.7 → 3.1: T = 2.9 (≈, the comparator of 2025's target)
    row = frame.loc[2024]
    assert row.target_value == pytest.approx(2.9)
    assert row.target_comparator == "approx"
    # |2.85 − 2.9| = 0.05 ≤ 0.05·2.9 = 0.145: met; attainment 2.85/2.9 = 0.9828; gap 0.05
    assert row.year_status == "met"
    assert row.attainment == pytest.approx(0.982759, abs=1e-6)
    assert row.gap == pytest.approx(0.05)
