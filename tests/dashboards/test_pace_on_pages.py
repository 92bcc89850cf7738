"""序时进度 on the leaders' pages (issue 13): the indicator page's chart and table of a year's
periods, the overview's card of a year without its full-year figure, the latest period on the
counties and region pages, and the vintage an annual status rests on.

The period snapshots are written here as the recompute writes them (plain rows): K8 (新增孵化场地面积,
an annual flow) at 150 for 1–9月 2023 against 180 for the year is 83.3 % of the year's target and
111.1 % of 序时 (135), 超序时.
"""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from indicators.models import Indicator, PeriodSnapshot, Region

from .conftest import write_snapshot

pytestmark = pytest.mark.django_db


def write_period(indicator, region, year, period, **fields) -> PeriodSnapshot:
    defaults = {"computed_at": timezone.now(), "profile": "linear"}
    defaults.update(fields)
    snapshot, _ = PeriodSnapshot.objects.update_or_create(
        indicator=indicator, region=region, year=year, period=period, defaults=defaults
    )
    return snapshot


@pytest.fixture(autouse=True)
def only_the_periods_written_here(demo):
    """The demo's own year-to-date figures have period snapshots of their own (the recompute
    writes them); each test starts without them and writes the rows it reads."""
    PeriodSnapshot.objects.all().delete()


@pytest.fixture
def city(demo):
    return Region.objects.get(kind=Region.Kind.CITY)


@pytest.fixture
def k8(demo):
    return Indicator.objects.get(code="K8")


@pytest.fixture
def k8_2023_periods(city, k8):
    """K8's city figures of 2023 by quarter: 40 (1–3月), 95 (1–6月), 150 (1–9月), target 180."""
    common = {"target_value": 180.0, "target_source": "own", "profile": "linear"}
    write_period(
        k8, city, 2023, 3, actual_value=40.0, elapsed_share=0.25, expected_value=45.0,
        share_of_target=40 / 180, pace_ratio=40 / 45, pace_status="behind", **common,
    )  # fmt: skip
    write_period(
        k8, city, 2023, 6, actual_value=95.0, elapsed_share=0.5, expected_value=90.0,
        share_of_target=95 / 180, pace_ratio=95 / 90, pace_status="on_pace", **common,
    )  # fmt: skip
    write_period(
        k8, city, 2023, 9, actual_value=150.0, elapsed_share=0.75, expected_value=135.0,
        share_of_target=150 / 180, pace_ratio=150 / 135, pace_status="ahead", **common,
    )  # fmt: skip


def texts(row) -> list[str]:
    return [c.text for c in row.cells]


def test_the_indicator_page_shows_each_period_against_its_expected_value(
    leader_client, k8_2023_periods
):
    # Given K8's three periods of 2023; When leadership opens K8's page for 2023
    response = leader_client.get(reverse("dashboards:indicator", args=["K8"]), {"year": 2023})
    assert response.status_code == 200
    table = response.context["tables"]["pace"]
    # Then the table has one row per period, named as people name them, with the hand-worked
    # figures: 150 against 序时目标 135 is 83.3 % of the year's 180 and 111.1 % of 序时, 超序时
    assert [r.cells[0].text for r in table.rows] == ["2023年1–3月", "2023年1–6月", "2023年1–9月"]
    assert texts(table.rows[2])[1:6] == ["150", "135", "83.3%", "111.1%", "超序时"]
    assert table.rows[0].cells[5].text == "落后序时"
    assert table.rows[1].cells[5].text == "符合序时"
    # And the status is a badge with its icon and word, never colour alone
    html = response.content.decode()
    assert re.search(r'class="badge st-ahead"><span class="icon"[^>]*>▲</span>超序时', html)
    # And the profile is named in Chinese and linked to the method's explanation on the page
    assert table.rows[2].cells[6].text == "按时间均匀"
    assert table.rows[2].cells[6].href == "#pace-method"
    assert 'id="pace-method"' in html and "序时目标 = 年度目标 × 已过月份 ÷ 12" in html


