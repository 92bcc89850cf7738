"""Queueing recomputes: on commit only, in-process by default, stale when the broker is down,
caught up by recompute_stale_progress; the tasks retry on database errors.

No Redis is needed: an unreachable broker is a port the test opened and closed
(tests/integration/broker.py).
The same behaviour against a real worker, Redis and PostgreSQL is in tests/integration/.
"""

import logging
from decimal import Decimal
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import OperationalError, transaction

from indicators.models import (
    Actual,
    Indicator,
    ProgressSnapshot,
    Region,
    StaleIndicator,
    WorkflowState,
)
from indicators.progress import recompute as progress
from indicators.progress import tasks
from indicators.progress.recompute import recompute_progress, request_recompute
from tests.factories import IndicatorFactory, RegionFactory, TargetFactory
from tests.integration.broker import dead_broker_url, publishing_to
from wzsci.celery import app as celery_app

pytestmark = pytest.mark.django_db


@pytest.fixture
def k1(seeded):
    recompute_progress()
    return Indicator.objects.get(code="K1")


def city() -> Region:
    return Region.objects.get(kind=Region.Kind.CITY)


def save_actual(indicator: Indicator, year: int, value: str) -> Actual:
    """The write path as services use it: the row and the recompute request, one transaction."""
    with transaction.atomic():
        actual = Actual.objects.create(
            indicator=indicator,
            region=city(),
            year=year,
            value=Decimal(value),
            state=WorkflowState.APPROVED,
        )
        request_recompute(indicator_ids=[indicator.id])
    return actual


def k1_2024() -> ProgressSnapshot:
    return ProgressSnapshot.objects.get(indicator__code="K1", region=city(), year=2024)


