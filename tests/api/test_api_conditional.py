"""Conditional requests on the status endpoints: ETag / Last-Modified, and 304 when nothing changed."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.http import http_date

from indicators.models import Actual, Indicator, ProgressSnapshot, Region, WorkflowState
from indicators.progress.recompute import recompute_progress
from tests.api.conftest import API

pytestmark = pytest.mark.django_db

STATUS = f"{API}/status/?year=2023&category=key&limit=1000"


def test_it_answers_with_validators_and_no_cache(clients, filled_2023):
    response = clients["read"].get(STATUS)

    assert response.status_code == 200
    assert response["ETag"].startswith('W/"')
    newest = ProgressSnapshot.objects.filter(year=2023, indicator__category="key").latest(
        "computed_at"
    )
    assert response["Last-Modified"] == http_date(newest.computed_at.timestamp())
    assert response["Cache-Control"] == "private, no-cache"
    assert "Authorization" in response["Vary"]


def test_it_answers_304_to_the_etag_it_gave(clients, filled_2023):
    etag = clients["read"].get(STATUS)["ETag"]

    for header in (etag, etag.removeprefix("W/"), f'"other", {etag}', "*"):
        again = clients["read"].get(STATUS, HTTP_IF_NONE_MATCH=header)
        assert again.status_code == 304, header
        assert again.content == b""
        assert again["ETag"] == etag


def test_it_answers_200_to_another_etag(clients, filled_2023):
    response = clients["read"].get(STATUS, HTTP_IF_NONE_MATCH='W/"not-this-one"')

    assert response.status_code == 200 and len(response.json()["results"]) == 9 * len(filled_2023)


def test_it_answers_304_if_not_recomputed_since(clients, filled_2023):
    last_modified = clients["read"].get(STATUS)["Last-Modified"]
    earlier = http_date((timezone.now() - dt.timedelta(days=1)).timestamp())

    assert clients["read"].get(STATUS, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304
    assert clients["read"].get(STATUS, HTTP_IF_MODIFIED_SINCE=earlier).status_code == 200
    # If-None-Match, when present, decides alone.
    both = clients["read"].get(
        STATUS, HTTP_IF_MODIFIED_SINCE=last_modified, HTTP_IF_NONE_MATCH='"x"'
    )
    assert both.status_code == 200


def test_it_changes_the_etag_when_the_engine_rewrites_a_row(clients, filled_2023):
    k1 = Indicator.objects.get(code="K1")
    actual = Actual.objects.get(indicator=k1, region__code="330300", year=2023)
    actual.value = Decimal("2.60")
    actual.save()
    # The engine runs a moment later than the first computation.
    ProgressSnapshot.objects.update(computed_at=timezone.now() - dt.timedelta(minutes=5))
    first = clients["read"].get(STATUS)

    recompute_progress(indicator_ids=[k1.pk])
    second = clients["read"].get(STATUS, HTTP_IF_NONE_MATCH=first["ETag"])

    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]
    assert (
        clients["read"].get(STATUS, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code
        == 200
    )
    city_k1 = next(
        r for r in second.json()["results"] if r["indicator"] == "K1" and r["region"] == "330300"
    )
    assert city_k1["actual_value"] == pytest.approx(2.6)
    assert city_k1["year_status"] == "nearly_met"  # 2.6 / 2.7 = 96.3 %


def test_it_changes_the_etag_when_a_row_is_marked_stale(clients, filled_2023):
    first = clients["read"].get(STATUS)

    ProgressSnapshot.objects.filter(indicator__code="K4", year=2023).update(stale=True)
    second = clients["read"].get(STATUS, HTTP_IF_NONE_MATCH=first["ETag"])

    assert second.status_code == 200
    assert any(r["stale"] for r in second.json()["results"])


def test_it_changes_the_etag_when_a_row_appears(clients, filled_2023):
    first = clients["read"].get(STATUS)
    new_region = Region.objects.create(
        code="339999", name="测试新区", kind=Region.Kind.DISTRICT, order=99
    )
    k2 = Indicator.objects.get(code="K2")
    Actual.objects.create(
        indicator=k2,
        region=new_region,
        year=2023,
        value=Decimal("90"),
        state=WorkflowState.APPROVED,
    )
    recompute_progress(indicator_ids=[k2.pk])

    second = clients["read"].get(STATUS, HTTP_IF_NONE_MATCH=first["ETag"])

    assert second.status_code == 200
    assert len(second.json()["results"]) == len(first.json()["results"]) + 1


def test_it_gives_each_query_and_format_its_own_etag(clients, filled_2023):
    etags = {
        clients["read"].get(url)["ETag"]
        for url in (
            STATUS,
            STATUS + "&region=330300",
            STATUS + "&format=csv",
            f"{API}/status/?year=2022",
        )
    }

    assert len(etags) == 4


def test_it_serves_the_indicator_status_endpoint_conditionally_too(clients, filled_2023):
    url = f"{API}/indicators/K1/status/?year=2023"
    first = clients["read"].get(url)

    assert first.status_code == 200 and first["ETag"]
    assert clients["read"].get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert clients["read"].head(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert clients["read"].get(url, HTTP_IF_NONE_MATCH='"x"').status_code == 200


def test_it_still_checks_the_caller_before_answering_304(clients, filled_2023):
    etag = clients["read"].get(STATUS)["ETag"]

    response = clients["anonymous"].get(STATUS, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 401
