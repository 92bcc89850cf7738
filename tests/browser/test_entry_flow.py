"""The entry flow in a real browser: county staff fill two values and submit; a reviewer
approves them; the progress snapshot follows."""

import pytest
from django.core.management import call_command

from indicators.models import Actual, Indicator, ProgressSnapshot, Region, WorkflowState
from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "wzsci-demo-2026"
YEAR = 2025


def logout(page):
    page.click("form[action$='/accounts/logout/'] button")
    page.wait_for_load_state("networkidle")


def test_it_takes_two_values_from_county_entry_through_review_to_the_snapshot(
    page, live_server, seeded
):
    call_command("setup_demo_accounts", "--force", stdout=open("/dev/null", "w"))  # noqa: SIM115
    region = Region.objects.get(name="鹿城区")
    k4 = Indicator.objects.get(code="K4")  # 高新技术企业累计数（家）
    k5 = Indicator.objects.get(code="K5")  # 省科技型中小企业累计数（家）

    # Given county staff of 鹿城区 on the entry screen for 2025
    login(page, live_server, "county", PASSWORD)
    page.goto(f"{live_server.url}/entry/?year={YEAR}")
    assert "2025年度指标填报 · 鹿城区" in page.locator("h1").inner_text()
    # When they fill two values (one typed with a thousands separator) and submit
    page.fill(f"#id_r{k4.pk}-value", "520")
    page.fill(f"#id_r{k4.pk}-source_note", "区科技局高企认定名单")
    page.fill(f"#id_r{k5.pk}-value", "2,150")
    page.click("button[value=submit]")
    page.wait_for_load_state("networkidle")
    # Then the page confirms, and both rows show "已提交"
    assert "已提交 2 条数值" in page.locator(".messages").inner_text()
    assert "已提交" in page.locator(f"#r{k4.pk}").inner_text()
    assert "已提交" in page.locator(f"#r{k5.pk}").inner_text()
    # And a submitted value is read-only, with 撤回 beside it (issue 14)
    assert page.locator(f"#id_r{k5.pk}-value").count() == 0
    # When they withdraw K5, it is a draft again, editable, and is submitted once more
    page.locator(f"#r{k5.pk} button", has_text="撤回").click()
    page.wait_for_load_state("networkidle")
    assert "已撤回为草稿" in page.locator(".messages").inner_text()
    assert page.locator(f"#id_r{k5.pk}-value").input_value() == "2150"
    page.click("button[value=submit]")
    page.wait_for_load_state("networkidle")
    assert "已提交 1 条数值" in page.locator(".messages").inner_text()
    page.watch.assert_clean()
    logout(page)

    # When the reviewer selects both in the queue and approves them
    login(page, live_server, "reviewer", PASSWORD)
    page.goto(f"{live_server.url}/entry/review/")
    ids = list(Actual.objects.filter(region=region, year=YEAR).values_list("pk", flat=True))
    assert len(ids) == 2
    for pk in ids:
        page.check(f"#sel-{pk}")
    page.click("form.review-form button[value=approve]")
    page.wait_for_load_state("networkidle")
    assert "已审核通过 2 条" in page.locator(".messages").inner_text()
    assert "没有等待审核的数值" in page.content()

    # Then both values are approved and locked
    values = dict(
        Actual.objects.filter(region=region, year=YEAR).values_list("indicator__code", "value")
    )
    assert values == {"K4": 520, "K5": 2150}
    assert set(Actual.objects.filter(region=region, year=YEAR).values_list("state", flat=True)) == {
        WorkflowState.APPROVED
    }
    # And the progress snapshot of each follows the approved value
    for indicator, value in ((k4, 520), (k5, 2150)):
        snapshot = ProgressSnapshot.objects.get(indicator=indicator, region=region, year=YEAR)
        assert snapshot.actual_value == value
        assert snapshot.actual_provisional is False

    # And the value's page shows its history: entered by county, approved by reviewer
    actual = Actual.objects.get(indicator=k4, region=region, year=YEAR)
    page.goto(f"{live_server.url}/entry/actual/{actual.pk}/")
    history = page.locator("table.history").inner_text()
    assert "审核通过" in history and "reviewer" in history and "county" in history
    page.watch.assert_clean()
