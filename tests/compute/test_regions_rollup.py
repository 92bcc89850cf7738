"""Regions: own targets, the city benchmark for ratios, shares and the roll-up check for sums."""

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

CITY, LUCHENG, LONGWAN, HIGH_TECH_ZONE, OUTSIDE = 1, 2, 3, 15, 99
REGIONS = [
    (CITY, True, False),
    (LUCHENG, False, True),
    (LONGWAN, False, True),
    (HIGH_TECH_ZONE, False, False),  # a functional zone inside a district: not in the sum
]
PLAN = 17
K1 = (1, "level", "higher", "none", 2022)
K4 = (4, "stock", "higher", "sum", 2022)
K1_CITY_TARGETS = [
    (1, CITY, 2023, PLAN, 1, 2.7, "gte"),
    (1, CITY, 2025, PLAN, 1, 3.0, "gte"),
    (1, CITY, 2027, PLAN, 1, 3.4, "gte"),
]
K4_CITY_TARGETS = [
    (4, CITY, 2023, PLAN, 1, 4300.0, "gte"),
    (4, CITY, 2025, PLAN, 1, 5500.0, "gte"),
    (4, CITY, 2027, PLAN, 1, 6500.0, "gte"),
]


def actual(indicator_id, region_id, year, value):
    return (indicator_id, region_id, year, value, "approved")


def progress(indicators, targets, actuals, regions=REGIONS):
    frame = compute_progress(
        indicators=indicators_frame(indicators),
        targets=targets_frame(targets),
        actuals=actuals_frame(actuals),
        regions=regions_frame(regions),
        years=range(2022, 2028),
    )
    return frame.set_index(["indicator_id", "region_id", "year"])


# --- Ratio indicators: own target, else the city's as a benchmark ---------------------------


def test_it_benchmarks_a_region_without_its_own_ratio_target_against_the_citys():
    # Given 鹿城区's R&D intensity 2.5 (2022) and 2.9 (2024), and no target of its own
    frame = progress(
        [K1], K1_CITY_TARGETS, [actual(1, LUCHENG, 2022, 2.5), actual(1, LUCHENG, 2024, 2.9)]
    )
    row = frame.loc[(1, LUCHENG, 2024)]
    # Then it is judged against the city's 2.85: 2.9/2.85 = 1.0175, met
    assert row.target_source == "city_benchmark"
    assert row.target_value == pytest.approx(2.85)
    assert row.attainment == pytest.approx(1.017544, abs=1e-6)
    assert row.year_status == "met"
    # And measured towards the city's goal from its own baseline: (2.9 − 2.5)/(3.4 − 2.5) = 0.4444
    assert row.final_goal == 3.4
    assert row.progress_to_goal == pytest.approx(0.444444, abs=1e-6)


def test_it_judges_a_region_with_its_own_targets_against_them():
    # Given 鹿城区's decomposed targets 2.0 (2025) and 2.4 (2027), and 2.1 in 2025
    own = [(1, LUCHENG, 2025, PLAN, 1, 2.0, "gte"), (1, LUCHENG, 2027, PLAN, 1, 2.4, "gte")]
    frame = progress([K1], K1_CITY_TARGETS + own, [actual(1, LUCHENG, 2025, 2.1)])
    row = frame.loc[(1, LUCHENG, 2025)]
    # Then 2025 is judged against its own 2.0 (not the city's 3.0): met
    assert row.target_source == "own"
    assert row.target_value == 2.0
    assert row.year_status == "met"
    assert row.final_goal == 2.4
    # Before its first own target it has none (the city's is not borrowed year by year)
    assert frame.loc[(1, LUCHENG, 2023)].target_source == "none"
    assert frame.loc[(1, LUCHENG, 2023)].year_status == "no_target"


def test_it_does_not_benchmark_when_the_city_has_no_target():
    frame = progress([K1], [], [actual(1, LUCHENG, 2024, 2.9)])
    row = frame.loc[(1, LUCHENG, 2024)]
    assert row.target_source == "none"
    assert row.year_status == "no_target"
    assert row.outlook_status == "not_applicable"


def test_it_gives_rows_only_to_regions_with_a_target_or_an_actual():
    frame = progress([K1], K1_CITY_TARGETS, [actual(1, LUCHENG, 2024, 2.9)])
    assert sorted(frame.index.get_level_values("region_id").unique()) == [CITY, LUCHENG]
    assert len(frame) == 2 * 6


def test_it_leaves_the_roll_up_columns_empty_for_a_ratio_indicator():
    frame = progress([K1], K1_CITY_TARGETS, [actual(1, CITY, 2024, 2.85)])
    row = frame.loc[(1, CITY, 2024)]
    assert math.isnan(row.rollup_sum)
    assert pd.isna(row.rollup_count)
    assert pd.isna(row.rollup_expected)
    assert not row.rollup_deviation
    assert math.isnan(row.share_of_city)


# --- Additive indicators: share of the city, the roll-up check ------------------------------


