"""Uploading a filled template (.xlsx, built with openpyxl here) or a CSV: what real sheets hold
is read, what cannot be trusted is refused, and any problem rejects the whole file, listing every
problem with sheet, row, column and reason. Nothing is saved half-way."""

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from indicators.entry import services
from indicators.entry import spreadsheets as excel
from indicators.entry.views import transfer as entry_views
from indicators.models import Actual, WorkflowState
from tests.indicators.entry_world import YEAR, approved_actual, make_world, xlsx_bytes

pytestmark = pytest.mark.django_db
HEADER = ["指标代码", "区域", "年份", "本年值", "数据来源说明", "变动说明"]


@pytest.fixture
def w(db):
    return make_world()


def upload(client, user, content: bytes, name="填报.xlsx", *, submit=False, year=YEAR):
    client.force_login(user)
    data = {"year": year, "file": SimpleUploadedFile(name, content)}
    if submit:
        data["submit"] = "on"
    return client.post(reverse("entry:import"), data)


def problems_of(response) -> list[dict]:
    return [p.as_dict() for p in response.context["problems"]]


def saved() -> dict:
    return {
        (a.indicator.code, a.region.name): a.value
        for a in Actual.objects.select_related("indicator", "region")
    }


# --- the round trip --------------------------------------------------------------------------
def test_it_imports_the_downloaded_template_filled_in(client, w):
    # Given the county clerk's template for the year
    client.force_login(w.county)
    template = client.get(reverse("entry:template") + f"?year={YEAR}")
    wb = load_workbook(io.BytesIO(template.content))
    ws = wb["填报"]
    rows = {ws.cell(row=r, column=2).value: r for r in range(4, ws.max_row + 1)}
    # When two values are filled the way people do: one as text with a separator, one as 2.61%
    ws.cell(row=rows["K4"], column=11, value="3,700")
    ws.cell(row=rows["K4"], column=12, value="市科技局高企认定名单")
    cell = ws.cell(row=rows["K1"], column=11, value=0.0261)
    cell.number_format = "0.00%"
    buffer = io.BytesIO()
    wb.save(buffer)
    response = upload(client, w.county, buffer.getvalue())
    # Then both are saved as drafts of 鹿城区, the rest of the rows (left empty) skipped
    assert response.status_code == 302
    assert saved() == {("K4", "鹿城区"): Decimal(3700), ("K1", "鹿城区"): Decimal("2.61")}
    assert Actual.objects.get(indicator=w.count).source_note == "市科技局高企认定名单"
    assert set(Actual.objects.values_list("state", "origin")) == {
        (WorkflowState.DRAFT, Actual.Origin.IMPORT)
    }


def test_it_submits_on_import_when_asked(client, w):
    content = xlsx_bytes(
        [HEADER, ["K4", "鹿城区", YEAR, 3700, "", ""], ["K1", "鹿城区", YEAR, 2.6, "", ""]]
    )
    response = upload(client, w.county, content, submit=True)
    assert response.status_code == 302
    assert set(Actual.objects.values_list("state", flat=True)) == {WorkflowState.SUBMITTED}


# --- what real sheets hold -------------------------------------------------------------------
def test_it_reads_full_width_digits_separators_percent_signs_and_numbers_stored_as_text(client, w):
    content = xlsx_bytes(
        [
            HEADER,
            ["K4", "鹿城区", YEAR, "３，７００", "", ""],  # full-width digits and comma, as text
            [],  # blank rows between
            [None, None, None, None, None, None],
            ["K1", "鹿城区", YEAR, "2.61%", "", ""],  # trailing %
            ["K7", "鹿城区", f"{YEAR}年", " 256.3 ", "", ""],  # 2024年, spaces
            ["K9", "鹿城区", str(YEAR), "−3.5", "", ""],  # Unicode minus
        ]
    )
    response = upload(client, w.county, content)
    assert response.status_code == 302, problems_of(response)
    assert saved() == {
        ("K4", "鹿城区"): Decimal(3700),
        ("K1", "鹿城区"): Decimal("2.61"),
        ("K7", "鹿城区"): Decimal("256.3"),
        ("K9", "鹿城区"): Decimal("-3.5"),
    }


