"""Tracking: commitments move pending → in progress → fulfilled, or → overdue, from the actuals."""

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import call_command

from indicators.models import Indicator, WorkflowState
from proposals import checks
from proposals.models import Commitment
from proposals.tasks import refresh_commitments as refresh_task
from proposals.tracking import refresh_commitments
from tests.factories import ActualFactory, IndicatorFactory

from .factories import CommitmentFactory, city_region

pytestmark = pytest.mark.django_db

BEFORE_DEADLINE = dt.date(2023, 9, 30)
AFTER_DEADLINE = dt.date(2024, 1, 1)


@pytest.fixture
def city():
    return city_region()


@pytest.fixture
def incubation(city):
    # K8-like: 年新增孵化器孵化场地面积, 万平方米, no decimals
    return IndicatorFactory(
        code="K8", unit_of_measure="万平方米", kind=Indicator.Kind.FLOW, decimals=0
    )


@pytest.fixture
def commitment(incubation):
    # 新增孵化面积180万平方米以上, by the end of 2023
    return CommitmentFactory(indicator=incubation, quantity=Decimal("180"), comparator="gte")


def status_of(commitment) -> str:
    commitment.refresh_from_db()
    return commitment.status


def test_it_leaves_a_commitment_pending_while_nothing_is_entered(commitment):
    counts = refresh_commitments(today=BEFORE_DEADLINE)
    assert status_of(commitment) == Commitment.Status.PENDING
    assert counts["checked"] == 1
    assert counts["changed"] == 0


def test_it_moves_pending_to_in_progress_to_fulfilled(commitment, incubation, city):
    # Given a draft 2023 actual, before the deadline
    actual = ActualFactory(
        indicator=incubation,
        region=city,
        year=2023,
        value=Decimal("185"),
        state=WorkflowState.DRAFT,
    )
    # When tracking runs, Then the commitment is in progress (the draft does not count as kept)
    counts = refresh_commitments(today=BEFORE_DEADLINE)
    assert status_of(commitment) == Commitment.Status.IN_PROGRESS
    assert counts["changed"] == 1
    # Given the actual approved: 185 ≥ 180
    actual.state = WorkflowState.APPROVED
    actual.save()
    # When tracking runs again, Then it is fulfilled, with the figure as evidence
    refresh_commitments(today=BEFORE_DEADLINE)
    assert status_of(commitment) == Commitment.Status.FULFILLED
    assert "185" in commitment.evidence and "≥180万平方米" in commitment.evidence
    assert commitment.status_changed_at is not None
    reasons = list(commitment.history.values_list("status", flat=True))
    assert Commitment.Status.IN_PROGRESS in reasons and Commitment.Status.FULFILLED in reasons


def test_it_marks_a_commitment_overdue_after_its_deadline(commitment):
    # Given no approved 2023 actual; When tracking runs on 2024-01-01
    counts = refresh_commitments(today=AFTER_DEADLINE)
    # Then the commitment is overdue
    assert status_of(commitment) == Commitment.Status.OVERDUE
    assert counts[Commitment.Status.OVERDUE] == 1
    assert "2023年尚无已审核实际值" in commitment.evidence
    # And on the deadline itself it is not overdue yet
    commitment.status = Commitment.Status.PENDING
    commitment.save()
    refresh_commitments(today=dt.date(2023, 12, 31))
    assert status_of(commitment) == Commitment.Status.PENDING


def test_an_actual_short_of_the_promise_is_overdue_until_a_correction_meets_it(
    commitment, incubation, city
):
    # Given an approved 2023 actual of 170 < 180, after the deadline
    actual = ActualFactory(indicator=incubation, region=city, year=2023, value=Decimal("170"))
    refresh_commitments(today=AFTER_DEADLINE)
    assert status_of(commitment) == Commitment.Status.OVERDUE
    assert "170" in commitment.evidence and "未达到" in commitment.evidence
    # When the actual is corrected to 181 and approved, Then overdue turns fulfilled
    actual.value = Decimal("181")
    actual.save()
    refresh_commitments(today=AFTER_DEADLINE)
    assert status_of(commitment) == Commitment.Status.FULFILLED


def test_it_reads_the_actual_of_the_deadline_year_and_of_the_city(commitment, incubation, city):
    # A 2022 actual (before the commitment's year) and a county's 2023 actual do not count.
    ActualFactory(indicator=incubation, region=city, year=2022, value=Decimal("200"))
    ActualFactory(indicator=incubation, year=2023, value=Decimal("200"))  # another region
    refresh_commitments(today=BEFORE_DEADLINE)
    assert status_of(commitment) == Commitment.Status.PENDING


