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

FISCAL = (14, "flow", "higher", "none", 2022)  # 全市财政科技投入, 亿元
GROWTH_15 = (14, 2027, 15, "gte", "average_growth", None)


def test_it_judges_an_average_growth_target_by_the_cagr_from_the_baseline():
    # Given 40 亿元 in 2022 and 50 in 2024, and 「年均增长15%以上」 by 2027
    frame = progress(
        [FISCAL],
        [GROWTH_15],
        [(14, CITY, 2022, 40.0, "approved"), (14, CITY, 2024, 50.0, "approved")],
    )
    row = frame.set_index("year").loc[2024]
    # When 2024 is judged: CAGR = (50/40)^(1/2) − 1 = 11.80 % a year, against 15 %
    assert row.target_type == "average_growth"
    assert row.special_target == pytest.approx(15.0)
    assert row.special_actual == pytest.approx(11.803399, abs=1e-6)
    # Then 11.80 < 15 − 0.75: not met — one year's value is not compared with 15
    assert row.special_status == "not_met"
    assert row.year_status == "not_met"
    # And the outlook is Open SDG's against the implied goal 40 × 1.15⁵ = 80.454:
    # R = 0.118034/0.15 = 0.7869, needs acceleration; 17.18 % a year needed from here
    assert row.final_goal == pytest.approx(80.454287, abs=1e-5)
    assert row.outlook_ratio == pytest.approx(0.786893, abs=1e-6)
    assert row.outlook_status == "needs_acceleration"
    assert row.required_growth_rate == pytest.approx(0.171817, abs=1e-6)


def test_it_meets_an_average_growth_target_above_the_rate():
    # Given 55 in 2024: CAGR = (55/40)^(1/2) − 1 = 17.26 % ≥ 15 %
    frame = progress(
        [FISCAL],
        [GROWTH_15],
        [(14, CITY, 2022, 40.0, "approved"), (14, CITY, 2024, 55.0, "approved")],
    )
    row = frame.set_index("year").loc[2024]
    assert row.special_actual == pytest.approx(17.260394, abs=1e-6)
    assert row.year_status == "met"
    assert row.outlook_status == "on_track"  # R = 0.172604/0.15 = 1.15


def test_it_has_no_average_growth_to_judge_in_the_base_year_or_without_data():
    frame = progress([FISCAL], [GROWTH_15], [(14, CITY, 2022, 40.0, "approved")]).set_index("year")
    # The base year has no growth yet; 2023 has no figure
    assert frame.loc[2022].special_status == "no_target"
    assert frame.loc[2023].special_status == "no_data"
    assert frame.loc[2023].special_target == pytest.approx(15.0)


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
