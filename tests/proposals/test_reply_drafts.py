"""A reply drafted in wzsci: written by the lead unit, its figures checked, signed off (who and
when), saved as a reply through the import, and exported as a letter that imports back."""

import datetime as dt
import io

import docx
import pytest
from django.urls import reverse

from common.errors import InvalidState, PermissionDenied, ValidationFailed
from indicators.models import Unit
from indicators.roles import Role
from proposals.documents import lifecycle, services
from proposals.documents.selectors import reply_letter
from proposals.models import Reply, ReplyDraft
from proposals.parsing import parse_reply_text, read_reply_file
from tests.factories import make_person
from tests.proposals.factories import ProposalFactory

from .formscrape import form_fields

pytestmark = pytest.mark.django_db

DOC = "温科提复〔2023〕200号"
WRONG = "2022年，全市全年新增孵化空间162万平方米，引进专业运营机构20家。"
RIGHT = "2022年，全市全年新增孵化空间152万平方米，引进专业运营机构20家。"
NEXT = "下一步，我们将深入实施大孵化集群战略，新增孵化面积180万平方米以上。"


@pytest.fixture
def proposal(seeded):
    return ProposalFactory(
        session="市政协十二届二次会议",
        number=188,
        proposer="张三",
        title="关于加快孵化器建设的提案",
    )


@pytest.fixture
def draft(proposal, bureau):
    created = services.reply_draft_create(user=bureau, proposal=proposal)
    return services.reply_draft_save(
        user=bureau,
        draft=created,
        fields={
            "doc_number": DOC,
            "body": f"您所提的《关于加快孵化器建设的提案》收悉，现答复如下：\n{WRONG}\n{NEXT}\n"
            "最后，感谢您对科技工作的支持。",
            "contact_name": "王小军",
            "contact_phones": "88962001，13858866588",
        },
    )


def sign_fields(client, draft, **changes) -> dict:
    page = client.get(reverse("proposals:draft_sign", args=[draft.pk]))
    fields = form_fields(page.content.decode(), "sign-form")
    fields.update({"signed_on": "2023-07-10", **changes})
    return fields


def test_the_lead_unit_starts_a_draft_with_the_letters_usual_parts(proposal, client, bureau):
    client.force_login(bureau)
    response = client.post(
        reverse("proposals:draft_create"),
        {"proposal": proposal.pk, "handling_unit": Unit.objects.get(name="市科技局").pk},
    )

    draft = ReplyDraft.objects.get(proposal=proposal)
    assert response["Location"] == reverse("proposals:draft", args=[draft.pk])
    assert draft.letterhead == "温州市科学技术局文件"
    assert draft.title == "关于市政协十二届二次会议第188号提案的答复函"
    assert draft.salutation == "张三委员："
    assert draft.issuer == "温州市科学技术局"
    assert draft.copy_to == ["市府办", "市政协提案委"]
    assert (draft.status, draft.created_by) == (ReplyDraft.Status.DRAFTING, bureau)


def test_who_may_draft(proposal, client, leader):
    keji = Unit.objects.get(name="市科技局")
    with pytest.raises(PermissionDenied):
        services.reply_draft_create(user=leader, proposal=proposal, handling_unit=keji)
    other = make_person(role=Role.BUREAU_STAFF, unit="市经信局")
    with pytest.raises(PermissionDenied):
        services.reply_draft_create(user=other, proposal=proposal, handling_unit=keji)
    client.force_login(leader)
    refused = client.post(
        reverse("proposals:draft_create"), {"proposal": proposal.pk, "handling_unit": keji.pk}
    )
    assert refused.status_code == 403
    assert not ReplyDraft.objects.exists()


def test_the_draft_page_shows_the_figure_check_of_what_was_saved(draft, client, bureau):
    client.force_login(bureau)
    page = client.get(reverse("proposals:draft", args=[draft.pk])).content.decode()

    # K8's approved 2022 actual is 152: the draft's 162 differs; 180 is K8's 2023 target
    assert 'data-verdict="differs"' in page
    assert "+10万平方米（+6.58%）" in page
    assert "180万平方米以上" in page
    # And the form is the lead unit's to edit, the letter previewed beneath
    fields = form_fields(page, "draft-form")
    assert fields["doc_number"] == DOC
    assert "温州市科学技术局文件" in page