def test_it_reads_a_sheet_with_a_merged_title_and_a_two_row_merged_header(client, w):
    def build(ws):
        # Row 1: a title over every column; rows 2–3: "指标代码"/"区域" merged down, "本年填报" over
        # the value and the note.
        ws.merge_cells("A1:E1")
        ws.merge_cells("A2:A3")
        ws.merge_cells("B2:B3")
        ws.merge_cells("C2:C3")
        ws.merge_cells("D2:E2")

    content = xlsx_bytes(
        [
            ["2024年度指标填报表（鹿城区）"],
            ["指标代码", "区域", "年份", "本年填报", None],
            [None, None, None, "本年值", "数据来源说明"],
            ["K4", "鹿城区", YEAR, 3700, "高企名单"],
            ["K5", None, None, None, None],
        ],
        build=build,
    )
    response = upload(client, w.county, content)
    assert response.status_code == 302, problems_of(response)
    assert saved() == {("K4", "鹿城区"): Decimal(3700)}


def test_it_reads_a_region_merged_down_many_rows(client, w):
    def build(ws):
        ws.merge_cells("B2:B3")

    content = xlsx_bytes(
        [HEADER[:4], ["K4", "鹿城区", YEAR, 3700], ["K1", None, YEAR, 2.6]], build=build
    )
    response = upload(client, w.county, content)
    assert response.status_code == 302, problems_of(response)
    assert saved() == {("K4", "鹿城区"): Decimal(3700), ("K1", "鹿城区"): Decimal("2.6")}


def test_it_finds_an_indicator_by_its_name_and_uses_the_chosen_year_without_a_year_column(
    client, w
):
    content = xlsx_bytes([["指标名称", "区域", "实际值"], ["高新技术企业累计数", "鹿城区", 3700]])
    response = upload(client, w.county, content, year=YEAR - 1)
    assert response.status_code == 302, problems_of(response)
    assert Actual.objects.get().year == YEAR - 1


def test_it_takes_an_approved_value_repeated_unchanged_but_refuses_a_changed_one(client, w):
    approved_actual(w.count, w.county_region, YEAR, 3700)
    same = xlsx_bytes([HEADER[:4], ["K4", "鹿城区", YEAR, "3,700"]])
    assert upload(client, w.county, same).status_code == 302
    changed = xlsx_bytes([HEADER[:4], ["K4", "鹿城区", YEAR, 3800]])
    response = upload(client, w.county, changed)
    assert response.status_code == 200
    assert "锁定" in problems_of(response)[0]["reason"]
    assert Actual.objects.get().value == Decimal(3700)


# --- refusals --------------------------------------------------------------------------------
def test_it_refuses_formula_cells(client, w):
    content = xlsx_bytes(
        [HEADER[:4], ["K4", "鹿城区", YEAR, "=1800*2"], ["K1", "鹿城区", YEAR, 2.6]]
    )
    response = upload(client, w.county, content)
    assert response.status_code == 200
    assert problems_of(response) == [
        {
            "sheet": "填报",
            "row": 2,
            "column": "本年值（D列）",
            # Issue 14: each problem names its row's indicator
            "reason": "K4 高新技术企业累计数：单元格是公式（=1800*2），系统不接受公式。"
            "请复制后“选择性粘贴 → 数值”再上传。",
        }
    ]
    assert not Actual.objects.exists()  # the good row is not saved either


def test_it_refuses_a_sheet_without_the_required_columns(client, w):
    content = xlsx_bytes([["指标代码", "区域", "年份", "备注"], ["K4", "鹿城区", YEAR, "3700"]])
    response = upload(client, w.county, content)
    assert response.status_code == 200
    [problem] = problems_of(response)
    assert problem["sheet"] == "填报" and problem["row"] == 1
    assert "缺少必需的列：本年值" in problem["reason"]