def test_it_judges_approx_and_lte_commitments(incubation, city):
    # Given ≈ 180 (met within the 5 % band: 171..189) and ≤ 50 (a rank)
    approx = CommitmentFactory(indicator=incubation, quantity=Decimal("180"), comparator="approx")
    ActualFactory(indicator=incubation, region=city, year=2023, value=Decimal("188"))
    rank = IndicatorFactory(code="G-1", unit_of_measure="位", direction=Indicator.Direction.LOWER)
    lte = CommitmentFactory(
        indicator=rank, quantity=Decimal("50"), unit_of_measure="位", comparator="lte"
    )
    ActualFactory(indicator=rank, region=city, year=2023, value=Decimal("68"))
    refresh_commitments(today=AFTER_DEADLINE)
    assert status_of(approx) == Commitment.Status.FULFILLED  # |188 − 180| = 8 ≤ 9
    assert status_of(lte) == Commitment.Status.OVERDUE  # 68th is not within the top 50


def test_it_never_changes_a_not_measurable_commitment():
    qualitative = CommitmentFactory(
        quantity=None, comparator="", unit_of_measure="", status=Commitment.Status.NOT_MEASURABLE
    )
    counts = refresh_commitments(today=dt.date(2030, 1, 1))
    assert status_of(qualitative) == Commitment.Status.NOT_MEASURABLE
    assert counts["checked"] == 0


def test_a_commitment_no_indicator_measures_is_overdue_unless_staff_recorded_it_kept():
    # Given two quantified commitments linked to no indicator (e.g. 省“尖兵”“领雁”项目25项)
    open_one = CommitmentFactory(indicator=None, quantity=Decimal("25"), unit_of_measure="项")
    kept = CommitmentFactory(
        indicator=None,
        quantity=Decimal("100"),
        unit_of_measure="项",
        status=Commitment.Status.FULFILLED,
    )
    # When tracking runs before the deadline, nothing changes; after it, the open one is overdue
    refresh_commitments(today=BEFORE_DEADLINE)
    assert status_of(open_one) == Commitment.Status.PENDING
    refresh_commitments(today=AFTER_DEADLINE)
    assert status_of(open_one) == Commitment.Status.OVERDUE
    assert status_of(kept) == Commitment.Status.FULFILLED


def test_it_refreshes_only_the_indicators_asked_for(commitment, city):
    other = CommitmentFactory(indicator=IndicatorFactory(unit_of_measure="万平方米"))
    refresh_commitments(indicator_ids=[other.indicator_id], today=AFTER_DEADLINE)
    assert status_of(other) == Commitment.Status.OVERDUE
    assert status_of(commitment) == Commitment.Status.PENDING


def test_a_unit_that_differs_from_the_indicator_is_not_compared(incubation, city):
    # 1800 千平方米 would be 180 万平方米, but the units differ: no automatic judgement
    odd = CommitmentFactory(
        indicator=incubation, quantity=Decimal("1800"), unit_of_measure="千平方米"
    )
    ActualFactory(indicator=incubation, region=city, year=2023, value=Decimal("2000"))
    refresh_commitments(today=BEFORE_DEADLINE)
    assert status_of(odd) == Commitment.Status.PENDING


def test_the_command_and_the_task_run_the_same_refresh(commitment, capsys):
    call_command("refresh_commitments", "--today", "2024-01-01")
    out = capsys.readouterr().out
    assert "检查 1 项" in out and "状态变化 1 项" in out and "逾期未落实 1" in out
    assert status_of(commitment) == Commitment.Status.OVERDUE
    # The Celery task (in-process in tests) returns the counts.
    counts = refresh_task.delay().get()
    assert counts["checked"] == 1


def test_the_daily_beat_entry_is_declared():
    entry = settings.CELERY_BEAT_SCHEDULE["refresh-commitments"]
    assert entry["task"] == "proposals.tasks.refresh_commitments"


def test_judge_commitment_given_when_then():
    # Given ≥180 due 2023-12-31 and an approved 2023 actual of 179
    def judge(actual, today):
        return checks.judge_commitment(
            status="pending",
            quantity=Decimal("180"),
            comparator="gte",
            deadline=dt.date(2023, 12, 31),
            measurable=True,
            deadline_actual=actual,
            any_actual=actual is not None,
            today=today,
            approx_band=0.05,
        )

    # When judged before the deadline, Then in progress; after it, overdue; 180 exactly: fulfilled
    assert judge(Decimal("179"), BEFORE_DEADLINE).status == "in_progress"
    assert judge(Decimal("179"), AFTER_DEADLINE).status == "overdue"
    assert judge(Decimal("180"), AFTER_DEADLINE).status == "fulfilled"
    assert judge(None, BEFORE_DEADLINE).status == "pending"
