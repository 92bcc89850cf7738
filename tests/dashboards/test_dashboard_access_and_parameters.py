"""Who may read the dashboards, the year selector and bad parameters."""

import pytest
from django.urls import reverse

from indicators.models import Region, RegionGroup, Unit
from indicators.roles import Role
from tests.factories import make_person

pytestmark = pytest.mark.django_db


def all_pages():
    unit = Unit.objects.get(name="市科技局")
    group = RegionGroup.objects.get(name="山区5县")
    return [
        reverse("dashboards:overview"),
        reverse("dashboards:indicator", args=["K1"]),
        reverse("dashboards:counties"),
        reverse("dashboards:region", args=["330302"]),
        reverse("dashboards:group", args=[group.pk]),
        reverse("dashboards:levers"),
        reverse("dashboards:units"),
        reverse("dashboards:unit", args=[unit.pk]),
    ]


def test_it_sends_an_anonymous_visitor_to_the_login_page(client, seeded):
    for url in all_pages():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_it_shows_leadership_every_page(leader_client, demo):
    for url in all_pages():
        response = leader_client.get(url + "?year=2024")
        assert response.status_code == 200, url
        assert response.context["year"] == 2024


@pytest.mark.parametrize("role", [Role.BUREAU_STAFF, Role.COUNTY_STAFF, Role.REVIEWER])
def test_it_lets_staff_see_where_their_numbers_stand(client, seeded, role):
    user = make_person(f"staff-{role}", role)
    client.force_login(user)
    assert client.get(reverse("dashboards:overview")).status_code == 200


def test_it_lists_the_dashboards_in_the_menu(leader_client, seeded):
    html = leader_client.get(reverse("dashboards:overview")).content.decode()
    for label in ("总览", "县区对比", "抓手与任务", "部门"):
        assert f">{label}</a>" in html


def test_it_defaults_to_the_latest_year_with_a_city_figure(leader_client, demo):
    # Given demo full years up to 2024 and the year in progress up to 2025年1–9月 (the demo's
    # year-to-date figures): When no year is asked for, Then the page reports on 2025
    assert leader_client.get(reverse("dashboards:overview")).context["year"] == 2025


def test_it_defaults_to_the_baseline_year_with_only_the_seed(leader_client, seeded):
    # Given only the 2022 baselines of the seed: the latest year with a city figure is 2022
    assert leader_client.get(reverse("dashboards:overview")).context["year"] == 2022


def test_it_keeps_other_parameters_in_the_year_links(leader_client, demo):
    response = leader_client.get(reverse("dashboards:counties") + "?year=2024&indicator=K4")
    links = {link["year"]: link["query"] for link in response.context["year_links"]}
    assert links[2023] == "year=2023&indicator=K4"
    assert response.context["indicator"].code == "K4"


@pytest.mark.parametrize("year", ["abc", "2021", "2028", "20 24"])
def test_it_refuses_a_bad_year_with_a_chinese_message(leader_client, seeded, year):
    response = leader_client.get(reverse("dashboards:overview"), {"year": year})
    assert response.status_code == 400
    html = response.content.decode()
    assert "年份" in html and "2022—2027" in html


def test_it_refuses_an_unknown_export_format(leader_client, seeded):
    response = leader_client.get(reverse("dashboards:overview"), {"format": "pdf"})
    assert response.status_code == 400
    assert "导出格式“pdf”不支持" in response.content.decode()


def test_it_refuses_an_unknown_table_and_names_the_ones_there_are(leader_client, seeded):
    response = leader_client.get(reverse("dashboards:overview"), {"format": "csv", "table": "nope"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "没有名为“nope”的表格" in html and "levers" in html


def test_it_refuses_a_non_key_indicator_on_the_county_map(leader_client, seeded):
    response = leader_client.get(reverse("dashboards:counties"), {"indicator": "T10-1"})
    assert response.status_code == 400
    assert "不是九大重点指标之一" in response.content.decode()


def test_it_answers_404_for_an_unknown_indicator_region_or_unit(leader_client, seeded):
    city = Region.objects.get(kind=Region.Kind.CITY)
    for url in (
        reverse("dashboards:indicator", args=["NOPE"]),
        reverse("dashboards:region", args=["999999"]),
        reverse("dashboards:region", args=[city.code]),  # the city is the overview
        reverse("dashboards:unit", args=[999999]),
        reverse("dashboards:group", args=[999999]),
    ):
        assert leader_client.get(url).status_code == 404, url


def test_it_explains_an_empty_database_instead_of_failing(leader_client):
    response = leader_client.get(reverse("dashboards:overview"))
    assert response.status_code == 503
    assert "尚未载入种子数据" in response.content.decode()
