"""Shared fixtures: services and Chromium, the seed shared per database, the people of the tests.

Services: a test that needs PostgreSQL, Redis or a real Celery worker is marked `services`.
On a developer's machine without them it skips; in CI (WZSCI_REQUIRE_SERVICES=1) it fails
instead, so a missing service can never pass silently. Browser tests likewise skip without
Debian's Chromium unless WZSCI_REQUIRE_BROWSER=1.

Speed: passwords are hashed with MD5 (tests only); `make test` runs the suite on pytest-xdist
workers, each with a test database of its own. Browser tests and `services` tests each stay on
one worker (xdist groups), so that one Chromium, one live server and one Celery worker suffice.

Shared data: the seed (`seeded`) and what builds on it (`demo` in tests/dashboards, `filled_2023`
in tests/api) are loaded once per worker database and reused by every test that asks for them,
each test in its own transaction rolled back at its end; see `SharedData`.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.db import transaction
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


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(items):
    """Keep what cannot share a worker together: the browser tests (one Chromium and one live
    server) and the `services` tests (a real Celery worker on this worker's database) each run
    on a single xdist worker when `make test` distributes with `--dist loadgroup`.

    And run the tests that read the same shared layers one after another (tests with no layer
    first, then the seed, then each layer built on it; otherwise in the order collected), so
    that each worker loads each layer about once instead of at every switch between modules.
    """
    for item in items:
        for marker in ("browser", "services"):
            if item.get_closest_marker(marker):
                item.add_marker(pytest.mark.xdist_group(marker))
    items.sort(key=lambda item: layers_needed(item) or ())


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


# --- shared data: the seed, loaded once per worker database ----------------------------------
@dataclass(frozen=True)
class Layer:
    """Data that many tests read: built by `build()` on top of the layer `below` (or on the empty
    database), and offered by the fixture of the same name."""

    name: str
    build: Callable[[], object]
    below: str | None = None

    def chain(self) -> tuple[str, ...]:
        below = SHARED_LAYERS[self.below].chain() if self.below else ()
        return (*below, self.name)


SHARED_LAYERS: dict[str, Layer] = {}


def shared_layer(name: str, build: Callable[[], object], *, below: str | None = None) -> None:
    """Declare a layer (a conftest does, next to the fixture `name`, which returns
    `shared_value(request, name)`)."""
    SHARED_LAYERS[name] = Layer(name, build, below)


class SharedData:
    """The layers held in this worker's test database, bottom first.

    Each layer is loaded inside a transaction opened on top of the layers below it, and never
    committed. A test that reads the layers runs in its own transaction nested inside them
    (pytest-django's per-test transaction becomes a savepoint), so whatever it writes is undone at
    its end and the next test finds the layers as they were loaded. Before a test that needs fewer
    layers (an empty database, the seed without the demo actuals, or a transactional test, which
    commits and flushes), the layers above what it needs are rolled back: the database is exactly
    as it was before they were loaded.
    """

    def __init__(self, blocker):
        self._blocker = blocker
        self._held: list[tuple[str, transaction.Atomic, object]] = []

    def holds(self, name: str) -> bool:
        return any(held == name for held, _, _ in self._held)

    def value(self, name: str):
        return next(value for held, _, value in self._held if held == name)

    def arrange(self, chain: tuple[str, ...]) -> None:
        """Hold exactly these layers (bottom first): release those above the common part, load
        the missing ones."""
        held = [name for name, _, _ in self._held]
        keep = 0
        while keep < min(len(held), len(chain)) and held[keep] == chain[keep]:
            keep += 1
        if keep == len(held) == len(chain):
            return
        with self._blocker.unblock():
            while len(self._held) > keep:
                self._release()
            for name in chain[keep:]:
                self._load(name)

    def release_all(self) -> None:
        with self._blocker.unblock():
            while self._held:
                self._release()

    def _load(self, name: str) -> None:
        block = transaction.atomic()
        block.__enter__()
        eager = celery_app.conf.task_always_eager
        celery_app.conf.task_always_eager = True  # as in every test but the `services` ones
        try:
            value = SHARED_LAYERS[name].build()
        except BaseException:
            block.__exit__(*sys.exc_info())
            raise
        finally:
            celery_app.conf.task_always_eager = eager
        self._held.append((name, block, value))

    def _release(self) -> None:
        _, block, _ = self._held.pop()
        transaction.set_rollback(True)
        block.__exit__(None, None, None)


@pytest.fixture(scope="session")
def shared_data(django_db_setup, django_db_blocker):
    data = SharedData(django_db_blocker)
    yield data
    data.release_all()  # before django_db_setup's teardown drops the test database


DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}
TRANSACTIONAL_FIXTURES = {"transactional_db", "live_server", "django_db_reset_sequences"}


def layers_needed(item: pytest.Item) -> tuple[str, ...] | None:
    """The shared layers a test reads (bottom first); () for a test that needs the database as
    migrations leave it; None for a test that does not use the database."""
    from pytest_django.fixtures import validate_django_db

    names = set(getattr(item, "fixturenames", ()))
    marker = item.get_closest_marker("django_db")
    requested = [SHARED_LAYERS[name] for name in SHARED_LAYERS if name in names]
    if not (marker or requested or names & DATABASE_FIXTURES):
        return None
    transactional = bool(names & TRANSACTIONAL_FIXTURES)
    if marker:
        transaction_, reset_sequences, *_ = validate_django_db(marker)
        transactional = transactional or transaction_ or reset_sequences
    if transactional or not requested:
        return ()  # a transactional test commits: its layers are loaded inside it, as before
    chain = max((layer.chain() for layer in requested), key=len)
    if any(layer.name not in chain for layer in requested):
        return ()  # layers from two branches: each test loads its own
    return chain


@pytest.fixture(scope="class", autouse=True)
def _shared_data_in_place(request):
    """Arrange the shared layers before a test's own transaction opens.

    Class scope, because pytest sets up wider scopes first: for a test function outside a class
    this runs once per test, before pytest-django's function-scoped database fixtures. For the
    tests of a class it runs once; if they disagree, it holds nothing and each test loads its own.
    """
    node = request.node
    items = (
        [node]
        if isinstance(node, pytest.Item)
        else [item for item in request.session.items if node in item.listchain()]
    )
    needs = {layers_needed(item) for item in items} - {None}
    if needs:
        request.getfixturevalue("shared_data").arrange(needs.pop() if len(needs) == 1 else ())
    yield


def shared_value(request, name: str):
    """The value of a shared layer's build, or, where the layer is not held for this test (a
    transactional test, say), the layer built now inside the test's own transaction."""
    data = request.getfixturevalue("shared_data")
    if data.holds(name):
        return data.value(name)
    return SHARED_LAYERS[name].build()


def _load_seed():
    from indicators.catalogue.seed import load_seed

    return load_seed()


shared_layer("seeded", _load_seed)


@pytest.fixture
def seeded(db, request):
    """The whole seed: regions, units, both plans, the replies (shared; see SharedData)."""
    return shared_value(request, "seeded")


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
