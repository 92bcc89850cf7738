"""A real Celery worker in a subprocess, on the test database, for the `services` tests."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

POLL_SECONDS = 60


def database_url_under_test() -> str:
    """The URL of the database this test run uses (pytest-django's test_… database)."""
    db = settings.DATABASES["default"]
    auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


class Worker:
    """`celery worker` on one queue; `pool` "solo" runs tasks in the main process, "prefork"
    in child processes (as `make worker` does). ``flags`` replace the default options (one
    process; gossip, mingle and heartbeat off, as `make worker` has them)."""

    def __init__(
        self,
        queue: str,
        log_path: Path,
        *,
        pool: str = "solo",
        env: dict | None = None,
        flags: list[str] | None = None,
    ):
        self.queue = queue
        self.log_path = log_path
        self.pool = pool
        self.env = env or {}
        self.flags = flags or [
            "--concurrency=1",
            "--loglevel=INFO",
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
        ]
        self.process: subprocess.Popen | None = None

    def start(self, broker_url: str) -> None:
        env = {
            **os.environ,
            "DATABASE_URL": database_url_under_test(),
            "CELERY_BROKER_URL": broker_url,
            "DJANGO_SETTINGS_MODULE": "wzsci.settings",
            **self.env,
        }
        celery = Path(sys.executable).parent / "celery"
        command = [
            str(celery),
            "-A",
            "wzsci",
            "worker",
            f"--pool={self.pool}",
            "-Q",
            self.queue,
            *self.flags,
        ]
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                command, cwd=settings.BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT
            )

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)  # warm shutdown: finish the current task
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)


def make_worker_flags() -> list[str]:
    """The options `make worker` runs the worker with (the Makefile's WORKER_FLAGS)."""
    for line in (Path(settings.BASE_DIR) / "Makefile").read_text().splitlines():
        if line.startswith("WORKER_FLAGS ="):
            return line.split("=", 1)[1].split()
    pytest.fail("the Makefile names no WORKER_FLAGS for `make worker`")


def wait_until(condition, worker: Worker | None, what: str, *, seconds: float = POLL_SECONDS):
    """Poll ``condition`` until it gives a true value; fail if ``worker`` exits meanwhile."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        if worker is not None and worker.process.poll() is not None:
            pytest.fail(f"the worker exited ({worker.process.returncode}) before {what}")
        time.sleep(0.25)
    pytest.fail(f"not within {seconds} s: {what}")


def delete_queue(broker_url: str, queue: str) -> None:
    """Remove a test queue and the exchange bindings kombu declared for it."""
    import redis

    redis.Redis.from_url(broker_url).delete(
        queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}"
    )