def test_sign_off_is_refused_while_a_figure_differs_and_nothing_is_saved(draft, client, bureau):
    client.force_login(bureau)
    response = client.post(
        reverse("proposals:draft_sign", args=[draft.pk]), sign_fields(client, draft)
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "有 1 个数据与已有数据不一致" in html
    assert "162万平方米" in html.split('id="sign-problems"')[1]
    assert not Reply.objects.filter(doc_number=DOC).exists()
    draft.refresh_from_db()
    assert draft.status == ReplyDraft.Status.DRAFTING


def test_the_corrected_reply_is_signed_off_recording_who_and_when(
    draft, client, bureau, monkeypatch
):
    answered = []
    monkeypatch.setattr(lifecycle, "mark_answered", lambda **kw: answered.append(kw) or True)
    client.force_login(bureau)
    # When the lead unit corrects 162 to 152 and signs off on 2023-07-10
    edit = form_fields(
        client.get(reverse("proposals:draft", args=[draft.pk])).content.decode(), "draft-form"
    )
    edit["body"] = edit["body"].replace(WRONG, RIGHT)
    assert client.post(reverse("proposals:draft", args=[draft.pk]), edit).status_code == 302
    response = client.post(
        reverse("proposals:draft_sign", args=[draft.pk]), sign_fields(client, draft)
    )

    # Then the reply is saved through the import, with the letter as its full text
    reply = Reply.objects.get(doc_number=DOC)
    assert response["Location"] == reverse("proposals:detail", args=[reply.pk])
    assert (reply.proposal, reply.handling_unit.name) == (draft.proposal, "市科技局")
    assert (reply.signed_on, reply.issued_on) == (dt.date(2023, 7, 10), dt.date(2023, 7, 10))
    assert (reply.contact_name, reply.contact_phones) == ("王小军", ["88962001", "13858866588"])
    assert reply.copy_to == ["市府办", "市政协提案委"]
    assert reply.full_text.startswith("温州市科学技术局文件\n\n温科提复〔2023〕200号")
    assert reply.created_by == bureau
    # With the candidates the sign-off proposed: the 180 promised, the 152 and 20 reported
    assert [(c.quantity, c.indicator.code) for c in reply.commitments.all()] == [(180, "K8")]
    assert sorted(f.value for f in reply.reported_figures.all()) == [20, 152]
    # And who signed it and when is on the draft, in its history too
    draft.refresh_from_db()
    assert (draft.status, draft.signed_by, draft.reply) == ("signed", bureau, reply)
    assert draft.signed_on == dt.date(2023, 7, 10) and draft.signed_at is not None
    assert draft.check_summary["counts"]["differs"] == 0
    assert draft.history.first().history_user == bureau
    # The proposal's handling is told
    assert answered == [{"user": bureau, "proposal": draft.proposal, "reply": reply}]
    # A signed draft is never changed again
    with pytest.raises(InvalidState):
        services.reply_draft_save(user=bureau, draft=draft, fields={"body": "改"})


def test_a_signer_may_accept_a_difference_and_it_is_kept(draft, bureau):
    reply = services.reply_draft_sign_off(
        user=bureau, draft=draft, signed_on="2023-07-10", accept_differences=True
    )

    draft.refresh_from_db()
    (accepted,) = draft.check_summary["accepted_differences"]
    assert accepted["printed"] == "162万平方米"
    assert accepted["difference"] == "+10万平方米（+6.58%）"
    assert reply.commitments.count() == 0  # the caller kept no candidate


def test_sign_off_needs_a_document_number_and_a_date(proposal, bureau):
    draft = services.reply_draft_create(user=bureau, proposal=proposal)
    with pytest.raises(ValidationFailed) as refused:
        services.reply_draft_sign_off(user=bureau, draft=draft, signed_on="")
    problems = refused.value.details["problems"]
    assert "签发：签发日期不能为空" in problems
    assert "签发：请先填写文号" in problems
    assert "签发：正文不能为空" in problems


def test_the_signed_reply_exports_a_letter_that_imports_back(draft, bureau, tmp_path):
    services.reply_draft_save(
        user=bureau, draft=draft, fields={"body": draft.body.replace(WRONG, RIGHT)}
    )
    reply = services.reply_draft_sign_off(user=bureau, draft=draft, signed_on="2023-07-10")
    path = tmp_path / f"{DOC}.docx"
    from proposals.documents.docx_letter import letter_docx

    path.write_bytes(letter_docx(reply_letter(reply=reply)))

    parsed = parse_reply_text(read_reply_file(path.name, path.read_bytes()))
    assert (parsed.doc_number, parsed.session, parsed.proposal_number) == (
        DOC,
        "市政协十二届二次会议",
        188,
    )
    assert (parsed.proposer, parsed.handling_unit) == ("张三", "温州市科学技术局")
    assert (parsed.signed_on, parsed.issued_on) == (dt.date(2023, 7, 10), dt.date(2023, 7, 10))
    assert (parsed.contact_name, parsed.contact_phones) == ("王小军", ["88962001", "13858866588"])
    assert parsed.copy_to == ["市府办", "市政协提案委"]
    assert parsed.title == "关于加快孵化器建设的提案"
    original = parse_reply_text(reply.full_text)
    assert parsed.commitments == original.commitments
    assert parsed.reported_figures == original.reported_figures


def test_a_draft_downloads_as_a_letter_and_may_be_deleted_until_signed(draft, client, bureau):
    client.force_login(bureau)
    response = client.get(reverse("proposals:draft_docx", args=[draft.pk]))
    document = docx.Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs if p.text]
    assert texts[:4] == [
        "温州市科学技术局文件",
        DOC,
        "关于市政协十二届二次会议第188号提案的答复函",
        "张三委员：",
    ]

    deleted = client.post(reverse("proposals:draft_delete", args=[draft.pk]))
    assert deleted["Location"] == reverse("proposals:drafts")
    assert not ReplyDraft.objects.filter(pk=draft.pk).exists()
