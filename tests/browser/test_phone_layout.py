"""The leaders' pages on a phone (issue 14): at 390 × 844 no page scrolls sideways, the key
status is on screen without scrolling sideways, wide tables scroll inside their own box with the
first column fixed, the menu folds behind a button and the demo banner is one line; the same
pages at 1440 px keep their layout. Screenshots of both widths go to SCREENS (outside the repo)
when that variable names a folder."""

import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from indicators.models import ProgressSnapshot
from tests.dashboards.leader_pages import leader_page_paths

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "wzsci-demo-2026"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1440, "height": 900}
SCREENS = os.environ.get("SCREENS", "")
# The first status a reader looks for: a status badge on the dashboards, a commitment's status
# on the proposals' pages.
KEY_STATUS = "main .badge, main .prop-status"
# The proposals' list shows replies, not statuses: its key is the first reply.
KEY = {"proposals": "main table.prop-replies tbody tr th, main table.prop-replies tbody tr td"}


@pytest.fixture
def leader_page(page, live_server, seeded):
    call_command("setup_demo_accounts", "--force", stdout=StringIO())
    call_command("load_demo_data", "--force", stdout=StringIO())
    assert ProgressSnapshot.objects.exists()
    login(page, live_server, "leader", PASSWORD)
    return page


def open_at(page, url: str, viewport: dict, shot: str):
    page.set_viewport_size(viewport)
    page.goto(url)
    page.wait_for_load_state("networkidle")
    # Every chart drawn (Plotly marks its box). Waited for by selector: a string predicate that
    # wait_for_function has to poll is evaluated with eval, which the pages' CSP refuses.
    for figure in page.locator("[data-figure]").all():
        key = figure.get_attribute("data-figure")
        page.wait_for_selector(f'[data-figure="{key}"][data-drawn="true"]', timeout=20_000)
    if SCREENS:
        Path(SCREENS).mkdir(parents=True, exist_ok=True)
        # The first screen: what a reader sees before scrolling.
        page.screenshot(path=str(Path(SCREENS) / f"{shot}-{viewport['width']}.png"))
        for i, chart in enumerate(page.locator("[data-figure]").all()):
            chart.screenshot(path=str(Path(SCREENS) / f"{shot}-chart{i}-{viewport['width']}.png"))


def layout_problems(page, viewport: dict, key: str) -> list[str]:
    """What is wrong with the page as laid out: sideways scroll, the key status off screen."""
    problems = []
    scroll, client = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    if scroll > client:
        problems.append(f"the page scrolls sideways ({scroll} > {client} px)")
    status = page.locator(key).first
    if status.count() == 0:
        problems.append("no status on the page")
    else:
        box = status.bounding_box()
        if box is None or box["x"] < 0 or box["x"] + box["width"] > viewport["width"]:
            problems.append(f"the key status is off screen: {box}")
    # Every table's box fits the screen (its columns scroll inside it).
    for i, box in enumerate(page.locator("main .table-wrap").all()):
        rect = box.bounding_box()
        if rect and rect["x"] + rect["width"] > viewport["width"] + 0.5:
            problems.append(f"table box {i} is wider than the screen: {rect}")
    return problems


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1440px"])
def test_it_fits_every_leader_page_on_the_screen(leader_page, live_server, viewport):
    # Given a leader, demo values and progress; When each page they read is opened at this width
    problems = {}
    for name, path in leader_page_paths().items():
        open_at(leader_page, live_server.url + path, viewport, name)
        found = layout_problems(leader_page, viewport, KEY.get(name, KEY_STATUS))
        if found:
            problems[name] = found
    # Then none scrolls sideways, and each shows its key status on screen
    assert problems == {}
    leader_page.watch.assert_clean()


def test_it_folds_the_menu_behind_a_button_on_a_phone(leader_page, live_server):
    open_at(leader_page, live_server.url + leader_page_paths()["overview"], PHONE, "menu")
    toggle = leader_page.locator("[data-nav-toggle]")
    menu = leader_page.locator("#site-menu")
    # Given a phone: the menu is folded, its button shown
    assert toggle.is_visible() and not menu.is_visible()
    assert toggle.get_attribute("aria-expanded") == "false"
    # When the button is pressed, Then the menu opens; pressed again, it folds
    toggle.click()
    assert menu.is_visible() and leader_page.locator(".mainnav a", has_text="总览").is_visible()
    assert toggle.get_attribute("aria-expanded") == "true"
    toggle.click()
    assert not menu.is_visible()
    # And at 1440 px the menu is open with no button
    leader_page.set_viewport_size(DESKTOP)
    assert menu.is_visible() and not toggle.is_visible()


def test_it_keeps_the_menu_a_plain_list_without_script(browser, live_server, seeded):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(live_server.url + "/")
        assert page.locator(".mainnav a").first.is_visible()
    finally:
        context.close()


def test_it_keeps_the_demo_banner_to_one_line_and_the_content_near_the_top(
    leader_page, live_server
):
    open_at(leader_page, live_server.url + leader_page_paths()["overview"], PHONE, "banner")
    banner = leader_page.locator(".banner-demo")
    line = leader_page.evaluate(
        "parseFloat(getComputedStyle(document.querySelector('.banner-demo')).lineHeight)"
    )
    box = banner.bounding_box()
    # Given a phone: the banner is one line high (plus its padding and border)
    assert box["height"] < 2 * line
    # And the page's heading starts within the first 150 px (the menu and banner took ~290 px)
    assert leader_page.locator("main h1").bounding_box()["y"] < 150


def test_it_scrolls_a_wide_table_inside_its_box_with_the_first_column_fixed(
    leader_page, live_server
):
    open_at(leader_page, live_server.url + leader_page_paths()["indicator"], PHONE, "table")
    wrap = leader_page.locator("main .table-wrap").filter(
        has=leader_page.locator("table[data-table=regions]")
    )
    first = wrap.locator("tbody tr").first.locator("th, td").first
    before = first.bounding_box()
    # Given the regions table, wider than the phone; When it is scrolled sideways inside its box
    assert wrap.evaluate("w => w.scrollWidth > w.clientWidth")
    wrap.evaluate("w => { w.scrollLeft = w.scrollWidth; }")
    after = first.bounding_box()
    # Then the first column (the region's name) stays where it was
    assert abs(after["x"] - before["x"]) < 1
    # And names keep at least a few characters a line (never 1–2 characters a line)
    assert before["width"] >= 60