def test_the_chart_draws_the_figures_against_the_expected_line(leader_client, k8_2023_periods):
    response = leader_client.get(reverse("dashboards:indicator", args=["K8"]), {"year": 2023})
    figure = response.context["charts"]["pace"].figure.to_plotly_json()
    traces = {t["name"]: t for t in figure["data"]}
    # The expected (序时目标) line and the figures, on a January–December axis
    assert list(traces["序时目标"]["y"]) == [45.0, 90.0, 135.0]
    assert list(traces["实际值（年初至当期）"]["y"]) == [40.0, 95.0, 150.0]
    assert list(figure["layout"]["xaxis"]["ticktext"]) == ["1–3月", "1–6月", "1–9月"]
    # Each status is its own legend entry, by icon and word; a phone gets short axis labels
    assert list(traces["▲ 超序时"]["x"]) == [9]
    assert list(traces["▼ 落后序时"]["x"]) == [3]
    assert figure["layout"]["meta"]["short_ticktext"] == ["3月", "6月", "9月"]
    # And the hover says the period, the figures and the status in words
    assert "2023年1–9月：实际值 150 万平方米，序时目标 135" in traces["▲ 超序时"]["customdata"][0]


def test_the_indicator_page_has_no_pace_section_without_periods(leader_client, demo):
    response = leader_client.get(reverse("dashboards:indicator", args=["K1"]), {"year": 2023})
    assert "pace" not in response.context["tables"]
    assert 'id="pace-method"' not in response.content.decode()


def test_a_seasonal_profile_names_the_years_it_came_from(leader_client, city, k8):
    write_period(
        k8, city, 2023, 6, actual_value=80.0, target_value=180.0, expected_value=72.0,
        share_of_target=80 / 180, pace_ratio=80 / 72, pace_status="ahead",
        profile="seasonal", profile_years="2020,2021,2022",
    )  # fmt: skip
    response = leader_client.get(reverse("dashboards:indicator", args=["K8"]), {"year": 2023})
    [row] = response.context["tables"]["pace"].rows
    assert row.cells[6].text == "按往年季节规律（2020–2022年）"


def test_the_annual_status_names_the_vintage_it_rests_on(leader_client, city, k8):
    # Given K8's 2023 status judged on the 快报 figure
    write_snapshot(
        k8, city, 2023, actual_value=185.0, target_value=180.0, target_comparator="gte",
        attainment=185 / 180, year_status="met", actual_vintage="flash",
    )  # fmt: skip
    response = leader_client.get(reverse("dashboards:indicator", args=["K8"]), {"year": 2023})
    html = response.content.decode()
    # Then the facts name it beside the year status, and the years table marks the figure
    assert '<span class="note vintage">数据版本：快报</span>' in html
    row = next(r for r in response.context["tables"]["years"].rows if r.cells[0].value == 2023)
    assert row.cells[1].note == "快报"


def test_the_overview_card_shows_the_latest_period_beside_the_last_complete_year(
    leader_client, city, k8
):
    # Given 2025 without a full-year figure of K8, its 1–9月 figure 120 against 序时 112.5, and
    # 2024's annual status judged on its full-year figure
    write_period(
        k8, city, 2025, 6, actual_value=70.0, target_value=150.0, expected_value=75.0,
        share_of_target=70 / 150, pace_ratio=70 / 75, pace_status="behind",
    )  # fmt: skip
    write_period(
        k8, city, 2025, 9, actual_value=120.0, target_value=150.0, expected_value=112.5,
        share_of_target=0.8, pace_ratio=120 / 112.5, pace_status="ahead",
    )  # fmt: skip
    write_snapshot(
        k8, city, 2024, actual_value=170.0, target_value=165.0, target_comparator="gte",
        attainment=170 / 165, year_status="met", actual_vintage="final",
    )  # fmt: skip
    write_snapshot(k8, city, 2025, target_value=150.0, target_comparator="gte")
    # When leadership opens the overview of 2025
    response = leader_client.get(reverse("dashboards:overview"), {"year": 2025})
    card = next(c for c in response.context["cards"] if c.indicator.code == "K8")
    # Then the card shows the latest period, named as such, with its 序时 status
    assert (card.pace.label, card.pace.actual, card.pace.expected) == (
        "2025年1–9月",
        "120",
        "112.5",
    )
    assert card.pace.style.word == "超序时" and card.pace.ratio == "106.7%"
    # And beside it the annual status of 2024, with the figures it rests on
    assert card.complete.year == 2024 and card.complete.style.word == "已达标"
    assert (card.complete.actual, card.complete.target) == ("170", "≥165")
    html = response.content.decode()
    card_html = html[html.index('data-indicator="K8"') : html.index('data-indicator="K9"')]
    assert "2025年1–9月（年初至当期）" in card_html and "2025年1–9月序时进度" in card_html
    assert "2024年年度状态" in card_html and "实际值 170，目标 ≥165（年报（正式））" in card_html
    # And the year's own annual status (no figure yet) is not shown against the period
    assert "暂无数据" not in card_html
    # And the key indicators' table (the cards' export) names the period and its status
    row = next(
        r for r in response.context["tables"]["key_indicators"].rows if r.cells[1].text == k8.name
    )
    assert texts(row)[-3:] == ["2025年1–9月", "120", "超序时"]


