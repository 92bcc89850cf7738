"""Pointing this process's Celery publisher at another broker, for a test, and back; a free
port of this machine, taken by opening and closing it."""

import socket
from contextlib import contextmanager

from kombu import pools

from wzsci.celery import app as celery_app


def free_port() -> int:
    """A port nothing listens on: the system picks one for a socket, which is closed again."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def dead_broker_url() -> str:
    """A Redis URL on a port this test just opened and closed: a publish to it fails at once
    with "connection refused", whatever else listens on this machine."""
    return f"redis://127.0.0.1:{free_port()}/0"


def _drop_connection_pools() -> None:
    # Celery caches its broker connection pool and producer pool per app, and kombu keeps a
    # registry of pools per broker URL; all must be dropped for a changed broker_url to count.
    celery_app._pool = None
    amqp = celery_app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None
    pools.reset()


@contextmanager
def publishing_to(url: str, *, routes: dict | None = None):
    """Publish (not run in-process) to ``url`` inside the block, optionally with task routes."""
    conf = celery_app.conf
    saved = (conf.get("broker_write_url"), conf.task_always_eager, conf.task_routes)
    _drop_connection_pools()
    # The publisher's URL: broker_write_url, because a CELERY_BROKER_URL in the environment
    # (CI's second run) takes precedence over conf.broker_url.
    conf.broker_write_url = url
    conf.task_always_eager = False
    if routes is not None:
        conf.update(task_routes=routes)  # conf.update flushes Celery's cached router
    try:
        yield
    finally:
        _drop_connection_pools()
        conf.broker_write_url, conf.task_always_eager = saved[0], saved[1]
        if routes is not None:
            conf.update(task_routes=saved[2])
