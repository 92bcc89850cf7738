"""The county map with its place names draws in a real browser, for an indicator coloured by
status (K1) and one coloured by value (K4): no console error, no request off the server (no
tile, glyph, icon or font). The figure itself: tests/dashboards/test_county_map_labels.py."""

from io import StringIO

import pytest
from django.core.management import call_command

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("code, colouring", [("K1", "年度状态"), ("K4", "实际值")])
def test_the_counties_page_draws_the_labelled_map_offline(
    page, live_server, seeded, code, colouring
):
    call_command("setup_demo_accounts", "--force", stdout=StringIO())
    call_command("load_demo_data", "--force", stdout=StringIO())
    login(page, live_server, "leader", "wzsci-demo-2026")
    # When a leader opens the counties page for a ratio (K1) and an additive indicator (K4)
    page.goto(f"{live_server.url}/dashboards/counties/?year=2024&indicator={code}")
    page.wait_for_load_state("networkidle")
    box = page.locator("#chart-map [data-figure]")
    box.locator(".main-svg").first.wait_for(state="attached", timeout=15000)
    # (Plotly marks the box drawn when newPlot's promise resolves, after its SVG is attached:
    # wait for that moment rather than read the attribute at once; a map never drawn still fails.)
    drawn = '#chart-map [data-figure][data-drawn="true"]'
    page.wait_for_selector(drawn, state="attached", timeout=30000)
    # Then the map draws (canvas), with its colouring note
    assert box.get_attribute("data-drawn") == "true"
    assert box.locator("canvas").count() >= 1
    assert colouring in box.locator(".annotation-text").first.text_content()
    # and no console error, no request off the server (no tile, glyph or font)
    page.watch.assert_clean()
