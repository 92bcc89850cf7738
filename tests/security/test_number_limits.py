"""Huge numbers (issue 11, defect 1): "1e1000000" is nine characters, and converting it to an
integer held a worker until it was killed. Every write path refuses such a number from its text,
before any conversion, with the message the validator gives ("数值过大"), and saves nothing:
the API (actuals, task reports; as text and as a JSON number literal), the entry page, the Excel
and CSV import, the reply import's confirmed rows, and the figure check's pasted text.
"""

from __future__ import annotations

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from common.numbers import NotANumber, parse_number
from indicators.catalogue.services import tokens
from indicators.catalogue.services.tokens import api_token_create
from indicators.models import Actual, TaskReport
from tests.indicators.entry_world import YEAR, make_world, xlsx_bytes

pytestmark = pytest.mark.django_db

FIVE_THOUSAND_DIGITS = "9" * 5000
HUGE = ["1e1000000", "1e300000", "1E+300000", FIVE_THOUSAND_DIGITS]
HUGE_IDS = ["1e1000000", "1e300000", "1E+300000", "5000-digits"]
TOO_LARGE = "数值过大"


@pytest.fixture(autouse=True)
def own_throttle_counters(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"},
    }
    tokens._remembered.clear()


@pytest.fixture
def w(db):
    return make_world()


def api_client(user) -> APIClient:
    _, key = api_token_create(client_name="测试系统", user=user, read_only=False)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


# --- the one rule --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "raw",
    [*HUGE, "-1e300000", " 1e300000 ", "１e300000", "1e300000%"],
    ids=[*HUGE_IDS, "negative", "spaces", "full-width", "percent"],
)
def test_the_reader_refuses_a_huge_number_from_its_text(raw):
    with pytest.raises(NotANumber) as refused:
        parse_number(raw)
    assert refused.value.message.startswith(TOO_LARGE)


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("1e-300000", "0"),
        ("0e1000000", "0"),
        ("1e13", "10000000000000"),
        ("2.6100000000000003", "2.61"),
    ],
)
def test_small_or_ordinary_numbers_are_still_read(raw, value):
    assert str(parse_number(raw)) == value


def test_a_long_text_is_refused_without_being_read_through():
    # Given a megabyte pasted where a number goes: refused, and the message quotes only its start
    with pytest.raises(NotANumber) as refused:
        parse_number("七" * 1_000_000)
    assert len(refused.value.message) < 80


# --- the API -------------------------------------------------------------------------------------
@pytest.mark.parametrize("raw", HUGE, ids=HUGE_IDS)
def test_the_api_refuses_a_huge_value_as_text(w, raw):
    response = api_client(w.bureau).post(
        "/api/v1/actuals/",
        {"indicator": "K4", "region": "330300", "year": YEAR, "value": raw},
        format="json",
    )
    assert response.status_code == 400, response.json()
    assert TOO_LARGE in str(response.json()["error"]["details"]["value"])
    assert not Actual.objects.exists()


