"""Every dashboard table downloads as CSV and Excel, with the same rows as the page."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from indicators.dashboards.exports import Cell, Row, Table, table_response
from indicators.models import Indicator, Region

from .conftest import write_snapshot

pytestmark = pytest.mark.django_db


def read_csv(response) -> list[list[str]]:
    body = response.content
    assert body.startswith("\ufeff".encode()), "Excel needs the byte-order mark to read UTF-8"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_it_downloads_the_table_the_page_shows(leader_client, seeded):
    # Given R&D intensity met in 2024 (a hand-written snapshot)
    k1 = Indicator.objects.get(code="K1")
    city = Region.objects.get(kind=Region.Kind.CITY)
    write_snapshot(
        k1,
        city,
        2024,
        actual_value=3.04,
        target_value=2.9,
        target_comparator="approx",
        target_interpolated=True,
        attainment=1.0483,
        year_status="met",
        outlook_status="on_track",
    )
    url = reverse("dashboards:overview")
    page = leader_client.get(url, {"year": 2024})
    shown = page.context["tables"]["key_indicators"]
    # When the key-indicator table is downloaded as CSV
    response = leader_client.get(url, {"year": 2024, "format": "csv", "table": "key_indicators"})
    # Then it is an attachment with a Chinese file name, and its rows are the page's rows
    assert response["Content-Type"].startswith("text/csv")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == shown.columns
    assert len(rows) == 1 + len(shown.rows) == 10
    first = rows[1]
    assert first[1] == "R&D经费占地区生产总值的比重"
    assert first[3] == "3.04"  # as entered: never fewer decimals than the figure has (issue 12)
    assert first[5] == "≈2.9（折算）"
    assert first[6] == "104.8%"
    assert first[7] == "已达标" and first[8] == "按期可达"


def test_it_downloads_excel_with_numbers_as_numbers(leader_client, seeded):
    k4 = Indicator.objects.get(code="K4")
    city = Region.objects.get(kind=Region.Kind.CITY)
    write_snapshot(
        k4,
        city,
        2023,
        actual_value=4312.0,
        target_value=4300.0,
        target_comparator="gte",
        attainment=4312 / 4300,
        year_status="met",
        outlook_status="on_track",
    )
    response = leader_client.get(
        reverse("dashboards:indicator", args=["K4"]),
        {"year": 2023, "format": "xlsx", "table": "years"},
    )
    assert (
        response["Content-Type"]
        == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][:3] == ("年份", "实际值（家）", "年度目标")
    row_2023 = next(r for r in values[1:] if r[0] == 2023)  # the year, as a number
    assert row_2023[1] == 4312  # a number, not the text "4,312"
    assert row_2023[2] == 4300
    assert row_2023[3] == pytest.approx(1.003)  # attainment: 100.3 % in a percent format
    assert row_2023[6] == "已达标"


@pytest.mark.parametrize(
    ("page", "keys"),
    [
        ("dashboards:overview", ["key_indicators", "status_counts", "levers", "submissions"]),
        ("dashboards:counties", ["heatmap", "ranking"]),
        ("dashboards:levers", ["levers", "pilot_plan_tasks", "pilots"]),
        ("dashboards:units", ["units"]),
    ],
)
def test_it_offers_every_table_of_a_page_in_both_formats(leader_client, demo, page, keys):
    url = reverse(page)
    html = leader_client.get(url, {"year": 2024}).content.decode()
    for key in keys:
        for fmt in ("csv", "xlsx"):
            assert f"format={fmt}&amp;table={key}" in html
            response = leader_client.get(url, {"year": 2024, "format": fmt, "table": key})
            assert response.status_code == 200, (key, fmt)
            assert response["Content-Disposition"].startswith("attachment;")


def test_it_exports_the_rows_a_long_table_leaves_off_the_page(rf):
    table = Table(
        "t", "长表", ["序号"], [Row([Cell(str(i), value=i)]) for i in range(250)], html_limit=200
    )
    assert len(table.shown_rows) == 200 and table.truncated
    rows = read_csv(table_response(table, fmt="csv", filename="长表"))
    assert len(rows) == 251


def test_it_keeps_spreadsheets_from_running_text_as_a_formula():
    table = Table("t", "注入", ["说明", "数值"], [Row([Cell('=HYPERLINK("x")'), Cell("-1.5")])])
    rows = read_csv(table_response(table, fmt="csv", filename="注入"))
    assert rows[1] == ['\'=HYPERLINK("x")', "-1.5"]
    sheet = load_workbook(
        io.BytesIO(table_response(table, fmt="xlsx", filename="注入").content)
    ).active
    assert sheet["A2"].value == '=HYPERLINK("x")' and sheet["A2"].data_type == "s"
