"""Requests that ended in a plain 500 (issue 11, defect 12): a deeply nested JSON body (a
RecursionError in the parser) is a 400 with the API's JSON error, code `json_too_deep`; a NUL
byte anywhere in a URL's path or query is a 404 (it reached PostgreSQL as a DataError)."""

from __future__ import annotations

import uuid

import pytest
from rest_framework.test import APIClient

from indicators.api.parsers import nesting_depth
from indicators.catalogue.services import tokens
from indicators.catalogue.services.tokens import api_token_create
from indicators.models import Actual
from tests.indicators.entry_world import YEAR, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_throttle_counters(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"},
    }
    tokens._remembered.clear()


@pytest.fixture
def api(db):
    world = make_world()
    _, key = api_token_create(client_name="测试系统", user=world.bureau, read_only=False)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("depth", [33, 100_000], ids=["past-the-limit", "recursion"])
def test_a_deeply_nested_body_is_a_400_with_the_json_error(api, depth):
    body = f'{{"indicator": "K4", "region": "330300", "year": {YEAR}, "value": {nested(depth)}}}'
    response = api.post("/api/v1/actuals/", body, content_type="application/json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "json_too_deep"
    assert "嵌套层数过多" in error["message"] and "32" in error["message"]
    assert not Actual.objects.exists()


def test_a_body_within_the_limit_is_read_as_before(api):
    response = api.post(
        "/api/v1/actuals/",
        {"indicator": "K4", "region": "330300", "year": YEAR, "value": 4200},
        format="json",
    )
    assert response.status_code == 201, response.json()


def test_the_depth_is_counted_without_recursion():
    deep: list = []
    for _ in range(100_000):
        deep = [deep]
    assert nesting_depth(deep) == 100_001
    assert nesting_depth({"a": [1, {"b": 2}]}) == 3
    assert nesting_depth("text") == 0


@pytest.mark.parametrize(
    "url",
    [
        "/dashboards/indicator/K4%00/",
        "/dashboards/regions/?indicator=K4%00",
        "/dashboards/?year=2024%00",
        "/entry/?region=330302%00",
        "/proposals/?q=%00",
    ],
)
def test_a_nul_byte_in_a_url_is_a_404(client, admin, url):
    client.force_login(admin)
    response = client.get(url)
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("url", "status", "code"),  # a 400 or a 404, never a 500
    [
        ("/api/v1/actuals/?indicator=K4%00", 400, "invalid_filter"),
        ("/api/v1/actuals/?origin=%00", 400, "invalid_filter"),
        ("/api/v1/indicators/K4%00/", 404, "not_found"),
    ],
)
def test_the_api_answers_a_nul_byte_in_its_own_json_shape(api, url, status, code):
    response = api.get(url)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code


def test_a_nul_byte_is_a_404_even_before_login(client):
    assert client.get("/dashboards/%00").status_code == 404
