"""Creates of one empty cell at the same moment: exactly one goes through, the others are told
(issue 11, defect 10). On the API `expected_version: 0`, or none, means "I saw no value"; the
entry page and the import say the same with the version their form or template carried. A create
that finds a value already there is a 409 `edit_conflict` showing that value — never a silent
overwrite."""

from __future__ import annotations

import io
import threading
import uuid
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import close_old_connections, connection
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from indicators.catalogue.services import tokens
from indicators.catalogue.services.tokens import api_token_create
from indicators.entry import services
from indicators.entry.spreadsheets import build_template
from indicators.models import Actual, TaskReport
from tests.indicators.entry_world import YEAR, make_world, xlsx_bytes

CREATES = 20


@pytest.fixture(autouse=True)
def own_throttle_counters(settings):
    """Counters of this test's own (the Redis cache is shared by every xdist worker), at a rate
    no test here meets."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"},
    }
    tokens._remembered.clear()
    yield
    tokens._remembered.clear()


def county_client(w) -> APIClient:
    _, key = api_token_create(client_name="鹿城区驾驶舱", user=w.county, read_only=False)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def create(client, value, **extra):
    return client.post(
        "/api/v1/actuals/",
        {"indicator": "K4", "region": "330302", "year": YEAR, "value": value, **extra},
        format="json",
    )


def assert_one_created_and_the_rest_refused(outcomes: list[tuple[int, dict, int]]):
    """outcomes: (status, body, the value that request sent)."""
    statuses = sorted(status for status, _, _ in outcomes)
    assert statuses == [201] + [409] * (CREATES - 1), statuses
    # The stored value is the one the 201 sent, and every 409 shows it.
    (winner,) = [sent for status, _, sent in outcomes if status == 201]
    stored = Actual.objects.get()
    assert (stored.value, stored.version) == (Decimal(winner), 1)
    for status, body, _ in outcomes:
        if status == 409:
            assert body["error"]["code"] == "edit_conflict"
            assert body["error"]["details"]["current"]["value"] == str(stored.value)
            assert body["error"]["details"]["current"]["version"] == 1


# --- the API ---------------------------------------------------------------------------------
@pytest.mark.django_db
def test_twenty_creates_one_after_another_give_one_201_and_nineteen_409s():
    w = make_world()
    client = county_client(w)
    # Given an empty cell; when twenty clients create it, each having seen no value
    outcomes = []
    for i in range(CREATES):
        extra = {"expected_version": 0} if i % 2 else {}  # 0, or no version: the same
        response = create(client, 100 + i, **extra)
        outcomes.append((response.status_code, response.json(), 100 + i))
    # Then the first is created and the nineteen others are refused with the value it stored
    assert_one_created_and_the_rest_refused(outcomes)
    assert outcomes[0][0] == 201


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_creates_give_one_201_and_nineteen_409s():
    """Twenty threads post at the same moment. PostgreSQL only: SQLite serialises writers by
    refusing them ("database is locked"), which is not the race this test is about."""
    if connection.vendor != "postgresql":
        pytest.skip("parallel writers need PostgreSQL; the serial test covers SQLite")
    w = make_world()
    client_key = county_client(w)._credentials["HTTP_AUTHORIZATION"]
    barrier = threading.Barrier(CREATES)
    outcomes: list[tuple[int, dict, int]] = []
    lock = threading.Lock()

    def worker(value: int):
        close_old_connections()
        try:
            client = APIClient()
            client.credentials(HTTP_AUTHORIZATION=client_key)
            barrier.wait(timeout=30)
            response = create(client, value)
            with lock:
                outcomes.append((response.status_code, response.json(), value))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(200 + i,)) for i in range(CREATES)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert len(outcomes) == CREATES
    assert_one_created_and_the_rest_refused(outcomes)


@pytest.mark.django_db
def test_a_create_with_the_version_it_saw_updates_the_value():
    w = make_world()
    client = county_client(w)
    first = create(client, 100)
    second = create(client, 120, expected_version=1)
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json()["id"] == first.json()["id"]
    assert (Actual.objects.get().value, Actual.objects.get().version) == (Decimal(120), 2)


@pytest.mark.django_db
def test_a_task_report_create_follows_the_same_rule():
    w = make_world()
    _, key = api_token_create(client_name="科技局业务系统", user=w.bureau, read_only=False)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    report = {
        "task": w.task.pk,
        "unit": w.bureau_unit.pk,
        "year": YEAR,
        "status": "on_schedule",
        "percent": 30,
    }
    first = client.post("/api/v1/task-reports/", report, format="json")
    again = client.post("/api/v1/task-reports/", {**report, "percent": 60}, format="json")
    zero = client.post(
        "/api/v1/task-reports/", {**report, "percent": 60, "expected_version": 0}, format="json"
    )
    assert first.status_code == 201
    for refused in (again, zero):
        assert refused.status_code == 409
        assert refused.json()["error"]["code"] == "edit_conflict"
        assert refused.json()["error"]["details"]["current"]["version"] == 1
    assert TaskReport.objects.get().percent == 30


# --- the entry page --------------------------------------------------------------------------
def page_post(client, w, rows: dict):
    """Post the entry page of 鹿城区; rows: indicator → (value, version or None: not sent)."""
    data = {"year": YEAR, "region": w.county_region.code, "action": "save"}
    for indicator, (value, version) in rows.items():
        p = f"r{indicator.pk}"
        data |= {f"{p}-value": value, f"{p}-source_note": "", f"{p}-explanation": ""}
        if version is not None:
            data[f"{p}-version"] = version
    return client.post(reverse("entry:home") + f"?year={YEAR}&region={w.county_region.code}", data)


def someone_else_creates(w, indicator, value):
    return services.actual_save(
        user=w.admin, indicator=indicator, region=w.county_region, year=YEAR, value=value
    )


@pytest.mark.django_db
def test_the_entry_page_refuses_a_value_typed_where_it_saw_none_and_one_appeared_meanwhile(
    client,
):
    w = make_world()
    client.force_login(w.county)
    # Given the clerk's page showed K4 empty (version 0); meanwhile the administrator enters 90
    someone_else_creates(w, w.count, "90")
    # When the clerk saves 100 from that page
    response = page_post(client, w, {w.count: ("100", "0")})
    # Then nothing is overwritten, and the page shows who entered what
    assert response.status_code == 200
    assert "已被 admin" in response.content.decode() and "90家" in response.content.decode()
    assert Actual.objects.get().value == Decimal(90)


@pytest.mark.django_db
def test_the_entry_page_takes_a_post_without_a_version_as_having_seen_no_value(client):
    w = make_world()
    client.force_login(w.county)
    someone_else_creates(w, w.count, "90")
    response = page_post(client, w, {w.count: ("100", None)})
    assert response.status_code == 200
    assert "已被 admin" in response.content.decode()
    assert Actual.objects.get().value == Decimal(90)


@pytest.mark.django_db
def test_the_entry_page_leaves_alone_a_row_left_empty_where_a_value_appeared_meanwhile(client):
    w = make_world()
    client.force_login(w.county)
    # Given the page showed K4 and K7 empty; meanwhile the administrator enters K7 = 5
    someone_else_creates(w, w.money, "5")
    # When the clerk fills K4 only and saves
    response = page_post(client, w, {w.count: ("100", "0"), w.money: ("", "0")})
    # Then K4 is saved and K7 keeps the administrator's value: the clerk typed nothing there
    assert response.status_code == 302
    saved = dict(Actual.objects.values_list("indicator__code", "value"))
    assert saved == {"K4": Decimal(100), "K7": Decimal(5)}


# --- the import ------------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_import_refuses_a_template_row_that_saw_no_value_where_one_appeared_meanwhile(client):
    w = make_world()
    client.force_login(w.county)
    # Given a template downloaded while K4 was empty (its version column says 0)
    template = build_template(user=w.county, year=YEAR, regions=[w.county_region])
    # And meanwhile the administrator enters 90
    someone_else_creates(w, w.count, "90")
    # When the clerk uploads the template with 100 typed for K4
    book = load_workbook(io.BytesIO(template))
    sheet = book["填报"]
    header = [c.value for c in sheet[3]]
    for row in sheet.iter_rows(min_row=4):
        if row[header.index("指标代码")].value == "K4":
            assert row[header.index("版本")].value == 0
            row[header.index("本年值")].value = 100
    buffer = io.BytesIO()
    book.save(buffer)
    response = client.post(
        reverse("entry:import"),
        {"year": YEAR, "file": SimpleUploadedFile("模板.xlsx", buffer.getvalue())},
    )
    # Then the row is listed as a problem and nothing is saved
    body = response.content.decode()
    assert response.status_code == 200
    assert "已被 admin" in body and "90家" in body
    assert Actual.objects.get().value == Decimal(90)


@pytest.mark.django_db
def test_the_import_refuses_a_version_0_row_of_a_hand_made_file_too(client):
    w = make_world()
    client.force_login(w.county)
    someone_else_creates(w, w.count, "90")
    content = xlsx_bytes(
        [["指标代码", "区域", "年份", "本年值", "版本"], ["K4", "鹿城区", YEAR, 100, 0]]
    )
    response = client.post(
        reverse("entry:import"), {"year": YEAR, "file": SimpleUploadedFile("a.xlsx", content)}
    )
    assert response.status_code == 200
    assert "已被 admin" in response.content.decode()
    assert Actual.objects.get().value == Decimal(90)
