"""Targets that are not a value per year: average annual growth, relative, coverage.

docs/progress.md, "Target types"; indicators/compute/special_targets.py.
"""

import math

import pandas as pd
import pytest

from indicators.compute.frames import actuals_frame, indicators_frame, regions_frame
from indicators.compute.progress import compute_progress

CITY = 1
PLAN = 17
MOUNTAIN_COUNTIES = (11, 12, 13, 14, 15)  # 永嘉县, 平阳县, 苍南县, 文成县, 泰顺县


def targets(*rows):
    """Rows of (indicator, year, value, comparator, target_type, reference_indicator_id)."""
    frame = pd.DataFrame(
        [(i, CITY, y, PLAN, 1, float(v), c, t, r) for i, y, v, c, t, r in rows],
        columns=[
            "indicator_id",
            "region_id",
            "year",
            "plan_id",
            "plan_order",
            "value",
            "comparator",
            "target_type",
            "reference_indicator_id",
        ],
    )
    return frame.astype({"reference_indicator_id": "float64"})


def progress(indicators, target_rows, actual_rows, *, members=None, regions=None):
    frame = compute_progress(
        indicators=indicators_frame(indicators),
        targets=targets(*target_rows),
        actuals=actuals_frame(actual_rows),
        regions=regions_frame(regions or [(CITY, True, False)]),
        years=range(2022, 2028),
        coverage_members=members,
    )
    return frame


# --- Average annual growth: 「确保到2027年全市财政科技投入年均增长15%以上」 -------------------

FISCAL = (14, "growth_rate", "higher", "none", 2022)  # 全市财政科技投入年均增长率, %
GROWTH_15 = (14, 2027, 15, "gte", "average_growth", None)


def rates(*year_rates):
    return [(14, CITY, y, g, "approved") for y, g in year_rates]


def test_it_judges_an_average_growth_target_by_the_cagr_from_the_baseline():
    # Given the yearly growth of 全市财政科技投入: 12 % in 2023, 14 % in 2024; 「年均增长15%以上」
    frame = progress([FISCAL], [GROWTH_15], rates((2023, 12.0), (2024, 14.0)))
    row = frame.set_index("year").loc[2024]
    # When 2024 is judged: from the 2022 level, 1.12 × 1.14 = 1.2768 in two years,
    # CAGR = 1.2768^(1/2) − 1 = 12.9956 % a year, against 15 % — not 14 % against 15 %
    assert row.target_type == "average_growth"
    assert row.special_target == pytest.approx(15.0)
    assert row.special_actual == pytest.approx(12.995575, abs=1e-6)
    # Then 12.9956 < 15 − 0.75: not met; with no value target that is the year's status
    assert row.special_status == "not_met"
    assert row.year_status == "not_met"
    # And the outlook is Open SDG's on the growth index (1 in 2022, goal 1.15⁵ = 2.0114 in 2027):
    # R = 0.129956/0.15 = 0.8664, needs acceleration; 16.36 % a year is needed from here
    assert row.final_goal == pytest.approx(15.0)
    assert row.outlook_ratio == pytest.approx(0.866372, abs=1e-6)
    assert row.outlook_status == "needs_acceleration"
    assert row.required_growth_rate == pytest.approx(0.163560, abs=1e-6)
    assert math.isnan(row.projected_final_value)


def test_it_meets_an_average_growth_target_above_the_rate():
    # Given 20 % then 16 %: CAGR = (1.20 × 1.16)^(1/2) − 1 = 17.98 % ≥ 15 %
    frame = progress([FISCAL], [GROWTH_15], rates((2023, 20.0), (2024, 16.0)))
    row = frame.set_index("year").loc[2024]
    assert row.special_actual == pytest.approx(17.983050, abs=1e-6)
    assert row.year_status == "met"
    assert row.outlook_status == "on_track"  # R = 0.179830/0.15 = 1.199


def test_it_needs_every_years_rate_for_an_average_growth():
    # Given 2023 and 2025 but no 2024 rate: the growth from 2022 to 2025 is unknown
    frame = progress([FISCAL], [GROWTH_15], rates((2023, 12.0), (2025, 14.0))).set_index("year")
    assert frame.loc[2025].special_status == "no_data"
    # 2023 alone: one year, 12 % — judged, but one point is not an outlook
    assert frame.loc[2023].special_actual == pytest.approx(12.0)
    assert frame.loc[2023].outlook_status == "not_assessed"
    # The baseline year has nothing to judge; 2024 has no figure
    assert frame.loc[2022].special_status == "no_target"
    assert frame.loc[2024].special_status == "no_data"


# --- Relative: 「力争全社会R&D经费支出占地区生产总值比重超全省平均水平」 ------------------------

K1 = (1, "level", "higher", "none", 2022)
PROVINCE = (50, "level", "higher", "none", 2022)  # 全省R&D经费强度 (a reference series)


