"""The Content-Security-Policy in a real browser (issue 11, defect 13): the main pages load under
the policy with no violation — no inline script, no inline event handler, nothing from outside —
and every chart still draws (plotly.js from our own static files, the county map's worker from a
blob: URL). The interactions that used inline handlers still work, bound by static/js/site.js."""

from io import StringIO

import pytest
from django.core.management import call_command

from indicators.models import ProgressSnapshot

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "wzsci-demo-2026"

# Each violation the browser reports is kept on the page, whatever the console prints.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " " + (e.blockedURI || "inline") +
                              " " + (e.sourceFile || "") + ":" + (e.lineNumber || ""));
});
"""

# path, number of charts it draws
PAGES = [
    ("/", 0),
    ("/dashboards/?year=2024", 2),
    ("/dashboards/indicators/K1/?year=2024", 1),
    ("/dashboards/counties/?year=2024&indicator=K1", 3),
    ("/entry/", 0),
    ("/entry/review/", 0),
    ("/proposals/", 0),
    ("/proposals/figure-check/", 0),
    ("/proposals/handling/", 0),
    ("/api/v1/docs/", 0),
    ("/admin/", 0),
]


@pytest.fixture
def demo(seeded):
    call_command("setup_demo_accounts", "--force", stdout=StringIO())
    call_command("load_demo_data", "--force", stdout=StringIO())
    assert ProgressSnapshot.objects.exists()
    return seeded


def violations(page):
    return page.evaluate("window.__cspViolations")


def test_the_main_pages_load_under_the_policy_with_no_violation(page, live_server, demo):
    # Given the administrator (who sees every page) in a browser that records violations
    page.add_init_script(RECORD_VIOLATIONS)
    login(page, live_server, "admin", PASSWORD)
    seen = {}
    for path, charts in PAGES:
        # When each page is opened
        response = page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        assert response.status == 200, path
        assert "script-src 'self'" in response.headers["content-security-policy"], path
        # Then its charts are drawn
        boxes = page.locator("[data-figure]")
        assert boxes.count() == charts, path
        for i in range(charts):
            boxes.nth(i).locator(".main-svg").first.wait_for(state="attached", timeout=15000)
            assert boxes.nth(i).get_attribute("data-drawn") == "true", path
        if path == "/api/v1/docs/":
            page.wait_for_selector(".opblock-summary", timeout=20_000)
        seen[path] = violations(page)
    # and no page broke the policy
    assert {path: v for path, v in seen.items() if v} == {}
    page.watch.assert_clean()


def test_the_year_picker_still_submits_without_an_inline_handler(page, live_server, demo):
    page.add_init_script(RECORD_VIOLATIONS)
    login(page, live_server, "county", PASSWORD)
    page.goto(live_server.url + "/entry/")
    page.wait_for_load_state("networkidle")
    # When the county staff member picks another year
    with page.expect_navigation():
        page.select_option("#year-select", "2023")
    # Then the page for that year is loaded (the form submitted itself, through site.js)
    assert "year=2023" in page.url
    assert violations(page) == []
    page.watch.assert_clean()