@pytest.mark.parametrize(
    "literal", ["1e1000000", "1e300000", FIVE_THOUSAND_DIGITS], ids=HUGE_IDS[:2] + HUGE_IDS[3:]
)
def test_the_api_refuses_a_huge_json_number_literal(w, literal):
    # Given the number as a JSON literal, not a string (json.dumps cannot write 5,000 digits)
    body = f'{{"indicator": "K4", "region": "330300", "year": {YEAR}, "value": {literal}}}'
    response = api_client(w.bureau).post("/api/v1/actuals/", body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert TOO_LARGE in str(response.json()["error"]["details"]["value"])
    assert not Actual.objects.exists()


@pytest.mark.parametrize("raw", HUGE, ids=HUGE_IDS)
def test_the_api_refuses_a_huge_task_report_percentage(w, raw):
    response = api_client(w.bureau).post(
        "/api/v1/task-reports/",
        {
            "task": w.task.pk,
            "unit": w.bureau_unit.pk,
            "year": YEAR,
            "period": 1,
            "status": "on_schedule",
            "percent": raw,
            "text": "推进中",
        },
        format="json",
    )
    assert response.status_code == 400, response.json()
    assert TOO_LARGE in str(response.json()), response.json()
    assert not TaskReport.objects.exists()


# --- the entry page ------------------------------------------------------------------------------
@pytest.mark.parametrize("raw", HUGE, ids=HUGE_IDS)
def test_the_entry_page_refuses_a_huge_value(client, w, raw):
    p = f"r{w.count.pk}"
    client.force_login(w.county)
    response = client.post(
        reverse("entry:home") + f"?year={YEAR}&region={w.county_region.code}",
        {
            "year": YEAR,
            "region": w.county_region.code,
            "action": "save",
            f"{p}-value": raw,
            f"{p}-version": "0",
            f"{p}-source_note": "",
            f"{p}-explanation": "",
        },
    )
    assert response.status_code in (200, 400)
    assert TOO_LARGE in response.content.decode()
    assert not Actual.objects.exists()


# --- the import ----------------------------------------------------------------------------------
HEADER = ["指标代码", "区域", "年份", "本年值", "数据来源说明", "变动说明"]


@pytest.mark.parametrize("raw", HUGE, ids=HUGE_IDS)
@pytest.mark.parametrize("kind", ["xlsx", "csv"])
def test_the_import_refuses_a_huge_value(client, w, raw, kind):
    rows = [HEADER, ["K4", "鹿城区", YEAR, raw, "", ""], ["K7", "鹿城区", YEAR, "12", "", ""]]
    if kind == "xlsx":
        content, name = xlsx_bytes(rows), "填报.xlsx"
    else:
        content = "\n".join(",".join(str(c) for c in row) for row in rows).encode("utf-8")
        name = "填报.csv"
    client.force_login(w.county)
    response = client.post(
        reverse("entry:import"), {"year": YEAR, "file": SimpleUploadedFile(name, content)}
    )
    assert response.status_code in (200, 400)
    problems = [p.reason for p in response.context["problems"]]
    assert any(TOO_LARGE in message for message in problems), problems
    assert not Actual.objects.exists()  # all-or-nothing: the good row is not saved either


# --- pasted text: the figure check and the reply import ------------------------------------------
HUGE_PASTE = (
    "2022年，全年新增孵化空间" + FIVE_THOUSAND_DIGITS + "万平方米，引进专业运营机构1e300000家。"
    "下一步，力争新增高新技术企业" + FIVE_THOUSAND_DIGITS + "家。"
)


def test_the_figure_check_reads_a_pasted_huge_number_without_failing(seeded, client, bureau):
    client.force_login(bureau)
    response = client.post("/proposals/figure-check/", {"text": HUGE_PASTE, "year": "2023"})
    assert response.status_code == 200


def test_the_reply_import_does_not_save_a_huge_number(seeded, client, reviewer):
    from proposals.models import Commitment, Reply

    client.force_login(reviewer)
    replies = Reply.objects.count()
    started = client.post(reverse("proposals:import"), {"text": HUGE_PASTE})
    assert started.status_code == 302
    page = client.get(started.url)
    assert page.status_code == 200
    # When the clerk keeps the candidate as parsed and confirms
    confirmed = client.post(
        started.url,
        {
            "h-doc_number": "温科提〔2024〕99号",
            "h-session": "市政协十二届三次会议",
            "h-proposal_number": "1",
            "h-proposer": "张三",
            "h-title": "测试",
            "h-handling_unit": "市科技局",
            "h-signed_on": "2024-05-01",
            "h-issued_on": "",
            "h-contact_name": "",
            "h-contact_phones": "",
            "h-copy_to": "",
            "c-TOTAL_FORMS": "1",
            "c-INITIAL_FORMS": "1",
            "c-0-keep": "on",
            "c-0-text": "力争新增高新技术企业",
            "c-0-quantity": "1e300000",
            "c-0-unit_of_measure": "家",
            "c-0-comparator": "gte",
            "c-0-deadline": "2024-12-31",
            "c-0-responsible_unit": "市科技局",
            "f-TOTAL_FORMS": "0",
            "f-INITIAL_FORMS": "0",
        },
    )
    # Then it is refused with the reader's reason, and no reply is saved
    assert confirmed.status_code == 400
    assert TOO_LARGE in confirmed.content.decode()
    assert (
        Reply.objects.count() == replies
        and not Commitment.objects.filter(text="力争新增高新技术企业").exists()
    )
