"""CSV and Excel renderings of the tabular endpoints."""

import csv
import io

import pytest
from openpyxl import load_workbook

from indicators.models import Indicator, Region, Target
from tests.api.conftest import API, error_of
from tests.factories import ActualFactory

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def read_csv(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # so that Excel reads the Chinese as UTF-8
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def read_xlsx(response) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return list(sheet.iter_rows(values_only=True))


def test_it_exports_a_list_as_csv_with_chinese_headers(clients):
    response = clients["read"].get(f"{API}/targets/?indicator=K1&format=csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="target.csv"')
    rows = read_csv(response)
    header, body = rows[0], rows[1:]
    assert header[:4] == ["ID", "指标代码", "指标名称", "区域代码"]
    assert len(body) == Target.objects.filter(indicator__code="K1").count()
    value = header.index("目标值")
    assert {row[value] for row in body} >= {"2.7", "3", "3.4", "3.1"}


def test_it_exports_the_whole_filtered_list_not_one_page(clients):
    total = Target.objects.count()
    assert total > 100  # more than the JSON page

    full = read_csv(clients["read"].get(f"{API}/targets/?format=csv"))
    paged = read_csv(clients["read"].get(f"{API}/targets/?format=csv&limit=10&offset=5"))

    assert len(full) == 1 + total
    assert len(paged) == 1 + 10


def test_it_uses_the_json_keys_as_headers_on_request(clients):
    rows = read_csv(clients["read"].get(f"{API}/regions/?format=csv&header=key"))

    assert rows[0] == ["code", "name", "kind", "kind_label", "in_rollup", "order", "groups"]
    assert rows[1][:2] == ["330300", "温州市"]
    yongjia = next(row for row in rows if row[1] == "永嘉县")
    # 山区5县, and 县（市、区） (the 12 divisions a coverage target counts)
    assert yongjia[-1].split("；") == ["山区5县", "县（市、区）"]


def test_it_negotiates_csv_by_the_accept_header(clients):
    response = clients["read"].get(f"{API}/plans/", HTTP_ACCEPT="text/csv")

    assert response["Content-Type"].startswith("text/csv")
    assert read_csv(response)[1][1] == "温政发〔2023〕17号"


def test_it_exports_excel_with_numbers_as_numbers(clients):
    response = clients["read"].get(f"{API}/actuals/?region=330300&year=2022&format=xlsx")

    assert response.status_code == 200 and response["Content-Type"] == XLSX
    rows = read_xlsx(response)
    header = rows[0]
    assert header[:3] == ("ID", "指标代码", "指标名称")
    value = header.index("实际值")
    by_code = {row[1]: row for row in rows[1:]}
    assert len(by_code) == Indicator.objects.filter(actuals__year=2022).count() == 9
    assert by_code["K1"][value] == pytest.approx(2.6)
    assert by_code["K4"][value] == 3700


def test_it_exports_the_status_with_its_labels(clients, filled_2023):
    rows = read_xlsx(clients["read"].get(f"{API}/status/?year=2023&category=key&format=xlsx"))

    header = rows[0]
    assert {"指标代码", "区域名称", "年度状态", "年度状态名称", "完成率"} <= set(header)
    assert len(rows) == 1 + 9 * Region.objects.count()
    status = header.index("年度状态名称")
    assert {row[status] for row in rows[1:]} <= {
        "已达标",
        "接近达标",
        "未达标",
        "暂无数据",
        "无目标",
    }


def test_it_never_lets_a_cell_become_a_formula(clients, seeded):
    ActualFactory(
        indicator=Indicator.objects.get(code="K7"),
        region=Region.objects.get(code="330302"),
        year=2023,
        source_note='=HYPERLINK("http://example.invalid","点击")',
        explanation="-1+1",
    )

    csv_rows = read_csv(clients["read"].get(f"{API}/actuals/?region=330302&format=csv&header=key"))
    xlsx_rows = read_xlsx(
        clients["read"].get(f"{API}/actuals/?region=330302&format=xlsx&header=key")
    )

    note = csv_rows[0].index("source_note")
    assert csv_rows[1][note] == '\'=HYPERLINK("http://example.invalid","点击")'
    assert csv_rows[1][csv_rows[0].index("explanation")] == "'-1+1"
    assert (
        xlsx_rows[1][note] == '=HYPERLINK("http://example.invalid","点击")'
    )  # text, not a formula
    workbook = load_workbook(
        io.BytesIO(clients["read"].get(f"{API}/actuals/?region=330302&format=xlsx").content)
    )
    assert workbook.active.cell(row=2, column=note + 1).data_type == "s"


def test_it_flattens_nested_objects_into_columns(clients):
    rows = read_csv(clients["read"].get(f"{API}/replies/?format=csv&header=key"))

    assert {"proposal.session", "proposal.number", "doc_number"} <= set(rows[0])


def test_it_answers_errors_in_json_even_when_csv_was_asked(clients):
    bad = clients["read"].get(f"{API}/actuals/?year=abc&format=csv")
    anonymous = clients["anonymous"].get(f"{API}/actuals/?format=xlsx")

    for response in (bad, anonymous):
        assert response["Content-Type"].startswith("application/json")
        assert "Content-Disposition" not in response
        error_of(response)


def test_it_refuses_an_export_over_the_row_limit(clients, settings):
    settings.WZSCI_API_EXPORT_MAX_ROWS = 10

    response = clients["read"].get(f"{API}/targets/?format=csv")
    paged = clients["read"].get(f"{API}/targets/?format=csv&limit=10")

    assert response.status_code == 400
    assert error_of(response)["code"] == "export_too_large"
    assert "10" in error_of(response)["message"]
    assert paged.status_code == 200
