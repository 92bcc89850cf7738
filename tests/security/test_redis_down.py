"""Redis down: the API keeps answering (issue 11, defect 6). The throttle's counter lives in
Redis; when Redis refuses or hangs, the throttle lets the request through (fails open), logs a
warning, and stops asking Redis for a while — it never turns an outage into a 500 or a hung
worker.

Redis here is real, not a mock: a client pointed at a port this test opened and closed (nothing
listens: connection refused), or at a socket this test listens on and never answers (a hung
Redis: the connection opens, no reply ever comes).
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from types import SimpleNamespace

import pytest
from rest_framework.test import APIClient

from indicators.api.auth import throttling
from indicators.catalogue.services import tokens
from indicators.catalogue.services.tokens import api_token_create
from tests.indicators.entry_world import YEAR, make_world

pytestmark = pytest.mark.django_db

REDIS_CACHE = "django.core.cache.backends.redis.RedisCache"
TIMEOUT = 0.3  # seconds: how long the test's Redis client waits for a hung server
READS = ["/api/v1/regions/", "/api/v1/indicators/", "/api/v1/actuals/", "/api/v1/me/"]


@pytest.fixture
def dead_redis_url():
    """A Redis URL on a port this test opened, then closed: nothing listens there."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"


@pytest.fixture
def hung_redis_url():
    """A Redis URL on a socket this test listens on and never answers."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)  # the kernel completes the connections; nobody reads or writes
    yield f"redis://127.0.0.1:{sock.getsockname()[1]}/0"
    sock.close()


@pytest.fixture(autouse=True)
def fresh_throttle_state():
    throttling.counter_health.reset()
    tokens._remembered.clear()
    yield
    throttling.counter_health.reset()
    tokens._remembered.clear()


def use_redis(settings, url: str) -> None:
    settings.CACHES = {
        "default": {
            "BACKEND": REDIS_CACHE,
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": TIMEOUT, "socket_timeout": TIMEOUT},
        }
    }


def client_for(user) -> APIClient:
    _, key = api_token_create(client_name="市数据平台", user=user, read_only=False)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


class NoAnswer(Exception):
    pass


def within(seconds: float, call):
    """call()'s result, or a failure if it has not returned after `seconds` (a hung request
    would otherwise hang the test). An alarm signal, so the call runs in this thread, on this
    test's database connection."""

    def give_up(signum, frame):
        raise NoAnswer(f"no answer within {seconds} s")

    previous = signal.signal(signal.SIGALRM, give_up)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return call()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def test_reads_and_writes_keep_answering_while_redis_refuses(settings, caplog, dead_redis_url):
    w = make_world()
    use_redis(settings, dead_redis_url)
    client = client_for(w.county)
    # When Redis refuses every connection
    with caplog.at_level(logging.WARNING, logger=throttling.__name__):
        reads = [client.get(path).status_code for path in READS]
        write = client.post(
            "/api/v1/actuals/",
            {"indicator": "K4", "region": "330302", "year": YEAR, "value": 100},
            format="json",
        )
    # Then every read and the write are answered, and the outage is logged once, as a warning
    assert reads == [200] * len(READS)
    assert write.status_code == 201
    warnings = [r for r in caplog.records if r.name == throttling.__name__]
    assert len(warnings) == 1 and warnings[0].levelno == logging.WARNING
    assert "throttle" in warnings[0].getMessage().lower()


def test_a_browser_session_keeps_reading_too(settings, client, dead_redis_url):
    w = make_world()
    use_redis(settings, dead_redis_url)
    client.force_login(w.leader)
    assert client.get("/api/v1/regions/").status_code == 200


def test_a_hung_redis_costs_one_timeout_then_nothing_until_the_retry(
    settings, caplog, hung_redis_url
):
    w = make_world()
    use_redis(settings, hung_redis_url)
    settings.WZSCI_THROTTLE_RETRY_SECONDS = 30
    client = client_for(w.leader)
    with caplog.at_level(logging.WARNING, logger=throttling.__name__):
        # The first request waits for the client's timeout, then is answered
        started = time.monotonic()
        first = within(10, lambda: client.get("/api/v1/regions/"))
        first_took = time.monotonic() - started
        # The next ones do not ask Redis again until the retry time has passed
        started = time.monotonic()
        rest = [within(10, lambda: client.get("/api/v1/regions/")) for _ in range(5)]
        rest_took = time.monotonic() - started
    assert first.status_code == 200 and [r.status_code for r in rest] == [200] * 5
    assert first_took >= TIMEOUT
    assert rest_took < 5 * TIMEOUT
    assert len([r for r in caplog.records if r.name == throttling.__name__]) == 1


def test_the_throttle_counts_again_once_redis_is_back(settings, monkeypatch, dead_redis_url):
    w = make_world()
    client = client_for(w.leader)
    settings.WZSCI_THROTTLE_RETRY_SECONDS = 0  # retry at once
    # Half a minute into a window, held there: the test cannot straddle two windows.
    monkeypatch.setattr(throttling, "time", SimpleNamespace(time=lambda: 1_800_000_030.0))
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": "2/min", "user": "2/min", "anon": "2/min"},
    }
    # While Redis is down, nothing is counted: more requests than the rate get through
    use_redis(settings, dead_redis_url)
    assert [client.get("/api/v1/regions/").status_code for _ in range(3)] == [200] * 3
    # Once the cache answers again (the process-local cache stands in for Redis here), the
    # rate holds again
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"redis-back-{uuid.uuid4().hex}",  # no counter of another test's
        }
    }
    assert [client.get("/api/v1/regions/").status_code for _ in range(3)] == [200, 200, 429]


def test_the_settings_give_the_redis_cache_a_timeout():
    """With REDIS_URL set, the cache's client gives up after WZSCI_REDIS_TIMEOUT seconds rather
    than waiting for the operating system's TCP timeout (minutes) on every request."""
    env = {
        **os.environ,
        "DEBUG": "1",
        "REDIS_URL": "redis://127.0.0.1:1/0",
        "WZSCI_REDIS_TIMEOUT": "0.7",
    }
    code = "import wzsci.settings as s; print(s.CACHES['default']['OPTIONS'])"
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "'socket_connect_timeout': 0.7" in out and "'socket_timeout': 0.7" in out
