"""The yearly template (Chinese headers, one row per indicator × region the user may fill, targets
filled in, protected except the value and note columns) and the export of a year's values."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from indicators.entry import services
from indicators.models import ProgressSnapshot, Target
from tests.indicators.entry_world import YEAR, approved_actual, make_world, submitted_actual

pytestmark = pytest.mark.django_db
HEADERS = [
    "序号",
    "指标代码",
    "指标名称",
    "区域",
    "年份",
    "期间",
    "数据版本",
    "计量单位",
    "年度目标",
    "上年值",
    "本年值",
    "数据来源说明",
    "变动说明",
    "当前状态",
    "版本",
]


@pytest.fixture
def w(db):
    return make_world()


def template(client, user, **params):
    client.force_login(user)
    query = "&".join(f"{k}={v}" for k, v in {"year": YEAR, **params}.items())
    response = client.get(reverse("entry:template") + "?" + query)
    assert response.status_code == 200, response.content.decode()[:500]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert ".xlsx" in response["Content-Disposition"]
    return load_workbook(io.BytesIO(response.content))["填报"]


def data_rows(ws) -> list[dict]:
    return [
        dict(zip(HEADERS, (c.value for c in row), strict=False))
        for row in ws.iter_rows(min_row=4, max_row=ws.max_row)
    ]


def test_it_builds_a_template_with_chinese_headers_and_a_row_per_fillable_indicator_of_the_clerks_region(
    client, w
):
    ws = template(client, w.county)
    assert [c.value for c in ws[3]] == HEADERS
    assert ws["A1"].value == f"{YEAR}年度科技创新指标实际值填报表"
    rows = data_rows(ws)
    # County staff fill every indicator, for their own region only
    assert {r["区域"] for r in rows} == {"鹿城区"}
    assert {r["指标代码"] for r in rows} == {"K1", "K4", "K7", "K9", "G-1", "T12-1"}
    assert all(r["年份"] == YEAR and r["版本"] == 0 and r["当前状态"] == "未填报" for r in rows)


def test_it_gives_bureau_staff_the_city_rows_of_the_indicators_their_unit_leads(client, w):
    rows = data_rows(template(client, w.bureau))
    assert {(r["指标代码"], r["区域"]) for r in rows} == {
        ("K1", "温州市"),
        ("K4", "温州市"),
        ("K7", "温州市"),
        ("K9", "温州市"),
        ("G-1", "温州市"),
    }


def test_it_fills_in_targets_last_years_values_and_current_drafts(client, w):
    Target.objects.create(
        indicator=w.count, region=w.city, year=YEAR, plan=w.plan, value=Decimal(4900)
    )
    approved_actual(w.count, w.city, YEAR - 1, 4300)
    services.actual_save(
        user=w.bureau,
        indicator=w.share,
        region=w.city,
        year=YEAR,
        value="2.75",
        source_note="统计公报",
    )
    rows = {r["指标代码"]: r for r in data_rows(template(client, w.bureau))}
    assert (rows["K4"]["年度目标"], rows["K4"]["上年值"], rows["K4"]["本年值"]) == (
        "≥4900",
        4300,
        None,
    )
    assert (
        rows["K1"]["本年值"],
        rows["K1"]["数据来源说明"],
        rows["K1"]["当前状态"],
        rows["K1"]["版本"],
    ) == (
        2.75,
        "统计公报",
        "草稿",
        1,
    )


def test_it_prefers_the_progress_snapshots_target_which_knows_interpolated_years(client, w):
    from django.utils import timezone

    ProgressSnapshot.objects.create(
        indicator=w.count,
        region=w.city,
        year=YEAR,
        target_value=4900.0,
        target_comparator="gte",
        target_interpolated=True,
        year_status=ProgressSnapshot.YearStatus.NO_DATA,
        outlook_status=ProgressSnapshot.Outlook.NOT_ASSESSED,
        computed_at=timezone.now(),
        input_fingerprint="x",
    )
    rows = {r["指标代码"]: r for r in data_rows(template(client, w.bureau))}
    assert rows["K4"]["年度目标"] == "≥4900（折算）"


def test_it_protects_every_cell_but_the_value_and_note_columns_of_open_rows(client, w):
    approved_actual(w.count, w.city, YEAR, 4500)
    ws = template(client, w.bureau)
    assert ws.protection.sheet is True
    assert ws.column_dimensions["O"].hidden is True  # the version column
    for row in ws.iter_rows(min_row=4, max_row=ws.max_row):
        code = row[1].value
        unlocked = {HEADERS[i] for i, c in enumerate(row) if not c.protection.locked}
        if code == "K4":  # approved: locked whole
            assert unlocked == set()
            assert row[13].value == "已审核（锁定）"
        else:  # every indicator of this world is yearly: full-year rows, with their vintage
            assert unlocked == {"本年值", "数据来源说明", "变动说明", "期间", "数据版本"}
    for cell in ws[3]:
        assert cell.protection.locked


def test_it_offers_the_template_only_to_staff_who_enter_data(client, w):
    for user in (w.leader, w.reviewer):
        client.force_login(user)
        assert client.get(reverse("entry:template") + f"?year={YEAR}").status_code == 403


def test_it_exports_a_years_values_of_every_region_and_state(client, w):
    submitted_actual(w, w.count, w.county_region, YEAR, "3700")
    services.actual_save(user=w.bureau, indicator=w.share, region=w.city, year=YEAR, value="2.75")
    approved_actual(w.count, w.city, YEAR - 1, 4300)  # another year: not in the export
    client.force_login(w.leader)  # leadership reads everything
    response = client.get(reverse("entry:export") + f"?year={YEAR}")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws.title == f"{YEAR}年实际值"
    header = [c.value for c in ws[1]]
    assert header[:9] == [
        "指标代码",
        "指标名称",
        "计量单位",
        "区域",
        "年份",
        "期间",
        "数据版本",
        "实际值",
        "状态",
    ]
    rows = [dict(zip(header, (c.value for c in r), strict=True)) for r in ws.iter_rows(min_row=2)]
    assert sorted(
        (r["指标代码"], r["区域"], r["实际值"], r["状态"], r["填报人"]) for r in rows
    ) == [
        ("K1", "温州市", 2.75, "草稿", "bureau"),
        ("K4", "鹿城区", 3700, "已提交", "county"),
    ]


def test_it_offers_an_export_page_with_a_year_selector(client, w):
    client.force_login(w.reviewer)
    body = client.get(reverse("entry:export")).content.decode()
    assert "下载 Excel" in body and f'<option value="{YEAR}"' in body


def test_an_export_can_be_imported_back_by_the_administrator(client, w):
    # The export names its columns like the template (指标代码, 区域, 年份, 实际值, 版本)
    services.actual_save(
        user=w.county, indicator=w.count, region=w.county_region, year=YEAR, value="3700"
    )
    client.force_login(w.admin)
    exported = client.get(reverse("entry:export") + f"?year={YEAR}").content
    wb = load_workbook(io.BytesIO(exported))
    wb.active["H2"] = 3710  # 实际值, after 年份, 期间, 数据版本
    buffer = io.BytesIO()
    wb.save(buffer)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("entry:import"),
        {"year": YEAR, "file": SimpleUploadedFile("e.xlsx", buffer.getvalue())},
    )
    assert response.status_code == 302
    assert w.count.actuals.get().value == Decimal(3710)
