"""A reply exported as a .docx in the official letter layout, and imported back: the three seeded
replies round-trip to the same header, commitments and reported figures.

The files are real: exported, written to disk, read back and uploaded through the import pages.
"""

import io
import zipfile
from decimal import Decimal
from pathlib import Path

import docx
import pytest
import yaml
from django.urls import reverse
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from proposals.documents.docx_letter import letter_docx
from proposals.documents.selectors import reply_letter
from proposals.models import Reply
from proposals.parsing import HEADER_LABELS, parse_reply_text, read_reply_file

from .formscrape import form_fields

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "proposals"
SEEDED = {
    "温科提复〔2023〕94号": "wkt-2023-94.yaml",
    "温科提复〔2023〕123号": "wkt-2023-123.yaml",
    "温科提复〔2024〕102号": "wkt-2024-102.yaml",
}
# Years the seed's reviewer corrected by reading beyond the text (the fixture's header says why:
# 2.61% is 2022's statistic, and its rank 全省第2 is of the same year). The import proposes the
# paragraph's year, 2023, for both; the value and unit must still come out as reviewed.
CORRECTED_IN_REVIEW = {
    ("温科提复〔2024〕102号", Decimal("2.61"), "%"): (2022, 2023),
    ("温科提复〔2024〕102号", Decimal("2"), "位"): (2022, 2023),
}


def export(doc_number: str, folder: Path) -> Path:
    reply = Reply.objects.select_related("handling_unit").get(doc_number=doc_number)
    path = folder / f"{doc_number}.docx"
    path.write_bytes(letter_docx(reply_letter(reply=reply)))
    return path


def east_asian_font(run) -> str:
    return run._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


@pytest.mark.parametrize("doc_number", SEEDED)
def test_each_seeded_reply_exports_in_the_official_letter_layout(seeded, tmp_path, doc_number):
    document = docx.Document(str(export(doc_number, tmp_path)))
    paragraphs = [p for p in document.paragraphs if p.text]
    texts = [p.text for p in paragraphs]
    reply = Reply.objects.get(doc_number=doc_number)

    # 版头, red, in 方正小标宋简体; 文号 over a red rule
    head, number, title, salutation = paragraphs[:4]
    assert head.text == "温州市科学技术局文件"
    assert head.runs[0].font.color.rgb == docx.shared.RGBColor(0xFF, 0, 0)
    assert east_asian_font(head.runs[0]) == "方正小标宋简体"
    assert number.text == doc_number
    rule = number._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert rule.get(qn("w:color")) == "FF0000"
    # The title in 方正小标宋简体 二号, centred; its printed lines kept
    assert title.text.replace("\n", "").startswith(f"关于{reply.proposal.session[:8]}")
    assert title.text.endswith("答复函")
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert (east_asian_font(title.runs[0]), title.runs[0].font.size) == ("方正小标宋简体", Pt(22))
    assert salutation.text == f"{reply.proposal.proposer}委员："
    # The body in 仿宋_GB2312 三号, each paragraph indented by two characters
    body = paragraphs[4]
    assert body.text.startswith("您在")
    assert (east_asian_font(body.runs[0]), body.runs[0].font.size) == ("仿宋_GB2312", Pt(16))
    assert body.paragraph_format.first_line_indent == Pt(32)
    # 联系人, the signature and its date to the right, 抄送 and the printing line at the foot
    contact = next(p for p in paragraphs if p.text.startswith("联系人："))
    assert reply.contact_name in contact.text
    assert all(phone in contact.text for phone in reply.contact_phones)
    signature = paragraphs[texts.index("温州市科学技术局")]
    assert signature.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    dated = f"{reply.signed_on.year}年{reply.signed_on.month}月{reply.signed_on.day}日"
    assert texts[texts.index("温州市科学技术局") + 1] == dated
    assert texts[-2] == "抄送：" + "，".join(reply.copy_to)
    assert texts[-1].startswith("温州市科学技术局办公室\t") and texts[-1].endswith("印发")
    # A4 with the official margins; the page number in the footer
    section = document.sections[0]
    size = (section.page_width.cm, section.page_height.cm, section.top_margin.cm)
    assert [round(x, 1) for x in (*size, section.left_margin.cm)] == [21.0, 29.7, 3.7, 2.8]
    assert 'w:instr="PAGE"' in section.footer._element.xml


