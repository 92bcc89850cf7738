"""The reporting calendar as data (/api/v1/due/): every assigned cell of a year with its due date
and state against a fixed clock, filtered by region, unit and state."""

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from indicators.catalogue.services.tokens import api_token_create
from indicators.entry import services
from indicators.models import Indicator, ReportingAssignment
from tests.indicators.entry_world import make_world

pytestmark = pytest.mark.django_db
YEAR = 2024  # its yearly figures are due by 28 February 2025 (the 快报 rule)


@pytest.fixture
def w(db):
    world = make_world()
    # Given three assigned cells: K4 × 温州市 (市科技局), K4 × 鹿城区, G-1 × 温州市 (市科技局)
    for indicator, region, unit in [
        (world.count, world.city, world.bureau_unit),
        (world.count, world.county_region, None),
        (world.rank, world.city, world.bureau_unit),
    ]:
        ReportingAssignment.objects.create(indicator=indicator, region=region, unit=unit)
    # And 鹿城区 has submitted its K4
    actual = services.actual_save(
        user=world.county, indicator=world.count, region=world.county_region, year=YEAR, value=10
    )
    services.review_submit(user=world.county, obj=actual)
    return world


@pytest.fixture
def api(w):
    _token, key = api_token_create(client_name="督办系统", user=w.leader)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def on(monkeypatch, day: dt.date):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)


def cells(response) -> set[tuple[str, str, str, str]]:
    assert response.status_code == 200, response.json()
    return {
        (r["indicator"], r["region_name"], r["due"], r["status"])
        for r in response.json()["results"]
    }


def test_it_lists_every_assigned_cell_with_its_due_date_and_state(api, monkeypatch):
    # When read on 1 March 2025, the day after the 快报 due date
    on(monkeypatch, dt.date(2025, 3, 1))
    response = api.get("/api/v1/due/", {"year": YEAR})
    # Then the two city cells not handed in are overdue, 鹿城区's K4 is submitted
    assert cells(response) == {
        ("K4", "温州市", "2025-02-28", "overdue"),
        ("G-1", "温州市", "2025-02-28", "overdue"),
        ("K4", "鹿城区", "2025-02-28", "submitted"),
    }
    assert response.json()["count"] == 3


def test_it_tells_due_soon_and_open_by_the_clock(api, monkeypatch, settings):
    settings.WZSCI_DUE_SOON_DAYS = 14
    on(monkeypatch, dt.date(2025, 2, 14))  # 14 days before
    assert {c[3] for c in cells(api.get("/api/v1/due/", {"year": YEAR, "region": "330300"}))} == {
        "due_soon"
    }
    on(monkeypatch, dt.date(2025, 2, 13))  # 15 days before
    assert {c[3] for c in cells(api.get("/api/v1/due/", {"year": YEAR, "region": "330300"}))} == {
        "open"
    }


def test_it_filters_by_region_unit_and_state(api, w, monkeypatch):
    on(monkeypatch, dt.date(2025, 3, 1))
    by_region = api.get("/api/v1/due/", {"year": YEAR, "region": w.county_region.code})
    assert cells(by_region) == {("K4", "鹿城区", "2025-02-28", "submitted")}
    by_unit = api.get("/api/v1/due/", {"year": YEAR, "unit": w.bureau_unit.pk, "status": "overdue"})
    assert {(c[0], c[1]) for c in cells(by_unit)} == {("K4", "温州市"), ("G-1", "温州市")}
    body = by_unit.json()["results"][0]
    assert body["unit_name"] == "市科技局" and body["status_label"] == "已逾期"


def test_it_follows_the_due_settings(api, monkeypatch, settings):
    settings.WZSCI_DUE_FLASH_MONTH = 3
    on(monkeypatch, dt.date(2025, 3, 1))
    assert {c[2:] for c in cells(api.get("/api/v1/due/", {"year": YEAR, "region": "330300"}))} == {
        ("2025-03-31", "open")
    }


def test_it_refuses_a_bad_filter_in_the_error_shape(api):
    response = api.get("/api/v1/due/", {"status": "late", "region": "999999"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_filter"
    assert set(error["details"]) == {"status", "region"}


def test_an_indicator_assigned_to_nobody_has_no_due_cells(api, w, monkeypatch):
    on(monkeypatch, dt.date(2025, 3, 1))
    listed = {c[0] for c in cells(api.get("/api/v1/due/", {"year": YEAR}))}
    assert Indicator.objects.filter(code="K1").exists() and "K1" not in listed


def test_it_refuses_an_id_beyond_the_databases_integers_and_a_control_character(api):
    response = api.get("/api/v1/due/", {"unit": str(2**70), "region": "33\x0003"})
    assert response.status_code == 400
    assert set(response.json()["error"]["details"]) == {"unit", "region"}


def test_it_lists_each_period_of_a_quarterly_indicator_with_its_own_due_date(api, w, monkeypatch):
    # Given K4 reported quarterly, and 鹿城区's 1–6月 figure submitted
    Indicator.objects.filter(pk=w.count.pk).update(frequency=Indicator.Frequency.QUARTERLY)
    w.count.refresh_from_db()
    ytd = services.actual_save(
        user=w.county,
        indicator=w.count,
        region=w.county_region,
        year=YEAR,
        period=6,
        value=8,
    )
    services.review_submit(user=w.county, obj=ytd)
    # When 鹿城区's cells are read on 1 August 2024
    on(monkeypatch, dt.date(2024, 8, 1))
    response = api.get("/api/v1/due/", {"year": YEAR, "region": w.county_region.code})
    # Then each quarter is a row of its own, due the 15th of the month after it
    rows = [
        (r["period"], r["period_label"], r["due"], r["status"]) for r in response.json()["results"]
    ]
    assert rows == [
        (3, "2024年1–3月", "2024-04-15", "overdue"),
        (6, "2024年1–6月", "2024-07-15", "submitted"),
        (9, "2024年1–9月", "2024-10-15", "open"),
        (12, "2024年全年", "2025-02-28", "submitted"),
    ]
    # And one period is asked for by its month
    only = api.get("/api/v1/due/", {"year": YEAR, "region": w.county_region.code, "period": 9})
    assert [(r["period"], r["status"]) for r in only.json()["results"]] == [(9, "open")]


@pytest.mark.parametrize("period", ["0", "13", "九", "6.5"])
def test_it_refuses_a_bad_period_in_chinese(api, period):
    response = api.get("/api/v1/due/", {"year": YEAR, "period": period})

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_filter"
    assert "1–12" in error["details"]["period"][0]
