"""序时进度 and vintages through the database: the recompute writes PeriodSnapshot rows from the
year-to-date actuals and the year's target, and the annual snapshot names the vintage it rests on.

The method is tested number by number on frames (tests/compute/test_pace.py,
tests/compute/test_vintages.py); these show that the rows reach the engine and land in the tables.
"""

from decimal import Decimal

import pytest

from indicators.models import (
    Actual,
    Indicator,
    PeriodSnapshot,
    ProgressSnapshot,
    Region,
    WorkflowState,
)
from indicators.progress.periods import recompute_periods
from indicators.progress.recompute import recompute_progress

pytestmark = pytest.mark.django_db

FLASH, FINAL = Actual.Vintage.FLASH, Actual.Vintage.FINAL


def city() -> Region:
    return Region.objects.get(kind=Region.Kind.CITY)


def indicator(code: str) -> Indicator:
    return Indicator.objects.get(code=code)


def enter(
    code, year, value, *, period=12, vintage=FINAL, state=WorkflowState.APPROVED, region=None
):
    return Actual.objects.create(
        indicator=indicator(code),
        region=region or city(),
        year=year,
        period=period,
        vintage=vintage,
        value=Decimal(value),
        state=state,
    )


def period_row(code, year, period, region=None) -> PeriodSnapshot:
    return PeriodSnapshot.objects.get(
        indicator__code=code, region=region or city(), year=year, period=period
    )


def test_k8_january_to_september_is_written_ahead_of_its_pace(seeded):
    # Given K8's seeded 2023 target of 180 and an approved 150 for 1–9月 2023
    enter("K8", 2023, "150", period=9)
    # When the indicator is recomputed (the path every save queues)
    result = recompute_progress(indicator_ids=[indicator("K8").id])
    # Then its 1–9月 row: 83 % of the year's target, 序时 135, 111 % of it, 超序时
    row = period_row("K8", 2023, 9)
    assert result.period_rows == 1
    assert row.actual_value == 150
    assert round(row.share_of_target * 100) == 83
    assert row.expected_value == pytest.approx(135)
    assert round(row.pace_ratio * 100) == 111
    assert row.pace_status == PeriodSnapshot.PaceStatus.AHEAD
    assert row.profile == PeriodSnapshot.Profile.LINEAR
    assert (row.actual_vintage, row.target_source, row.profile_years) == ("final", "own", "")
    # And the year itself is not judged on a year-to-date figure
    annual = ProgressSnapshot.objects.get(indicator__code="K8", region=city(), year=2023)
    assert annual.actual_value is None
    assert annual.actual_vintage == ""


def test_k9_january_to_november_is_compared_directly_with_the_years_rate(seeded):
    enter("K9", 2023, "20", period=11)
    written = recompute_periods(indicator_ids=[indicator("K9").id])
    row = period_row("K9", 2023, 11)
    assert written == 1
    assert (row.profile, row.expected_value, row.pace_status) == ("direct", 15, "ahead")
    assert row.elapsed_share is None


def test_recompute_periods_is_idempotent_and_removes_what_is_gone(seeded):
    k8, here = indicator("K8"), city()
    figure = enter("K8", 2023, "40", period=6)
    enter("K8", 2023, "180", period=12)  # the full year closes a year that has periods
    assert recompute_periods(pairs=[(k8.id, here.id)]) == 2
    first = period_row("K8", 2023, 6)
    assert (first.expected_value, first.pace_status) == (90, "behind")  # 40 of 180 × 6/12
    # A second run writes nothing and leaves the row as it was
    assert recompute_periods(pairs=[(k8.id, here.id)]) == 0
    assert period_row("K8", 2023, 6).computed_at == first.computed_at
    # When the period's figure is deleted, its rows go (the full year alone has no period row)
    figure.delete()
    recompute_periods(indicator_ids=[k8.id])
    assert not PeriodSnapshot.objects.filter(indicator=k8).exists()


def test_a_flash_then_a_final_figure_changes_the_status_and_the_snapshot_names_it(seeded):
    # Given an approved 快报 of 172 for K8 in 2023 (target 180): 172 ≥ 171, nearly met
    k8 = indicator("K8").id
    enter("K8", 2023, "172", vintage=FLASH)
    recompute_progress(indicator_ids=[k8])
    row = ProgressSnapshot.objects.get(indicator_id=k8, region=city(), year=2023)
    assert (row.actual_value, row.actual_vintage, row.year_status) == (172, "flash", "nearly_met")
    # When the 年报 of 185 is approved beside it (the 快报 is kept)
    enter("K8", 2023, "185", vintage=FINAL)
    recompute_progress(indicator_ids=[k8])
    row.refresh_from_db()
    # Then the status rests on the 年报, and says so
    assert (row.actual_value, row.actual_vintage, row.year_status) == (185, "final", "met")
    assert Actual.objects.filter(indicator_id=k8, year=2023).count() == 2


def test_an_approved_flash_counts_while_the_final_figure_is_only_submitted(seeded):
    k8 = indicator("K8").id
    enter("K8", 2023, "172", vintage=FLASH)
    enter("K8", 2023, "185", vintage=FINAL, state=WorkflowState.SUBMITTED)
    recompute_progress(indicator_ids=[k8])
    row = ProgressSnapshot.objects.get(indicator_id=k8, region=city(), year=2023)
    assert (row.actual_value, row.actual_vintage, row.actual_provisional) == (172, "flash", False)
    assert row.year_status == "nearly_met"


def test_a_county_with_only_year_to_date_rates_is_benchmarked_against_the_city(seeded):
    county = Region.objects.get(name="鹿城区")
    enter("K9", 2023, "12", period=6, region=county)
    recompute_progress(indicator_ids=[indicator("K9").id])
    row = period_row("K9", 2023, 6, county)
    assert (row.target_value, row.target_source, row.pace_status) == (
        15,
        "city_benchmark",
        "behind",
    )


def test_the_band_is_read_from_the_settings(seeded, settings):
    # 150 against 序时 135 is 111 %: 超序时 with the default 5 % band, 符合序时 with 15 %
    settings.WZSCI_PACE = {"band": 0.15}
    enter("K8", 2023, "150", period=9)
    recompute_periods(indicator_ids=[indicator("K8").id])
    assert period_row("K8", 2023, 9).pace_status == PeriodSnapshot.PaceStatus.ON_PACE


def test_a_region_scoped_recompute_touches_only_that_regions_period_rows(seeded):
    k9, here = indicator("K9"), Region.objects.get(name="鹿城区")
    enter("K9", 2023, "12", period=6, region=here)
    enter("K9", 2023, "16", period=6)
    recompute_progress(indicator_ids=[k9.id])
    city_row = period_row("K9", 2023, 6)
    # When the city's figure changes but only 鹿城区 is recomputed
    Actual.objects.filter(indicator=k9, region=city(), period=6).update(value=Decimal("10"))
    recompute_progress(indicator_ids=[k9.id], region_ids=[here.id])
    # Then the city's period row is left as it was
    assert period_row("K9", 2023, 6).actual_value == city_row.actual_value == 16
    # And the whole indicator's recompute brings it up to date
    recompute_progress(indicator_ids=[k9.id])
    assert period_row("K9", 2023, 6).pace_status == PeriodSnapshot.PaceStatus.BEHIND
