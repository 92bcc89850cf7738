"""Periods and vintages in the Excel template, the import and the export (issue 13, item 1):
columns 期间 and 数据版本 with lists, the rows of a period, an all-or-nothing import whose row
errors name the indicator, and an export with period and vintage in columns of their own.
Real .xlsx files, built with openpyxl."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from indicators.entry import services
from indicators.models import Actual, Indicator
from tests.indicators.entry_world import YEAR, make_world, xlsx_bytes

pytestmark = pytest.mark.django_db
HEADER = ["指标代码", "区域", "年份", "期间", "数据版本", "本年值"]


@pytest.fixture
def w(db):
    world = make_world()
    # Given 技术交易额 (K7) reported quarterly and 高新技术产业投资增速 (K9) monthly
    world.money.frequency = Indicator.Frequency.QUARTERLY
    world.money.save()
    world.growth.frequency = Indicator.Frequency.MONTHLY
    world.growth.save()
    return world


def upload(client, user, content: bytes):
    client.force_login(user)
    return client.post(
        reverse("entry:import"),
        {"year": YEAR, "file": SimpleUploadedFile("填报.xlsx", content)},
    )


def problems_of(response) -> list[dict]:
    return [p.as_dict() for p in response.context["problems"]]


def records() -> set[tuple]:
    return {
        (a.indicator.code, a.period, a.vintage, a.value)
        for a in Actual.objects.select_related("indicator")
    }


def test_it_imports_a_workbook_of_periods_and_vintages(client, w):
    # Given a workbook with K7's 1–6月 and 1–9月, K9's 1–6月, and K4's full year as 快报
    content = xlsx_bytes(
        [
            HEADER,
            ["K7", "鹿城区", YEAR, "1–6月", "", 40],
            ["K7", "鹿城区", YEAR, 9, None, 70],
            ["K9", "鹿城区", YEAR, "1-6月", "年报（正式）", 12.5],
            ["K4", "鹿城区", YEAR, "全年", "快报", 3700],
        ]
    )
    response = upload(client, w.county, content)
    # Then every row is saved as its own period and vintage
    assert response.status_code == 302, problems_of(response)
    assert records() == {
        ("K7", 6, "final", Decimal(40)),
        ("K7", 9, "final", Decimal(70)),
        ("K9", 6, "final", Decimal("12.5")),
        ("K4", 12, "flash", Decimal(3700)),
    }


def test_it_refuses_the_whole_file_naming_the_indicator_of_each_bad_row(client, w):
    content = xlsx_bytes(
        [
            HEADER,
            ["K4", "鹿城区", YEAR, "全年", "", 3700],  # good
            ["K7", "鹿城区", YEAR, "1–5月", "", 30],  # K7 is quarterly
            ["K9", "鹿城区", YEAR, "1–6月", "快报", 12],  # a vintage on a year-to-date figure
            ["K7", "鹿城区", YEAR, "", "", 100],  # no period for a periodic indicator
            ["K4", "鹿城区", YEAR, "全年", "初步", 3800],  # not a vintage
            ["K1", "鹿城区", YEAR, "1–6月", "", 2.5],  # K1 is yearly
        ]
    )
    response = upload(client, w.county, content)
    assert response.status_code == 200
    listed = [(p["row"], p["column"], p["reason"]) for p in problems_of(response)]
    assert [(row, column) for row, column, _ in listed] == [
        (3, "期间（D列）"),
        (4, "数据版本（E列）"),
        (5, "期间（D列）"),
        (6, "数据版本（E列）"),
        (7, "期间（D列）"),
    ]
    reasons = [reason for _, _, reason in listed]
    assert reasons[0] == (
        "K7 技术交易额：“技术交易额”按季填报，期间应为1–3月、1–6月、1–9月、全年，不能填报1–5月。"
    )
    assert reasons[1].startswith(
        "K9 高新技术产业投资增速：数据版本（快报、年报、修订）只用于全年数"
    )
    assert reasons[2].startswith("K7 技术交易额：该指标按季填报，请在“期间”列写明")
    assert reasons[3].startswith("K4 高新技术企业累计数：数据版本应为")
    assert reasons[4].startswith("K1 R&D经费占地区生产总值的比重：")
    assert not Actual.objects.exists()


def test_the_same_cell_may_come_twice_in_two_periods_or_vintages_but_not_twice_in_one(client, w):
    content = xlsx_bytes(
        [
            HEADER,
            ["K4", "鹿城区", YEAR, "全年", "快报", 3700],
            ["K4", "鹿城区", YEAR, "全年", "年报", 3720],
            ["K4", "鹿城区", YEAR, "全年", "快报", 3701],
        ]
    )
    response = upload(client, w.county, content)
    assert "与第2行重复" in problems_of(response)[0]["reason"]
    assert not Actual.objects.exists()


def test_a_new_vintage_in_the_template_is_saved_beside_the_old_one(client, w):
    # Given 鹿城区's approved 快报 of K4, downloaded in the template with its version
    flash = services.actual_save(
        user=w.county,
        indicator=w.count,
        region=w.county_region,
        year=YEAR,
        value="3700",
        vintage="flash",
    )
    services.review_submit(user=w.county, obj=flash)
    client.force_login(w.county)
    response = client.get(reverse("entry:template"), {"year": YEAR})
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb["填报"]
    header = [c.value for c in ws[3]]
    row = next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 2).value == "K4")
    assert ws.cell(row, header.index("期间") + 1).value == "全年"
    assert ws.cell(row, header.index("数据版本") + 1).value == "快报"
    vintage_cell = ws.cell(row, header.index("数据版本") + 1).coordinate
    assert [
        dv.formula1 for dv in ws.data_validations.dataValidation if vintage_cell in dv.sqref
    ] == ['"快报,年报（正式）,修订"']
    # When the clerk switches the row to 年报 and fills in 3,720
    ws.cell(row, header.index("数据版本") + 1, "年报（正式）")
    ws.cell(row, header.index("本年值") + 1, 3720)
    for r in range(4, ws.max_row + 1):
        if r != row:
            ws.cell(r, header.index("本年值") + 1, None)
    buffer = io.BytesIO()
    wb.save(buffer)
    response = upload(client, w.county, buffer.getvalue())
    # Then the 年报 is a new record and the submitted 快报 is untouched
    assert response.status_code == 302, problems_of(response)
    flash.refresh_from_db()
    assert (flash.value, flash.state) == (Decimal(3700), "submitted")
    assert Actual.objects.get(indicator=w.count, vintage="final").value == Decimal(3720)


def test_the_template_of_a_period_lists_its_rows_with_period_lists(client, w):
    client.force_login(w.county)
    response = client.get(reverse("entry:template"), {"year": YEAR, "period": 6})
    assert (
        "1–6月" in response["Content-Disposition"]
        or "1%E2%80%936" in (response["Content-Disposition"])
    )
    ws = load_workbook(io.BytesIO(response.content))["填报"]
    header = [c.value for c in ws[3]]
    period_col = header.index("期间") + 1
    rows = {
        ws.cell(r, 2).value: (ws.cell(r, period_col).value, ws.cell(r, period_col + 1).value)
        for r in range(4, ws.max_row + 1)
    }
    # Only the quarterly and monthly indicators, for 1–6月, with no vintage
    assert rows == {"K7": ("1–6月", None), "K9": ("1–6月", None)}
    lists = {dv.formula1 for dv in ws.data_validations.dataValidation if dv.type == "list"}
    assert '"1–3月,1–6月,1–9月,全年"' in lists


def test_the_export_has_period_and_vintage_columns(client, w):
    services.actual_save(
        user=w.county, indicator=w.money, region=w.county_region, year=YEAR, value="40", period=6
    )
    services.actual_save(
        user=w.county,
        indicator=w.money,
        region=w.county_region,
        year=YEAR,
        value="95",
        vintage="flash",
    )
    client.force_login(w.leader)
    ws = load_workbook(io.BytesIO(client.get(reverse("entry:export"), {"year": YEAR}).content))
    ws = ws.active
    header = [c.value for c in ws[1]]
    rows = [
        dict(zip(header, (c.value for c in row), strict=True)) for row in ws.iter_rows(min_row=2)
    ]
    assert [(r["期间"], r["数据版本"], r["实际值"]) for r in rows] == [
        ("1–6月", None, 40),
        ("全年", "快报", 95),
    ]
