"""Periods and vintages on the API: actuals filtered and written by period (the month a
year-to-date figure ends with, 12 the full year) and vintage (快报, 年报, 修订); the 序时进度
rows at /api/v1/periods/; the annual status naming the vintage it rests on."""

from decimal import Decimal

import pytest
from django.utils import timezone

from indicators.models import (
    Actual,
    Indicator,
    PeriodSnapshot,
    ProgressSnapshot,
    Region,
    WorkflowState,
)
from tests.api.conftest import API, error_of
from tests.factories import ActualFactory

pytestmark = pytest.mark.django_db


def get_json(client, path, status=200):
    response = client.get(API + path)
    assert response.status_code == status, response.content[:500]
    return response.json()


@pytest.fixture
def k1_2024(seeded):
    """K1 (温州市) in 2024: 1–6月 and 1–9月 year to date, and the full year as 快报 and 年报."""
    Indicator.objects.filter(code="K1").update(frequency=Indicator.Frequency.QUARTERLY)
    k1, city = Indicator.objects.get(code="K1"), Region.objects.get(code="330300")
    rows = {
        (6, Actual.Vintage.FINAL): "2.41",
        (9, Actual.Vintage.FINAL): "2.52",
        (12, Actual.Vintage.FLASH): "2.78",
        (12, Actual.Vintage.FINAL): "2.81",
    }
    for (period, vintage), value in rows.items():
        ActualFactory(
            indicator=k1,
            region=city,
            year=2024,
            period=period,
            vintage=vintage,
            value=Decimal(value),
            state=WorkflowState.APPROVED,
            origin=Actual.Origin.DEMO,
        )
    return k1, city


def test_it_filters_actuals_by_period_and_names_each_period(clients, k1_2024):
    # When the 1–9月 figure is asked for
    body = get_json(clients["read"], "/actuals/?indicator=K1&year=2024&period=9")

    # Then only it comes, with its period as people name it
    assert body["count"] == 1
    row = body["results"][0]
    assert (row["period"], row["period_label"], row["value"]) == (9, "2024年1–9月", "2.52")
    assert (row["vintage"], row["vintage_label"]) == ("final", "年报（正式）")


def test_it_filters_the_full_year_by_vintage(clients, k1_2024):
    full_year = get_json(clients["read"], "/actuals/?indicator=K1&year=2024&period=12")
    flash = get_json(clients["read"], "/actuals/?indicator=K1&year=2024&vintage=flash")

    assert {(r["vintage"], r["value"]) for r in full_year["results"]} == {
        ("flash", "2.78"),
        ("final", "2.81"),
    }
    assert [(r["period_label"], r["vintage_label"], r["value"]) for r in flash["results"]] == [
        ("2024年全年", "快报", "2.78")
    ]


def test_it_orders_a_years_periods_in_the_calendar(clients, k1_2024):
    body = get_json(clients["read"], "/actuals/?indicator=K1&year=2024&ordering=period")

    assert [r["period"] for r in body["results"]] == [6, 9, 12, 12]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("period=0", "period"),
        ("period=13", "period"),
        ("period=九月", "period"),
        ("period=9.5", "period"),
        ("vintage=yearbook", "vintage"),
        ("vintage=%00", "vintage"),
    ],
)
def test_it_refuses_a_bad_period_or_vintage_filter_in_chinese(clients, query, field):
    for path in ("/actuals/", "/periods/") if field == "period" else ("/actuals/",):
        response = clients["read"].get(f"{API}{path}?{query}")

        assert response.status_code == 400
        error = error_of(response)
        assert error["code"] == "invalid_filter"
        message = error["details"][field][0]
        assert ("1–12" in message) if field == "period" else ("快报" in message)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"period": 0}, "period"),
        ({"period": 13}, "period"),
        ({"period": "1-9月"}, "period"),
        ({"period": True}, "period"),
        ({"vintage": "yearbook"}, "vintage"),
        ({"vintage": ["flash"]}, "vintage"),
    ],
)
def test_it_refuses_a_bad_period_or_vintage_in_a_write_saving_nothing(clients, change, field):
    body = {"indicator": "K1", "region": "330300", "year": 2024, "value": "2.85", **change}

    response = clients["bureau"].post(f"{API}/actuals/", body, format="json")

    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "validation_failed"
    assert ("1–12" in error["details"][field][0]) or ("快报" in error["details"][field][0])
    assert not Actual.objects.filter(indicator__code="K1", year=2024).exists()


