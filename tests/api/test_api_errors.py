"""Errors: one JSON shape for every 4xx, and no input that makes a 500."""

import json

import pytest

from indicators.models import Actual
from tests.api.conftest import API, error_of

pytestmark = pytest.mark.django_db

ACTUAL = {"indicator": "K1", "region": "330300", "year": 2024, "value": "2.85"}


@pytest.mark.parametrize(
    "path",
    [
        "/nowhere/",
        "/v2/status/",
        "/indicators/NOPE/",
        "/indicators/NOPE/status/",
        "/regions/999999/",
        "/actuals/999999999999999/",
        "/actuals/99999999999999999999999/",
        "/actuals/abc/",
        "/actuals/%00/",
        "/indicators/%00/",
        "/indicators/%00/status/",
        "/plans/" + "x" * 300 + "/",
    ],
)
def test_it_answers_404_in_the_error_shape(clients, path):
    response = clients["read"].get(API + path)

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert error_of(response)["code"] == "not_found"
    assert error_of(response)["message"] == "未找到所请求的资源。"


def test_it_answers_404_to_unknown_addresses_whatever_the_method(clients):
    response = clients["anonymous"].post("/api/whatever/", {"a": 1}, format="json")

    assert response.status_code == 404 and error_of(response)["code"] == "not_found"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("year=abc", "year"),
        ("year=99999", "year"),
        ("year=-1", "year"),
        ("year_min=1e400", "year_min"),
        ("state=lost", "state"),
        ("origin=%00", "origin"),
        ("ordering=password", "ordering"),
        ("year=2023.5", "year"),
    ],
)
def test_it_refuses_a_bad_filter_naming_the_parameter(clients, query, field):
    response = clients["read"].get(f"{API}/actuals/?{query}")

    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "invalid_filter"
    assert field in error["details"] and error["details"][field][0]


@pytest.mark.parametrize(
    "path",
    [
        "/tasks/?unit=99999999999999999999999999",
        "/tasks/?lever=-3",
        "/tasks/?lead_unit=x",
        "/status/?year_min=x",
        "/replies/?year=1e9",
        "/snapshots/?year_status=%00",
    ],
)
def test_it_bounds_every_numeric_and_choice_filter(clients, path):
    response = clients["read"].get(API + path)

    assert response.status_code == 400 and error_of(response)["code"] == "invalid_filter"


@pytest.mark.parametrize(
    "path",
    [
        "/actuals/?indicator=NOPE",
        "/actuals/?region=%00",
        "/status/?indicator=" + "K1," * 200,
        "/replies/?q=%00%01",
        "/regions/?group=" + "x" * 1000,
    ],
)
def test_it_matches_nothing_for_unknown_codes_rather_than_failing(clients, path):
    response = clients["read"].get(API + path)

    assert response.status_code in (200, 400)
    if response.status_code == 200:
        assert response.json()["results"] == [] or "K1" in path
    else:
        assert error_of(response)["code"] == "invalid_filter"


@pytest.mark.parametrize(
    "query",
    ["limit=abc", "limit=0", "limit=-5", "limit=99999999999999999999", "offset=-1", "offset=abc"],
)
def test_it_falls_back_to_the_default_page_for_odd_paging(clients, query):
    response = clients["read"].get(f"{API}/targets/?{query}")

    assert response.status_code == 200
    assert 1 <= len(response.json()["results"]) <= 1000


def test_it_gives_an_empty_page_past_the_end(clients):
    for path in (
        "/targets/?offset=99999999999999999999999",
        "/status/?offset=99999999999999999999999",
    ):
        response = clients["read"].get(API + path)
        assert response.status_code == 200 and response.json()["results"] == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**ACTUAL, "year": 10**30}, "year"),
        ({**ACTUAL, "year": "二〇二四"}, "year"),
        ({**ACTUAL, "indicator": "NOPE"}, "indicator"),
        ({**ACTUAL, "indicator": "\x00"}, "indicator"),
        ({**ACTUAL, "region": ["330300"]}, "region"),
        ({**ACTUAL, "value": 10**40}, "value"),
        ({**ACTUAL, "value": "1" * 41}, "value"),
        ({**ACTUAL, "value": {"amount": 1}}, "value"),
        ({**ACTUAL, "value": True}, "value"),
        ({**ACTUAL, "value": "2.1234567"}, "value"),
        ({**ACTUAL, "expected_version": 2**40}, "expected_version"),
        ({**ACTUAL, "source_note": "x" * 10_001}, "source_note"),
        ({**ACTUAL, "source_note": "a\x00b"}, "source_note"),
        ({"indicator": "K1"}, "region"),
    ],
)
def test_it_refuses_bad_bodies_saving_nothing(clients, body, field):
    response = clients["bureau"].post(f"{API}/actuals/", body, format="json")

    assert response.status_code == 400, response.content
    error = error_of(response)
    assert error["code"] == "validation_failed"
    assert field in error["details"]
    assert not Actual.objects.filter(year=2024).exists()


def test_it_refuses_a_body_that_is_not_an_object(clients):
    response = clients["bureau"].post(f"{API}/actuals/", [ACTUAL], format="json")

    assert response.status_code == 400
    assert "non_field_errors" in error_of(response)["details"]


def test_it_refuses_malformed_json(clients):
    response = clients["bureau"].post(
        f"{API}/actuals/", "{not json", content_type="application/json"
    )

    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "parse_error"
    assert error["message"] == "请求内容无法解析，请提交有效的 JSON。"
    assert "JSON" in error["details"]["reason"][0]


def test_it_refuses_a_form_body(clients):
    response = clients["bureau"].post(f"{API}/actuals/", ACTUAL)  # multipart

    assert response.status_code == 415 and error_of(response)["code"] == "unsupported_media_type"


def test_it_refuses_a_body_over_the_size_limit(clients, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({**ACTUAL, "source_note": "x" * 5000})

    response = clients["bureau"].post(f"{API}/actuals/", body, content_type="application/json")

    assert response.status_code == 413
    assert error_of(response)["code"] == "request_too_large"


def test_it_answers_406_to_a_format_it_does_not_have(clients):
    by_query = clients["read"].get(f"{API}/regions/?format=pdf")
    by_accept = clients["read"].get(f"{API}/regions/", HTTP_ACCEPT="application/pdf")
    csv_of_a_write = clients["bureau"].post(f"{API}/actuals/?format=csv", ACTUAL, format="json")

    for response in (by_query, by_accept, csv_of_a_write):
        assert response.status_code == 406
        assert response["Content-Type"].startswith("application/json")
        assert error_of(response)["code"] == "not_acceptable"


def test_it_maps_service_errors_to_their_status(clients):
    saved = clients["bureau"].post(f"{API}/actuals/", ACTUAL, format="json").json()
    conflict = clients["bureau"].post(
        f"{API}/actuals/", {**ACTUAL, "expected_version": 7}, format="json"
    )
    wrong_state = clients["reviewer"].post(f"{API}/actuals/{saved['id']}/approve/", format="json")

    assert conflict.status_code == 409 and error_of(conflict)["code"] == "edit_conflict"
    assert error_of(conflict)["message_en"].startswith("Changed meanwhile")
    assert wrong_state.status_code == 409 and error_of(wrong_state)["code"] == "invalid_state"
    assert "草稿" in error_of(wrong_state)["message"]
