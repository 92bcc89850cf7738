"""序时进度 in the browser (issue 13): the indicator page draws the year's periods against the
序时目标 line with their statuses, the overview's card of a year without its full-year figure
shows its latest period, the counties and region pages list the latest periods; at 390 and 1440
px none of these pages scrolls sideways and the phone gets the chart's short period labels."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from indicators.models import Indicator, PeriodSnapshot, ProgressSnapshot, Region

from .conftest import login
from .test_phone_layout import DESKTOP, PASSWORD, PHONE, layout_problems, open_at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def write_period(indicator, region, year, period, actual, expected, status, target):
    PeriodSnapshot.objects.update_or_create(
        indicator=indicator,
        region=region,
        year=year,
        period=period,
        defaults={
            "actual_value": actual,
            "target_value": target,
            "target_source": "own",
            "elapsed_share": period / 12,
            "expected_value": expected,
            "share_of_target": actual / target,
            "pace_ratio": actual / expected,
            "pace_status": status,
            "profile": "linear",
            "computed_at": timezone.now(),
        },
    )


@pytest.fixture
def paced(page, live_server, seeded):
    call_command("setup_demo_accounts", "--force", stdout=StringIO())
    call_command("load_demo_data", "--force", stdout=StringIO())
    assert ProgressSnapshot.objects.exists()
    # The demo's own periods have snapshots too (the recompute writes them): start without them.
    PeriodSnapshot.objects.all().delete()
    k8 = Indicator.objects.get(code="K8")
    city = Region.objects.get(kind=Region.Kind.CITY)
    county = Region.objects.get(name="鹿城区")
    # K8 in 2023 by quarter (150 against 序时 135 at 1–9月: 超序时), and 2025's first periods
    for period, actual, expected, status in (
        (3, 40.0, 45.0, "behind"),
        (6, 95.0, 90.0, "on_pace"),
        (9, 150.0, 135.0, "ahead"),
    ):
        write_period(k8, city, 2023, period, actual, expected, status, 180.0)
    write_period(k8, city, 2025, 9, 120.0, 112.5, "ahead", 150.0)
    write_period(k8, county, 2025, 6, 16.0, 15.0, "on_pace", 30.0)
    login(page, live_server, "leader", PASSWORD)
    return {"county": county}


def paths(county) -> dict[str, str]:
    return {
        "indicator": reverse("dashboards:indicator", args=["K8"]) + "?year=2023",
        "overview": reverse("dashboards:overview") + "?year=2025",
        "counties": reverse("dashboards:counties") + "?year=2025&indicator=K8",
        "region": reverse("dashboards:region", args=[county.code]) + "?year=2025",
    }


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390px", "1440px"])
def test_the_pace_sections_fit_the_screen(page, paced, live_server, viewport):
    problems = {}
    for name, path in paths(paced["county"]).items():
        open_at(page, live_server.url + path, viewport, f"pace-{name}")
        found = layout_problems(page, viewport, "main .badge")
        # the new sections themselves stay inside the screen
        for selector in ("#pace", ".card-pace", "[data-table=pace]"):
            for box in page.locator(selector).all():
                wrap = box.locator("xpath=ancestor-or-self::*[contains(@class,'table-wrap')][1]")
                rect = (wrap if wrap.count() else box).bounding_box()
                if rect and rect["x"] + rect["width"] > viewport["width"] + 0.5:
                    found.append(f"{selector} is wider than the screen: {rect}")
        if found:
            problems[name] = found
    assert problems == {}
    page.watch.assert_clean()


def test_the_indicator_page_draws_the_periods_against_the_expected_line(page, paced, live_server):
    open_at(page, live_server.url + paths(paced["county"])["indicator"], PHONE, "pace-chart")
    chart = page.locator("#chart-pace .chart")
    # Given a phone: the chart is drawn with the short period labels
    ticks = chart.evaluate("box => box.layout.xaxis.ticktext")
    assert ticks == ["3月", "6月", "9月"]
    names = chart.evaluate("box => box.data.map(t => t.name)")
    assert "序时目标" in names and "▲ 超序时" in names
    # And the table names the period and its status in words, with the profile linked
    row = page.locator("table[data-table=pace] tbody tr").nth(2)
    assert "2023年1–9月" in row.inner_text() and "超序时" in row.inner_text()
    row.locator("a", has_text="按时间均匀").click()
    assert page.locator("#pace-method").is_visible()
    # And at 1440 px the full period names are on the axis
    open_at(page, live_server.url + paths(paced["county"])["indicator"], DESKTOP, "pace-chart")
    ticks = page.locator("#chart-pace .chart").evaluate("box => box.layout.xaxis.ticktext")
    assert ticks == ["1–3月", "1–6月", "1–9月"]
    page.watch.assert_clean()


def test_the_overview_card_names_the_period_and_its_status(page, paced, live_server):
    open_at(page, live_server.url + paths(paced["county"])["overview"], PHONE, "pace-card")
    card = page.locator("article.card[data-indicator=K8]")
    text = card.inner_text()
    assert "2025年1–9月" in text and "超序时" in text and "2024年年度状态" in text
    page.watch.assert_clean()
