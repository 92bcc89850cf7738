"""A reply's full text reads as a formal letter: its structure rendered, no Markdown marks, no
sentence cut across paragraphs, the commitments and figures still marked."""

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from indicators.roles import Role
from proposals.documents.letter_blocks import Block, join_cut_lines, letter_blocks
from proposals.models import Reply
from tests.factories import make_person

SENTENCE_END = "。；：！？"


# --- the pure reading, on small hand-made texts ------------------------------------------------


def test_it_reads_header_body_and_closing_without_markdown():
    # Given a converted letter with Markdown headings, bold and rules
    text = (
        "# 温州市科学技术局文件\n\n温科提复〔2023〕1号\n\n## 关于第1号提案的 答复函\n\n"
        "张三委员：\n\n现答复如下：\n\n## 一、总体情况\n\n**在平台方面。**建成平台 5 家。\n\n"
        "---\n\n联系人：李四，联系电话：88960000\n\n温州市科学技术局\n\n2023年6月1日\n\n"
        "抄送：市府办\n"
    )
    # When it is read
    blocks = letter_blocks(text)
    # Then each part has its kind, and no mark survives
    assert [b.kind for b in blocks] == [
        "letterhead", "doc_number", "title", "salutation", "paragraph", "heading",
        "paragraph", "contact", "signature", "date", "copy_to",
    ]  # fmt: skip
    assert blocks[2].text == "关于第1号提案的答复函"
    assert blocks[5] == Block("heading", "一、总体情况", level=1)
    assert blocks[6].text == "在平台方面。建成平台 5 家。"  # printed spacing kept
    assert not any(mark in b.text for b in blocks for mark in ("#", "**", "---"))


def test_it_joins_a_line_cut_in_mid_sentence():
    # Given a paragraph the page break cut after 「持续开展好」
    lines = ["我们将持续开展好", "高质量的海外人才创赛。", "下一步，继续推进。"]
    # Then the cut line is joined and the next sentence stays its own paragraph
    assert join_cut_lines(lines) == ["我们将持续开展好高质量的海外人才创赛。", "下一步，继续推进。"]


def test_it_never_joins_a_heading_or_a_numbered_point():
    # A heading has no sentence end but is never continued; a numbered point starts a new block
    lines = ["一、工作举措", "近年来，我市持续推进", "（一）坚持创新。做好工作。", "1、 具体做法"]
    assert join_cut_lines(lines) == [
        "一、工作举措",
        "近年来，我市持续推进",
        "（一）坚持创新。做好工作。",
        "1、 具体做法",
    ]


def test_a_numbered_paragraph_is_a_point_with_its_lead_sentence():
    blocks = letter_blocks("王五委员：\n（二）坚持人才引领。新引进人才 5 人以上。\n")
    assert blocks[-1] == Block(
        "point", "新引进人才 5 人以上。", level=2, lead="（二）坚持人才引领。"
    )


def test_a_text_that_is_not_a_letter_is_all_body():
    blocks = letter_blocks("一段文字，没有称呼\n被分页切断的下半句。")
    assert blocks == [Block("paragraph", "一段文字，没有称呼被分页切断的下半句。")]


# --- the three seeded replies, as the page shows them ------------------------------------------


class _Letter(HTMLParser):
    """The text of each block inside the letter's box, by tag and class."""

    def __init__(self):
        super().__init__()
        self.blocks: list[tuple[str, str, str]] = []
        self._depth = 0
        self._open: tuple[str, str] | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class") or ""
        if "prop-letter" in classes:
            self._depth = 1
        elif self._depth and tag in ("p", "h3"):
            self._open, self._text = (tag, classes), ""

    def handle_endtag(self, tag):
        if self._open and tag == self._open[0]:
            self.blocks.append((*self._open, self._text))
            self._open = None
        elif self._depth and tag == "div":
            self._depth = 0

    def handle_data(self, data):
        if self._open:
            self._text += data


@pytest.mark.django_db
@pytest.mark.parametrize(
    "doc_number, joined",
    [
        (
            "温科提复〔2023〕123号",
            ["持续开展好高质量的海外人才创赛", "国内外优质创新创业项目", "深化推广"],
        ),
        ("温科提复〔2023〕94号", ["促进高能级创新平台赋能产业发展", "全市132家市级以上孵化平台"]),
        ("温科提复〔2024〕102号", ["关于市政协十二届三次会369号提案的答复函"]),
    ],
)
def test_each_seeded_reply_renders_as_a_letter(seeded, client, doc_number, joined):
    # Given a seeded reply, read by a leader
    client.force_login(make_person(role=Role.LEADERSHIP))
    reply = Reply.objects.get(doc_number=doc_number)
    # When its page is opened
    html = client.get(reverse("proposals:detail", args=[reply.pk])).content.decode()
    parser = _Letter()
    parser.feed(html)
    letter_text = "".join(text for _, _, text in parser.blocks)
    # Then no Markdown mark is shown
    assert parser.blocks
    assert not re.search(r"(^|\s)#{1,6}\s|\*\*|^---$", letter_text, re.MULTILINE)
    # and every paragraph of the body ends a sentence: none was cut across two
    body = [text for tag, cls, text in parser.blocks if cls in ("letter-paragraph",)]
    body += [text for tag, cls, text in parser.blocks if "letter-point" in cls]
    assert body
    for text in body:
        assert text.strip()[-1] in SENTENCE_END, text
    # the cut lines of the source are one sentence again
    for words in joined:
        assert words in re.sub(r"\s", "", letter_text)
    # the numbered parts are headings and points, the signature and date stand apart
    kinds = {cls for _, cls, _ in parser.blocks}
    assert {"letter-salutation", "letter-signature", "letter-date", "letter-copy_to"} <= kinds
    assert any(tag == "h3" for tag, _, _ in parser.blocks) or any(
        "letter-point" in cls for cls in kinds
    )
    # and every commitment and figure is still marked in the text
    for c in reply.commitments.all():
        assert f'id="t-c{c.number}"' in html
    for f in reply.reported_figures.all():
        assert f'id="t-f{f.number}"' in html
    assert "未能定位" not in html


@pytest.mark.django_db
def test_the_public_page_shows_the_full_text_as_a_letter_too(seeded, client, settings):
    # Given the public page with full texts on
    settings.WZSCI_PROPOSALS_PUBLIC = True
    settings.WZSCI_PROPOSALS_PUBLIC_FULL_TEXT = True
    url = reverse("proposals:public_session", args=["市政协十二届二次会议"])
    html = client.get(url).content.decode()
    # Then the letters show no Markdown marks and the page-break cut is joined
    parser = _Letter()
    parser.feed(html)
    letter_text = "".join(text for _, _, text in parser.blocks)
    assert "持续开展好高质量的海外人才创赛" in re.sub(r"\s", "", letter_text)
    assert not re.search(r"(^|\s)#{1,6}\s|\*\*", letter_text, re.MULTILINE)