def test_a_year_with_its_full_year_figure_keeps_the_annual_card(leader_client, city, k8):
    # Given 2023 with K8's full-year figure and a 1–9月 figure
    write_snapshot(
        k8, city, 2023, actual_value=185.0, target_value=180.0, target_comparator="gte",
        attainment=185 / 180, year_status="met",
    )  # fmt: skip
    write_period(
        k8, city, 2023, 9, actual_value=150.0, target_value=180.0, expected_value=135.0,
        share_of_target=150 / 180, pace_ratio=150 / 135, pace_status="ahead",
    )  # fmt: skip
    response = leader_client.get(reverse("dashboards:overview"), {"year": 2023})
    card = next(c for c in response.context["cards"] if c.indicator.code == "K8")
    # Then the card judges the full year; the period does not replace it
    assert card.pace is None and card.year_style.word == "已达标"


def test_a_pace_status_never_reads_against_its_figures(leader_client, city, k8):
    # Given 135 against a seasonal 序时目标 of 134.996 on a 0-decimal indicator, judged 超序时
    # (a computed expected value shows at most two decimals more: 135.00)
    write_period(
        k8, city, 2023, 9, actual_value=135.0, target_value=180.0, expected_value=134.996,
        share_of_target=0.75, pace_ratio=135 / 134.996, pace_status="ahead",
    )  # fmt: skip
    response = leader_client.get(reverse("dashboards:indicator", args=["K8"]), {"year": 2023})
    [row] = response.context["tables"]["pace"].rows
    # Then the figures are shown with the decimals that tell them apart, not "135" and "135.00"
    assert (row.cells[1].text, row.cells[2].text) == ("135.000", "134.996")


def test_the_counties_page_lists_each_regions_latest_period(leader_client, city, k8):
    county = Region.objects.get(name="鹿城区")
    write_period(
        k8, county, 2025, 3, actual_value=5.0, target_value=30.0, expected_value=7.5,
        share_of_target=5 / 30, pace_ratio=5 / 7.5, pace_status="behind",
    )  # fmt: skip
    write_period(
        k8, county, 2025, 6, actual_value=16.0, target_value=30.0, expected_value=15.0,
        share_of_target=16 / 30, pace_ratio=16 / 15, pace_status="on_pace",
    )  # fmt: skip
    response = leader_client.get(reverse("dashboards:counties"), {"year": 2025, "indicator": "K8"})
    table = response.context["tables"]["pace"]
    [row] = table.rows
    assert texts(row)[:3] == ["鹿城区", "2025年1–6月", "16"]
    assert row.cells[6].text == "符合序时"
    assert 'data-table="pace"' in response.content.decode()


def test_the_region_page_lists_each_indicators_latest_period(leader_client, k8):
    county = Region.objects.get(name="鹿城区")
    write_period(
        k8, county, 2025, 6, actual_value=16.0, target_value=30.0, expected_value=15.0,
        share_of_target=16 / 30, pace_ratio=16 / 15, pace_status="on_pace",
    )  # fmt: skip
    response = leader_client.get(reverse("dashboards:region", args=[county.code]), {"year": 2025})
    [row] = response.context["tables"]["pace"].rows
    # Each figure carries its indicator's unit (the rows are of different indicators)
    assert texts(row)[:4] == [k8.name, "2025年1–6月", "16 万平方米", "15 万平方米"]
    assert row.cells[6].text == "符合序时"


def test_pages_without_periods_show_no_pace_table(leader_client, demo):
    county = Region.objects.get(name="鹿城区")
    for url in (
        reverse("dashboards:counties") + "?year=2024&indicator=K8",
        reverse("dashboards:region", args=[county.code]) + "?year=2024",
    ):
        assert "pace" not in leader_client.get(url).context["tables"]


def test_the_pace_table_exports_as_every_table_does(leader_client, k8_2023_periods):
    url = reverse("dashboards:indicator", args=["K8"])
    response = leader_client.get(url, {"year": 2023, "format": "csv", "table": "pace"})
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "2023年1–9月" in text and "超序时" in text and "按时间均匀" in text