def test_it_queues_nothing_when_the_save_rolls_back(k1, django_capture_on_commit_callbacks):
    with (
        mock.patch.object(tasks.recompute_indicator, "delay") as delay,
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        Actual.objects.create(
            indicator=k1, region=city(), year=2024, value=Decimal("2.85"), state="approved"
        )
        request_recompute(indicator_ids=[k1.id])
        raise RuntimeError("the form was invalid after all")
    assert callbacks == []
    delay.assert_not_called()
    assert not Actual.objects.filter(indicator=k1, year=2024).exists()


def test_it_queues_one_task_per_indicator_after_commit(k1, django_capture_on_commit_callbacks):
    k2 = Indicator.objects.get(code="K2")
    with mock.patch.object(tasks.recompute_indicator, "delay") as delay:
        with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
            request_recompute(indicator_ids=[k2.id, k1.id, k1.id])
        # Nothing before the commit; one callback registered for it
        delay.assert_not_called()
        assert len(callbacks) == 1
        callbacks[0]()
    # Then one task per indicator, each once
    assert delay.call_args_list == [mock.call(k1.id), mock.call(k2.id)]


def test_it_recomputes_in_process_right_after_the_commit(k1, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        save_actual(k1, 2024, "2.85")
    row = k1_2024()
    assert row.actual_value == pytest.approx(2.85)
    assert row.year_status == ProgressSnapshot.YearStatus.MET
    assert not row.pending


def test_it_keeps_the_save_and_marks_stale_when_the_broker_is_unreachable(
    k1, django_capture_on_commit_callbacks, caplog
):
    # Given a broker nobody listens on, and tasks published rather than run in-process
    with (
        publishing_to(dead_broker_url()),
        caplog.at_level(logging.WARNING, logger="indicators.progress.recompute"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        # When an actual is saved through the write path, Then the save does not fail
        actual = save_actual(k1, 2024, "2.85")
    # And the actual is kept
    assert Actual.objects.get(id=actual.id).value == Decimal("2.85")
    # And every K1 snapshot is marked stale, the indicator remembered, a warning logged
    assert set(
        ProgressSnapshot.objects.with_marks()
        .filter(indicator=k1)
        .values_list("shown_stale", flat=True)
    ) == {True}
    assert (
        not ProgressSnapshot.objects.with_marks()
        .exclude(indicator=k1)
        .filter(shown_stale=True)
        .exists()
    )
    assert StaleIndicator.objects.filter(indicator=k1).exists()
    assert "Broker unreachable" in caplog.text
    # And the snapshot still shows the old figures until the catch-up
    assert k1_2024().actual_value is None

    # When the periodic catch-up runs
    result = tasks.recompute_stale_progress.apply().get()
    # Then K1 is up to date, fresh, and no longer marked
    assert result["indicators"] == 1
    row = k1_2024()
    assert row.actual_value == pytest.approx(2.85)
    assert not ProgressSnapshot.objects.with_marks().filter(shown_stale=True).exists()
    assert not StaleIndicator.objects.exists()


def test_it_remembers_an_indicator_without_snapshots_when_the_broker_is_down(
    seeded, django_capture_on_commit_callbacks
):
    # Given a new indicator, never computed, whose first target is saved while the broker is down
    indicator = IndicatorFactory(code="T-NEW")
    with (
        publishing_to(dead_broker_url()),
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
    ):
        TargetFactory(indicator=indicator, region=city(), year=2025, value=Decimal("20"))
        request_recompute(indicator_ids=[indicator.id])
    assert not ProgressSnapshot.objects.filter(indicator=indicator).exists()
    assert StaleIndicator.objects.filter(indicator=indicator).exists()
    # When the catch-up runs, Then its snapshots exist
    tasks.recompute_stale_progress.apply().get()
    assert ProgressSnapshot.objects.filter(indicator=indicator, year=2025).get().target_value == 20
    assert not StaleIndicator.objects.exists()


def test_it_keeps_a_mark_made_while_the_catch_up_was_reading(k1):
    # Given K1 marked stale
    progress.mark_stale(indicator_ids=[k1.id])
    load = progress.load_progress_inputs

    def load_then_marked_again(**kwargs):
        inputs = load(**kwargs)
        # another save fails to publish just after this run read its input
        progress.mark_stale(indicator_ids=[k1.id])
        return inputs

    # When the catch-up runs while that happens
    with mock.patch.object(progress, "load_progress_inputs", side_effect=load_then_marked_again):
        progress.recompute_stale()
    # Then the newer mark survives and K1's rows stay stale for the next catch-up
    assert StaleIndicator.objects.filter(indicator=k1).exists()
    assert ProgressSnapshot.objects.with_marks().filter(indicator=k1, shown_stale=True).count() == 6
    # And the next catch-up clears it
    progress.recompute_stale()
    assert not StaleIndicator.objects.exists()
    assert not ProgressSnapshot.objects.with_marks().filter(shown_stale=True).exists()


def test_a_failing_in_process_recompute_does_not_fail_the_save(
    k1, django_capture_on_commit_callbacks, caplog
):
    with (
        mock.patch.object(progress, "recompute_progress", side_effect=ValueError("bug")),
        django_capture_on_commit_callbacks(execute=True),
        caplog.at_level(logging.ERROR, logger="indicators.progress.recompute"),
    ):
        actual = save_actual(k1, 2024, "2.85")
    assert Actual.objects.filter(id=actual.id).exists()
    assert StaleIndicator.objects.filter(indicator=k1).exists()
    assert "In-process recompute of indicator" in caplog.text


def test_the_tasks_retry_on_database_errors_with_backoff(k1):
    for task in (
        tasks.recompute_indicator,
        tasks.recompute_all_progress,
        tasks.recompute_stale_progress,
    ):
        assert OperationalError in task.autoretry_for
        assert task.max_retries == 5
        assert task.retry_backoff
    # Given a database that fails twice, then answers
    real = progress.recompute_progress
    outcomes = [OperationalError("server closed the connection"), OperationalError("again")]

    def flaky(**kwargs):
        if outcomes:
            raise outcomes.pop(0)
        return real(**kwargs)

    # (in-process, Celery re-runs a retried task at once; it must not re-raise the Retry)
    propagates = celery_app.conf.task_eager_propagates
    celery_app.conf.task_eager_propagates = False
    try:
        with mock.patch.object(progress, "recompute_progress", side_effect=flaky) as call:
            result = tasks.recompute_indicator.apply(args=[k1.id]).get()
    finally:
        celery_app.conf.task_eager_propagates = propagates
    # Then the third attempt did the work
    assert call.call_count == 3
    assert result["indicators"] == 1


def test_the_full_recompute_task_covers_every_indicator(seeded):
    RegionFactory(name="测试区甲")
    result = tasks.recompute_all_progress.apply().get()
    assert result["indicators"] == Indicator.objects.count()
    assert ProgressSnapshot.objects.count() == result["rows"]


def test_the_catch_up_does_nothing_when_nothing_is_stale(k1):
    assert tasks.recompute_stale_progress.apply().get()["indicators"] == 0


# --- a queued recompute: marked stale before the work, cleared only after the write ---------
seen_mid_recompute: list[dict] = []


class WorkerKilled(BaseException):
    """Stands for SIGKILL: nothing after it in the recompute runs, its transaction is lost."""


def note_the_state(*, indicator_ids):
    """WZSCI_DURING_RECOMPUTE hook: what the tables hold between reading and writing."""
    seen_mid_recompute.append(
        {
            "marked": StaleIndicator.objects.filter(indicator_id__in=indicator_ids).exists(),
            "stale_flags": set(
                ProgressSnapshot.objects.with_marks()
                .filter(indicator_id__in=indicator_ids)
                .values_list("shown_stale", flat=True)
            ),
        }
    )


def note_the_rows(*, indicator_ids):
    """WZSCI_DURING_RECOMPUTE hook: the rows' own stored flags and stamps, mid-recompute."""
    seen_mid_recompute.append(
        set(
            ProgressSnapshot.objects.filter(indicator_id__in=indicator_ids).values_list(
                "year", "stale", "computed_at"
            )
        )
    )


def die(*, indicator_ids):
    raise WorkerKilled


def approve_without_recompute(indicator: Indicator, year: int, value: str) -> None:
    Actual.objects.create(
        indicator=indicator,
        region=city(),
        year=year,
        value=Decimal(value),
        state=WorkflowState.APPROVED,
    )


def test_the_queued_recompute_marks_stale_before_the_work_and_clears_after_the_write(k1, settings):
    # Given an approved K1 actual for 2024 not yet reflected in the snapshots
    approve_without_recompute(k1, 2024, "2.85")
    seen_mid_recompute.clear()
    settings.WZSCI_DURING_RECOMPUTE = [f"{__name__}.note_the_state"]
    # When the queued task recomputes K1
    tasks.recompute_indicator.apply(args=[k1.id]).get()
    # Then, while it worked, K1 was marked and every one of its rows flagged stale
    assert seen_mid_recompute == [{"marked": True, "stale_flags": {True}}]
    # And after the write the mark is gone, the rows fresh and showing the approved value
    assert not StaleIndicator.objects.exists()
    assert not ProgressSnapshot.objects.with_marks().filter(shown_stale=True).exists()
    assert k1_2024().actual_value == pytest.approx(2.85)


def test_marking_the_queued_recompute_writes_no_snapshot_row(k1, settings):
    # Given K1's rows as stored, and an approved 2024 actual not yet reflected
    before = set(
        ProgressSnapshot.objects.filter(indicator=k1).values_list("year", "stale", "computed_at")
    )
    approve_without_recompute(k1, 2024, "2.85")
    seen_mid_recompute.clear()
    settings.WZSCI_DURING_RECOMPUTE = [f"{__name__}.note_the_rows"]
    # When the queued task recomputes K1
    tasks.recompute_indicator.apply(args=[k1.id]).get()
    # Then, while it worked, its rows were exactly as stored: the mark alone said 待更新
    assert seen_mid_recompute == [before]
    assert not any(stale for _, stale, _ in before)


def test_the_flag_of_unchanged_rows_is_cleared_without_rewriting_them(k1, settings):
    before = dict(ProgressSnapshot.objects.filter(indicator=k1).values_list("year", "computed_at"))
    # Given an approved 2024 actual, When the queued task recomputes K1
    approve_without_recompute(k1, 2024, "2.85")
    tasks.recompute_indicator.apply(args=[k1.id]).get()
    after = dict(ProgressSnapshot.objects.filter(indicator=k1).values_list("year", "computed_at"))
    # Then the years the new figure changed are rewritten, the years before it are not
    assert after[2024] != before[2024]
    assert after[2022] == before[2022] and after[2023] == before[2023]
    assert not ProgressSnapshot.objects.with_marks().filter(shown_stale=True).exists()


def test_a_recompute_killed_mid_way_leaves_the_indicator_stale_for_the_catch_up(k1, settings):
    # Given an approved K1 actual for 2024
    approve_without_recompute(k1, 2024, "2.85")
    # When the worker dies between reading the input and writing the snapshots
    settings.WZSCI_DURING_RECOMPUTE = [f"{__name__}.die"]
    with pytest.raises(WorkerKilled):
        progress.recompute_marked(indicator_id=k1.id)
    # Then nothing was written, but K1 is marked and its rows are flagged stale
    assert k1_2024().actual_value is None
    assert StaleIndicator.objects.filter(indicator=k1).exists()
    assert (
        ProgressSnapshot.objects.with_marks().filter(indicator=k1, shown_stale=False).count() == 0
    )
    # When the ten-minute catch-up runs
    settings.WZSCI_DURING_RECOMPUTE = []
    result = tasks.recompute_stale_progress.apply().get()
    # Then K1 shows the approved value, fresh and no longer marked
    assert result["indicators"] == 1
    assert k1_2024().actual_value == pytest.approx(2.85)
    assert not StaleIndicator.objects.exists()
    assert not ProgressSnapshot.objects.with_marks().filter(shown_stale=True).exists()


def test_the_ten_minute_catch_up_is_scheduled_and_tasks_survive_a_lost_worker():
    from django.conf import settings as django_settings

    schedule = django_settings.CELERY_BEAT_SCHEDULE["recompute-stale-progress"]
    assert schedule["task"] == "indicators.progress.tasks.recompute_stale_progress"
    assert schedule["schedule"].minute == set(range(0, 60, 10))
    # A message taken by a dead worker comes back before the next catch-up would run
    assert celery_app.conf.broker_transport_options["visibility_timeout"] < 10 * 60
    assert celery_app.conf.task_acks_late
    assert celery_app.conf.task_reject_on_worker_lost


def test_the_catch_up_also_runs_as_a_command(k1):
    # Given an approved K1 actual whose recompute was lost, K1 marked stale
    approve_without_recompute(k1, 2024, "2.85")
    progress.mark_stale(indicator_ids=[k1.id])
    # When an operator runs the catch-up by hand
    out = StringIO()
    call_command("recompute_progress", "--stale", stdout=out)
    # Then K1 alone is recomputed and shows the approved value
    assert "1 个指标" in out.getvalue()
    assert k1_2024().actual_value == pytest.approx(2.85)
    assert not StaleIndicator.objects.exists()
