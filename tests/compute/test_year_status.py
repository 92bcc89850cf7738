"""Year status, attainment and gap: ≥, ≤ and ≈ targets, missing data, provisional actuals."""

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
YEAR = 2025


def judge(
    *,
    target,
    actual,
    comparator="gte",
    direction="higher",
    state="approved",
    thresholds=DEFAULTS,
):
    """The 2025 row of a level indicator with one printed target and (optionally) one actual."""
    actuals = [] if actual is None else [(1, CITY, YEAR, actual, state)]
    targets = [] if target is None else [(1, CITY, YEAR, PLAN, 1, target, comparator)]
    frame = compute_progress(
        indicators=indicators_frame([(1, "level", direction, "none", 2022)]),
        targets=targets_frame(targets),
        actuals=actuals_frame(actuals),
        regions=regions_frame([(CITY, True, False)]),
        years=[YEAR],
        thresholds=thresholds,
    )
    return frame.iloc[0]


@pytest.mark.parametrize(
    ("actual", "status"),
    [
        (3.0, "met"),  # A ≥ T
        (3.2, "met"),
        (2.9, "nearly_met"),  # 2.9 ≥ 3.0·0.95 = 2.85
        (2.85, "nearly_met"),  # on the edge of the band
        (2.8, "not_met"),
    ],
)
def test_it_judges_a_gte_target(actual, status):
    # Given a target of 3.0 (以上) and a 5 % tolerance
    assert judge(target=3.0, actual=actual).year_status == status


@pytest.mark.parametrize(
    ("actual", "status"),
    [
        (50.0, "met"),  # rank 50: ≤ 50
        (45.0, "met"),
        (52.0, "nearly_met"),  # 52 ≤ 50·1.05 = 52.5
        (53.0, "not_met"),
    ],
)
def test_it_judges_a_rank_against_an_lte_target(actual, status):
    # Given 国家高新区 全国排名: 进入全国前50位 (lower is better, ≤ 50)
    row = judge(target=50.0, actual=actual, comparator="lte", direction="lower")
    assert row.year_status == status


@pytest.mark.parametrize(
    ("actual", "status"),
    [
        (25.0, "met"),
        (24.0, "met"),  # |24 − 25| = 1 ≤ 0.05·25 = 1.25
        (30.0, "met"),  # beyond the band on the good side: 25名左右 with 30 is met
        (23.0, "nearly_met"),  # 23 ≥ 25 − 2·1.25 = 22.5
        (22.0, "not_met"),
    ],
)
def test_it_judges_an_approx_target(actual, status):
    # Given 院士等顶尖人才达25名左右 (≈ 25, higher is better)
    assert judge(target=25.0, actual=actual, comparator="approx").year_status == status


@pytest.mark.parametrize(
    ("actual", "status"),
    [(10.4, "met"), (8.0, "met"), (10.8, "nearly_met"), (11.5, "not_met")],
)
def test_it_judges_an_approx_target_of_a_lower_is_better_indicator(actual, status):
    # Given ≈ 10 where lower is better: band 0.5, nearly-met up to 11
    row = judge(target=10.0, actual=actual, comparator="approx", direction="lower")
    assert row.year_status == status


def test_it_computes_attainment_and_gap_for_higher_is_better():
    # Given T = 3.0, A = 2.7
    row = judge(target=3.0, actual=2.7)
    # Then attainment = 2.7/3.0 = 0.9 and gap = 3.0 − 2.7 = 0.3 (a shortfall)
    assert row.attainment == pytest.approx(0.9)
    assert row.gap == pytest.approx(0.3)


def test_it_inverts_attainment_and_gap_for_lower_is_better():
    # Given rank target 50, actual 60
    row = judge(target=50.0, actual=60.0, comparator="lte", direction="lower")
    # Then attainment = 50/60 = 0.8333 and gap = 60 − 50 = 10 (ten places short)
    assert row.attainment == pytest.approx(0.833333, abs=1e-6)
    assert row.gap == pytest.approx(10.0)


def test_it_gives_a_negative_gap_when_the_target_is_beaten():
    row = judge(target=3.0, actual=3.3)
    assert row.gap == pytest.approx(-0.3)
    assert row.attainment == pytest.approx(1.1)


def test_it_reports_no_data_when_a_target_has_no_actual():
    row = judge(target=3.0, actual=None)
    assert row.year_status == "no_data"
    assert math.isnan(row.attainment)
    assert math.isnan(row.gap)


def test_it_reports_no_target_when_an_actual_has_no_target():
    row = judge(target=None, actual=3.0)
    assert row.year_status == "no_target"
    assert row.target_source == "none"
    assert math.isnan(row.attainment)


def test_it_uses_and_flags_a_provisional_actual():
    # Given a submitted (not yet approved) actual
    row = judge(target=3.0, actual=3.1, state="submitted")
    # Then it is judged, and flagged as provisional
    assert row.year_status == "met"
    assert row.actual_provisional


def test_it_prefers_the_approved_actual_where_a_submitted_one_also_exists():
    frame = compute_progress(
        indicators=indicators_frame([(1, "level", "higher", "none", 2022)]),
        targets=targets_frame([(1, CITY, YEAR, PLAN, 1, 3.0, "gte")]),
        actuals=actuals_frame(
            [(1, CITY, YEAR, 3.1, "approved"), (1, CITY, YEAR, 2.0, "submitted")]
        ),
        regions=regions_frame([(CITY, True, False)]),
        years=[YEAR],
    )
    assert frame.iloc[0].actual_value == 3.1
    assert not frame.iloc[0].actual_provisional


def test_it_reads_the_tolerance_from_the_thresholds():
    # Given a 10 % band instead of 5 %
    wide = Thresholds(tolerance=0.10)
    # Then 2.75 against 3.0 (≥ 2.7) is nearly met, where the default calls it not met
    assert judge(target=3.0, actual=2.75, thresholds=wide).year_status == "nearly_met"
    assert judge(target=3.0, actual=2.75).year_status == "not_met"


def test_it_gives_no_attainment_against_a_zero_target():
    row = judge(target=0.0, actual=1.0)
    assert math.isnan(row.attainment)
    assert row.year_status == "met"
