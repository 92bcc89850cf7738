"""Authentication and the API's own permissions: tokens, read-only tokens, sessions, throttling."""

import hashlib
import re
from types import SimpleNamespace

import pytest
from rest_framework.test import APIClient

from indicators.api.auth import throttling
from indicators.catalogue.services.tokens import api_token_create, api_token_revoke
from indicators.models import Actual, ApiToken, Task, TaskReport
from tests.api.conftest import API, error_of, token_client
from tests.factories import make_person

pytestmark = pytest.mark.django_db

READ_PATHS = [
    "/status/",
    "/indicators/",
    "/indicators/K1/",
    "/indicators/K1/status/",
    "/targets/",
    "/actuals/",
    "/actuals/review-queue/",
    "/snapshots/",
    "/regions/",
    "/units/",
    "/plans/",
    "/levers/",
    "/tasks/",
    "/task-reports/",
    "/task-reports/review-queue/",
    "/proposals/",
    "/replies/",
    "/commitments/",
    "/reported-figures/",
    "/me/",
]
ACTUAL = {"indicator": "K1", "region": "330300", "year": 2024, "value": "2.85"}


@pytest.mark.parametrize("path", READ_PATHS)
def test_it_refuses_anonymous_callers_with_a_401_and_a_challenge(clients, path):
    response = clients["anonymous"].get(API + path)

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")
    assert error_of(response)["code"] == "not_authenticated"


@pytest.mark.parametrize("path", READ_PATHS)
def test_it_serves_every_read_to_a_read_token(clients, path):
    assert clients["read"].get(API + path).status_code == 200


def test_it_keeps_the_schema_and_the_docs_public(clients):
    assert clients["anonymous"].get(f"{API}/schema/").status_code == 200
    assert clients["anonymous"].get(f"{API}/docs/").status_code == 200


@pytest.mark.parametrize(
    "header",
    ["Token wz_not-a-real-key", "Token", "Token two parts", "token wz_", "Token " + "x" * 500],
)
def test_it_refuses_a_bad_token(seeded, header):
    response = APIClient().get(f"{API}/indicators/", HTTP_AUTHORIZATION=header)

    assert response.status_code == 401
    assert error_of(response)["code"] == "authentication_failed"


def test_it_refuses_a_revoked_token_and_a_token_of_an_inactive_user(people):
    revoked, revoked_key = api_token_create(client_name="旧系统", user=people["leader"])
    api_token_revoke(token=revoked)
    _, inactive_key = api_token_create(client_name="离职人员", user=people["county"])
    people["county"].is_active = False
    people["county"].save()

    for key in (revoked_key, inactive_key):
        response = token_client(key).get(f"{API}/indicators/")
        assert response.status_code == 401
        assert error_of(response)["code"] == "authentication_failed"


def test_it_stores_only_a_digest_of_the_key(people):
    token, key = api_token_create(client_name="市数据平台", user=people["leader"])

    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert stored["key_digest"] == hashlib.sha256(key.encode()).hexdigest()
    assert key not in {str(v) for v in stored.values()}
    assert key.startswith(stored["key_prefix"]) and len(stored["key_prefix"]) < len(key) / 4


def test_it_records_when_a_token_was_last_used(clients, keys):
    token = ApiToken.objects.get(client_name="市数据平台")
    assert token.last_used_at is None

    clients["read"].get(f"{API}/regions/")

    token.refresh_from_db()
    assert token.last_used_at is not None


def write_attempts(people):
    task = Task.objects.filter(task_units__unit=people["bureau"].profile.unit).first()
    actual = Actual.objects.get(indicator__code="K1", region__code="330300", year=2022)
    return [
        ("post", "/actuals/", ACTUAL),
        ("patch", f"/actuals/{actual.pk}/", {"value": "2.7"}),
        ("post", f"/actuals/{actual.pk}/submit/", {}),
        ("post", f"/actuals/{actual.pk}/approve/", {}),
        ("post", f"/actuals/{actual.pk}/return/", {"comment": "退回"}),
        (
            "post",
            "/task-reports/",
            {
                "task": task.pk,
                "unit": people["bureau"].profile.unit_id,
                "year": 2024,
                "status": "on_schedule",
                "percent": 5,
            },
        ),
    ]


