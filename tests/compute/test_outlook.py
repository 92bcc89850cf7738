"""Progress to goal, the Open SDG outlook and the required pace, by indicator kind."""

import math

import pytest

from indicators.compute.frames import (
    actuals_frame,
    indicators_frame,
    regions_frame,
    targets_frame,
)
from indicators.compute.progress import Thresholds, compute_progress

CITY = 1
DEFAULTS = Thresholds()
PLAN = 17
K1 = (1, "level", "higher", "none", 2022)
K4 = (4, "stock", "higher", "sum", 2022)
RANK = (10, "level", "lower", "none", 2022)  # 温州国家高新区 全国排名


def printed(indicator_id, *year_values, comparator="gte"):
    return [(indicator_id, CITY, y, PLAN, 1, v, comparator) for y, v in year_values]


def approved(indicator_id, *year_values):
    return [(indicator_id, CITY, y, v, "approved") for y, v in year_values]


K1_TARGETS = printed(1, (2023, 2.7), (2025, 3.0), (2027, 3.4))
K4_TARGETS = printed(4, (2023, 4300.0), (2025, 5500.0), (2027, 6500.0))
RANK_TARGETS = printed(10, (2027, 50.0), comparator="lte")


def progress(indicator, targets, actuals, *, years=range(2022, 2028), thresholds=DEFAULTS):
    frame = compute_progress(
        indicators=indicators_frame([indicator]),
        targets=targets_frame(targets),
        actuals=actuals_frame(actuals),
        regions=regions_frame([(CITY, True, False)]),
        years=years,
        thresholds=thresholds,
    )
    return frame.set_index("year")


# --- Indicator 4: a stock, 3700 → 6500 -------------------------------------------------------


def test_it_measures_a_stocks_progress_to_goal_and_outlook():
    # Given 高新技术企业累计数: 3700 in 2022, 5000 in 2024; goal 6500 in 2027
    row = progress(K4, K4_TARGETS, approved(4, (2022, 3700.0), (2024, 5000.0))).loc[2024]
    # Then T(2024) = (4300 + 5500)/2 = 4900; 5000/4900 = 1.0204: met, 100 ahead
    assert row.target_value == pytest.approx(4900.0)
    assert row.attainment == pytest.approx(1.020408, abs=1e-6)
    assert row.gap == pytest.approx(-100.0)
    assert row.year_status == "met"
    # Progress (5000 − 3700)/(6500 − 3700) = 1300/2800 = 0.4643
    assert row.progress_to_goal == pytest.approx(0.464286, abs=1e-6)
    # CAGR_obs = (5000/3700)^(1/2) − 1 = 0.16248; CAGR_req = (6500/3700)^(1/5) − 1 = 0.11929
    # R = 1.3620 ≥ 0.95: on track
    assert row.outlook_ratio == pytest.approx(1.362037, abs=1e-6)
    assert row.outlook_status == "on_track"


def test_it_states_a_stocks_required_pace():
    row = progress(K4, K4_TARGETS, approved(4, (2022, 3700.0), (2024, 5000.0))).loc[2024]
    # (6500 − 5000)/3 = 500 enterprises a year; (6500/5000)^(1/3) − 1 = 9.14 % a year
    assert row.required_annual_change == pytest.approx(500.0)
    assert row.required_growth_rate == pytest.approx(0.091393, abs=1e-6)


def test_it_calls_a_goal_reached_early_achieved():
    # Given 6600 high-tech enterprises in 2025, above the 2027 goal of 6500
    frame = progress(K4, K4_TARGETS, approved(4, (2022, 3700.0), (2024, 5000.0), (2025, 6600.0)))
    # Then the outlook is achieved from 2025 on, and was on track before
    assert frame.loc[2024].outlook_status == "on_track"
    assert list(frame.loc[2025:2027, "outlook_status"]) == ["achieved"] * 3
    # And progress to goal passes 1: (6600 − 3700)/2800 = 1.0357
    assert frame.loc[2025].progress_to_goal == pytest.approx(1.035714, abs=1e-6)


def test_it_does_not_assess_a_single_data_point_even_above_the_goal():
    # Given one figure, 6600 in 2025, above the 2027 goal of 6500 (and no 2022 baseline)
    frame = progress(K4, K4_TARGETS, approved(4, (2025, 6600.0)))
    # Then one point is not a trend: not assessed, never "achieved" (tested before anything else)
    assert frame.loc[2025].outlook_status == "not_assessed"
    assert math.isnan(frame.loc[2025].outlook_ratio)
    # The year itself is still judged: 6600 ≥ T(2025) = 5500
    assert frame.loc[2025].year_status == "met"


