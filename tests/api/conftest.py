"""Fixtures of the API tests: one token and one client per caller, the 2023 figures.

Five callers cover every permission case in one line each: `anonymous`, a read token (the
leadership account), bureau staff (市科技局), county staff (鹿城区) and a reviewer; the people
are tests/conftest.py's, on the seed.

The seed and `filled_2023` are shared layers (tests/conftest.py, SharedData): loaded once per
worker database, every test running in a transaction rolled back at its end, so each still starts
from the plain seed.
"""

from __future__ import annotations

import uuid

import pytest
from rest_framework.test import APIClient

from indicators.catalogue.services import tokens
from indicators.catalogue.services.tokens import api_token_create
from indicators.models import Region
from tests.conftest import shared_layer, shared_value

API = "/api/v1"


@pytest.fixture(autouse=True)
def generous_throttle(settings):
    """Rates high enough that no test but the throttling one ever meets them; a clean slate
    (no throttle counters, no token remembered from another test).

    The counters start afresh under a key prefix of the test's own rather than by clearing the
    cache: with Redis (CI's second run) the cache is shared by the xdist workers, and clearing it
    would wipe another worker's counters in the middle of its test.
    """
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {
            "token": "100000/min",
            "user": "100000/min",
            "anon": "100000/min",
        },
    }
    settings.CACHES = {
        **settings.CACHES,
        "default": {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"},
    }
    tokens._remembered.clear()
    yield
    tokens._remembered.clear()


@pytest.fixture
def people(seeded, people):
    """tests/conftest.py's people, bound to the seed's 市科技局 and 鹿城区."""
    return people


@pytest.fixture
def keys(people):
    """One token per caller: the leadership one read-only, the others able to write."""
    return {
        "read": api_token_create(client_name="市数据平台", user=people["leader"], read_only=True)[
            1
        ],
        "bureau_read": api_token_create(
            client_name="科技局只读", user=people["bureau"], read_only=True
        )[1],
        "bureau": api_token_create(
            client_name="科技局业务系统", user=people["bureau"], read_only=False
        )[1],
        "county": api_token_create(
            client_name="鹿城区驾驶舱", user=people["county"], read_only=False
        )[1],
        "reviewer": api_token_create(
            client_name="审核终端", user=people["reviewer"], read_only=False
        )[1],
    }


def token_client(key: str | None) -> APIClient:
    client = APIClient()
    if key:
        client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


@pytest.fixture
def clients(keys):
    return {name: token_client(key) for name, key in keys.items()} | {"anonymous": APIClient()}


def error_of(response) -> dict:
    """The error object of a response, after checking the one shape every 4xx has."""
    body = response.json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert set(error) == {"code", "message", "message_en", "details"}, error
    assert isinstance(error["code"], str) and error["code"]
    assert isinstance(error["message"], str) and error["message"]
    assert isinstance(error["message_en"], str) and error["message_en"]
    assert isinstance(error["details"], dict)
    return error


# The city's 2023 figures used by the status tests (synthetic, chosen around the printed targets:
# 2.7, 120, 3.41, 4300, 16500, 67, 330, 180, 15).
CITY_2023 = {
    "K1": "2.75",  # ≥ 2.7 → met
    "K2": "118",  # 118 / 120 = 98.3 %, inside the 5 % band → nearly met
    "K3": "3.0",  # 3.0 / 3.41 = 88 % → not met
    "K4": "4400",
    "K5": "16600",
    "K6": "67.2",
    "K7": "350",
    "K8": "185",
    "K9": "16",
}


def fill_2023():
    """Approved 2023 actuals of the nine key indicators in every region, and their snapshots."""
    from decimal import Decimal

    from indicators.models import Actual, Indicator, WorkflowState
    from indicators.progress.recompute import recompute_progress
    from tests.factories import ActualFactory

    regions = list(Region.objects.order_by("order"))
    for indicator in Indicator.objects.filter(category=Indicator.Category.KEY):
        city_value = Decimal(CITY_2023[indicator.code])
        for region in regions:
            additive = indicator.rollup == Indicator.Rollup.SUM
            value = city_value if region.is_city else (city_value / 12 if additive else city_value)
            ActualFactory(
                indicator=indicator,
                region=region,
                year=2023,
                value=value.quantize(Decimal("0.01")),
                state=WorkflowState.APPROVED,
                origin=Actual.Origin.DEMO,
            )
    recompute_progress()
    return regions


shared_layer("filled_2023", fill_2023, below="seeded")


@pytest.fixture
def filled_2023(seeded, request):
    """The seed with fill_2023's actuals and snapshots (shared): the regions, in order."""
    shared_value(request, "filled_2023")
    return list(Region.objects.order_by("order"))  # objects of this test's own