def test_it_refuses_a_sheet_without_any_header(client, w):
    response = upload(client, w.county, xlsx_bytes([["a", "b"], [1, 2]]))
    assert response.status_code == 200
    assert "没有找到表头" in problems_of(response)[0]["reason"]


def test_it_lists_every_problem_with_sheet_row_column_and_reason_and_saves_nothing(client, w):
    # Given a file with two good rows and four bad ones
    content = xlsx_bytes(
        [
            HEADER[:4],
            ["K4", "鹿城区", YEAR, 3700],  # good
            ["K1", "鹿城区", YEAR, "约2.6"],  # text in a number cell
            ["K1", "鹿城区", YEAR, 261],  # a share over 100 (and, once fixed, a duplicate of row 3)
            ["K99", "鹿城区", YEAR, 5],  # unknown indicator
            ["K7", "龙湾区", YEAR, 256],  # a region the clerk does not own
            ["K9", "鹿城区", YEAR, 15],  # good
        ]
    )
    response = upload(client, w.county, content)
    # Then every problem is listed, in row order, and nothing is saved
    assert response.status_code == 200
    listed = [(p["sheet"], p["row"], p["column"]) for p in problems_of(response)]
    assert listed == [
        ("填报", 3, "本年值（D列）"),
        ("填报", 4, "本年值（D列）"),
        ("填报", 5, "指标代码（A列）"),
        ("填报", 6, "区域（B列）"),
    ]
    reasons = [p["reason"] for p in problems_of(response)]
    assert "不是数字" in reasons[0]
    assert "0 到 100" in reasons[1]
    assert "找不到指标“K99”" in reasons[2]
    assert "没有权限填报“龙湾区”" in reasons[3]
    assert not Actual.objects.exists()
    body = response.content.decode()
    assert "发现 4 处问题，全部数据均未保存" in body


def test_it_refuses_a_row_repeated_in_the_file(client, w):
    content = xlsx_bytes([HEADER[:4], ["K4", "鹿城区", YEAR, 3700], ["K4", "鹿城区", YEAR, 3701]])
    response = upload(client, w.county, content)
    assert "与第2行重复" in problems_of(response)[0]["reason"]
    assert not Actual.objects.exists()


def test_it_refuses_a_date_in_a_number_cell(client, w):
    import datetime as dt

    content = xlsx_bytes([HEADER[:4], ["K4", "鹿城区", YEAR, dt.datetime(2024, 3, 7)]])
    response = upload(client, w.county, content)
    assert "日期" in problems_of(response)[0]["reason"]


def test_it_refuses_an_empty_file(client, w):
    response = upload(client, w.county, b"")
    assert response.status_code == 200
    assert "文件为空" in problems_of(response)[0]["reason"]


def test_it_refuses_a_template_with_no_value_filled_in(client, w):
    response = upload(client, w.county, xlsx_bytes([HEADER, ["K4", "鹿城区", YEAR, None, "", ""]]))
    assert response.status_code == 200
    assert "没有填写任何数值" in problems_of(response)[0]["reason"]


def test_it_refuses_a_file_named_xlsx_that_is_not_one(client, w):
    response = upload(client, w.county, "指标代码,区域\n这不是 Excel".encode(), name="模板.xlsx")
    assert response.status_code == 200
    assert "不是有效的 Excel（.xlsx）文件" in problems_of(response)[0]["reason"]


def test_it_refuses_a_zip_that_is_not_a_workbook(client, w):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    response = upload(client, w.county, buffer.getvalue(), name="模板.xlsx")
    assert "不是 Excel 工作簿" in problems_of(response)[0]["reason"]


def test_it_explains_that_an_old_xls_must_be_saved_as_xlsx(client, w):
    response = upload(client, w.county, excel.OLE_MAGIC + b"\x00" * 600, name="模板.xls")
    assert "97-2003" in problems_of(response)[0]["reason"]


