"""序时进度, hand-worked: a year-to-date figure against the share of the year's target it should
have reached, by kind (flows by time or by season, rates directly, stocks from last year's end)."""

import math

import pytest

from indicators.compute.frames import (
    indicators_frame,
    period_actuals_frame,
    regions_frame,
    targets_frame,
)
from indicators.compute.pace import compute_pace
from indicators.compute.progress import compute_progress

CITY, COUNTY = 1, 2
PLAN = 4
K4, K8, K9 = 4, 8, 9  # 高新技术企业累计数 (stock), 孵化场地面积 (flow), 高新技术产业投资增速 (rate)
INDICATORS = [
    (K4, "stock", "higher", "sum", 2022),
    (K8, "flow", "higher", "sum", 2022),
    (K9, "growth_rate", "higher", "none", 2022),
    (20, "level", "lower", "none", 2022),  # a rank: lower is better
]


def pace(actuals, targets, *, band=0.05, years=range(2019, 2025)):
    """Every period row: the annual engine sets the targets, compute_pace judges the periods."""
    indicators = indicators_frame(INDICATORS)
    actuals = period_actuals_frame(
        (i, r, y, float(v), state, m, vintage) for i, r, y, m, v, state, vintage in actuals
    )
    annual = compute_progress(
        indicators=indicators,
        targets=targets_frame((i, r, y, PLAN, 1, float(v), "gte") for i, r, y, v in targets),
        actuals=actuals,
        regions=regions_frame([(CITY, True, False), (COUNTY, False, True)]),
        years=years,
    )
    return compute_pace(indicators=indicators, actuals=actuals, annual=annual, band=band)


def ytd(indicator, year, month, value, *, region=CITY, state="approved", vintage="final"):
    return (indicator, region, year, month, value, state, vintage)


def the_row(frame, indicator, year, month, region=CITY):
    rows = frame.loc[
        (frame["indicator_id"] == indicator)
        & (frame["region_id"] == region)
        & (frame["year"] == year)
        & (frame["period"] == month)
    ]
    assert len(rows) == 1
    return rows.iloc[0]


def test_k8_at_150_for_january_to_september_is_ahead_of_its_pace():
    # Given K8's 2023 target of 180 and 150 for 1–9月 2023
    frame = pace([ytd(K8, 2023, 9, 150)], [(K8, CITY, 2023, 180)])
    row = the_row(frame, K8, 2023, 9)
    # Then 150 / 180 = 83 % of the year's target; 序时 = 180 × 9/12 = 135; 150 / 135 = 111 %
    assert row.share_of_target == pytest.approx(150 / 180)
    assert round(row.share_of_target * 100) == 83
    assert row.elapsed_share == pytest.approx(0.75)
    assert row.expected_value == pytest.approx(135)
    assert row.pace_ratio == pytest.approx(150 / 135)
    assert round(row.pace_ratio * 100) == 111
    assert (row.pace_status, row.profile, row.profile_years) == ("ahead", "linear", "")
    assert (row.target_value, row.target_source) == (180, "own")


def test_k9_at_20_percent_for_january_to_november_is_compared_directly():
    # Given K9's 15 % for 2023 and a growth of 20 % for 1–11月
    frame = pace([ytd(K9, 2023, 11, 20)], [(K9, CITY, 2023, 15)])
    row = the_row(frame, K9, 2023, 11)
    # Then the period's rate is compared with the year's: 20 / 15 = 133 %, 超序时
    assert (row.profile, row.expected_value, row.pace_status) == ("direct", 15, "ahead")
    assert row.pace_ratio == pytest.approx(20 / 15)
    assert math.isnan(row.elapsed_share)


def test_a_flow_at_40_percent_of_its_target_after_six_months_is_behind():
    # Given 40 of a 100 target after 1–6月: 序时 is 50, 40 / 50 = 80 %
    frame = pace([ytd(K8, 2023, 6, 40)], [(K8, CITY, 2023, 100)])
    row = the_row(frame, K8, 2023, 6)
    assert (row.expected_value, row.pace_ratio, row.pace_status) == (50, 0.8, "behind")
    assert row.share_of_target == pytest.approx(0.4)


def seasonal_history():
    # 1–6月 against the full year: 30/100 = 0.30 (2020), 44/110 = 0.40 (2021), 60/120 = 0.50 (2022)
    return [
        ytd(K8, 2020, 6, 30),
        ytd(K8, 2020, 12, 100),
        ytd(K8, 2021, 6, 44),
        ytd(K8, 2021, 12, 110),
        ytd(K8, 2022, 6, 60),
        ytd(K8, 2022, 12, 120),
    ]


def test_a_flow_with_three_earlier_years_follows_their_season():
    # Given the three earlier years above (mean share at 1–6月: 0.40), a 2023 target of 200
    # and 90 for 1–6月 2023
    frame = pace([*seasonal_history(), ytd(K8, 2023, 6, 90)], [(K8, CITY, 2023, 200)])
    row = the_row(frame, K8, 2023, 6)
    # Then 序时 = 200 × 0.40 = 80 and 90 / 80 = 112.5 %: 超序时 (by the calendar, 90 / 100: 落后)
    assert row.elapsed_share == pytest.approx(0.40)
    assert row.expected_value == pytest.approx(80)
    assert row.pace_ratio == pytest.approx(1.125)
    assert (row.pace_status, row.profile, row.profile_years) == (
        "ahead",
        "seasonal",
        "2020,2021,2022",
    )


