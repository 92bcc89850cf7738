"""What the recompute writes into progress snapshots for the seed: the Django side of the engine.

The method itself (interpolation, statuses, outlook, roll-up) is tested number by number on
frames in tests/compute/; these tests show that the database rows reach the engine as they
should (plans ranked by date of issue, the city, approved vs submitted vs draft actuals) and
that its output lands in ProgressSnapshot.
"""

from decimal import Decimal

import pytest

from indicators.models import (
    Actual,
    Indicator,
    Plan,
    ProgressSnapshot,
    Region,
    WorkflowState,
)
from indicators.progress.recompute import current_fingerprints, recompute_progress

pytestmark = pytest.mark.django_db


def city() -> Region:
    return Region.objects.get(kind=Region.Kind.CITY)


def indicator(code: str) -> Indicator:
    return Indicator.objects.get(code=code)


def snapshot(code: str, year: int, region: Region | None = None) -> ProgressSnapshot:
    return ProgressSnapshot.objects.get(indicator__code=code, region=region or city(), year=year)


def enter(code: str, year: int, value: str, state=WorkflowState.APPROVED, region=None) -> Actual:
    return Actual.objects.create(
        indicator=indicator(code),
        region=region or city(),
        year=year,
        value=Decimal(value),
        state=state,
    )


def test_it_writes_one_snapshot_per_seeded_indicator_and_year(seeded):
    # Given the seed: every indicator has city targets or a city baseline, none has a county row,
    # except the reference series (全省平均水平, 面上投资增速), which have neither until entered
    result = recompute_progress()
    # Then every other indicator gets the city's six years 2022–2027, stamped and fresh
    assert result.indicators == Indicator.objects.count()
    judged = Indicator.objects.exclude(category=Indicator.Category.REFERENCE).count()
    assert result.rows == ProgressSnapshot.objects.count() == judged * 6
    assert set(ProgressSnapshot.objects.values_list("year", flat=True)) == set(range(2022, 2028))
    assert not ProgressSnapshot.objects.exclude(region=city()).exists()
    assert not ProgressSnapshot.objects.with_marks().filter(shown_stale=True).exists()
    assert not ProgressSnapshot.objects.filter(computed_at__isnull=True).exists()
    fingerprints = set(ProgressSnapshot.objects.values_list("input_fingerprint", flat=True))
    assert all(len(f) == 64 and int(f, 16) >= 0 for f in fingerprints)


def test_it_interpolates_k1_2024_between_the_later_plans_targets_and_judges_2_85_met(seeded):
    # Given the seeded K1 targets, 2.7 (2023, 17号) and 3.1 ≈ (2025, 86号, which overrides
    # 17号's 3.0), and an approved 2024 actual of 2.85
    enter("K1", 2024, "2.85")
    recompute_progress()
    row = snapshot("K1", 2024)
    # Then T(2024) = 2.7 + (3.1 − 2.7)/2 = 2.9, interpolated, ≈ like the 2025 target
    assert row.target_value == pytest.approx(2.9)
    assert row.target_interpolated
    assert row.target_comparator == "approx"
    assert row.target_source == ProgressSnapshot.TargetSource.OWN
    # And A = 2.85 is inside the ≈ band (|2.85 − 2.9| = 0.05 ≤ 5 % of 2.9): met, attainment
    # 2.85/2.9 = 0.98276, gap 0.05
    assert row.actual_value == pytest.approx(2.85)
    assert not row.actual_provisional
    assert row.year_status == ProgressSnapshot.YearStatus.MET
    assert row.attainment == pytest.approx(0.982759, abs=1e-6)
    assert row.gap == pytest.approx(0.05)
    # And the outlook from B = 2.6 (2022) to G = 3.4 (2027): R = 0.8522 → needs acceleration
    assert row.outlook_status == ProgressSnapshot.Outlook.NEEDS_ACCELERATION
    assert row.outlook_ratio == pytest.approx(0.852235, abs=1e-6)
    assert row.progress_to_goal == pytest.approx(0.3125)
    assert (row.final_year, row.final_goal) == (2027, pytest.approx(3.4))


def test_it_ranks_plans_by_date_of_issue_and_keeps_the_earlier_target_beside(seeded):
    # Given two plans setting K1 for 2025: 17号 (2023-04-14) 3.0 and 86号 (2023-11-17) 3.1 ≈
    recompute_progress()
    row = snapshot("K1", 2025)
    # Then the later plan's target is the one judged against, the other is shown with its plan
    assert (row.target_value, row.target_plan) == (
        pytest.approx(3.1),
        Plan.objects.get(doc_number="温政办〔2023〕86号"),
    )
    assert (row.other_target_value, row.other_target_plan) == (
        pytest.approx(3.0),
        Plan.objects.get(doc_number="温政发〔2023〕17号"),
    )