def test_fonts_are_named_with_fallbacks_not_embedded(seeded, tmp_path):
    path = export("温科提复〔2023〕94号", tmp_path)
    package = zipfile.ZipFile(path)
    fonts = package.read("word/fontTable.xml").decode()

    # Each named font has the alternative Word and WPS use where it is missing
    for name, alternative in [
        ("仿宋_GB2312", "仿宋"),
        ("仿宋", "FangSong"),
        ("方正小标宋简体", "宋体"),
        ("宋体", "SimSun"),
    ]:
        assert f'<w:font w:name="{name}"><w:altName w:val="{alternative}"/>' in fonts
    assert not any(name.startswith("word/fonts/") for name in package.namelist())
    # And the document's default East Asian font is 宋体 (SimSun)
    styles = package.read("word/styles.xml").decode()
    assert 'w:eastAsia="宋体"' in styles


@pytest.mark.parametrize("doc_number", SEEDED)
def test_the_exported_file_parses_to_what_the_reply_text_parses_to(seeded, tmp_path, doc_number):
    reply = Reply.objects.get(doc_number=doc_number)
    path = export(doc_number, tmp_path)

    original = parse_reply_text(reply.full_text)
    exported = parse_reply_text(read_reply_file(path.name, path.read_bytes()))

    for name in HEADER_LABELS:
        assert getattr(exported, name) == getattr(original, name), name
    assert exported.commitments == original.commitments
    assert exported.reported_figures == original.reported_figures
    assert exported.missing == original.missing == []


def import_through_the_pages(client, **upload) -> Reply:
    start = client.post(reverse("proposals:import"), upload)
    assert start.status_code == 302, start.content.decode()[:1000]
    fields = form_fields(client.get(start["Location"]).content.decode(), "confirm-form")
    saved = client.post(start["Location"], fields)
    assert saved.status_code == 302, saved.content.decode()[:2000]
    return Reply.objects.get(pk=saved["Location"].rstrip("/").rsplit("/", 1)[1])


def rows(reply: Reply) -> tuple:
    head = (
        reply.doc_number,
        reply.proposal_id,
        reply.handling_unit_id,
        reply.signed_on,
        reply.issued_on,
        reply.contact_name,
        reply.contact_phones,
        reply.copy_to,
    )
    commitments = list(
        reply.commitments.order_by("number").values_list(
            "text", "quantity", "unit_of_measure", "comparator", "deadline", "indicator__code"
        )
    )
    figures = list(
        reply.reported_figures.order_by("number").values_list(
            "value", "unit_of_measure", "year", "sentence", "indicator__code"
        )
    )
    return head, commitments, figures


@pytest.mark.parametrize("doc_number", SEEDED)
def test_each_seeded_reply_round_trips_through_the_import(
    seeded, client, reviewer, tmp_path, doc_number
):
    client.force_login(reviewer)
    seed = Reply.objects.select_related("proposal").get(doc_number=doc_number)
    path = export(doc_number, tmp_path)
    text = seed.full_text
    seed_head = rows(seed)[0]
    seed.delete()

    # Given the reply imported from its printed text, as the import proposes it
    from_text = import_through_the_pages(client, text=text)
    expected = rows(from_text)
    from_text.delete()

    # When the exported .docx is uploaded through the same pages
    with path.open("rb") as upload:
        from_docx = import_through_the_pages(client, file=upload)

    # Then the same header, commitments and figures come out, and the header is the seed's
    head, commitments, figures = rows(from_docx)
    assert (head, commitments, figures) == expected
    assert head == seed_head
    assert from_docx.source_file == path.name
    # And every figure and quantified commitment reviewed in the seed is among them
    data = yaml.safe_load((FIXTURES / SEEDED[doc_number]).read_text(encoding="utf-8"))
    found = {(value, unit, year) for value, unit, year, _sentence, _code in figures}
    for row in data["reported_figures"]:
        value, unit, year = Decimal(row["value"]), row["unit"], row["year"]
        reviewed, proposed = CORRECTED_IN_REVIEW.get((doc_number, value, unit), (year, year))
        assert year == reviewed
        assert (value, unit, proposed) in found
    promised = {(quantity, unit) for _t, quantity, unit, _c, _d, _i in commitments}
    for row in data["commitments"]:
        if row["quantity"] is not None:
            assert (Decimal(row["quantity"]), row["unit_of_measure"]) in promised


def test_the_reply_page_offers_the_letter_for_download(seeded, client, leader):
    client.force_login(leader)
    reply = Reply.objects.get(doc_number="温科提复〔2023〕94号")

    page = client.get(reverse("proposals:detail", args=[reply.pk])).content.decode()
    url = reverse("proposals:reply_docx", args=[reply.pk])
    assert f'href="{url}"' in page
    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    assert (
        "filename*=UTF-8''%E6%B8%A9%E7%A7%91%E6%8F%90%E5%A4%8D" in response["Content-Disposition"]
    )
    document = docx.Document(io.BytesIO(response.content))
    assert document.paragraphs[1].text == "温科提复〔2023〕94号"
    assert client.get(reverse("proposals:reply_docx", args=[999999])).status_code == 404