def test_it_refuses_a_50_mb_file_without_reading_it_whole(client, w, monkeypatch, settings):
    # Given the reader and the parser are watched
    received = []
    original = entry_views.ImportSizeLimit.receive_data_chunk

    def watch(self, raw_data, start):
        received.append(len(raw_data))
        return original(self, raw_data, start)

    monkeypatch.setattr(entry_views.ImportSizeLimit, "receive_data_chunk", watch)
    monkeypatch.setattr(
        excel, "read_upload", lambda *a, **k: pytest.fail("a too large file must not be parsed")
    )
    # When a 50 MB file is uploaded
    big = excel.ZIP_MAGIC + b"\x00" * (50 * 1024 * 1024)
    response = upload(client, w.county, big, name="大文件.xlsx")
    # Then it is refused with the limit named, and at most one chunk of it was taken in
    assert response.status_code == 200
    assert "超过 10 MB" in problems_of(response)[0]["reason"]
    assert sum(received) <= settings.WZSCI_MAX_IMPORT_BYTES
    assert not Actual.objects.exists()


def test_it_refuses_an_oversized_file_in_the_reader_too(w):
    # The reader checks the size itself before reading, whatever path calls it
    upload_ = SimpleUploadedFile("a.xlsx", b"PK\x03\x04")
    upload_.size = 11 * 1024 * 1024
    with pytest.raises(services.ImportRejected) as info:
        excel.read_upload(upload_, default_year=YEAR)
    assert "文件过大" in info.value.problems[0].reason


# --- CSV -------------------------------------------------------------------------------------
@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"])
def test_it_imports_a_csv_saved_by_excel(client, w, encoding):
    text = '指标代码,区域,年份,本年值,数据来源说明\r\nK4,鹿城区,2024,"3,700",高企名单\r\n,,,,\r\nK1,鹿城区,2024,2.61%,\r\n'
    response = upload(client, w.county, text.encode(encoding), name="填报.csv")
    assert response.status_code == 302, problems_of(response)
    assert saved() == {("K4", "鹿城区"): Decimal(3700), ("K1", "鹿城区"): Decimal("2.61")}


def test_it_refuses_a_formula_and_bad_numbers_in_a_csv(client, w):
    text = "指标代码,区域,年份,本年值\nK4,鹿城区,2024,=A1\nK1,鹿城区,2024,两点六\n"
    response = upload(client, w.county, text.encode(), name="填报.csv")
    reasons = {(p["row"], p["column"]): p["reason"] for p in problems_of(response)}
    assert "公式" in reasons[(2, "本年值（D列）")]
    assert "不是数字" in reasons[(3, "本年值（D列）")]
    assert not Actual.objects.exists()


def test_it_refuses_a_csv_with_the_wrong_columns(client, w):
    response = upload(client, w.county, "名称,数量\nK4,1\n".encode(), name="a.csv")
    assert response.status_code == 200
    assert (
        "没有找到表头" in problems_of(response)[0]["reason"]
        or "缺少" in problems_of(response)[0]["reason"]
    )


# --- the service directly (an API batch) -----------------------------------------------------
def test_it_imports_a_batch_of_plain_rows_all_or_nothing(w):
    rows = [
        {"indicator": "K4", "region": "330302", "year": YEAR, "value": "3700"},
        {"indicator": w.share.pk, "region": "鹿城区", "year": YEAR, "value": "2.6"},
    ]
    result = services.actuals_import(user=w.county, rows=rows, origin=Actual.Origin.API)
    assert (result.created, result.updated) == (2, 0)
    rows[0]["value"] = "3800"
    rows[1]["value"] = "260"
    with pytest.raises(services.ImportRejected) as info:
        services.actuals_import(user=w.county, rows=rows)
    assert [p.row for p in info.value.problems] == [2]
    assert Actual.objects.get(indicator=w.count).value == Decimal(3700)  # row 1 not saved either
