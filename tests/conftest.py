"""Shared fixtures: services and Chromium, the seed, the people of the tests.

Services: a test that needs PostgreSQL, Redis or a real Celery worker is marked `services`.
On a developer's machine without them it skips; in CI (WZSCI_REQUIRE_SERVICES=1) it fails
instead, so a missing service can never pass silently. Browser tests likewise skip without
Debian's Chromium unless WZSCI_REQUIRE_BROWSER=1.

Speed: passwords are hashed with MD5 (tests only).
"""

import os
import shutil

import pytest
from django.conf import settings
from django.test.utils import override_settings

from tests.factories import PERSONAS, make_persona
from wzsci.celery import app as celery_app

SERVICES_REQUIRED = os.environ.get("WZSCI_REQUIRE_SERVICES") == "1"
BROWSER_REQUIRED = os.environ.get("WZSCI_REQUIRE_BROWSER") == "1"
CHROMIUM = os.environ.get("WZSCI_CHROMIUM", "/usr/bin/chromium")


def skip_or_fail(reason: str, *, required: bool) -> None:
    if required:
        pytest.fail(f"required in this run, but unavailable: {reason}")
    pytest.skip(reason)


# --- the session ------------------------------------------------------------------------------
@pytest.fixture(scope="session", autouse=True)
def fast_password_hasher():
    """MD5 for the whole session: the default hasher costs a noticeable fraction of a second per
    password on a small machine, and logins and demo accounts hash many. Tests only."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


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


# --- the people of the tests ------------------------------------------------------------------
# One set, built by tests.factories.make_person. A person bound to a unit or region (bureau,
# county, reviewer) needs it in the database first: the seed, or an entry test's world.
@pytest.fixture
def leader(db):
    """Leadership (领导): reads everything, writes nothing."""
    return make_persona("leader")


@pytest.fixture
def bureau(db):
    """Bureau staff (部门填报员) of 市科技局."""
    return make_persona("bureau")


@pytest.fixture
def county(db):
    """County staff (县区填报员) of 鹿城区."""
    return make_persona("county")


@pytest.fixture
def reviewer(db):
    """A reviewer (审核员) of 市科技局."""
    return make_persona("reviewer")


@pytest.fixture
def admin(db):
    """An administrator (系统管理员) by role: the group, not Django's superuser flag."""
    return make_persona("admin")


@pytest.fixture
def outsider(db):
    """A logged-in account with no role."""
    return make_persona("outsider")


@pytest.fixture
def people(request) -> dict:
    """All six, by name (the same objects as the fixtures of the same names)."""
    return {name: request.getfixturevalue(name) for name in PERSONAS}