# Flows and growth rates (K7, K8, K9): tests/compute/test_outlook_yearly.py


# --- A lower-is-better rank ------------------------------------------------------------------


def test_it_measures_a_rank_moving_towards_the_top_50():
    # Given 国家高新区 全国排名: 68th in 2022, 60th in 2024; goal ≤ 50 in 2027
    row = progress(RANK, RANK_TARGETS, approved(10, (2022, 68.0), (2024, 60.0))).loc[2024]
    # No target printed for 2024 (the only one is 2027's)
    assert row.year_status == "no_target"
    # Progress (60 − 68)/(50 − 68) = 8/18 = 0.4444
    assert row.progress_to_goal == pytest.approx(0.444444, abs=1e-6)
    # CAGR_obs = (60/68)^(1/2) − 1 = −0.060664; CAGR_req = (50/68)^(1/5) − 1 = −0.059644
    # R = −1·(−0.060664)/0.059644 = 1.0171: on track
    assert row.outlook_ratio == pytest.approx(1.017091, abs=1e-6)
    assert row.outlook_status == "on_track"
    # Projected 60·(1 − 0.060664)^3 = 49.73; required −10/3 = −3.33 places a year, −5.90 %
    assert row.projected_final_value == pytest.approx(49.729576, abs=1e-6)
    assert row.required_annual_change == pytest.approx(-3.333333, abs=1e-6)
    assert row.required_growth_rate == pytest.approx(-0.058964, abs=1e-6)


def test_it_judges_the_rank_in_its_final_year():
    actuals = approved(10, (2022, 68.0), (2024, 60.0), (2027, 52.0))
    row = progress(RANK, RANK_TARGETS, actuals).loc[2027]
    # 52 ≤ 50·1.05 = 52.5: nearly met; attainment 50/52 = 0.9615; gap 52 − 50 = 2
    assert row.year_status == "nearly_met"
    assert row.attainment == pytest.approx(0.961538, abs=1e-6)
    assert row.gap == pytest.approx(2.0)
    # The goal is not reached (52 > 50), so the outlook is not "achieved"
    assert row.outlook_status != "achieved"


# --- Data over time --------------------------------------------------------------------------


def test_it_uses_only_data_up_to_the_row_year():
    frame = progress(K1, K1_TARGETS, approved(1, (2022, 2.6), (2024, 2.85)))
    # In 2023 only 2022 was known: one data point, not assessed
    assert frame.loc[2023].outlook_status == "not_assessed"
    assert math.isnan(frame.loc[2023].outlook_ratio)
    # From 2024 the 2024 figure counts
    assert frame.loc[2024].outlook_status == "needs_acceleration"


def test_it_starts_from_the_first_year_with_data_when_the_baseline_is_missing():
    # Given no 2022 figure; 4000 in 2023 and 4800 in 2025
    frame = progress(K4, K4_TARGETS, approved(4, (2023, 4000.0), (2025, 4800.0)))
    row = frame.loc[2025]
    # t0 = 2023, B = 4000: progress (4800 − 4000)/(6500 − 4000) = 0.32
    assert row.progress_to_goal == pytest.approx(0.32)
    # CAGR_obs = (4800/4000)^(1/2) − 1 = 0.095445; CAGR_req = (6500/4000)^(1/4) − 1 = 0.129050
    # R = 0.7396: needs acceleration
    assert row.outlook_ratio == pytest.approx(0.739595, abs=1e-6)
    assert row.outlook_status == "needs_acceleration"
    # 2022 has no base yet: nothing to measure from
    assert math.isnan(frame.loc[2022].progress_to_goal)


def test_it_carries_the_latest_actual_through_years_without_data():
    frame = progress(K4, K4_TARGETS, approved(4, (2022, 3700.0), (2024, 5000.0)))
    # 2025..2027 have no actual: no_data, but the outlook stands on 2024
    assert list(frame.loc[2025:2027, "year_status"]) == ["no_data"] * 3
    assert list(frame.loc[2025:2027, "outlook_status"]) == ["on_track"] * 3
    # The required pace is still counted from 2024: (6500 − 5000)/3
    assert frame.loc[2026].required_annual_change == pytest.approx(500.0)


