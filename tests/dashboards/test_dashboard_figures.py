"""What the dashboards say, worked out by hand from snapshots, actuals and reports written here.

The dashboards only read: each test writes the snapshots the engine would have written and
checks that the page shows exactly those numbers and statuses.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from indicators.models import (
    Actual,
    Indicator,
    Plan,
    ProgressSnapshot,
    Region,
    Task,
    TaskReport,
    Unit,
    WorkflowState,
)
from indicators.progress.queue import mark_stale
from tests.factories import UserFactory

from .conftest import write_snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(seeded):
    return Region.objects.get(kind=Region.Kind.CITY)


def cells(table, row_index):
    return [c.export_text for c in table.rows[row_index].cells]


def test_it_shows_the_latest_actual_and_the_years_interpolated_target_on_a_card(
    leader_client, city
):
    # Given R&D intensity: 2.7 in 2023 against 2.7 (met), no 2024 figure yet, and the 2024 target
    # interpolated between 2.7 (2023) and 3.1 (2025) = 2.9
    k1 = Indicator.objects.get(code="K1")
    write_snapshot(
        k1,
        city,
        2023,
        actual_value=2.7,
        target_value=2.7,
        target_comparator="gte",
        attainment=1.0,
        year_status="met",
        outlook_status="on_track",
    )
    write_snapshot(
        k1,
        city,
        2024,
        target_value=2.9,
        target_comparator="approx",
        target_interpolated=True,
        year_status="no_data",
        outlook_status="on_track",
    )
    # When leadership opens the overview for 2024
    response = leader_client.get(reverse("dashboards:overview"), {"year": 2024})
    card = response.context["cards"][0]
    # Then the card shows 2023's figure as the latest, the interpolated target, and no attainment
    assert (card.latest_text, card.latest_year) == ("2.7", 2023)
    assert (card.target.text, card.target.note) == ("≈2.9", "折算")
    assert card.attainment == "—"
    assert card.year_style.word == "暂无数据" and card.outlook_style.word == "按期可达"
    html = response.content.decode()
    assert 'class="badge st-on_track"' in html


def test_it_marks_stale_and_unapproved_figures(leader_client, city):
    # Given a submitted (unapproved) 2024 figure whose snapshot is waiting for a recompute
    k4 = Indicator.objects.get(code="K4")
    write_snapshot(
        k4,
        city,
        2024,
        actual_value=4950.0,
        actual_provisional=True,
        stale=True,
        target_value=4900.0,
        target_comparator="gte",
        target_interpolated=True,
        attainment=4950 / 4900,
        year_status="met",
        outlook_status="on_track",
    )
    response = leader_client.get(reverse("dashboards:overview"), {"year": 2024})
    card = response.context["cards"][3]
    assert card.latest_text == "4,950" and card.latest_note == "未审核"
    assert card.stale and card.attainment == "101.0%"
    assert "待更新" in response.content.decode()


def test_an_indicators_mark_alone_shows_its_figures_stale(leader_client, city):
    # Given K4's 2024 snapshot, fresh, and K4 marked (its recompute under way): no row flagged
    k4 = Indicator.objects.get(code="K4")
    write_snapshot(k4, city, 2024, actual_value=4950.0, target_value=4900.0, year_status="met")
    mark_stale(indicator_ids=[k4.id])
    assert not ProgressSnapshot.objects.filter(stale=True).exists()
    # Then the overview's card and the indicator page say 待更新
    overview = leader_client.get(reverse("dashboards:overview"), {"year": 2024})
    card = next(c for c in overview.context["cards"] if c.indicator.code == "K4")
    assert card.stale
    assert not any(c.stale for c in overview.context["cards"] if c.indicator.code != "K4")
    page = leader_client.get(reverse("dashboards:indicator", args=["K4"]), {"year": 2024})
    assert "该指标数据已变动，进度正在重新计算。" in page.content.decode()


def test_it_counts_statuses_for_the_nine_and_for_every_indicator(leader_client, city):
    # Given 2024 city snapshots: K1 met, K2 met, K3 not met, and a goal indicator nearly met
    for code, status in (("K1", "met"), ("K2", "met"), ("K3", "not_met"), ("G-1", "nearly_met")):
        write_snapshot(
            Indicator.objects.get(code=code),
            city,
            2024,
            year_status=status,
            outlook_status="not_assessed",
        )
    # When the overview counts them
    table = leader_client.get(reverse("dashboards:overview"), {"year": 2024}).context["tables"][
        "status_counts"
    ]
    counts = {
        (row.group, row.cells[0].text): (row.cells[1].value, row.cells[3].value)
        for row in table.rows
    }
    # Then the nine and "every indicator" are counted apart
    assert counts[("年度状态", "已达标")] == (2, 2)
    assert counts[("年度状态", "未达标")] == (1, 1)
    assert counts[("年度状态", "接近达标")] == (0, 1)
    assert counts[("趋势研判", "无法评估")] == (3, 4)


def test_it_shows_each_tasks_latest_submitted_report_up_to_the_year(leader_client, seeded):
    # Given task 1 of 温政发〔2023〕17号 with an approved 2023 report, a submitted report for the
    # first half of 2024 and a draft for the second half (a draft is the enterer's business)
    task = Task.objects.get(plan__code="wzf-2023-17", kind="key", number=1)
    unit = Unit.objects.get(name="市科技局")
    common = {"task": task, "unit": unit}
    TaskReport.objects.create(
        **common,
        year=2023,
        period=0,
        status="on_schedule",
        percent=40,
        state=WorkflowState.APPROVED,
    )
    TaskReport.objects.create(
        **common, year=2024, period=1, status="delayed", percent=55, state=WorkflowState.SUBMITTED
    )
    TaskReport.objects.create(
        **common, year=2024, period=2, status="done", percent=100, state=WorkflowState.DRAFT
    )

    def report_text(year):
        response = leader_client.get(reverse("dashboards:unit", args=[unit.pk]), {"year": year})
        led = response.context["tables"]["led"]
        row = next(r for r in led.rows if r.cells[2].text.startswith("1. "))
        return row.cells[4].export_text

    # Then 2024 shows the submitted first-half report, marked provisional and unapproved; 2023
    # the approved one
    assert report_text(2024) == "滞后（2024年上半年，55%）（暂，未审核）"
    assert report_text(2023) == "按计划推进（2023年全年，40%）"


def test_it_says_where_each_target_and_actual_came_from(leader_client, city):
    # Given the 2023 R&D figure entered by one person and approved by another
    k1 = Indicator.objects.get(code="K1")
    enterer = UserFactory(username="enterer", first_name="填报员")
    approver = UserFactory(username="approver", first_name="审核员")
    moment = timezone.make_aware(dt.datetime(2024, 2, 1, 9, 30))
    Actual.objects.create(
        indicator=k1,
        region=city,
        year=2023,
        value=2.71,
        state=WorkflowState.APPROVED,
        origin=Actual.Origin.ENTRY,
        entered_by=enterer,
        submitted_at=moment,
        reviewed_by=approver,
        reviewed_at=moment + dt.timedelta(days=2),
        source_note="市统计局公报",
    )
    later = Plan.objects.get(code="wzbf-2023-86")
    write_snapshot(
        k1,
        city,
        2025,
        target_value=3.1,
        target_comparator="approx",
        target_plan=later,
        other_target_value=3.0,
        other_target_plan=Plan.objects.get(code="wzf-2023-17"),
        year_status="no_data",
        outlook_status="not_assessed",
    )
    # When the indicator page is opened
    response = leader_client.get(reverse("dashboards:indicator", args=["K1"]), {"year": 2025})
    tables = response.context["tables"]
    # Then the actual names who entered and approved it, and when
    actual_2023 = next(
        cells(tables["actuals"], i)
        for i, r in enumerate(tables["actuals"].rows)
        if r.cells[0].value == 2023
    )
    assert actual_2023[1:9] == [
        "2.71",  # as entered, though the indicator is kept to one decimal (issue 12)
        "已审核",
        "表单填报",
        "填报员",
        "2024-02-01 09:30",
        "审核员",
        "2024-02-03 09:30",
        "市统计局公报",
    ]
    # And both plans' 2025 targets are listed with their sentence; status is judged on the later one
    targets_2025 = [
        cells(tables["targets"], i)
        for i, r in enumerate(tables["targets"].rows)
        if r.cells[0].value == 2025
    ]
    assert [(t[1], t[2], t[3]) for t in targets_2025] == [
        ("≈3.1", "温政办〔2023〕86号", "是"),
        ("≥3.0", "温政发〔2023〕17号", "否"),
    ]
    assert "3.1%左右" in targets_2025[0][4]
    # And the card names the other plan's figure
    assert response.context["card"].other_target == "温政发〔2023〕17号：3.0"


def test_it_shows_regions_against_their_own_target_or_the_city_benchmark(leader_client, city):
    # Given 鹿城区 benchmarked on the city's R&D target and 龙湾区 with a target of its own
    k1 = Indicator.objects.get(code="K1")
    lucheng = Region.objects.get(name="鹿城区")
    longwan = Region.objects.get(name="龙湾区")
    write_snapshot(
        k1,
        lucheng,
        2024,
        actual_value=3.3,
        target_value=2.9,
        target_source="city_benchmark",
        attainment=3.3 / 2.9,
        year_status="met",
        outlook_status="on_track",
    )
    write_snapshot(
        k1,
        longwan,
        2024,
        actual_value=2.5,
        target_value=3.0,
        target_source="own",
        attainment=2.5 / 3.0,
        year_status="not_met",
        outlook_status="limited_progress",
    )
    response = leader_client.get(reverse("dashboards:indicator", args=["K1"]), {"year": 2024})
    rows = {
        r.cells[0].text: [c.export_text for c in r.cells]
        for r in response.context["tables"]["regions"].rows
    }
    assert rows["鹿城区"][1:7] == ["3.3", "2.9", "对标全市目标", "113.8%", "已达标", "按期可达"]
    assert rows["龙湾区"][1:7] == ["2.5", "3.0", "本区域目标", "83.3%", "未达标", "进展有限"]
    # And the county ranking draws them best first, coloured by status
    counties = leader_client.get(reverse("dashboards:counties"), {"year": 2024, "indicator": "K1"})
    ranking = counties.context["tables"]["ranking"]
    assert [r.cells[1].text for r in ranking.rows] == ["鹿城区", "龙湾区"]


def test_it_lists_the_eight_levers_with_their_tasks_and_the_fifteen_pilots(leader_client, seeded):
    response = leader_client.get(reverse("dashboards:levers"), {"year": 2024})
    tables = response.context["tables"]
    groups = []
    for row in tables["levers"].rows:
        if row.group not in groups:
            groups.append(row.group)
    assert len(groups) == 8 and groups[0].startswith("（1）抓科技战略平台建设")
    tasks = {row.cells[1].text for row in tables["levers"].rows}
    assert len(tasks) == 24
    assert len(tables["pilots"].rows) == 15
    assert len({row.cells[0].text for row in tables["pilot_plan_tasks"].rows}) == 8


def test_it_shows_a_bureaus_commitments_from_the_proposal_replies(leader_client, seeded):
    unit = Unit.objects.get(name="市科技局")
    html = leader_client.get(
        reverse("dashboards:unit", args=[unit.pk]), {"year": 2024}
    ).content.decode()
    section = html[html.index('id="commitments"') :]
    assert "提案答复中的承诺事项" in section
    assert "prop-unit-commitments" in section  # drawn by the proposals area's template
