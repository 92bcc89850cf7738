"""Who reports what: the assignment seeded from each indicator's scope, kept by the entry page,
the Excel template, the import and the API, edited by administrators through the service, and
the reviewers' completeness counts. Hand-worked on the small entry world."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from rest_framework.test import APIClient

from indicators.catalogue.seed import SeedReport
from indicators.catalogue.seed_assignments import load_assignments
from indicators.catalogue.services.tokens import api_token_create
from indicators.entry import reporting, services
from indicators.models import Actual, Indicator, ReportingAssignment, WorkflowState
from tests.indicators.entry_world import YEAR, approved_actual, make_world, xlsx_bytes

pytestmark = pytest.mark.django_db
RANK = "温州国家高新区全国排名"


@pytest.fixture
def w(db):
    world = make_world()
    # Given 温州国家高新区全国排名 is a city-only figure and the rest every county-level region's
    Indicator.objects.filter(pk=world.rank.pk).update(scope=Indicator.Scope.CITY)
    Indicator.objects.exclude(pk=world.rank.pk).update(scope=Indicator.Scope.COUNTIES)
    load_assignments(SeedReport())
    return world


def assigned(indicator) -> set[str]:
    return set(
        ReportingAssignment.objects.filter(indicator=indicator).values_list(
            "region__name", flat=True
        )
    )


def test_it_seeds_the_assignment_from_the_scope_idempotently(w):
    assert assigned(w.rank) == {"温州市"}
    assert assigned(w.count) == {"温州市", "鹿城区", "龙湾区"}
    # The city's figure goes to the indicator's lead unit
    city_row = ReportingAssignment.objects.get(indicator=w.rank, region=w.city)
    assert city_row.unit == w.bureau_unit
    # And a second run creates nothing more
    before = ReportingAssignment.objects.count()
    load_assignments(SeedReport())
    assert ReportingAssignment.objects.count() == before == 6 * 3 - 2


def test_the_county_entry_page_lists_only_its_assigned_indicators(client, w):
    client.force_login(w.county)
    page = client.get(reverse("entry:home") + f"?year={YEAR}&region={w.county_region.code}")
    html = page.content.decode()
    assert page.status_code == 200
    assert "高新技术企业累计数" in html
    assert RANK not in html


def test_the_county_template_holds_only_its_assigned_rows(client, w):
    client.force_login(w.county)
    response = client.get(reverse("entry:template") + f"?year={YEAR}")
    ws = load_workbook(io.BytesIO(response.content))["填报"]
    codes = {ws.cell(row=r, column=2).value for r in range(4, ws.max_row + 1)} - {None}
    assert "K4" in codes
    assert "G-1" not in codes


def test_the_service_refuses_a_cell_outside_the_assignment_with_the_message(w):
    with pytest.raises(services.NotAssigned) as refused:
        services.actual_save(
            user=w.county, indicator=w.rank, region=w.county_region, year=YEAR, value=5
        )
    assert refused.value.code == "not_assigned"
    assert "不填报" in refused.value.message and RANK in refused.value.message
    assert not Actual.objects.exists()


def test_the_import_refuses_a_row_outside_the_assignment(client, w):
    content = xlsx_bytes(
        [
            ["指标代码", "区域", "年份", "本年值", "数据来源说明", "变动说明"],
            ["K4", "鹿城区", YEAR, 3700, "", ""],
            ["G-1", "鹿城区", YEAR, 5, "", ""],
        ]
    )
    client.force_login(w.county)
    response = client.post(
        reverse("entry:import"),
        {"year": YEAR, "file": SimpleUploadedFile("填报.xlsx", content)},
    )
    reasons = [p.reason for p in response.context["problems"]]
    assert any("不填报" in reason and RANK in reason for reason in reasons)
    assert not Actual.objects.exists()  # all or nothing


def test_the_api_refuses_a_cell_outside_the_assignment_with_not_assigned(w):
    _token, key = api_token_create(client_name="县区系统", user=w.county, read_only=False)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    body = {"indicator": "G-1", "region": w.county_region.code, "year": YEAR, "value": "5"}

    response = api.post("/api/v1/actuals/", body, format="json")

    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "not_assigned"
    assert RANK in error["message"]
    assert not Actual.objects.exists()
    # And an assigned cell still goes through
    ok = api.post("/api/v1/actuals/", {**body, "indicator": "K4", "value": "3700"}, format="json")
    assert ok.status_code == 201, ok.json()


def test_existing_values_outside_the_assignment_stay_readable(client, w):
    actual = approved_actual(w.rank, w.county_region, YEAR, 5)
    client.force_login(w.reviewer)
    assert client.get(reverse("entry:actual_detail", args=[actual.pk])).status_code == 200


def test_administrators_edit_the_assignment_through_the_service(w):
    row = services.assignment_save(
        user=w.admin, indicator=w.rank, region=w.county_region, unit=None
    )
    assert assigned(w.rank) == {"温州市", "鹿城区"}
    # Now 鹿城区 may enter it
    services.actual_save(
        user=w.county, indicator=w.rank, region=w.county_region, year=YEAR, value=5
    )
    with pytest.raises(services.ValidationFailed):
        services.assignment_save(user=w.admin, indicator=w.rank, region=w.county_region)
    with pytest.raises(services.PermissionDenied):
        services.assignment_delete(user=w.county, assignment=row)
    services.assignment_delete(user=w.admin, assignment=row)
    assert assigned(w.rank) == {"温州市"}
    assert Actual.objects.filter(indicator=w.rank).count() == 1  # the figure stays


def test_the_unit_an_assignment_names_enters_the_citys_figure(w):
    # Given 市经信局 does not lead 温州国家高新区全国排名, so its staff may not enter the city's figure
    with pytest.raises(services.PermissionDenied):
        services.actual_save(
            user=w.other_bureau, indicator=w.rank, region=w.city, year=YEAR, value=5
        )
    # When an administrator gives the city's figure to 市经信局
    row = ReportingAssignment.objects.get(indicator=w.rank, region=w.city)
    services.assignment_save(
        user=w.admin, indicator=w.rank, region=w.city, unit=w.other_unit, assignment=row
    )
    # Then its staff (a new request) may enter it
    w.other_bureau.__dict__.pop("_wzsci_city_assignments", None)
    saved = services.actual_save(
        user=w.other_bureau, indicator=w.rank, region=w.city, year=YEAR, value=5
    )
    assert saved.value == 5 and saved.region == w.city


def test_completeness_counts_come_from_the_assignment(client, w):
    # Given only five assigned cells:
    #   G-1 × 温州市 (市科技局), K4 × 温州市 (市科技局), K4 × 鹿城区, K4 × 龙湾区, K7 × 鹿城区 (no unit)
    ReportingAssignment.objects.all().delete()
    for indicator, region, unit in [
        (w.rank, w.city, w.bureau_unit),
        (w.count, w.city, w.bureau_unit),
        (w.count, w.county_region, None),
        (w.count, w.other_region, None),
        (w.money, w.county_region, None),
    ]:
        services.assignment_save(user=w.admin, indicator=indicator, region=region, unit=unit)
    # And the 2024 values: K4 city approved, G-1 city draft, K4 鹿城 submitted, K7 鹿城 returned,
    # K1 鹿城 approved (K1 is assigned to nobody: not expected, not counted)
    states = [
        (w.count, w.city, WorkflowState.APPROVED),
        (w.rank, w.city, WorkflowState.DRAFT),
        (w.count, w.county_region, WorkflowState.SUBMITTED),
        (w.money, w.county_region, WorkflowState.RETURNED),
        (w.share, w.county_region, WorkflowState.APPROVED),
    ]
    for indicator, region, state in states:
        actual = approved_actual(indicator, region, YEAR, 1)
        Actual.objects.filter(pk=actual.pk).update(state=state)

    counts = reporting.completeness(year=YEAR)

    # Then per unit (expected, entered, submitted incl. approved, approved):
    #   市科技局 2, 2, 1, 1; 未指定 3, 2, 1, 0; total 5, 4, 2, 1
    def table(rows):
        return {r.label: (r.expected, r.entered, r.submitted, r.approved) for r in rows}

    assert table(counts["units"]) == {
        "市科技局": (2, 2, 1, 1),
        "未指定": (3, 2, 1, 0),
        "合计": (5, 4, 2, 1),
    }
    # And per region: 温州市 2, 2, 1, 1; 鹿城区 2, 2, 1, 0; 龙湾区 1, 0, 0, 0
    assert table(counts["regions"]) == {
        "温州市": (2, 2, 1, 1),
        "鹿城区": (2, 2, 1, 0),
        "龙湾区": (1, 0, 0, 0),
        "合计": (5, 4, 2, 1),
    }
    # And the reviewers' page shows them and exports them; county staff may not see it
    client.force_login(w.reviewer)
    page = client.get(reverse("entry:completeness") + f"?year={YEAR}")
    assert page.status_code == 200 and "龙湾区" in page.content.decode()
    csv_text = client.get(reverse("entry:completeness") + f"?year={YEAR}&format=csv")
    assert "市科技局,2,2,1,1,0" in csv_text.content.decode("utf-8-sig")
    xlsx = client.get(reverse("entry:completeness") + f"?year={YEAR}&format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content))["按区域"]
    assert [c.value for c in sheet[4]] == ["龙湾区", 1, 0, 0, 0, 1]
    client.force_login(w.county)
    assert client.get(reverse("entry:completeness")).status_code == 403


def test_the_entry_page_shows_each_cells_due_date_and_whether_it_is_overdue(client, w, monkeypatch):
    # Given 2024's yearly figures, due by the 快报 rule on 28 February 2025, read on 1 March 2025
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: dt.date(2025, 3, 1))
    # And 鹿城区 has submitted its K4 but nothing else
    actual = services.actual_save(
        user=w.county, indicator=w.count, region=w.county_region, year=YEAR, value=10
    )
    services.review_submit(user=w.county, obj=actual)
    client.force_login(w.county)
    page = client.get(reverse("entry:home") + f"?year={YEAR}&region={w.county_region.code}")
    rows = page.context["groups"]
    states = {item["row"].indicator.code: item["row"].due_state for g in rows for item in g["rows"]}
    # Then every cell is due on 28 February 2025; K4 is handed in, the others overdue
    assert 'data-due="2025-02-28"' in page.content.decode()
    assert states["K4"] == "submitted"
    assert states["K7"] == "overdue"
    assert "已逾期" in page.content.decode()


# --- on the seed -----------------------------------------------------------------------------
def test_on_the_seed_luchengqu_is_asked_for_no_city_only_indicator(seeded, client, county):
    # Given the seed: 温州国家高新区全国排名 is 全市 (city-only), 高新技术企业累计数 is every region's
    rank = Indicator.objects.get(name=RANK)
    assert rank.scope == Indicator.Scope.CITY
    assert assigned(rank) == {"温州市"}
    assert ReportingAssignment.objects.get(indicator=rank).unit == rank.lead_unit
    assert "鹿城区" in assigned(Indicator.objects.get(name="高新技术企业累计数"))
    # When 鹿城区's clerk opens the entry page and downloads the template
    client.force_login(county)
    html = client.get(reverse("entry:home") + f"?year={YEAR}&region=330302").content.decode()
    template = client.get(reverse("entry:template") + f"?year={YEAR}")
    ws = load_workbook(io.BytesIO(template.content))["填报"]
    names = {ws.cell(row=r, column=3).value for r in range(4, ws.max_row + 1)}
    # Then neither holds the city-only indicator, and both hold 高新技术企业累计数
    assert RANK not in html and "高新技术企业累计数" in html
    assert RANK not in names and "高新技术企业累计数" in names
