"""One formula-safe writer for every .xlsx and .csv download (common/spreadsheets.py): text that
a spreadsheet would run stays text, numbers stay numbers, header rows are guarded too."""

import csv
import io

import pytest
from openpyxl import Workbook, load_workbook

from common.spreadsheets import (
    content_disposition,
    csv_bytes,
    csv_text,
    runs_as_formula,
    workbook_bytes,
    xlsx_cell,
    xlsx_row,
)
from indicators.api.renderers import CSVRenderer, XLSXRenderer
from indicators.dashboards.exports import Cell, Row, Table, table_response


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://x","y")', "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", "-", "-e5"]
)
def test_it_takes_text_that_starts_like_a_formula_for_one(text):
    assert runs_as_formula(text)
    assert csv_text(text) == "'" + text


@pytest.mark.parametrize("text", ["-1,500", "-1500", "+3.5", "-1.5e3", "-.5", "3,700", "林晓", ""])
def test_it_leaves_plain_numbers_and_ordinary_text_alone(text):
    assert not runs_as_formula(text)
    assert csv_text(text) == text


def test_it_writes_csv_with_a_byte_order_mark_and_guards_the_header_too():
    body = csv_bytes([["=说明", "数值"], ["=1+1", -1500], [None, "-1,500"]])
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows == [["'=说明", "数值"], ["'=1+1", "-1500"], ["", "-1,500"]]


def test_it_types_excel_text_as_text_and_keeps_numbers_numbers():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(xlsx_row(sheet, ["=说明", "数值"]))
    sheet.append(xlsx_row(sheet, ['=HYPERLINK("http://x","y")', -1500]))
    xlsx_cell(sheet, row=3, column=1, value="-1+1")
    read = load_workbook(io.BytesIO(workbook_bytes(workbook))).active
    assert read["A1"].value == "=说明" and read["A1"].data_type == "s"
    assert read["A2"].value == '=HYPERLINK("http://x","y")' and read["A2"].data_type == "s"
    assert read["A2"].quotePrefix  # Excel keeps it text even when the cell is edited
    assert read["B2"].value == -1500 and read["B2"].data_type == "n"
    assert read["A3"].value == "-1+1" and read["A3"].data_type == "s"


def test_it_names_a_download_in_chinese_with_an_ascii_fallback():
    assert content_disposition("target.csv") == (
        "attachment; filename=\"target.csv\"; filename*=UTF-8''target.csv"
    )
    header = content_disposition("2025年指标实际值.xlsx")
    assert header.startswith('attachment; filename="2025.xlsx"; ')
    assert header.endswith(
        "filename*=UTF-8''2025%E5%B9%B4%E6%8C%87%E6%A0%87%E5%AE%9E%E9%99%85%E5%80%BC.xlsx"
    )
    assert 'filename="wzsci.csv"' in content_disposition("总览/重点指标.csv")


def test_the_dashboards_and_the_api_write_the_same_cells_the_same_way():
    # Given the same header and cells, one a formula and one a number with separators
    table = Table("t", "注入", ["=说明", "数值"], [Row([Cell("-1+1"), Cell("-1,500")])])
    dashboards_csv = table_response(table, fmt="csv", filename="注入").content
    api_csv = CSVRenderer().render([{"=说明": "-1+1", "数值": "-1,500"}])
    # Then both CSVs are the same rows: the formula and the header escaped, the number as it is
    for body in (dashboards_csv, api_csv):
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
        assert rows == [["'=说明", "数值"], ["'-1+1", "-1,500"]]
    # And both workbooks type the header and the text as text
    dashboards_xlsx = table_response(table, fmt="xlsx", filename="注入").content
    api_xlsx = XLSXRenderer().render([{"=说明": "-1+1", "数值": "-1,500"}])
    for body in (dashboards_xlsx, api_xlsx):
        sheet = load_workbook(io.BytesIO(body)).active
        assert [(c.value, c.data_type) for c in sheet[1]] == [("=说明", "s"), ("数值", "s")]
        assert (sheet["A2"].value, sheet["A2"].data_type) == ("-1+1", "s")
