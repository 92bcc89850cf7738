"""The dashboards in a real browser: every page loads as leadership sees it, with no console
error and no request leaving the server, and every chart draws (plotly.js from our own static
files; the county map on MapLibre's blank "white-bg" style with the GeoJSON we ship).
Screenshots: test-artifacts/screenshots/test_it_draws_*.png."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from indicators.models import ProgressSnapshot, RegionGroup, Unit

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "wzsci-demo-2026"


@pytest.fixture
def dashboards(seeded):
    """Seed, demo accounts, demo actuals for 2022–2024 and their progress snapshots."""
    call_command("setup_demo_accounts", "--force", stdout=StringIO())
    call_command("load_demo_data", "--force", stdout=StringIO())
    assert ProgressSnapshot.objects.exists(), "load_demo_data should have recomputed progress"
    return seeded


def open_page(page, live_server, path):
    login(page, live_server, "leader", PASSWORD)
    page.goto(live_server.url + path)
    page.wait_for_load_state("networkidle")


def assert_charts_drawn(page, expected: int):
    """Each chart box holds a drawn Plotly figure: an <svg> (and a <canvas> for the map)."""
    boxes = page.locator("[data-figure]")
    assert boxes.count() == expected
    for i in range(expected):
        box = boxes.nth(i)
        box.locator(".main-svg").first.wait_for(state="attached", timeout=15000)
        assert "js-plotly-plot" in (box.get_attribute("class") or "")
        assert box.get_attribute("data-drawn") == "true"
        # Plotly's own toolbar, with the PNG download button.
        assert box.locator('[data-title="下载图片（PNG）"]').count() == 1


def test_it_draws_the_overview(page, live_server, dashboards):
    open_page(page, live_server, "/dashboards/?year=2024")
    assert page.locator("h1").inner_text().startswith("总览")
    assert page.locator(".banner-demo").is_visible()
    cards = page.locator("article.card")
    assert cards.count() == 9
    # Every card has a year status and an outlook, each an icon and a word.
    assert cards.locator(".card-facts .badge").count() == 18
    assert page.locator("svg.sparkline").count() == 9
    assert_charts_drawn(page, 2)
    assert page.locator("table[data-table=levers] tbody tr").count() == 8
    page.watch.assert_clean()


def test_it_draws_an_indicator_page(page, live_server, dashboards):
    open_page(page, live_server, "/dashboards/indicators/K1/?year=2024")
    assert "R&D经费占地区生产总值的比重" in page.locator("h1").inner_text()
    assert_charts_drawn(page, 1)
    legend = page.locator("#chart-path g.legend").text_content()
    # Both plans' targets (17号 and 86号 differ for 2025), interpolated ones and the projection.
    assert "温政发〔2023〕17号" in legend and "温政办〔2023〕86号" in legend
    assert "折算目标" in legend
    assert "推算" in legend
    assert page.locator("table[data-table=regions] tbody tr").count() == 14
    page.watch.assert_clean()


def test_it_draws_the_county_views_with_the_offline_map(page, live_server, dashboards):
    open_page(page, live_server, "/dashboards/counties/?year=2024&indicator=K1")
    assert_charts_drawn(page, 3)
    # The map drew on a canvas with no tile or glyph request (page.watch would have seen it).
    assert page.locator("#chart-map canvas").count() >= 1
    assert page.locator(".zones li").count() == 2
    page.watch.assert_clean()


def test_it_draws_a_region_page_and_the_mountain_counties(page, live_server, dashboards):
    open_page(page, live_server, "/dashboards/counties/330328/?year=2024")
    assert "文成县" in page.locator("h1").inner_text()
    assert_charts_drawn(page, 1)
    group = RegionGroup.objects.get(name="山区5县")
    page.goto(f"{live_server.url}/dashboards/groups/{group.pk}/?year=2024")
    page.wait_for_load_state("networkidle")
    assert_charts_drawn(page, 1)
    assert page.locator("table[data-table=heatmap] tbody tr").count() == 5
    page.watch.assert_clean()


def test_it_draws_the_bureau_views(page, live_server, dashboards):
    open_page(page, live_server, "/dashboards/units/?year=2024")
    assert_charts_drawn(page, 2)
    unit = Unit.objects.get(name="市科技局")
    page.goto(f"{live_server.url}/dashboards/units/{unit.pk}/?year=2024")
    page.wait_for_load_state("networkidle")
    assert_charts_drawn(page, 1)
    assert page.locator("#commitments").count() == 1
    page.watch.assert_clean()


def test_it_draws_the_levers_and_tasks(page, live_server, dashboards):
    open_page(page, live_server, "/dashboards/levers/?year=2024")
    assert_charts_drawn(page, 1)
    assert page.locator("table[data-table=levers] tr.group").count() == 8
    assert page.locator("table[data-table=pilots] tbody tr:not(.group)").count() == 15
    page.watch.assert_clean()


def test_it_switches_the_year_and_keeps_the_chosen_indicator(page, live_server, dashboards):
    open_page(page, live_server, "/dashboards/counties/?year=2024&indicator=K4")
    page.click(".years a:text('2023')")
    page.wait_for_load_state("networkidle")
    assert "year=2023" in page.url and "indicator=K4" in page.url
    assert "2023" in page.locator("h1").inner_text()
    page.watch.assert_clean()


def test_it_sends_an_anonymous_visitor_to_the_login_page(page, live_server, dashboards):
    assert get_user_model().objects.filter(username="leader").exists()  # but not logged in
    page.goto(live_server.url + "/dashboards/")
    assert "/accounts/login/" in page.url
    page.watch.assert_clean()
