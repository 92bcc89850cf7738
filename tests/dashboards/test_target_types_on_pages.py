"""The documents' average-growth, relative and coverage targets, from entered figures to the
pages and the API (issue 12): judged by the engine, shown in words with their status."""

import pytest
from django.urls import reverse

from indicators.models import Actual, Indicator, ProgressSnapshot, Region, WorkflowState
from indicators.progress.recompute import recompute_progress
from tests.factories import ActualFactory

pytestmark = pytest.mark.django_db


def enter(code, region_name, year, value):
    indicator = Indicator.objects.get(code=code)
    region = Region.objects.get(name=region_name)
    Actual.objects.filter(indicator=indicator, region=region, year=year).delete()
    ActualFactory(
        indicator=indicator, region=region, year=year, value=value, state=WorkflowState.APPROVED
    )
    return indicator


def test_the_mountain_counties_coverage_is_counted_listed_and_judged(leader_client, seeded):
    # Given 博士创新站 in 永嘉县 and 平阳县 (2023) and 苍南县 (2024); 文成县 reports none
    for county, year in (("永嘉县", 2023), ("平阳县", 2023), ("苍南县", 2024)):
        stations = enter("T3-2", county, year, 1)
    enter("T3-2", "文成县", 2024, 0)
    # When progress is recomputed
    recompute_progress(indicator_ids=[stations.id])
    city = Region.objects.get(kind=Region.Kind.CITY)
    row = ProgressSnapshot.objects.get(indicator=stations, region=city, year=2024)
    # Then 3 of 5 are covered, not met (met only at 5/5)
    assert (row.target_type, row.special_actual, row.special_target) == ("coverage", 3, 5)
    assert row.special_status == row.year_status == "not_met"
    # And the indicator page says so, with the list
    response = leader_client.get(reverse("dashboards:indicator", args=["T3-2"]), {"year": 2024})
    html = response.content.decode()
    assert "已覆盖 3/5" in html
    assert "已覆盖：永嘉县、平阳县、苍南县；未覆盖：文成县、泰顺县" in html
    assert "全覆盖 5（山区5县）" in html  # the sources table
    # And the API's snapshot names the members, covered or not
    snapshots = leader_client.get(
        "/api/v1/snapshots/", {"indicator": "T3-2", "region": "330300", "year": 2024}
    ).json()
    rows = snapshots["results"] if isinstance(snapshots, dict) else snapshots
    assert rows[0]["coverage"] == [
        {"region_name": "永嘉县", "covered": True},
        {"region_name": "平阳县", "covered": True},
        {"region_name": "苍南县", "covered": True},
        {"region_name": "文成县", "covered": False},
        {"region_name": "泰顺县", "covered": False},
    ]


def test_an_average_growth_target_is_shown_with_the_cagr_so_far(leader_client, seeded):
    # Given 全市财政科技投入 growing 12 % in 2023 and 14 % in 2024 (「年均增长15%以上」)
    fiscal = enter("G-14", "温州市", 2023, 12)
    enter("G-14", "温州市", 2024, 14)
    recompute_progress(indicator_ids=[fiscal.id])
    # Then the page shows the rate and the CAGR from 2022: (1.12 × 1.14)^(1/2) − 1 = 13.00 %
    response = leader_client.get(reverse("dashboards:indicator", args=["G-14"]), {"year": 2024})
    html = response.content.decode()
    assert "年均增长≥15%（基期以来年均 13.00%）" in html
    # And the status API carries the type and both figures
    status = leader_client.get("/api/v1/status/", {"year": 2024, "indicator": "G-14"}).json()
    rows = status["results"] if isinstance(status, dict) else status
    city_row = next(r for r in rows if r["region"] == "330300")
    assert city_row["target_type"] == "average_growth"
    assert city_row["special_target"] == pytest.approx(15.0)
    assert city_row["special_actual"] == pytest.approx(12.995575, abs=1e-6)
    assert city_row["special_status"] == "not_met"


def test_a_relative_target_is_judged_against_the_reference_series(leader_client, seeded):
    # Given the province's R&D intensity 2.9 in 2024 and Wenzhou's 2.85 (K1)
    province = enter("R-1", "温州市", 2024, 2.9)
    k1 = enter("K1", "温州市", 2024, 2.85)
    recompute_progress(indicator_ids=[province.id])  # the reference's change recomputes K1
    city = Region.objects.get(kind=Region.Kind.CITY)
    row = ProgressSnapshot.objects.get(indicator=k1, region=city, year=2024)
    # Then 「超全省平均水平」 is judged against 2.9: 2.85 ≥ 2.9 − 0.145, nearly met
    assert (row.target_type, row.special_target, row.special_status) == (
        "relative",
        pytest.approx(2.9),
        "nearly_met",
    )
    # While the year itself is still judged against the printed (interpolated) target
    assert row.target_value == pytest.approx(2.9)  # 2.7 → 3.1 (86号's 2025) halfway
    response = leader_client.get(reverse("dashboards:overview"), {"year": 2024})
    assert "不低于参照值 2.90（实际 2.85）" in response.content.decode()