def test_it_shows_an_additive_region_without_a_target_as_a_share_with_no_status():
    # Given 鹿城区 with 1000 high-tech enterprises in 2024 and the city with 5000
    frame = progress(
        [K4], K4_CITY_TARGETS, [actual(4, CITY, 2024, 5000.0), actual(4, LUCHENG, 2024, 1000.0)]
    )
    row = frame.loc[(4, LUCHENG, 2024)]
    # Then it has no target (the city's sum is not a region's target), and 1000/5000 = 20 %
    assert row.target_source == "none"
    assert math.isnan(row.target_value)
    assert row.year_status == "no_target"
    assert row.share_of_city == pytest.approx(0.2)
    assert row.outlook_status == "not_applicable"
    assert math.isnan(row.progress_to_goal)


def test_it_judges_an_additive_region_against_its_decomposed_target_and_shows_its_share():
    own = [(4, LUCHENG, 2024, PLAN, 1, 900.0, "gte")]
    frame = progress(
        [K4],
        K4_CITY_TARGETS + own,
        [actual(4, CITY, 2024, 5000.0), actual(4, LUCHENG, 2024, 1000.0)],
    )
    row = frame.loc[(4, LUCHENG, 2024)]
    assert row.target_source == "own"
    assert row.year_status == "met"
    assert row.share_of_city == pytest.approx(0.2)


def test_it_sums_the_regions_against_the_city_within_the_tolerance():
    # Given the city's 5000 and its two districts' 3000 + 2020 = 5020
    frame = progress(
        [K4],
        K4_CITY_TARGETS,
        [
            actual(4, CITY, 2024, 5000.0),
            actual(4, LUCHENG, 2024, 3000.0),
            actual(4, LONGWAN, 2024, 2020.0),
        ],
    )
    row = frame.loc[(4, CITY, 2024)]
    # Then the sum is 5020 from 2 of 2; |5020 − 5000| = 20 ≤ 1 % of 5000 = 50: no deviation
    assert row.rollup_sum == 5020.0
    assert row.rollup_count == 2
    assert row.rollup_expected == 2
    assert not row.rollup_deviation


def test_it_flags_a_sum_of_regions_that_deviates_from_the_city():
    # Given 3000 + 2100 = 5100 against the city's 5000: 100 > 50
    frame = progress(
        [K4],
        K4_CITY_TARGETS,
        [
            actual(4, CITY, 2024, 5000.0),
            actual(4, LUCHENG, 2024, 3000.0),
            actual(4, LONGWAN, 2024, 2100.0),
        ],
    )
    assert frame.loc[(4, CITY, 2024)].rollup_deviation


def test_it_leaves_functional_zones_out_of_the_sum():
    # Given the high-tech zone's 800, which its district already counts
    frame = progress(
        [K4],
        K4_CITY_TARGETS,
        [
            actual(4, CITY, 2024, 5000.0),
            actual(4, LUCHENG, 2024, 3000.0),
            actual(4, LONGWAN, 2024, 2000.0),
            actual(4, HIGH_TECH_ZONE, 2024, 800.0),
        ],
    )
    row = frame.loc[(4, CITY, 2024)]
    assert row.rollup_sum == 5000.0
    assert not row.rollup_deviation
    # It still shows its share: 800/5000
    assert frame.loc[(4, HIGH_TECH_ZONE, 2024)].share_of_city == pytest.approx(0.16)


def test_it_does_not_judge_a_partial_sum():
    # Given only 鹿城区 reported: 3000 of the city's 5000
    frame = progress(
        [K4], K4_CITY_TARGETS, [actual(4, CITY, 2024, 5000.0), actual(4, LUCHENG, 2024, 3000.0)]
    )
    row = frame.loc[(4, CITY, 2024)]
    # Then the count shows 1 of 2, and no deviation is flagged until all have reported
    assert row.rollup_sum == 3000.0
    assert (row.rollup_count, row.rollup_expected) == (1, 2)
    assert not row.rollup_deviation
    # A year nobody reported: count 0, no sum
    assert frame.loc[(4, CITY, 2025)].rollup_count == 0
    assert math.isnan(frame.loc[(4, CITY, 2025)].rollup_sum)


def test_it_gives_the_city_a_roll_up_row_even_without_its_own_figures():
    # Given regions' figures for an additive indicator the city has neither targets nor actuals for
    frame = progress([K4], [], [actual(4, LUCHENG, 2024, 3000.0), actual(4, LONGWAN, 2024, 2000.0)])
    row = frame.loc[(4, CITY, 2024)]
    # Then the city's row carries the sum, but nothing to check it against
    assert row.rollup_sum == 5000.0
    assert row.rollup_count == 2
    assert not row.rollup_deviation
    assert math.isnan(frame.loc[(4, LUCHENG, 2024)].share_of_city)


def test_it_treats_a_region_missing_from_the_regions_frame_as_outside_the_roll_up():
    frame = progress(
        [K4],
        K4_CITY_TARGETS,
        [
            actual(4, CITY, 2024, 5000.0),
            actual(4, LUCHENG, 2024, 3000.0),
            actual(4, LONGWAN, 2024, 2000.0),
            actual(4, OUTSIDE, 2024, 700.0),
        ],
    )
    assert frame.loc[(4, CITY, 2024)].rollup_sum == 5000.0
    assert frame.loc[(4, OUTSIDE, 2024)].share_of_city == pytest.approx(0.14)