@pytest.mark.parametrize("client_name", ["read", "bureau_read"])
def test_it_refuses_every_write_to_a_read_only_token(clients, people, client_name):
    before = list(Actual.objects.values_list("pk", "version", "state"))

    for method, path, data in write_attempts(people):
        response = getattr(clients[client_name], method)(API + path, data, format="json")
        assert response.status_code == 403, path
        assert error_of(response)["code"] == "read_only_token", path

    assert list(Actual.objects.values_list("pk", "version", "state")) == before
    assert not TaskReport.objects.exists()


def test_it_refuses_methods_no_endpoint_has(clients):
    response = clients["bureau"].delete(f"{API}/regions/330300/")

    assert response.status_code == 405
    assert error_of(response)["code"] == "method_not_allowed"


def test_it_serves_a_browser_session_and_checks_its_csrf_token(people):
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(people["bureau"])
    browser.get("/accounts/login/")  # sets the CSRF cookie, as any page does
    csrf = browser.cookies["csrftoken"].value

    read = browser.get(f"{API}/me/")
    forged = browser.post(f"{API}/actuals/", ACTUAL, format="json")
    genuine = browser.post(f"{API}/actuals/", ACTUAL, format="json", HTTP_X_CSRFTOKEN=csrf)

    assert read.json()["username"] == "bureau" and read.json()["token"] is None
    assert forged.status_code == 403 and error_of(forged)["code"] == "permission_denied"
    assert genuine.status_code == 201 and genuine.json()["entered_by"] == "bureau"


def test_it_throttles_per_token(clients, settings, monkeypatch):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": "3/min", "user": "3/min", "anon": "3/min"},
    }
    # Half a minute into a window, held there: the test cannot straddle two windows.
    monkeypatch.setattr(throttling, "time", SimpleNamespace(time=lambda: 1_800_000_030.0))

    answers = [clients["read"].get(f"{API}/regions/").status_code for _ in range(4)]
    other_token = clients["county"].get(f"{API}/regions/")
    throttled = clients["read"].get(f"{API}/regions/")

    assert answers == [200, 200, 200, 429]
    error = error_of(throttled)
    assert error["code"] == "throttled"
    assert throttled["Retry-After"] == "30"
    assert error["details"]["wait_seconds"] == 30
    assert "30 秒" in error["message"]
    assert other_token.status_code == 200


def test_it_opens_a_new_window_when_the_old_one_ends(clients, settings, monkeypatch):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"token": "2/min", "user": "2/min", "anon": "2/min"},
    }
    now = [1_800_000_030.0]
    monkeypatch.setattr(throttling, "time", SimpleNamespace(time=lambda: now[0]))

    first = [clients["read"].get(f"{API}/regions/").status_code for _ in range(3)]
    now[0] += 60
    second = [clients["read"].get(f"{API}/regions/").status_code for _ in range(3)]

    assert first == second == [200, 200, 429]


@pytest.fixture
def admin_client(client, people):
    admin = make_person("root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    return client


def test_it_lets_an_administrator_create_a_token_and_shows_the_key_once(admin_client, people):
    response = admin_client.post(
        "/admin/indicators/apitoken/add/",
        {"client_name": "省科技厅报送系统", "user": people["bureau"].pk, "read_only": ""},
        follow=True,
    )

    page = response.content.decode()
    key = re.search(r"(wz_[A-Za-z0-9_\-]{40,})", page).group(1)
    token = ApiToken.objects.get(client_name="省科技厅报送系统")
    assert (token.user, token.read_only, token.created_by.username) == (
        people["bureau"],
        False,
        "root",
    )
    assert token_client(key).get(f"{API}/me/").json()["token"]["client_name"] == "省科技厅报送系统"
    # Never again: neither the list nor the token's own page shows the key.
    assert key not in admin_client.get("/admin/indicators/apitoken/").content.decode()
    assert (
        key
        not in admin_client.get(f"/admin/indicators/apitoken/{token.pk}/change/").content.decode()
    )


def test_it_lets_an_administrator_revoke_tokens(admin_client, keys):
    token = ApiToken.objects.get(client_name="市数据平台")
    # In use (and so kept in the cache) before it is revoked.
    assert token_client(keys["read"]).get(f"{API}/regions/").status_code == 200

    admin_client.post(
        "/admin/indicators/apitoken/",
        {"action": "revoke_tokens", "_selected_action": [token.pk]},
        follow=True,
    )

    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token_client(keys["read"]).get(f"{API}/regions/").status_code == 401
    assert token_client(keys["county"]).get(f"{API}/regions/").status_code == 200
