"""A reporting period from entry to 序时进度, in a real browser (issue 13): county staff enter
a 1–6月 figure, a reviewer approves it, and the indicator page shows the period's 序时进度.

Hand-worked: K9 高新技术产业投资增速 is a growth rate, published monthly; 鹿城区 has no target of
its own, so its 1–6月 2025 figure of 13.0 % is judged directly against the city's 2025 target of
15 % (docs/progress.md, "Reporting periods and 序时进度"): 13.0 / 15 = 86.7 %, below the 5 % band
→ 落后序时.
"""

from io import StringIO

import pytest
from django.core.management import call_command

from indicators.models import Actual, Indicator, PeriodSnapshot, Region, WorkflowState
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "wzsci-demo-2026"
YEAR = 2025


def logout(page):
    page.click("form[action$='/accounts/logout/'] button")
    page.wait_for_load_state("networkidle")


def test_a_county_figure_for_1_to_6_goes_through_review_to_the_pace_on_the_indicator_page(
    page, live_server, seeded
):
    call_command("setup_demo_accounts", "--force", stdout=StringIO())
    region = Region.objects.get(name="鹿城区")
    k9 = Indicator.objects.get(code="K9")

    # Given county staff of 鹿城区 on the entry page for 2025, period 1–6月
    login(page, live_server, "county", PASSWORD)
    page.goto(f"{live_server.url}/entry/?year={YEAR}")
    page.select_option("#period-select", "6")
    page.wait_for_load_state("networkidle")
    assert "1–6月" in page.locator("h1").inner_text()
    # When they enter K9's year-to-date growth and submit it
    page.fill(f"#id_r{k9.pk}-value", "13.0")
    page.fill(f"#id_r{k9.pk}-source_note", "区统计局 1–6月 固定资产投资快报")
    page.click("button[value=submit]")
    page.wait_for_load_state("networkidle")
    assert "已提交 1 条数值" in page.locator(".messages").inner_text()
    # Then it is saved as the 1–6月 figure, never as the full year
    saved = Actual.objects.get(indicator=k9, region=region, year=YEAR)
    assert (saved.period, saved.value, saved.state) == (6, 13, WorkflowState.SUBMITTED)
    page.watch.assert_clean()
    logout(page)

    # When the reviewer approves it in the queue, where it is named by its period
    login(page, live_server, "reviewer", PASSWORD)
    page.goto(f"{live_server.url}/entry/review/")
    assert (
        "2025年1–6月" in page.locator(f"#sel-{saved.pk}").locator("xpath=ancestor::tr").inner_text()
    )
    page.check(f"#sel-{saved.pk}")
    page.click("form.review-form button[value=approve]")
    page.wait_for_load_state("networkidle")
    assert "已审核通过 1 条" in page.locator(".messages").inner_text()
    saved.refresh_from_db()
    assert saved.state == WorkflowState.APPROVED

    # Then the recompute has judged the period against the city's target, directly
    snap = PeriodSnapshot.objects.get(indicator=k9, region=region, year=YEAR, period=6)
    assert (snap.actual_value, snap.target_value, snap.expected_value) == (13.0, 15.0, 15.0)
    assert snap.profile == PeriodSnapshot.Profile.DIRECT
    assert snap.pace_status == PeriodSnapshot.PaceStatus.BEHIND
    assert snap.actual_provisional is False

    # And the indicator page shows the period's 序时进度: its chart, value, 序时目标 and status
    page.goto(f"{live_server.url}/dashboards/indicators/K9/?year={YEAR}&pace_region={region.code}")
    page.wait_for_load_state("networkidle")
    section = page.locator("#pace")
    text = section.inner_text()
    assert "2025年1–6月" in text
    assert "13.0" in text and "15.0" in text
    assert "落后序时" in text
    assert "与年度目标直接比较" in text
    figure = section.locator("[data-figure]").first
    key = figure.get_attribute("data-figure")
    page.wait_for_selector(f'[data-figure="{key}"][data-drawn="true"]', timeout=20_000)
    page.watch.assert_clean()