@pytest.mark.parametrize(
    ("actual_2024", "status"),
    [
        # B = 100 (2022), G = 200 (2027): CAGR_req = 2^(1/5) − 1 = 0.148698
        (101.0, "limited_progress"),  # CAGR_obs = 0.0049876, R = 0.0335
        (99.0, "deterioration"),  # CAGR_obs = −0.0050126, R = −0.0337
        (121.0, "needs_acceleration"),  # CAGR_obs = 0.1, R = 0.6725
        (135.0, "on_track"),  # CAGR_obs = 0.161895, R = 1.0887
    ],
)
def test_it_maps_the_ratio_onto_open_sdg_statuses(actual_2024, status):
    targets = printed(1, (2027, 200.0))
    row = progress(K1, targets, approved(1, (2022, 100.0), (2024, actual_2024))).loc[2024]
    assert row.outlook_status == status


def test_it_reads_the_outlook_thresholds_from_the_settings():
    # Given on_track lowered to 0.80, the worked example's R = 0.852 is on track
    loose = Thresholds(on_track=0.80)
    row = progress(K1, K1_TARGETS, approved(1, (2022, 2.6), (2024, 2.85)), thresholds=loose)
    assert row.loc[2024].outlook_status == "on_track"


def test_it_does_not_assess_non_positive_values():
    # Given a zero baseline (a CAGR from 0 is undefined)
    row = progress(K4, K4_TARGETS, approved(4, (2022, 0.0), (2024, 5000.0))).loc[2024]
    assert row.outlook_status == "not_assessed"
    assert math.isnan(row.outlook_ratio)


def test_it_calls_a_fall_from_a_goal_equal_to_the_baseline_deterioration():
    # Given B = G = 100: CAGR_req = 0; 90 in 2024 is below the goal
    targets = printed(1, (2027, 100.0))
    row = progress(K1, targets, approved(1, (2022, 100.0), (2024, 90.0))).loc[2024]
    assert row.outlook_status == "deterioration"
    assert math.isnan(row.outlook_ratio)
    # And progress to goal is undefined (G − B = 0)
    assert math.isnan(row.progress_to_goal)


def test_it_treats_an_approx_final_goal_as_reached_inside_its_band():
    # Given a final goal of 3.1 ≈ in 2025 and 3.0 in 2025: |3.0 − 3.1| ≤ 0.155
    targets = printed(1, (2025, 3.1), comparator="approx")
    row = progress(K1, targets, approved(1, (2022, 2.6), (2025, 3.0))).loc[2025]
    assert row.outlook_status == "achieved"


def test_it_requires_no_more_pace_inside_an_approx_goals_band():
    # Given R&D intensity 2.6 (2022) and 3.3 (2024), a final goal of 3.4 ≈ in 2027
    targets = printed(1, (2027, 3.4), comparator="approx")
    row = progress(K1, targets, approved(1, (2022, 2.6), (2024, 3.3))).loc[2024]
    # When |3.3 − 3.4| = 0.1 ≤ 0.05 × 3.4 = 0.17: inside the band
    # Then the outlook is achieved and the pace required is nothing ("已在目标区间"),
    # not (3.4 − 3.3)/3 = 0.033 a year more
    assert row.outlook_status == "achieved"
    assert row.required_annual_change == 0.0
    assert row.required_growth_rate == 0.0
    # And the final comparator travels with the row, for the pages to say so
    assert row.final_comparator == "approx"


def test_it_still_requires_a_pace_below_an_approx_goals_band():
    # Given 3.0 in 2024: |3.0 − 3.4| = 0.4 > 0.17, below the band
    targets = printed(1, (2027, 3.4), comparator="approx")
    row = progress(K1, targets, approved(1, (2022, 2.6), (2024, 3.0))).loc[2024]
    # Then (3.4 − 3.0)/3 = 0.1333 a year is still needed
    assert row.required_annual_change == pytest.approx(0.133333, abs=1e-6)


def test_it_stops_projecting_after_the_final_year():
    # Given a 2028 actual, after the final year 2027
    frame = progress(
        K4,
        K4_TARGETS,
        approved(4, (2022, 3700.0), (2027, 6000.0), (2028, 6200.0)),
        years=range(2022, 2029),
    )
    # In 2027 the projection is the figure itself; in 2028 there is nothing left to project
    assert frame.loc[2027].projected_final_value == pytest.approx(6000.0)
    assert math.isnan(frame.loc[2028].projected_final_value)
    assert math.isnan(frame.loc[2027].required_annual_change)
    assert math.isnan(frame.loc[2028].required_annual_change)