def test_it_counts_a_submitted_actual_as_provisional(seeded):
    # Given a submitted (not yet approved) 2023 actual of 2.75 for K1
    enter("K1", 2023, "2.75", state=WorkflowState.SUBMITTED)
    recompute_progress()
    row = snapshot("K1", 2023)
    # Then it is used, against 2.7: met, and flagged provisional
    assert row.actual_value == pytest.approx(2.75)
    assert row.actual_provisional
    assert row.year_status == ProgressSnapshot.YearStatus.MET


@pytest.mark.parametrize("state", [WorkflowState.DRAFT, WorkflowState.RETURNED])
def test_it_ignores_drafts_and_returned_actuals(seeded, state):
    # Given a 2023 actual for K1 that is a draft (or was returned)
    enter("K1", 2023, "2.75", state=state)
    recompute_progress()
    row = snapshot("K1", 2023)
    # Then the engine never saw it: no data against the 2.7 target
    assert row.actual_value is None
    assert row.year_status == ProgressSnapshot.YearStatus.NO_DATA


def test_it_benchmarks_a_county_without_its_own_target_against_the_city(seeded):
    # Given 鹿城区's 2024 R&D intensity of 3.2, with no target of its own
    lucheng = Region.objects.get(name="鹿城区")
    enter("K1", 2024, "3.2", region=lucheng)
    recompute_progress()
    row = snapshot("K1", 2024, region=lucheng)
    # Then it is judged against the city's 2024 target 2.9 (≈): 3.2 beats it, met
    assert row.target_source == ProgressSnapshot.TargetSource.CITY_BENCHMARK
    assert row.target_value == pytest.approx(2.9)
    assert row.year_status == ProgressSnapshot.YearStatus.MET


def test_it_checks_the_city_figure_of_a_stock_against_the_sum_of_its_counties(seeded):
    # Given K4 (高新技术企业累计数, additive): the city reports 4,300 for 2023 and every county in
    # the roll-up reports 300 — 12 × 300 = 3,600
    counties = list(Region.objects.filter(in_rollup=True).exclude(kind=Region.Kind.CITY))
    assert len(counties) == 12
    enter("K4", 2023, "4300")
    for county in counties:
        enter("K4", 2023, "300", region=county)
    recompute_progress()
    row = snapshot("K4", 2023)
    # Then the roll-up is complete (12 of 12), sums 3,600, and |3,600 − 4,300| > 1 % of 4,300
    assert (row.rollup_count, row.rollup_expected) == (12, 12)
    assert row.rollup_sum == pytest.approx(3600)
    assert row.rollup_deviation
    # And each county's share of the city is 300/4,300
    assert snapshot("K4", 2023, region=counties[0]).share_of_city == pytest.approx(300 / 4300)


def test_it_deletes_the_snapshots_of_a_county_whose_only_actual_was_withdrawn(seeded):
    # Given 鹿城区 has K1 rows only because of its one actual
    lucheng = Region.objects.get(name="鹿城区")
    actual = enter("K1", 2024, "3.2", region=lucheng)
    recompute_progress()
    assert ProgressSnapshot.objects.filter(region=lucheng).count() == 6
    # When the actual is deleted and K1 recomputed
    actual.delete()
    result = recompute_progress(indicator_ids=[actual.indicator_id])
    # Then the county's six rows go, the city's stay
    assert result.deleted == 6
    assert not ProgressSnapshot.objects.filter(region=lucheng).exists()
    assert ProgressSnapshot.objects.filter(indicator__code="K1", region=city()).count() == 6


def test_it_stamps_the_fingerprint_of_the_input_a_row_was_computed_from(seeded):
    recompute_progress()
    before = snapshot("K1", 2024).input_fingerprint
    assert before == current_fingerprints(indicator_ids=[indicator("K1").id])[indicator("K1").id]
    # When an approved K1 actual for 2024 arrives and K1 is recomputed
    enter("K1", 2024, "2.85")
    recompute_progress(indicator_ids=[indicator("K1").id])
    # Then the rows it changed carry the new input's fingerprint
    after = snapshot("K1", 2024).input_fingerprint
    assert after != before
    assert after == current_fingerprints(indicator_ids=[indicator("K1").id])[indicator("K1").id]
    # And the year before the new figure, whose figures did not change, still says what it
    # was computed from (rows are rewritten only when their figures change)
    assert snapshot("K1", 2023).input_fingerprint == before
    # And another indicator's input is untouched
    k2 = snapshot("K2", 2024)
    assert (
        k2.input_fingerprint
        == current_fingerprints(indicator_ids=[k2.indicator_id])[k2.indicator_id]
    )


def test_it_rewrites_a_stale_row_even_when_its_figures_are_unchanged(seeded):
    recompute_progress()
    ProgressSnapshot.objects.filter(indicator__code="K2").update(stale=True)
    result = recompute_progress(indicator_ids=[indicator("K2").id])
    assert result.written == 6
    assert not ProgressSnapshot.objects.with_marks().filter(shown_stale=True).exists()