def test_it_judges_a_relative_target_against_the_reference_in_the_same_year():
    # Given K1's printed 3.4 for 2027 and 「超全省平均水平」 (relative to the province, margin 0)
    rows = [(1, 2027, 3.4, "gte", "value", None), (1, 2027, 0, "gte", "relative", 50)]
    actuals = [
        (1, CITY, 2022, 2.6, "approved"),
        (1, CITY, 2024, 2.85, "approved"),
        (50, CITY, 2022, 2.4, "approved"),
        (50, CITY, 2024, 2.9, "approved"),
    ]
    frame = progress([K1, PROVINCE], rows, actuals)
    k1 = frame[frame.indicator_id == 1].set_index("year")
    # When 2022 is judged: 2.6 against the province's 2.4 → met
    assert k1.loc[2022].target_type == "relative"
    assert k1.loc[2022].special_target == pytest.approx(2.4)
    assert k1.loc[2022].special_status == "met"
    # When 2024: 2.85 against 2.9 → within 5 % (≥ 2.755): nearly met
    assert k1.loc[2024].special_target == pytest.approx(2.9)
    assert k1.loc[2024].special_actual == pytest.approx(2.85)
    assert k1.loc[2024].special_status == "nearly_met"
    # 2023: the province's figure is not in yet: nothing to judge against
    assert k1.loc[2023].special_status == "no_target"
    # The printed value targets still judge the year and the outlook
    assert k1.loc[2024].final_goal == pytest.approx(3.4)
    assert k1.loc[2024].outlook_status == "needs_acceleration"


def test_it_judges_investment_growth_faster_than_total_investment():
    # Given 「高新技术产业投资快于面上投资增速」: K9 12 % against total investment's 8 % in 2024
    k9 = (9, "growth_rate", "higher", "none", 2022)
    total = (51, "growth_rate", "higher", "none", 2022)
    frame = progress(
        [k9, total],
        [(9, 2027, 0, "gte", "relative", 51)],
        [(9, CITY, 2024, 12.0, "approved"), (51, CITY, 2024, 8.0, "approved")],
    )
    row = frame[frame.indicator_id == 9].set_index("year").loc[2024]
    # Then 12 ≥ 8: met, and with no value target the year status is that judgement
    assert row.special_status == "met"
    assert row.year_status == "met"


# --- Coverage: 「实现博士创新站山区5县全覆盖」 --------------------------------------------------

STATIONS = (31, "level", "higher", "none", 2022)  # 博士创新站 in each mountain county (1 = yes)
REGIONS = [(CITY, True, False)] + [(r, False, True) for r in MOUNTAIN_COUNTIES]
MEMBERS = pd.DataFrame([(31, r) for r in MOUNTAIN_COUNTIES], columns=["indicator_id", "region_id"])


def station(region, year, value=1.0):
    return (31, region, year, value, "approved")


def test_it_counts_the_covered_counties_of_a_coverage_target():
    # Given 5 mountain counties: two have a station from 2023, one from 2024, one reports 0
    actuals = [station(11, 2023), station(12, 2023), station(13, 2024), station(14, 2024, 0.0)]
    frame = progress(
        [STATIONS],
        [(31, 2027, 5, "gte", "coverage", None)],
        actuals,
        members=MEMBERS,
        regions=REGIONS,
    )
    city = frame[frame.region_id == CITY].set_index("year")
    # When 2024 is judged: 3 of 5 covered
    assert city.loc[2024].target_type == "coverage"
    assert city.loc[2024].special_actual == 3
    assert city.loc[2024].special_target == 5
    # Then 3/5 is not met (met only at N/N, 5 % of 5 is 0.25)
    assert city.loc[2024].special_status == "not_met"
    assert city.loc[2024].year_status == "not_met"
    # 2023: two of five; 2022: none yet
    assert city.loc[2023].special_actual == 2
    assert city.loc[2022].special_actual == 0


def test_it_meets_a_coverage_target_at_n_of_n():
    actuals = [station(r, 2023) for r in (11, 12, 13)] + [station(14, 2026), station(15, 2027)]
    frame = progress(
        [STATIONS],
        [(31, 2027, 5, "gte", "coverage", None)],
        actuals,
        members=MEMBERS,
        regions=REGIONS,
    )
    city = frame[frame.region_id == CITY].set_index("year")
    # A station, once there, counts in the later years (the latest figure up to the year)
    assert city.loc[2026].special_actual == 4
    assert city.loc[2027].special_actual == 5
    assert city.loc[2027].special_status == "met"


def test_it_takes_an_entered_count_when_a_coverage_target_has_no_member_regions():
    # Given 「到2025年,实现“5+5”产业新型研发机构全覆盖」: 10 fields, 7 covered in 2024
    institutes = (32, "level", "higher", "none", 2022)
    frame = progress(
        [institutes],
        [(32, 2025, 10, "gte", "coverage", None)],
        [(32, CITY, 2024, 7.0, "approved")],
    )
    row = frame.set_index("year").loc[2024]
    assert (row.special_actual, row.special_target) == (7, 10)
    assert row.special_status == "not_met"
    # After 2025, the target's year, there is nothing more to judge
    assert math.isnan(frame.set_index("year").loc[2026].special_target)
