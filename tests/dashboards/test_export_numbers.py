"""Excel downloads of the dashboards write figures as numbers, formatted as the page shows them.

Issue 14, Why 11: 完成率 was exported as text. A figure is a number (data type "n") with the
number format of the decimals the page shows; a share is a fraction in a percent format.
"""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from common.spreadsheets import number_format, shown_figure
from indicators.dashboards.exports import Cell, Row, Table, table_response
from indicators.models import Indicator, Region

from .conftest import write_snapshot

pytestmark = pytest.mark.django_db


def test_it_reads_a_shown_figure_back_as_a_number_and_its_format():
    assert shown_figure("3,700.50") == (3700.5, "#,##0.00")
    assert shown_figure("98.7%") == (0.987, "0.0%")
    assert shown_figure("≥3.0") == (3.0, "#,##0.0")
    assert shown_figure("19 家") == (19.0, "#,##0")
    assert shown_figure("-0.5") == (-0.5, "#,##0.0")
    for text in ("—", "超出 0.5", "2025年", "已达标", ""):
        assert shown_figure(text) is None
    assert number_format(0) == "#,##0" and number_format(2, percent=True) == "0.00%"


def test_it_writes_figures_and_shares_as_numbers_with_their_formats():
    # Given a table with a figure of two decimals, a share and a status word
    table = Table(
        "t",
        "数字",
        ["实际值", "完成率", "状态"],
        [
            Row(
                [
                    Cell("3.70", value=3.7, numeric=True),
                    Cell("104.8%", value=104.8, numeric=True),
                    Cell("已达标"),
                ]
            )
        ],
    )
    # When it is downloaded as Excel
    sheet = load_workbook(
        io.BytesIO(table_response(table, fmt="xlsx", filename="数字").content)
    ).active
    value, share, word = sheet["A2"], sheet["B2"], sheet["C2"]
    # Then the figure and the share are numbers, formatted with the decimals the page shows
    assert (value.data_type, value.value, value.number_format) == ("n", 3.7, "#,##0.00")
    assert (share.data_type, share.number_format) == ("n", "0.0%")
    assert share.value == pytest.approx(1.048)
    assert word.data_type == "s"


def test_the_indicator_pages_excel_has_attainment_as_a_percent_number(leader_client, seeded):
    # Given 高新技术企业数 (K4) at 4,312 against ≥4,300 in 2023
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
    # When the year table is downloaded as Excel
    response = leader_client.get(
        reverse("dashboards:indicator", args=["K4"]),
        {"year": 2023, "format": "xlsx", "table": "years"},
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[1]]
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == 2023)
    actual, attainment = row[1], row[header.index("完成率")]
    # Then the actual is the number 4312 shown "#,##0", and 完成率 the number 1.0028 as "0.0%"
    assert (actual.data_type, actual.value, actual.number_format) == ("n", 4312, "#,##0")
    assert attainment.data_type == "n" and attainment.number_format == "0.0%"
    assert attainment.value == pytest.approx(1.003)
