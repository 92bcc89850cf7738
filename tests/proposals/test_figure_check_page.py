"""The figure check page (/proposals/figure-check/): paste or upload, read the results, print,
export to Excel; and the same check as an API endpoint (POST /api/v1/figure-check/)."""

import io
import uuid

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from indicators.catalogue.services import tokens
from indicators.catalogue.services.tokens import api_token_create

pytestmark = pytest.mark.django_db

URL = "/proposals/figure-check/"
API_URL = "/api/v1/figure-check/"
ALTERED = "2022年，全年新增孵化空间162万平方米、近历年总和的两倍，引进专业运营机构20家。"


def test_it_needs_a_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_every_role_may_check_a_text(seeded, client, leader):
    client.force_login(leader)
    page = client.get(URL)
    assert page.status_code == 200
    assert 'id="figure-check-form"' in page.content.decode()


def test_it_shows_each_figure_with_its_verdict_and_keeps_the_text(seeded, client, bureau):
    client.force_login(bureau)
    response = client.post(URL, {"text": ALTERED, "year": "2023"})

    html = response.content.decode()
    assert response.status_code == 200
    # K8's approved 2022 actual is 152: 162 differs by +10 万平方米 (6.58 %)
    assert 'data-verdict="differs"' in html
    assert "+10万平方米（+6.58%）" in html
    assert "已审核实际值" in html
    # 引进专业运营机构20家 agrees with what 94号 reported
    assert 'data-verdict="agrees"' in html
    assert "共找到 2 个数据" in html
    # The text stays in the form, for the export and for a corrected check
    assert "全年新增孵化空间162万平方米" in html.split('id="figure-check-form"')[1]
    # And the page prints its own header (the form and the menus are screen-only)
    assert "文稿年份 2023" in html and "fc-print-only" in html


def test_it_exports_the_same_results_to_excel_as_inert_text(seeded, client, reviewer):
    client.force_login(reviewer)
    text = '=HYPERLINK("http://x","y")，2022年全年新增孵化空间162万平方米。'
    response = client.post(URL, {"text": text, "year": "2023", "export": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [c.value for c in sheet[4]]
    assert header[:3] == ["序号", "原文语句", "数据"]
    row = {header[i]: cell for i, cell in enumerate(sheet[5])}
    assert row["数据"].value == "162万平方米"
    assert row["核对结论"].value == "不一致"
    assert row["差异"].value == "+10万平方米（+6.58%）"
    # The user's sentence starts with "=": it is text in Excel, never a formula
    assert row["原文语句"].value.startswith("=HYPERLINK")
    assert row["原文语句"].data_type == "s" and row["原文语句"].quotePrefix


def test_it_reads_an_uploaded_docx_and_refuses_other_files(seeded, client, bureau):
    client.force_login(bureau)
    document = docx.Document()
    document.add_paragraph(ALTERED)
    buffer = io.BytesIO()
    document.save(buffer)
    upload = SimpleUploadedFile("通报.docx", buffer.getvalue())

    response = client.post(URL, {"file": upload, "year": "2023"})
    assert response.status_code == 200
    assert 'data-verdict="differs"' in response.content.decode()

    pdf = SimpleUploadedFile("通报.pdf", b"%PDF-1.4")
    refused = client.post(URL, {"file": pdf, "year": "2023"})
    assert refused.status_code == 400
    assert "不支持的文件类型 .pdf" in refused.content.decode()


def test_it_refuses_a_text_over_the_paste_limit(seeded, client, bureau, settings):
    settings.WZSCI_MAX_PASTE_BYTES = 1024
    client.force_login(bureau)

    response = client.post(URL, {"text": "数" * 400, "year": "2024"})  # 1,200 bytes in UTF-8

    assert response.status_code == 400
    assert "数据核对一次最多 1 KB" in response.content.decode()


# --- the API -----------------------------------------------------------------------------------


@pytest.fixture
def api(seeded, leader, settings):
    """A client with the leadership's read-only token; a clean throttle and token memory."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"},
    }
    tokens._remembered.clear()
    _, key = api_token_create(client_name="市数据平台", user=leader, read_only=True)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    yield client
    tokens._remembered.clear()


def test_the_api_checks_a_text_even_with_a_read_only_token(api):
    response = api.post(API_URL, {"text": ALTERED, "year": 2023}, format="json")

    assert response.status_code == 200
    body = response.json()
    assert body["year"] == 2023
    assert body["counts"] == {"total": 2, "agrees": 1, "differs": 1, "not_found": 0}
    first = body["results"][0]
    assert (first["printed"], first["value"], first["unit_of_measure"]) == (
        "162万平方米",
        "162",
        "万平方米",
    )
    assert first["indicator"]["code"] == "K8"
    assert (first["region"], first["year"], first["period"]) == ("温州市", 2022, "")
    assert first["verdict"] == "differs"
    against = first["against"]
    assert (against["kind"], against["value"], against["difference"]) == ("actual", "152", "10")
    assert against["difference_text"] == "+10万平方米（+6.58%）"
    assert against["relative_difference"] == "0.065789"


def test_the_api_answers_errors_in_its_one_json_shape(api, settings):
    missing = api.post(API_URL, {"year": 2023}, format="json")
    assert missing.status_code == 400
    assert missing.json()["error"]["code"] == "validation_failed"
    assert "text" in missing.json()["error"]["details"]

    settings.WZSCI_MAX_PASTE_BYTES = 1024
    too_long = api.post(API_URL, {"text": "数" * 400}, format="json")
    assert too_long.status_code == 413
    error = too_long.json()["error"]
    assert error["code"] == "request_too_large"
    assert "数据核对一次最多 1 KB" in error["message"]

    assert api.get(API_URL).json()["error"]["code"] == "method_not_allowed"
    anonymous = APIClient().post(API_URL, {"text": ALTERED}, format="json")
    assert anonymous.status_code == 401
    assert anonymous.json()["error"]["code"] == "not_authenticated"


def test_the_api_lists_the_check_at_its_root(api):
    assert api.get("/api/v1/").json()["figure-check"].endswith(API_URL)
    assert reverse("api:figure-check") == API_URL
