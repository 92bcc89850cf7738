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
    in a child process (as `make worker` does)."""

    def __init__(self, queue: str, log_path: Path, *, pool: str = "solo", env: dict | None = None):
        self.queue = queue
        self.log_path = log_path
        self.pool = pool
        self.env = env or {}
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
            "--concurrency=1",
            "-Q",
            self.queue,
            "--without-heartbeat",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
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
