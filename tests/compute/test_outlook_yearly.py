"""The outlook of yearly quantities: flows (K7, K8) and growth rates (K9).

A flow or a rate has a target per year, so it is judged on the latest year's value against the
final year's yearly target, and its trend is a straight line through three points or more —
never a compound growth rate (docs/progress.md, "Outlook", and the differences from Open SDG).
"""

import math

import pytest

from indicators.compute.frames import (
    actuals_frame,
    indicators_frame,
    regions_frame,
    targets_frame,
)
from indicators.compute.progress import compute_progress

CITY = 1
PLAN = 17
K7 = (7, "flow", "higher", "sum", 2022)
K8 = (8, "flow", "higher", "sum", 2022)
K9 = (9, "growth_rate", "higher", "none", 2022)


def printed(indicator_id, *year_values):
    return [(indicator_id, CITY, y, PLAN, 1, v, "gte") for y, v in year_values]


def approved(indicator_id, *year_values):
    return [(indicator_id, CITY, y, v, "approved") for y, v in year_values]


K7_TARGETS = printed(7, (2023, 330.0), (2025, 500.0), (2027, 560.0))
K8_TARGETS = printed(8, (2023, 180.0), (2025, 150.0), (2027, 150.0))
K9_TARGETS = printed(9, (2023, 15.0), (2025, 15.0), (2027, 15.0))


def progress(indicator, targets, actuals):
    frame = compute_progress(
        indicators=indicators_frame([indicator]),
        targets=targets_frame(targets),
        actuals=actuals_frame(actuals),
        regions=regions_frame([(CITY, True, False)]),
        years=range(2022, 2028),
    )
    return frame.set_index("year")


# --- K9, a growth rate ---------------------------------------------------------------------


def test_it_calls_a_growth_rate_at_twice_its_target_achieved():
    # Given 高新技术产业投资增速 9.6 % in 2022 and 30 % in 2024; 15 % the 2027 yearly target
    row = progress(K9, K9_TARGETS, approved(9, (2022, 9.6), (2024, 30.0))).loc[2024]
    # When the latest year's value is set against the final year's target: 30 ≥ 15
    # Then the target is achieved (not "不适用"), the year met, with R = 30/15 = 2.0
    assert row.outlook_status == "achieved"
    assert row.year_status == "met"
    assert row.outlook_ratio == pytest.approx(2.0)
    # And two points draw no projection; a rate has no progress to goal and no required pace
    assert math.isnan(row.projected_final_value)
    assert math.isnan(row.progress_to_goal)
    assert math.isnan(row.required_annual_change)


def test_it_does_not_assess_a_single_point_of_a_growth_rate():
    # Given only 30 % in 2024 (no 2022 figure)
    row = progress(K9, K9_TARGETS, approved(9, (2024, 30.0))).loc[2024]
    # Then one point is not assessed, although 30 ≥ 15
    assert row.outlook_status == "not_assessed"
    assert math.isnan(row.outlook_ratio)


def test_it_calls_a_falling_investment_growth_rate_deterioration():
    # Given 9.6 % in 2022 and −5 % in 2024: R = −5/15 = −0.3333 < 0
    row = progress(K9, K9_TARGETS, approved(9, (2022, 9.6), (2024, -5.0))).loc[2024]
    assert row.outlook_ratio == pytest.approx(-0.333333, abs=1e-6)
    assert row.outlook_status == "deterioration"


def test_it_measures_a_growth_rate_below_its_target():
    # Given 9.6 % in 2022 and 12 % in 2024: R = 12/15 = 0.8, between 0.60 and 0.95
    row = progress(K9, K9_TARGETS, approved(9, (2022, 9.6), (2024, 12.0))).loc[2024]
    assert row.year_status == "not_met"  # 12 < 15 − 0.75
    assert row.outlook_ratio == pytest.approx(0.8)
    assert row.outlook_status == "needs_acceleration"


# --- K8, a flow whose goal (150) is below its baseline (152) ---------------------------------


def test_it_reads_k8_at_140_as_short_of_the_yearly_target_not_as_deterioration():
    # Given 年新增孵化场地面积 152 in 2022 and 140 in 2024; yearly targets 180, 150, 150
    row = progress(K8, K8_TARGETS, approved(8, (2022, 152.0), (2024, 140.0))).loc[2024]
    # Then 2024 is judged against T(2024) = 165: 140 < 156.75, not met
    assert row.target_value == pytest.approx(165.0)
    assert row.year_status == "not_met"
    # And the outlook sets 140 against the 2027 yearly target of 150: R = 140/150 = 0.9333,
    # needs acceleration — not "倒退" with Open SDG's ratio of −15.2
    assert row.outlook_ratio == pytest.approx(0.933333, abs=1e-6)
    assert row.outlook_status == "needs_acceleration"
    # Two points: no projection
    assert math.isnan(row.projected_final_value)


def test_it_does_not_compound_one_jump_of_a_flow():
    # Given 152 in 2022 and 200 in 2023 (a CAGR of 31.6 % would project 200·1.3158⁴ = 599.5)
    frame = progress(K8, K8_TARGETS, approved(8, (2022, 152.0), (2023, 200.0)))
    # Then 200 ≥ 150 is achieved, and two points draw no projection at all
    assert frame.loc[2023].outlook_status == "achieved"
    assert frame.loc[2023:2027, "projected_final_value"].isna().all()


def test_it_projects_a_flow_along_a_straight_line_from_three_points():
    # Given 152 (2022), 200 (2023), 160 (2024)
    row = progress(K8, K8_TARGETS, approved(8, (2022, 152.0), (2023, 200.0), (2024, 160.0))).loc[
        2024
    ]
    # x = 0, 1, 2; mean y = 170.667; slope = ((−1)(−18.667) + (1)(−10.667))/2 = 4.0
    # Then the line reads 170.667 + 4.0 × (5 − 1) = 186.667 in 2027
    assert row.projected_final_value == pytest.approx(186.666667, abs=1e-5)
    assert row.outlook_status == "achieved"  # 160 ≥ 150


# --- K7, a growing flow ----------------------------------------------------------------------


def test_it_judges_a_flow_by_its_trend_from_three_points():
    # Given 技术交易额 256 (2022), 300 (2023), 330 (2024); 560 in 2027
    row = progress(K7, K7_TARGETS, approved(7, (2022, 256.0), (2023, 300.0), (2024, 330.0))).loc[
        2024
    ]
    # The line: mean y = 295.333, slope = ((−1)(−39.333) + (1)(34.667))/2 = 37.0,
    # 295.333 + 37 × 4 = 443.333 in 2027; R = 443.333/560 = 0.7917: needs acceleration
    assert row.projected_final_value == pytest.approx(443.333333, abs=1e-5)
    assert row.outlook_ratio == pytest.approx(0.791667, abs=1e-6)
    assert row.outlook_status == "needs_acceleration"


def test_it_judges_a_flow_by_its_latest_year_from_two_points():
    # Given 256 (2022) and 400 (2024): R = 400/560 = 0.7143
    row = progress(K7, K7_TARGETS, approved(7, (2022, 256.0), (2024, 400.0))).loc[2024]
    assert row.outlook_ratio == pytest.approx(0.714286, abs=1e-6)
    assert row.outlook_status == "needs_acceleration"
