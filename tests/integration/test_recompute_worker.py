"""A real Celery worker on the real Redis and PostgreSQL: a saved actual reaches its snapshot;
with the broker unreachable the save is kept, the snapshot marked stale, then caught up.

Each test starts its own worker (a subprocess on the test database) listening on a queue of its
own, and routes this process's recompute tasks there, so that no other worker takes them.
"""

import uuid
from decimal import Decimal

import pytest
from django.db import transaction

from indicators.models import (
    Actual,
    Indicator,
    ProgressSnapshot,
    Region,
    StaleIndicator,
    WorkflowState,
)
from indicators.progress import tasks
from indicators.progress.recompute import recompute_progress, request_recompute
from tests.integration.broker import dead_broker_url, publishing_to
from tests.integration.worker import Worker, delete_queue, wait_until

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def worker(services, transactional_db, tmp_path):
    """A worker on a queue of its own; this process's recompute tasks are routed to it.

    Stopped before the database is flushed (fixtures tear down in reverse order); its log is
    printed at teardown, which pytest shows when the test failed.
    """
    queue = f"wzsci-test-{uuid.uuid4().hex[:12]}"
    process = Worker(queue, tmp_path / "worker.log")
    process.start(services)
    routes = {"indicators.progress.tasks.*": {"queue": queue}}
    with publishing_to(services, routes=routes):
        try:
            yield process
        finally:
            process.stop()
            print(f"--- celery worker log ({queue}) ---\n{process.log()}")
            delete_queue(services, queue)


def k1_2024(city: Region) -> ProgressSnapshot | None:
    return ProgressSnapshot.objects.filter(indicator__code="K1", region=city, year=2024).first()


def save_actual(indicator: Indicator, region: Region, year: int, value: str) -> Actual:
    """The write path: the row and the recompute request in one transaction."""
    with transaction.atomic():
        actual = Actual.objects.create(
            indicator=indicator,
            region=region,
            year=year,
            value=Decimal(value),
            state=WorkflowState.APPROVED,
        )
        request_recompute(indicator_ids=[indicator.id])
    return actual


def test_a_saved_actual_reaches_its_snapshot_through_the_worker(seeded, worker):
    city = Region.objects.get(kind=Region.Kind.CITY)
    k1 = Indicator.objects.get(code="K1")
    recompute_progress()
    assert k1_2024(city).actual_value is None
    # When an approved 2024 actual of 2.85 is saved
    save_actual(k1, city, 2024, "2.85")
    # Then the worker recomputes K1 and the snapshot shows it, judged against 2.9 (≈): met
    row = wait_until(
        lambda: (r := k1_2024(city)) and r.actual_value is not None and r,
        worker,
        "the K1 2024 snapshot shows the saved actual",
    )
    assert row.actual_value == pytest.approx(2.85)
    assert row.target_value == pytest.approx(2.9)
    assert row.year_status == ProgressSnapshot.YearStatus.MET
    assert not row.pending
    assert "recompute_indicator" in worker.log()


def test_a_save_while_the_broker_is_down_is_kept_marked_stale_and_caught_up(
    seeded, worker, services
):
    city = Region.objects.get(kind=Region.Kind.CITY)
    k1 = Indicator.objects.get(code="K1")
    recompute_progress()
    # Given the broker unreachable for this process (the worker is fine, nothing reaches it)
    with publishing_to(dead_broker_url()):
        # When an actual is saved, Then the save returns normally
        actual = save_actual(k1, city, 2024, "2.85")
    # And the actual is kept, K1's snapshots are marked stale and K1 is remembered
    assert Actual.objects.get(id=actual.id).value == Decimal("2.85")
    assert (
        ProgressSnapshot.objects.with_marks().filter(indicator=k1, shown_stale=False).count() == 0
    )
    assert ProgressSnapshot.objects.with_marks().filter(indicator=k1, shown_stale=True).count() == 6
    assert StaleIndicator.objects.filter(indicator=k1).exists()
    assert k1_2024(city).actual_value is None
    # When the broker is back and the periodic catch-up is queued (as beat does)
    tasks.recompute_stale_progress.delay()
    # Then the worker brings K1 up to date and clears the marks
    row = wait_until(
        lambda: (r := k1_2024(city)) and not r.pending and r,
        worker,
        "the catch-up refreshes K1",
    )
    assert row.actual_value == pytest.approx(2.85)
    assert not ProgressSnapshot.objects.with_marks().filter(shown_stale=True).exists()
    assert not StaleIndicator.objects.exists()
    assert "recompute_stale_progress" in worker.log()
