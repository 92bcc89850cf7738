"""The worker survives the broker restarting: three Redis restarts in a row, then a task runs.

The test runs a Redis server of its own, on a port it opened and closed itself, and restarts
that one; the shared Redis is never touched. With gossip on (Celery's default), restarting the
worker's Gossip step after a broker restart raised 'NoneType' object has no attribute … (kombu
5.7, as in celery/kombu#582); `make worker` runs without it, and this test runs its options.
"""

import shutil
import subprocess
import time
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
import redis
from django.db import transaction

from indicators.models import Actual, Indicator, ProgressSnapshot, Region, WorkflowState
from indicators.progress.recompute import recompute_progress, request_recompute
from tests.conftest import SERVICES_REQUIRED, skip_or_fail
from tests.integration.broker import free_port, publishing_to
from tests.integration.worker import Worker, make_worker_flags, wait_until

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

RESTARTS = 3


class RedisServer:
    """`redis-server` on a port of this test's own, without persistence, restartable."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        command = [
            shutil.which("redis-server"),
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(self.folder),
        ]
        with (self.folder / "redis.log").open("ab") as log:
            self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        wait_until(self.answers, None, f"redis-server answers on port {self.port}", seconds=15)

    def answers(self) -> bool:
        try:
            return redis.Redis.from_url(self.url, socket_connect_timeout=0.5).ping()
        except redis.RedisError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=15)


@pytest.fixture
def own_redis(tmp_path):
    if shutil.which("redis-server") is None:
        skip_or_fail("redis-server not installed", required=SERVICES_REQUIRED)
    server = RedisServer(tmp_path)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def connections(worker: Worker, port: int) -> int:
    """How many times the worker's consumer has (re)connected to the broker on ``port``."""
    lines = worker.log().splitlines()
    return sum(1 for line in lines if "Connected to redis://" in line and f":{port}/" in line)


def test_the_worker_survives_three_broker_restarts_and_still_runs_tasks(
    seeded, services, own_redis, tmp_path
):
    recompute_progress()
    queue = f"wzsci-test-{uuid.uuid4().hex[:12]}"
    # Given a worker run as `make worker` runs it (prefork, its options) on a Redis of this
    # test's own; the options leave out the steps whose restart failed (gossip, mingle, heartbeat)
    flags = make_worker_flags()
    assert {"--without-gossip", "--without-mingle", "--without-heartbeat"} <= set(flags)
    worker = Worker(queue, tmp_path / "worker.log", pool="prefork", flags=flags)
    worker.start(own_redis.url)
    try:
        wait_until(lambda: " ready." in worker.log(), worker, "the worker is ready")
        # When that Redis restarts three times in a row
        for restart in range(1, RESTARTS + 1):
            own_redis.stop()
            time.sleep(0.5)  # not an assertion's timing: the broker stays down a moment
            own_redis.start()
            wait_until(
                lambda n=restart: connections(worker, own_redis.port) > n,
                worker,
                f"the worker reconnects after restart {restart}",
            )
        # Then the worker is still running, and a saved actual still reaches its snapshot
        assert worker.process.poll() is None
        k1 = Indicator.objects.get(code="K1")
        city = Region.objects.get(kind=Region.Kind.CITY)
        routes = {"indicators.progress.tasks.*": {"queue": queue}}
        with publishing_to(own_redis.url, routes=routes), transaction.atomic():
            Actual.objects.create(
                indicator=k1,
                region=city,
                year=2024,
                value=Decimal("2.85"),
                state=WorkflowState.APPROVED,
            )
            request_recompute(indicator_ids=[k1.id])
        row = wait_until(
            lambda: (
                ProgressSnapshot.objects.with_marks()
                .filter(
                    indicator=k1,
                    region=city,
                    year=2024,
                    actual_value__isnull=False,
                    shown_stale=False,
                )
                .first()
            ),
            worker,
            "the K1 2024 snapshot shows the actual saved after the restarts",
        )
        assert row.actual_value == pytest.approx(2.85)
        assert "'NoneType' object has no attribute" not in worker.log()
    finally:
        worker.stop()
        print(f"--- celery worker log ({queue}) ---\n{worker.log()}")