def test_two_earlier_years_are_not_a_season():
    history = seasonal_history()[2:]  # 2021 and 2022 only
    frame = pace([*history, ytd(K8, 2023, 6, 90)], [(K8, CITY, 2023, 200)])
    row = the_row(frame, K8, 2023, 6)
    assert (row.profile, row.expected_value, row.pace_status) == ("linear", 100, "behind")


def test_a_stock_advances_from_last_years_end():
    # Given 4,000 高新技术企业 at the end of 2022, a 2023 target of 4,300, 4,200 at the end of June
    frame = pace([ytd(K4, 2022, 12, 4000), ytd(K4, 2023, 6, 4200)], [(K4, CITY, 2023, 4300)])
    row = the_row(frame, K4, 2023, 6)
    # Then 序时 = 4,000 + (4,300 − 4,000) × 6/12 = 4,150; 4,200 / 4,150 = 101 %: 符合序时
    assert (row.profile, row.expected_value, row.pace_status) == ("from_start", 4150, "on_pace")
    assert row.elapsed_share == pytest.approx(0.5)


def test_a_stock_without_last_years_value_is_compared_directly():
    frame = pace([ytd(K4, 2023, 6, 4200)], [(K4, CITY, 2023, 4300)])
    row = the_row(frame, K4, 2023, 6)
    assert (row.profile, row.expected_value, row.pace_status) == ("direct", 4300, "on_pace")


def test_the_full_year_closes_a_year_with_periods_and_only_such_a_year():
    frame = pace(
        [ytd(K8, 2023, 9, 150), ytd(K8, 2023, 12, 185), ytd(K8, 2022, 12, 152)],
        [(K8, CITY, 2023, 180)],
    )
    assert frame[["year", "period"]].values.tolist() == [[2023, 9], [2023, 12]]
    row = the_row(frame, K8, 2023, 12)
    assert (row.elapsed_share, row.expected_value, row.pace_status) == (1.0, 180, "on_pace")


def test_a_lower_is_better_indicator_inverts_the_ratio():
    # Given a rank of 55 against a target of 50 (lower is better): 50 / 55 = 91 %: 落后序时
    frame = pace([ytd(20, 2023, 6, 55)], [(20, CITY, 2023, 50)])
    row = the_row(frame, 20, 2023, 6)
    assert row.pace_ratio == pytest.approx(50 / 55)
    assert row.pace_status == "behind"


@pytest.mark.parametrize(
    ("value", "status"),
    [(0.5, "ahead"), (0.0, "on_pace"), (-0.5, "behind")],
)
def test_a_zero_growth_target_is_judged_by_difference(value, status):
    # Given a growth target of 0 %: no ratio; the difference against a band of 5 % of 0 decides
    frame = pace([ytd(K9, 2023, 6, value)], [(K9, CITY, 2023, 0)])
    row = the_row(frame, K9, 2023, 6)
    assert math.isnan(row.pace_ratio)
    assert row.pace_status == status


def test_a_negative_growth_target_is_judged_by_difference():
    # Given a target of −10 % and −9.6 % so far: 0.4 points better, inside 5 % of 10 (0.5)
    frame = pace(
        [ytd(K9, 2023, 6, -9.6), ytd(K9, 2024, 6, -9)], [(K9, CITY, y, -10) for y in (2023, 2024)]
    )
    assert the_row(frame, K9, 2023, 6).pace_status == "on_pace"
    assert the_row(frame, K9, 2024, 6).pace_status == "ahead"  # 1 point better


def test_the_band_is_a_setting():
    # 150 against 序时 135 is 111 %: ahead with a 5 % band, on pace with a 15 % band
    frame = pace([ytd(K8, 2023, 9, 150)], [(K8, CITY, 2023, 180)], band=0.15)
    assert the_row(frame, K8, 2023, 9).pace_status == "on_pace"


def test_a_county_is_benchmarked_against_the_citys_rate_and_an_additive_county_has_no_target():
    frame = pace(
        [ytd(K9, 2023, 6, 12, region=COUNTY), ytd(K8, 2023, 6, 30, region=COUNTY)],
        [(K9, CITY, 2023, 15), (K8, CITY, 2023, 180)],
    )
    rate = the_row(frame, K9, 2023, 6, COUNTY)
    assert (rate.target_value, rate.target_source, rate.pace_status) == (
        15,
        "city_benchmark",
        "behind",
    )
    flow = the_row(frame, K8, 2023, 6, COUNTY)
    assert (flow.target_source, flow.pace_status) == ("none", "no_target")
    assert math.isnan(flow.expected_value) and math.isnan(flow.pace_ratio)


def test_the_period_uses_the_vintage_that_counts():
    frame = pace(
        [
            ytd(K8, 2023, 9, 150),
            ytd(K8, 2023, 9, 120, state="submitted", vintage="revised"),
        ],
        [(K8, CITY, 2023, 180)],
    )
    row = the_row(frame, K8, 2023, 9)
    assert (row.actual_value, row.actual_vintage, row.actual_provisional) == (150, "final", False)


def test_no_period_figures_give_no_rows():
    frame = pace([ytd(K8, 2023, 12, 185)], [(K8, CITY, 2023, 180)])
    assert frame.empty
    assert list(frame.columns)[:4] == ["indicator_id", "region_id", "year", "period"]
