"""A worker killed mid-recompute loses nothing: the indicator stays stale, then is caught up.

A real Celery worker on Redis and PostgreSQL is held between reading the input and writing the
snapshots (tests/integration/gate.py: it waits for a file, no timing) and killed there with
SIGKILL — its pool child in one test, the worker's main process in the other.
"""

import json
import os
import signal
import uuid
from decimal import Decimal

import pytest
import redis
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
from tests.integration.broker import publishing_to
from tests.integration.gate import entered, gate_env, open_gate
from tests.integration.worker import Worker, delete_queue, wait_until

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def workers(services, transactional_db, tmp_path):
    """Start workers on one queue of this test's own; this process's recompute tasks go there.

    ``workers.start(pool=…, env=…)`` starts one more. At teardown the gate is opened, every
    worker stopped (before the database is flushed) and its log printed.
    """
    queue = f"wzsci-test-{uuid.uuid4().hex[:12]}"
    gate = tmp_path / "gate"
    gate.mkdir()
    started: list[Worker] = []

    class Workers:
        def start(self, *, pool: str, env: dict | None = None) -> Worker:
            worker = Worker(queue, tmp_path / f"worker-{len(started)}.log", pool=pool, env=env)
            worker.start(services)
            started.append(worker)
            return worker

    pool = Workers()
    pool.gate, pool.queue = gate, queue
    with publishing_to(services, routes={"indicators.progress.tasks.*": {"queue": queue}}):
        try:
            yield pool
        finally:
            open_gate(gate)
            for worker in started:
                worker.stop()
                print(f"--- celery worker log ({queue}) ---\n{worker.log()}")
            delete_queue(services, queue)


def k1_2024() -> ProgressSnapshot:
    city = Region.objects.get(kind=Region.Kind.CITY)
    return ProgressSnapshot.objects.get(indicator__code="K1", region=city, year=2024)


def approve_k1_2024(value: str) -> None:
    """The write path: an approved actual and its recompute request, one transaction."""
    k1 = Indicator.objects.get(code="K1")
    with transaction.atomic():
        Actual.objects.create(
            indicator=k1,
            region=Region.objects.get(kind=Region.Kind.CITY),
            year=2024,
            value=Decimal(value),
            state=WorkflowState.APPROVED,
        )
        request_recompute(indicator_ids=[k1.id])


def assert_k1_stale_with_old_figures() -> None:
    assert k1_2024().actual_value is None
    assert k1_2024().pending
    assert (
        not ProgressSnapshot.objects.with_marks()
        .filter(indicator__code="K1", shown_stale=False)
        .exists()
    )
    assert StaleIndicator.objects.filter(indicator__code="K1").exists()


def caught_up() -> bool:
    row = k1_2024()
    return row.actual_value is not None and not row.pending and not StaleIndicator.objects.exists()


def unacked_in(broker_url: str, queue: str) -> int:
    """Messages of ``queue`` a worker took and has not acknowledged (kombu's Redis ledger)."""
    held = redis.Redis.from_url(broker_url).hvals("unacked")
    return sum(1 for raw in held if json.loads(raw)[2] == queue)


def succeeded(worker: Worker, task: str) -> bool:
    """Whether the worker's log says a ``task`` of the progress engine succeeded."""
    return any(
        f"indicators.progress.tasks.{task}[" in line and " succeeded in " in line
        for line in worker.log().splitlines()
    )


def test_a_killed_pool_child_puts_its_recompute_back_on_the_queue(seeded, workers):
    recompute_progress()
    worker = workers.start(pool="prefork", env=gate_env(workers.gate))
    # Given an approved K1 2024 actual whose recompute a pool child holds mid-way
    approve_k1_2024("2.85")
    [child] = wait_until(lambda: entered(workers.gate), worker, "the recompute reaches the gate")
    assert child != worker.process.pid
    # Then, before anything is written, K1 is already marked stale
    assert_k1_stale_with_old_figures()
    # When the pool child is killed
    os.kill(child, signal.SIGKILL)
    # Then the message goes back to the queue and a new child takes it
    wait_until(
        lambda: [pid for pid in entered(workers.gate) if pid != child],
        worker,
        "the recompute is taken again after the child died",
    )
    assert "WorkerLostError" in worker.log()
    # And meanwhile the snapshot shows stale, not the approved value as if up to date
    assert_k1_stale_with_old_figures()
    # When the new child may finish
    open_gate(workers.gate)
    # Then the snapshot catches up with the approved value and the mark is gone
    wait_until(caught_up, worker, "K1 caught up after the child was killed")
    assert k1_2024().actual_value == pytest.approx(2.85)
    assert k1_2024().year_status == ProgressSnapshot.YearStatus.MET
    assert succeeded(worker, "recompute_indicator")


def test_a_killed_worker_leaves_the_indicator_stale_until_the_catch_up(seeded, workers, services):
    recompute_progress()
    worker = workers.start(pool="solo", env=gate_env(workers.gate))
    # Given an approved K1 2024 actual whose recompute the worker holds mid-way
    approve_k1_2024("2.85")
    [pid] = wait_until(lambda: entered(workers.gate), worker, "the recompute reaches the gate")
    assert pid == worker.process.pid
    # When the worker's main process is killed
    os.kill(pid, signal.SIGKILL)
    worker.process.wait(timeout=15)
    # Then its write is lost, but K1 is stale and the message is held, unacknowledged
    assert_k1_stale_with_old_figures()
    assert unacked_in(services, workers.queue) == 1
    # When a fresh worker starts (which hands out messages held longer than its visibility
    # timeout, here 2 s) and beat queues the ten-minute catch-up
    open_gate(workers.gate)
    fresh = workers.start(
        pool="solo",
        env={"CELERY_BROKER_VISIBILITY_TIMEOUT": "2", "CELERY_BROKER_RESTORE_INTERVAL": "1"},
    )
    tasks.recompute_stale_progress.delay()
    # Then the catch-up brings K1 up to date with the approved value
    wait_until(caught_up, fresh, "the catch-up brings K1 up to date")
    assert k1_2024().actual_value == pytest.approx(2.85)
    assert "recompute_stale_progress" in fresh.log()
    # And the killed worker's message is handed out again and done, not left for an hour
    wait_until(
        lambda: (
            unacked_in(services, workers.queue) == 0 and succeeded(fresh, "recompute_indicator")
        ),
        fresh,
        "the killed worker's message is redelivered and done",
    )
    assert caught_up()
