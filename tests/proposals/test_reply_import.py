"""Importing a reply: paste or upload → parsed candidates → staff confirm → saved all at once."""

import io
import re
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from django.urls import reverse

from indicators.roles import Role
from proposals.models import Commitment, Proposal, Reply, ReportedFigure
from proposals.parsing import parse_reply_text
from proposals.services import imports as services
from tests.factories import make_person

from .formscrape import form_fields

pytestmark = pytest.mark.django_db

SOURCES = Path(__file__).resolve().parents[2] / "fixtures" / "sources"
TEXT_94 = (SOURCES / "wkt-2023-94.txt").read_text(encoding="utf-8")
DOC_94 = "温科提复〔2023〕94号"


def user_with(role: Role, unit_name: str | None = None):
    return make_person(role=role, unit=unit_name)


@pytest.fixture
def without_94(seeded):
    """The seed, minus the reply 94号 (so that it can be imported as a new one)."""
    Reply.objects.get(doc_number=DOC_94).delete()
    return seeded


def counts() -> tuple[int, int, int, int]:
    return (
        Proposal.objects.count(),
        Reply.objects.count(),
        Commitment.objects.count(),
        ReportedFigure.objects.count(),
    )


def start_import(client, **data):
    response = client.post(reverse("proposals:import"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"]


def test_it_imports_94_pasted_confirmed_as_proposed(without_94, client):
    client.force_login(user_with(Role.REVIEWER, "市科技局"))
    before = counts()
    parsed = parse_reply_text(TEXT_94)

    # When the reviewer pastes the text, Then nothing is saved yet: the draft is in the session
    confirm_url = start_import(client, text=TEXT_94)
    assert counts() == before

    # And the confirmation page proposes the header, every commitment and figure candidate
    page = client.get(confirm_url)
    assert page.status_code == 200
    html = page.content.decode()
    fields = form_fields(html, "confirm-form")
    assert fields["h-doc_number"] == DOC_94
    assert fields["h-handling_unit"] == "市科技局"  # 温州市科学技术局, by its short name
    assert fields["h-signed_on"] == "2023-06-20"
    assert int(fields["c-TOTAL_FORMS"]) == len(parsed.commitments)
    assert int(fields["f-TOTAL_FORMS"]) == len(parsed.reported_figures)
    assert counts() == before

    # When the reviewer confirms everything as proposed
    response = client.post(confirm_url, fields)

    # Then the reply is saved with its commitments and figures
    assert response.status_code == 302
    reply = Reply.objects.get(doc_number=DOC_94)
    assert response["Location"] == reverse("proposals:detail", args=[reply.pk])
    assert (reply.proposal.number, reply.proposal.proposer) == (142, "洪晓畅")
    assert reply.handling_unit.name == "市科技局"
    assert reply.contact_phones == ["88962001", "13858866588"]
    assert reply.full_text == TEXT_94.strip()
    assert reply.commitments.count() == len(parsed.commitments)
    assert reply.reported_figures.count() == sum(1 for f in parsed.reported_figures if f.year)
    promised = {(c.quantity, c.unit_of_measure) for c in reply.commitments.all()}
    for quantity, unit in [
        ("25", "项"),
        ("100", "项"),
        ("100", "家"),
        ("180", "万平方米"),
        ("20", "家"),
        ("30", "家"),
    ]:
        assert (Decimal(quantity), unit) in promised
    # The one commitment whose quantity is a printed target (K8 2023: 180) is linked to it …
    incubation = reply.commitments.get(quantity=Decimal("180"))
    assert incubation.indicator.code == "K8"
    assert str(incubation.deadline) == "2023-12-31"
    assert incubation.responsible_unit.name == "市科技局"
    # … and so is the figure that equals K8's approved 2022 baseline (152)
    assert reply.reported_figures.get(value=Decimal("152"), year=2022).indicator.code == "K8"
    # The draft is gone: confirming twice is impossible
    assert client.get(confirm_url).status_code == 302


def test_dropped_and_edited_rows_are_saved_as_staff_left_them(without_94, client):
    client.force_login(user_with(Role.REVIEWER))
    confirm_url = start_import(client, text=TEXT_94)
    fields = form_fields(client.get(confirm_url).content.decode(), "confirm-form")
    # Drop every commitment but the first, and edit its quantity; drop every figure
    for key in [k for k in fields if re.fullmatch(r"[cf]-\d+-keep", k)]:
        if key != "c-0-keep":
            del fields[key]
    fields["c-0-quantity"] = "26"
    response = client.post(confirm_url, fields)
    assert response.status_code == 302
    reply = Reply.objects.get(doc_number=DOC_94)
    assert list(reply.commitments.values_list("number", "quantity")) == [(1, Decimal("26"))]
    assert reply.reported_figures.count() == 0


def test_it_lists_what_a_malformed_document_lacks_and_saves_nothing(seeded, client):
    client.force_login(user_with(Role.REVIEWER))
    before = counts()
    confirm_url = start_import(
        client, text="关于加强科技工作的几点意见\n\n我们将继续努力，力争新增企业研发机构100家。"
    )
    page = client.get(confirm_url).content.decode()
    # The page lists what was not found, by the names users know
    for missing in [
        "未找到文号",
        "未找到会议届次",
        "未找到提案号",
        "未找到提案人",
        "未找到签发日期",
        "未找到承办单位",
    ]:
        assert missing in page
    # When the reviewer confirms anyway, Then nothing is saved and the problems are listed
    fields = form_fields(page, "confirm-form")
    response = client.post(confirm_url, fields)
    assert response.status_code == 400
    html = response.content.decode()
    assert "答复信息：文号不能为空" in html
    assert "答复信息：签发日期不能为空" in html
    assert counts() == before


def test_it_refuses_a_duplicate_document_number(seeded, client):
    client.force_login(user_with(Role.REVIEWER))
    before = counts()
    confirm_url = start_import(client, text=TEXT_94)
    fields = form_fields(client.get(confirm_url).content.decode(), "confirm-form")
    response = client.post(confirm_url, fields)
    assert response.status_code == 400
    assert f"文号为 {DOC_94} 的答复已经录入" in response.content.decode()
    assert counts() == before


def header(**changes) -> dict:
    base = {
        "doc_number": "温科提复〔2025〕7号",
        "session": "市政协十二届四次会议",
        "proposal_number": "12",
        "proposer": "测试委员",
        "title": "关于测试的提案",
        "handling_unit": "温州市科学技术局",
        "signed_on": "2025-06-20",
        "issued_on": "2025-06-21",
        "contact_name": "联系人",
        "contact_phones": "88960000，13800000000",
        "copy_to": "市府办、市政协提案委",
        "full_text": "答复全文。新增孵化面积150万平方米以上。",
    }
    return base | changes


def test_the_service_saves_nothing_when_any_row_is_wrong(seeded):
    reviewer = user_with(Role.REVIEWER)
    before = counts()
    with pytest.raises(services.ReplyImportRejected) as raised:
        services.reply_import(
            user=reviewer,
            header=header(),
            commitments=[
                {
                    "text": "新增孵化面积150万平方米以上。",
                    "quantity": "150",
                    "unit_of_measure": "万平方米",
                    "indicator": "K8",
                },
                {"text": "第二项", "quantity": "很多", "unit_of_measure": "项", "label": 7},
            ],
            figures=[
                {"value": "152", "unit_of_measure": "万平方米", "year": "1800", "sentence": "句子"}
            ],
        )
    problems = raised.value.problems
    assert any(p.startswith("承诺 7：数量") for p in problems), problems
    assert any(p.startswith("报告数据 1：年份应在") for p in problems), problems
    assert raised.value.code == "reply_import_rejected"
    assert counts() == before  # not even the proposal


def test_the_service_fills_the_defaults_and_refuses_a_unit_the_indicator_does_not_use(seeded):
    reviewer = user_with(Role.REVIEWER)
    with pytest.raises(services.ReplyImportRejected) as raised:
        services.reply_import(
            user=reviewer,
            header=header(),
            commitments=[
                {
                    "text": "新增孵化面积150公顷",
                    "quantity": "150",
                    "unit_of_measure": "公顷",
                    "indicator": "K8",
                }
            ],
            figures=[],
        )
    assert "与指标 K8" in raised.value.problems[0]

    reply = services.reply_import(
        user=reviewer,
        header=header(),
        commitments=[
            {
                "text": "新增孵化面积150万平方米以上。",
                "quantity": "150",
                "unit_of_measure": "万平方米",
                "indicator": "K8",
            },
            {"text": "持续优化创新生态。"},
        ],
        figures=[
            {
                "value": "152",
                "unit_of_measure": "万平方米",
                "year": "2022",
                "sentence": "新增孵化空间152万平方米",
                "indicator": "K8",
                "task": "wzf-2023-17:13",
            }
        ],
    )
    first, second = reply.commitments.order_by("number")
    assert str(first.deadline) == "2025-12-31"  # the end of the reply's year
    assert first.responsible_unit.name == "市科技局"  # the handling unit
    assert first.comparator == "gte"
    assert second.status == Commitment.Status.NOT_MEASURABLE
    figure = reply.reported_figures.get()
    assert figure.region.name == "温州市" and figure.task.number == 13
    assert reply.copy_to == ["市府办", "市政协提案委"]
    assert reply.created_by == reviewer


def test_it_reads_an_uploaded_docx_and_refuses_one_that_is_not(without_94, client):
    client.force_login(user_with(Role.REVIEWER))
    document = docx.Document()
    for line in TEXT_94.splitlines():
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    upload = io.BytesIO(buffer.getvalue())
    upload.name = "94号答复.docx"
    confirm_url = start_import(client, file=upload)
    page = client.get(confirm_url).content.decode()
    assert form_fields(page, "confirm-form")["h-doc_number"] == DOC_94
    assert "来源文件：94号答复.docx" in page

    broken = io.BytesIO(b"this is not a word document")
    broken.name = "答复.docx"
    response = client.post(reverse("proposals:import"), {"file": broken})
    assert response.status_code == 200
    assert "无法读取文件“答复.docx”：文件不是有效的 .docx 文档" in response.content.decode()

    response = client.post(reverse("proposals:import"), {"text": "  "})
    assert "请粘贴答复全文，或上传 .txt / .docx 文件。" in response.content.decode()


def test_who_may_import(seeded, client):
    # Leadership reads, never imports
    client.force_login(user_with(Role.LEADERSHIP))
    assert client.get(reverse("proposals:import")).status_code == 403
    assert client.post(reverse("proposals:import"), {"text": TEXT_94}).status_code == 403
    # Staff of another unit may open the page, but not save a reply 市科技局 handled
    other = user_with(Role.BUREAU_STAFF, "市经信局")
    with pytest.raises(services.PermissionDenied) as raised:
        services.reply_import(user=other, header=header(), commitments=[], figures=[])
    assert "承办单位是 市科技局" in raised.value.message
    # Staff of the handling unit may
    own = user_with(Role.BUREAU_STAFF, "市科技局")
    assert services.reply_import(user=own, header=header(), commitments=[], figures=[]).pk


def test_an_expired_draft_sends_back_to_the_first_step(seeded, client):
    client.force_login(user_with(Role.REVIEWER))
    response = client.get(reverse("proposals:import_confirm", args=["no-such-draft"]))
    assert response.status_code == 302 and response["Location"] == reverse("proposals:import")
