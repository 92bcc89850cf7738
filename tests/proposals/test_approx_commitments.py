"""One ≈ rule: a commitment is kept exactly when the engine judges the same target met.

Issue 10: a "≈180" commitment with an approved actual of 200 was overdue (|200 − 180| > 9)
while the dashboards showed the same target as met (beyond the band on the good side of a
higher-is-better indicator is met, docs/progress.md). Both now ask
indicators.compute.comparators.
"""

import datetime as dt
from decimal import Decimal

import pytest

from indicators.models import Indicator, ProgressSnapshot, Target
from indicators.progress.recompute import recompute_progress
from proposals.models import Commitment
from proposals.tracking import refresh_commitments
from tests.factories import ActualFactory, IndicatorFactory, TargetFactory

from .factories import CommitmentFactory, city_region

pytestmark = pytest.mark.django_db

AFTER_DEADLINE = dt.date(2024, 1, 1)


def judged_both_ways(*, quantity, actual, direction, unit="万平方米"):
    """(the commitment's status, the engine's 2023 year status) for one ≈ target and actual."""
    city = city_region()
    indicator = IndicatorFactory(unit_of_measure=unit, direction=direction)
    TargetFactory(
        indicator=indicator,
        region=city,
        year=2023,
        value=Decimal(quantity),
        comparator=Target.Comparator.APPROX,
    )
    ActualFactory(indicator=indicator, region=city, year=2023, value=Decimal(actual))
    commitment = CommitmentFactory(
        indicator=indicator,
        quantity=Decimal(quantity),
        unit_of_measure=unit,
        comparator="approx",
        deadline=dt.date(2023, 12, 31),
    )
    recompute_progress(indicator_ids=[indicator.id])
    refresh_commitments(today=AFTER_DEADLINE)
    commitment.refresh_from_db()
    snapshot = ProgressSnapshot.objects.get(indicator=indicator, region=city, year=2023)
    return commitment.status, snapshot.year_status


def test_about_180_with_200_is_kept_as_the_engine_judges_the_target_met():
    # Given 新增孵化面积180万平方米左右 (≈180, higher is better) and an approved 2023 actual of 200
    # When tracking runs after the deadline
    status, year_status = judged_both_ways(
        quantity="180", actual="200", direction=Indicator.Direction.HIGHER
    )
    # Then 200 is beyond the band (171..189) on the good side: met, so the commitment is kept
    assert year_status == "met"
    assert status == Commitment.Status.FULFILLED


def test_about_180_with_160_is_overdue_as_the_engine_judges_the_target_short():
    # Given ≈180 and 160: below 180 − 9 = 171, on the bad side
    status, year_status = judged_both_ways(
        quantity="180", actual="160", direction=Indicator.Direction.HIGHER
    )
    # Then neither is met
    assert year_status != "met"
    assert status == Commitment.Status.OVERDUE


def test_a_rank_of_about_25_follows_the_lower_is_better_direction():
    # Given 排名25位左右 (≈25, lower is better, band 1.25)
    # When the rank reached is 20 (better than promised), Then met and kept
    status, year_status = judged_both_ways(
        quantity="25", actual="20", direction=Indicator.Direction.LOWER, unit="位"
    )
    assert (status, year_status) == (Commitment.Status.FULFILLED, "met")


def test_a_rank_of_about_25_reached_as_30_is_overdue():
    # Given ≈25, lower is better; When the rank is 30 (25 + 1.25 < 30), Then short on both sides
    status, year_status = judged_both_ways(
        quantity="25", actual="30", direction=Indicator.Direction.LOWER, unit="位"
    )
    assert year_status != "met"
    assert status == Commitment.Status.OVERDUE
