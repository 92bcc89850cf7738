"""Shared fixtures.

Services: a test that needs PostgreSQL, Redis or a real Celery worker is marked `services`.
On a developer's machine without them it skips; in CI (WZSCI_REQUIRE_SERVICES=1) it fails
instead, so a missing service can never pass silently. Browser tests likewise skip without
Debian's Chromium unless WZSCI_REQUIRE_BROWSER=1.
"""

import os
import shutil

import pytest
from django.conf import settings
from django.contrib.auth.models import Group

from wzsci.celery import app as celery_app

SERVICES_REQUIRED = os.environ.get("WZSCI_REQUIRE_SERVICES") == "1"
BROWSER_REQUIRED = os.environ.get("WZSCI_REQUIRE_BROWSER") == "1"
CHROMIUM = os.environ.get("WZSCI_CHROMIUM", "/usr/bin/chromium")


def skip_or_fail(reason: str, *, required: bool) -> None:
    if required:
        pytest.fail(f"required in this run, but unavailable: {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def celery_in_process(request):
    """Run Celery tasks in-process for every test except those marked `services`.

    With a real broker configured (CI's second run), only the integration tests talk to the
    worker; every other test keeps its recompute synchronous and deterministic.
    """
    if request.node.get_closest_marker("services"):
        yield
        return
    old = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = old


@pytest.fixture
def services():
    """PostgreSQL as the database and Redis as the broker, or skip (fail in CI)."""
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        skip_or_fail("DATABASE_URL is not PostgreSQL", required=SERVICES_REQUIRED)
    if not settings.CELERY_BROKER_URL.startswith("redis"):
        skip_or_fail("CELERY_BROKER_URL is not Redis", required=SERVICES_REQUIRED)
    import redis

    try:
        redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        skip_or_fail(f"Redis unreachable: {exc}", required=SERVICES_REQUIRED)
    return settings.CELERY_BROKER_URL


@pytest.fixture(scope="session")
def chromium_path():
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        skip_or_fail(
            f"Chromium not found at {CHROMIUM} (apt-get install chromium)",
            required=BROWSER_REQUIRED,
        )
    return CHROMIUM


@pytest.fixture
def seeded(db):
    """The whole seed: regions, units, both plans, the replies."""
    from indicators.catalogue.seed import load_seed

    return load_seed()


@pytest.fixture
def role_groups(db):
    from indicators.roles import Role

    return {role.value: Group.objects.get_or_create(name=role.value)[0] for role in Role}