def test_the_indicator_page_lists_each_regions_latest_period_and_draws_its_chart(
    leader_client, city, k8
):
    # Given 鹿城区's 1–6月 2025 figure of K8 (16 against 序时 15) and none of the city's
    county = Region.objects.get(name="鹿城区")
    write_period(
        k8, county, 2025, 6, actual_value=16.0, target_value=30.0, expected_value=15.0,
        share_of_target=16 / 30, pace_ratio=16 / 15, pace_status="on_pace",
    )  # fmt: skip
    url = reverse("dashboards:indicator", args=["K8"])
    # When leadership opens K8's page of 2025
    response = leader_client.get(url, {"year": 2025})
    # Then the regions' table lists 鹿城区's period and links to its own chart
    [row] = response.context["tables"]["region_pace"].rows
    assert texts(row)[:3] == ["鹿城区", "2025年1–6月", "16"]
    assert row.cells[0].href == f"{url}?year=2025&pace_region={county.code}#pace"
    assert "pace" not in response.context["charts"]  # the city has no period
    # And following the link draws 鹿城区's periods
    response = leader_client.get(url, {"year": 2025, "pace_region": county.code})
    chart = response.context["charts"]["pace"]
    assert "鹿城区" in chart.title
    [row] = response.context["tables"]["pace"].rows
    assert texts(row)[:2] == ["2025年1–6月", "16"] and row.cells[5].text == "符合序时"


def test_an_unknown_region_of_the_pace_chart_is_refused_in_chinese(leader_client, demo):
    url = reverse("dashboards:indicator", args=["K8"])
    response = leader_client.get(url, {"year": 2025, "pace_region": "nowhere"})
    assert response.status_code == 400
    assert "区域代码“nowhere”无效" in response.content.decode()


def test_a_latest_period_links_to_its_chart_on_the_indicator_page(leader_client, k8):
    county = Region.objects.get(name="鹿城区")
    write_period(
        k8, county, 2025, 6, actual_value=16.0, target_value=30.0, expected_value=15.0,
        share_of_target=16 / 30, pace_ratio=16 / 15, pace_status="on_pace",
    )  # fmt: skip
    chart = (
        reverse("dashboards:indicator", args=["K8"]) + f"?year=2025&pace_region={county.code}#pace"
    )
    counties = leader_client.get(reverse("dashboards:counties"), {"year": 2025, "indicator": "K8"})
    region = leader_client.get(reverse("dashboards:region", args=[county.code]), {"year": 2025})
    for response in (counties, region):
        [row] = response.context["tables"]["pace"].rows
        assert row.cells[1].href == chart


def test_the_overview_card_names_a_flash_vintage_beside_the_year_status(leader_client, city, k8):
    write_snapshot(
        k8, city, 2024, actual_value=170.0, target_value=165.0, target_comparator="gte",
        attainment=170 / 165, year_status="met", actual_vintage="flash",
    )  # fmt: skip
    response = leader_client.get(reverse("dashboards:overview"), {"year": 2024})
    html = response.content.decode()
    card_html = html[html.index('data-indicator="K8"') : html.index('data-indicator="K9"')]
    assert '<span class="note vintage">快报</span>' in card_html


def test_the_pace_sections_read_a_fixed_number_of_queries(leader_client, city, k8):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    regions = list(Region.objects.exclude(kind=Region.Kind.CITY).order_by("order"))
    urls = [
        reverse("dashboards:indicator", args=["K8"]) + "?year=2025",
        reverse("dashboards:overview") + "?year=2025",
        reverse("dashboards:counties") + "?year=2025&indicator=K8",
        reverse("dashboards:region", args=[regions[0].code]) + "?year=2025",
    ]

    def counts():
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as captured:
                assert leader_client.get(url).status_code == 200
            result.append(len(captured.captured_queries))
        return result

    def periods_of(region_list):
        for region in region_list:
            for period in (3, 6):
                write_period(
                    k8, region, 2025, period, actual_value=10.0 * period, target_value=100.0,
                    expected_value=25.0 * period / 3, share_of_target=0.1 * period,
                    pace_ratio=1.2, pace_status="ahead",
                )  # fmt: skip

    # Given the city and two regions with periods
    periods_of([city, *regions[:2]])
    few = counts()
    # When every other region has periods too, Then no page reads more
    periods_of(regions[2:])
    assert counts() == few