def test_it_writes_a_year_to_date_figure_and_a_flash_through_the_service(clients, people):
    # Given K1 reported quarterly
    Indicator.objects.filter(code="K1").update(frequency=Indicator.Frequency.QUARTERLY)
    base = {"indicator": "K1", "region": "330300", "year": 2024}

    # When the bureau sends its 1–9月 figure, then the year's 快报
    ytd = clients["bureau"].post(
        f"{API}/actuals/", {**base, "period": 9, "value": "2.5"}, format="json"
    )
    flash = clients["bureau"].post(
        f"{API}/actuals/", {**base, "vintage": "flash", "value": "2.8"}, format="json"
    )

    # Then each is a draft record of its own, entered by the bureau through the API
    assert ytd.status_code == 201, ytd.json()
    assert flash.status_code == 201, flash.json()
    assert (ytd.json()["period"], ytd.json()["period_label"], ytd.json()["vintage"]) == (
        9,
        "2024年1–9月",
        "final",
    )
    assert (flash.json()["period"], flash.json()["vintage"]) == (12, "flash")
    stored = {
        (a.period, a.vintage): (a.value, a.origin, a.entered_by)
        for a in Actual.objects.filter(indicator__code="K1", year=2024)
    }
    assert stored == {
        (9, "final"): (Decimal("2.5"), "api", people["bureau"]),
        (12, "flash"): (Decimal("2.8"), "api", people["bureau"]),
    }

    # And a PATCH keeps the record's period
    patched = clients["bureau"].patch(
        f"{API}/actuals/{ytd.json()['id']}/",
        {"value": "2.55", "expected_version": 1},
        format="json",
    )
    assert patched.status_code == 200, patched.json()
    assert (patched.json()["period"], patched.json()["value"]) == (9, "2.55")


def test_it_refuses_a_period_the_indicators_frequency_does_not_report(clients):
    # Given K1 reported quarterly: there is no 1–8月 figure
    Indicator.objects.filter(code="K1").update(frequency=Indicator.Frequency.QUARTERLY)

    response = clients["bureau"].post(
        f"{API}/actuals/",
        {"indicator": "K1", "region": "330300", "year": 2024, "period": 8, "value": "2.5"},
        format="json",
    )

    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "validation_failed" and "period" in error["details"]
    assert not Actual.objects.filter(indicator__code="K1", year=2024).exists()


@pytest.fixture
def k8_paces(seeded):
    """Two periods of K8 (温州市) 2023 as the engine would write them: 1–6月 behind, 1–9月 ahead."""
    k8, city = Indicator.objects.get(code="K8"), Region.objects.get(code="330300")
    now = timezone.now()
    common = {
        "indicator": k8,
        "region": city,
        "year": 2023,
        "target_value": 180.0,
        "target_source": ProgressSnapshot.TargetSource.OWN,
        "computed_at": now,
    }
    PeriodSnapshot.objects.create(
        **common,
        period=6,
        actual_value=72.0,
        elapsed_share=0.5,
        expected_value=90.0,
        share_of_target=0.4,
        pace_ratio=0.8,
        pace_status=PeriodSnapshot.PaceStatus.BEHIND,
        profile=PeriodSnapshot.Profile.LINEAR,
    )
    PeriodSnapshot.objects.create(
        **common,
        period=9,
        actual_value=150.0,
        actual_vintage="final",
        elapsed_share=0.75,
        expected_value=135.0,
        share_of_target=150 / 180,
        pace_ratio=150 / 135,
        pace_status=PeriodSnapshot.PaceStatus.AHEAD,
        profile=PeriodSnapshot.Profile.SEASONAL,
        profile_years="2020,2021,2022",
    )
    return k8, city


def test_it_lists_the_pace_of_each_period_with_its_status_and_profile(clients, k8_paces):
    body = get_json(clients["read"], "/periods/?indicator=K8&region=330300&year=2023")

    assert [r["period"] for r in body["results"]] == [6, 9]
    behind, ahead = body["results"]
    assert (behind["pace_status"], behind["pace_status_label"]) == ("behind", "落后序时")
    assert (behind["profile"], behind["profile_years"]) == ("linear", [])
    assert (ahead["period_label"], ahead["pace_status"], ahead["pace_status_label"]) == (
        "2023年1–9月",
        "ahead",
        "超序时",
    )
    assert (ahead["expected_value"], ahead["target_value"]) == (135.0, 180.0)
    assert round(ahead["share_of_target"], 3) == 0.833
    assert round(ahead["pace_ratio"], 3) == 1.111
    assert (ahead["profile"], ahead["profile_label"]) == ("seasonal", "按往年季节规律")
    assert ahead["profile_years"] == [2020, 2021, 2022]
    assert ahead["frequency"] == Indicator.objects.get(code="K8").frequency


def test_it_filters_the_paces_by_period_and_status(clients, k8_paces):
    by_period = get_json(clients["read"], "/periods/?indicator=K8&period=9")
    behind = get_json(clients["read"], "/periods/?pace_status=behind")

    assert [r["period_label"] for r in by_period["results"]] == ["2023年1–9月"]
    assert [(r["indicator"], r["period"]) for r in behind["results"]] == [("K8", 6)]
    assert get_json(clients["read"], f"/periods/{by_period['results'][0]['id']}/")["period"] == 9
    response = clients["read"].get(f"{API}/periods/?pace_status=late")
    assert response.status_code == 400 and error_of(response)["code"] == "invalid_filter"


def test_the_snapshot_names_the_vintage_its_status_rests_on(clients, filled_2023):
    snapshot = ProgressSnapshot.objects.get(indicator__code="K1", region__code="330300", year=2023)
    ProgressSnapshot.objects.filter(pk=snapshot.pk).update(actual_vintage="flash")

    body = get_json(clients["read"], f"/snapshots/{snapshot.pk}/")

    assert (body["actual_vintage"], body["actual_vintage_label"]) == ("flash", "快报")


def test_the_root_names_the_periods_collection(clients):
    assert get_json(clients["read"], "/")["periodsnapshot"].endswith("/api/v1/periods/")
