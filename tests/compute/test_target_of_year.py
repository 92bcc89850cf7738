"""The target of a year: printed, interpolated, none; and which plan's target counts."""

import math

import pandas as pd
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
K8 = (8, "flow", "higher", "sum", 2022)
K1_TARGETS = [
    (1, CITY, 2023, PLAN_17, 1, 2.7, "gte"),
    (1, CITY, 2025, PLAN_17, 1, 3.0, "gte"),
    (1, CITY, 2027, PLAN_17, 1, 3.4, "gte"),
]
K8_TARGETS = [
    (8, CITY, 2023, PLAN_17, 1, 180.0, "gte"),
    (8, CITY, 2025, PLAN_17, 1, 150.0, "gte"),
    (8, CITY, 2027, PLAN_17, 1, 150.0, "gte"),
]


def progress(indicators, targets, actuals=(), years=range(2022, 2029)):
    frame = compute_progress(
        indicators=indicators_frame(indicators),
        targets=targets_frame(targets),
        actuals=actuals_frame(actuals),
        regions=regions_frame([(CITY, True, False)]),
        years=years,
    )
    return frame.set_index(["indicator_id", "year"])


def test_it_uses_the_printed_target_of_a_printed_year():
    # Given 17号's 2.7 for 2023
    row = progress([K1], K1_TARGETS).loc[(1, 2023)]
    # Then 2023 is judged against it as printed
    assert row.target_value == 2.7
    assert not row.target_interpolated
    assert row.target_plan_id == PLAN_17
    assert row.target_source == "own"


def test_it_interpolates_indicator_1_in_2024_and_2026():
    frame = progress([K1], K1_TARGETS)
    # 2024 = 2.7 + (3.0 − 2.7)/2 = 2.85; 2026 = 3.0 + (3.4 − 3.0)/2 = 3.2
    assert frame.loc[(1, 2024)].target_value == pytest.approx(2.85)
    assert frame.loc[(1, 2026)].target_value == pytest.approx(3.2)
    assert frame.loc[(1, 2024)].target_interpolated
    assert frame.loc[(1, 2026)].target_interpolated


def test_it_interpolates_indicator_8_along_its_falling_target():
    # Given indicator 8 (flow): 180 (2023), 150 (2025), 150 (2027)
    frame = progress([K8], K8_TARGETS)
    # Then 2024 = 180 + (150 − 180)/2 = 165, and 2026 stays at 150
    assert frame.loc[(8, 2024)].target_value == pytest.approx(165.0)
    assert frame.loc[(8, 2026)].target_value == pytest.approx(150.0)


def test_it_gives_no_target_before_the_first_or_after_the_last_printed_year():
    frame = progress([K1], K1_TARGETS, actuals=[(1, CITY, 2022, 2.6, "approved")])
    for year in (2022, 2028):
        row = frame.loc[(1, year)]
        assert math.isnan(row.target_value)
        assert row.target_source == "none"
        assert row.year_status == "no_target"
        assert not row.target_interpolated


def test_it_interpolates_between_the_nearest_printed_years_across_a_gap():
    # Given printed targets 100 (2022) and 160 (2026) only
    targets = [(4, CITY, 2022, PLAN_17, 1, 100.0, "gte"), (4, CITY, 2026, PLAN_17, 1, 160.0, "gte")]
    frame = progress([(4, "stock", "higher", "sum", 2022)], targets)
    # Then 2023 = 115, 2024 = 130, 2025 = 145 (60/4 = 15 a year)
    assert [frame.loc[(4, y)].target_value for y in (2023, 2024, 2025)] == pytest.approx(
        [115.0, 130.0, 145.0]
    )


def test_it_judges_two_plans_on_the_same_year_against_the_later_plan():
    # Given K1 2025: 3.0 (≥) from 17号 (order 1) and 3.1 (≈) from 86号 (order 2)
    targets = [*K1_TARGETS, (1, CITY, 2025, PLAN_86, 2, 3.1, "approx")]
    row = progress([K1], targets).loc[(1, 2025)]
    # Then 2025 is judged against 3.1 ≈ from 86号, and 17号's 3.0 is shown beside it
    assert row.target_value == 3.1
    assert row.target_comparator == "approx"
    assert row.target_plan_id == PLAN_86
    assert row.other_target_value == 3.0
    assert row.other_target_plan_id == PLAN_17


def test_it_interpolates_along_the_later_plans_series():
    targets = [*K1_TARGETS, (1, CITY, 2025, PLAN_86, 2, 3.1, "approx")]
    frame = progress([K1], targets)
    # 2024 = (2.7 + 3.1)/2 = 2.9; 2026 = (3.1 + 3.4)/2 = 3.25
    assert frame.loc[(1, 2024)].target_value == pytest.approx(2.9)
    assert frame.loc[(1, 2026)].target_value == pytest.approx(3.25)


def test_it_takes_an_interpolated_years_comparator_and_plan_from_the_target_it_leads_to():
    targets = [*K1_TARGETS, (1, CITY, 2025, PLAN_86, 2, 3.1, "approx")]
    frame = progress([K1], targets)
    # 2024 leads to 2025's 3.1 ≈ (86号); 2026 leads to 2027's 3.4 ≥ (17号)
    assert (frame.loc[(1, 2024)].target_comparator, frame.loc[(1, 2024)].target_plan_id) == (
        "approx",
        PLAN_86,
    )
    assert (frame.loc[(1, 2026)].target_comparator, frame.loc[(1, 2026)].target_plan_id) == (
        "gte",
        PLAN_17,
    )


def test_it_shows_no_other_target_on_a_year_only_one_plan_sets():
    targets = [*K1_TARGETS, (1, CITY, 2025, PLAN_86, 2, 3.1, "approx")]
    frame = progress([K1], targets)
    for year in (2023, 2024, 2027):
        assert math.isnan(frame.loc[(1, year)].other_target_value)
        assert pd.isna(frame.loc[(1, year)].other_target_plan_id)


def test_it_breaks_a_tie_on_plan_order_by_the_higher_plan_id_whatever_the_row_order():
    # Given two plans of the same order setting 2025
    tied = [(1, CITY, 2025, 5, 1, 3.0, "gte"), (1, CITY, 2025, 6, 1, 3.2, "gte")]
    # When they come in either order
    first = progress([K1], tied).loc[(1, 2025)]
    second = progress([K1], tied[::-1]).loc[(1, 2025)]
    # Then plan 6 wins both times
    assert first.target_value == second.target_value == 3.2
    assert first.other_target_value == second.other_target_value == 3.0


def test_it_takes_the_final_goal_from_the_later_plan_on_the_last_year():
    # Given a later plan that raises the 2027 goal to 3.5
    targets = [*K1_TARGETS, (1, CITY, 2027, PLAN_86, 2, 3.5, "gte")]
    frame = progress([K1], targets)
    # Then every row's final goal is 3.5 in 2027
    assert set(frame["final_goal"]) == {3.5}
    assert set(frame["final_year"]) == {2027}


def test_it_uses_printed_targets_outside_the_requested_years():
    # Given only 2024..2025 requested, with targets printed in 2023 and 2025
    frame = progress([K1], K1_TARGETS, years=[2024])
    # Then 2024 still interpolates from 2023
    assert frame.loc[(1, 2024)].target_value == pytest.approx(2.85)
    assert len(frame) == 1
