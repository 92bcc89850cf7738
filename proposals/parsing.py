"""Read the bureau's replies to CPPCC proposals (提案答复) and propose what staff should confirm.

Pure: no Django, no models. `read_reply_file` turns an upload into text; `parse_reply_text`
turns the text into a `ParsedReply`: the header fields, the quantitative commitments of the
next-steps part (下一步) and the figures reported as achieved, each with its sentence.

The commitments and figures are *candidates*: a member of staff confirms them before they
become rows, so the rules prefer recall to precision (every number with a unit of measure in
the next-steps part is proposed, whether or not a verb such as 新增/力争 is near it).

Parsing never raises. Whatever it cannot find is named, in Chinese, in `ParsedReply.missing`
(header fields) or `ParsedReply.warnings` (everything else), so that the upload form can show
the reply and ask for the rest. Only `read_reply_file` raises, `ReplyFileError`, when a file
is not what its name says.

Text conventions (see fixtures/sources/): sentences and clauses are returned with white space
removed (except between two Latin letters or digits), so every one of them is a substring of
the source once white space is ignored; Markdown emphasis (`**`) and heading marks (`#`) that
some converted replies carry are dropped.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import PurePath

__all__ = [
    "HEADER_LABELS",
    "CommitmentCandidate",
    "ParsedReply",
    "ReplyFileError",
    "ReportedFigure",
    "parse_reply_text",
    "read_reply_file",
]


class ReplyFileError(ValueError):
    """An uploaded reply that cannot be read. The message is shown to the user as is."""


@dataclass(frozen=True)
class CommitmentCandidate:
    """A number promised in the next-steps part, e.g. 新增孵化面积 180 万平方米以上.

    `quantity` is the printed number (not multiplied: 180 with unit 万平方米); `comparator` is a
    guess, `gte` for 以上/超/力争 and plain figures, `approx` for 左右, `lte` for 以内/以下 or a
    rank (前50位); `triggers` are the commitment verbs found in the clause (empty when none);
    `deadline` is the end of the year the sentence names (到2025年 → 2025-12-31), else the end of
    the reply's year.
    """

    sentence: str
    clause: str
    quantity: Decimal
    unit: str
    comparator: str
    triggers: tuple[str, ...]
    deadline: date | None


@dataclass(frozen=True)
class ReportedFigure:
    """A number reported as achieved, e.g. 2022年 … 全年新增孵化空间 152 万平方米.

    `year_basis` says where `year` comes from: `sentence` (a year printed earlier in the same
    sentence), `paragraph` (the last year printed in an earlier sentence of the paragraph),
    `as_of_reply` (截至目前/现…: the year the reply was signed) or `none` (year is None).
    """

    sentence: str
    clause: str
    value: Decimal
    unit: str
    year: int | None
    year_basis: str


@dataclass
class ParsedReply:
    doc_number: str | None = None
    session: str | None = None
    proposal_number: int | None = None
    proposer: str | None = None
    title: str | None = None
    signed_on: date | None = None
    issued_on: date | None = None
    contact_name: str | None = None
    contact_phones: list[str] = field(default_factory=list)
    copy_to: list[str] = field(default_factory=list)
    handling_unit: str | None = None
    commitments: list[CommitmentCandidate] = field(default_factory=list)
    reported_figures: list[ReportedFigure] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


# The header fields, in the order the form shows them, with the name users know them by.
HEADER_LABELS = {
    "doc_number": "文号",
    "session": "会议届次",
    "proposal_number": "提案号",
    "proposer": "提案人",
    "title": "提案标题",
    "signed_on": "签发日期",
    "issued_on": "印发日期",
    "contact_name": "联系人",
    "contact_phones": "联系电话",
    "copy_to": "抄送单位",
    "handling_unit": "承办单位",
}

# --------------------------------------------------------------------------- reading files

TEXT_SUFFIXES = {".txt", ".text", ".md"}


def read_reply_file(name: str, data: bytes) -> str:
    """The text of an uploaded reply: .txt (UTF-8, else GB18030) or .docx.

    Raises ReplyFileError (Chinese message) for an empty file, an unsupported type, or a file
    whose content is not what its name says (random bytes named .docx, a Word file named .txt).
    """
    suffix = PurePath(name or "").suffix.lower()
    if not data:
        raise ReplyFileError("文件为空")
    if suffix in TEXT_SUFFIXES:
        text = _decode_text(data)
    elif suffix == ".docx":
        text = _docx_text(data)
    elif suffix in {".doc", ".wps"}:
        raise ReplyFileError(f"不支持 {suffix} 格式，请在 Word 中另存为 .docx 后上传")
    else:
        shown = suffix or "（无扩展名）"
        raise ReplyFileError(f"不支持的文件类型 {shown}，请上传 .txt 或 .docx 文件")
    if not text.strip():
        raise ReplyFileError("文件为空")
    return text


# Magic numbers of the binary formats most often mis-named .txt: zip (docx/xlsx), OLE (doc), PDF.
_BINARY_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF")


def _decode_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ReplyFileError("文件不是有效的文本文件（UTF-16 编码损坏）") from exc
    if data.startswith(_BINARY_MAGIC) or b"\x00" in data:
        raise ReplyFileError("文件不是有效的文本文件（内容是二进制数据，可能是 Word 或 PDF 文档）")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReplyFileError("文件不是有效的文本文件（无法按 UTF-8 或 GB18030 解码）")


def _docx_text(data: bytes) -> str:
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise ReplyFileError("文件不是有效的 .docx 文档")
    import docx  # python-docx; imported here so that parsing text needs nothing beyond stdlib
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        # Paragraphs and tables in document order: a reply's 抄送 line is sometimes a table.
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                for row in block.rows:
                    cells: list[str] = []
                    for cell in row.cells:
                        if not cells or cell.text != cells[-1]:  # merged cells repeat
                            cells.append(cell.text)
                    lines.append("\t".join(cells))
            else:
                lines.append(block.text)
    except Exception as exc:  # python-docx raises a variety (KeyError, ValueError, lxml errors)
        raise ReplyFileError("文件不是有效的 .docx 文档") from exc
    text = "\n".join(lines)
    if not text.strip():
        raise ReplyFileError("文档中没有文字")
    return text


# --------------------------------------------------------------------------- text helpers

_FULLWIDTH = str.maketrans("０１２３４５６７８９％\u3000\xa0\r", "0123456789%  \n")
_WHITESPACE = re.compile(r"\s+")


def _squash(text: str) -> str:
    """Remove white space, except one space between two Latin letters or digits ("Open SDG")."""

    def keep_between_latin(match: re.Match[str]) -> str:
        before = text[match.start() - 1] if match.start() else ""
        after = text[match.end()] if match.end() < len(text) else ""
        latin = before.isascii() and before.isalnum() and after.isascii() and after.isalnum()
        return " " if latin else ""

    return _WHITESPACE.sub(keep_between_latin, text).strip()


def _clean_lines(text: str) -> list[str]:
    """The text's lines, squashed, without Markdown marks; blank lines kept as ""."""
    lines = []
    for raw in text.replace("\r\n", "\n").translate(_FULLWIDTH).replace("\ufeff", "").split("\n"):
        line = re.sub(r"^\s*#+\s*", "", raw).replace("**", "")
        line = _squash(line)
        if re.fullmatch(r"[-*_=]{3,}", line):
            line = ""
        lines.append(line)
    return lines


# A line that starts a new item: 一、 （一） 1、 一是 … A line starting so is never glued to the
# previous one.
_ITEM_MARK = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}[、.．](?!\d)"
    r"|[一二三四五六七八九十]+是)"
)
_SENTENCE_END = "。！？!?；;：:"
# Page breaks in the converted replies cut paragraphs mid-sentence ("持续开展好" / "高质量的…").
# A line shorter than this is a heading, a signature or a header line, never a cut paragraph.
_CUT_PARAGRAPH_MIN_CHARS = 40


def _paragraphs(lines: list[str]) -> list[str]:
    paragraphs: list[str] = []
    for line in lines:
        if not line:
            continue
        previous = paragraphs[-1] if paragraphs else ""
        cut = (
            previous
            and previous[-1] not in _SENTENCE_END
            and len(previous) >= _CUT_PARAGRAPH_MIN_CHARS
            and not _ITEM_MARK.match(line)
        )
        if cut:
            paragraphs[-1] = previous + line
        else:
            paragraphs.append(line)
    return paragraphs


def _sentences(paragraph: str) -> list[tuple[int, str]]:
    """(offset in paragraph, sentence) pairs; a sentence ends with 。！？."""
    return [(m.start(), m.group()) for m in re.finditer(r"[^。！？!?]+[。！？!?]?", paragraph)]


def _clause_around(sentence: str, start: int, end: int) -> str:
    """The clause (between ，；： or sentence ends) that holds sentence[start:end]."""
    stops = "，,；;：:。！？!?"
    left = max(sentence.rfind(ch, 0, start) for ch in stops) + 1
    rights = [i for i in (sentence.find(ch, end) for ch in stops) if i != -1]
    right = min(rights) if rights else len(sentence)
    return sentence[left:right]


# --------------------------------------------------------------------------- dates

_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5}
_CN_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
_CN_DATE_CHARS = "〇零○一二三四五六七八九十"
_DATE = (
    r"(?:(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日"
    rf"|(?P<cy>[{_CN_DATE_CHARS}]{{4}})年(?P<cm>[{_CN_DATE_CHARS}]{{1,2}})月"
    rf"(?P<cd>[{_CN_DATE_CHARS}]{{1,3}})日)"
)
_DATE_RE = re.compile(_DATE)


def _cn_number(text: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十九 → 29, 三十一 → 31."""
    if "十" not in text:
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    tens, _, ones = text.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def _to_date(match: re.Match[str]) -> date | None:
    try:
        if match.group("y"):
            return date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
        year = int("".join(str(_CN_DIGITS[ch]) for ch in match.group("cy")))
        return date(year, _cn_number(match.group("cm")), _cn_number(match.group("cd")))
    except (KeyError, ValueError):
        return None


# --------------------------------------------------------------------------- header

_DOC_NUMBER = re.compile(
    r"(?P<prefix>[\u4e00-\u9fff]{2,8})[〔\[［【(（](?P<year>\d{4})[〕\]］】)）](?P<no>\d+)号"
)
_SESSION = re.compile(
    r"市?政协(?:温州市)?第?(?P<term>[一二三四五六七八九十]+)届(?:委员会)?第?"
    r"(?P<meeting>[一二三四五六七八九十]+)次(?:全体)?会(?:议)?"
)
_PROPOSAL_NUMBER = (
    re.compile(r"第(\d+)号提案"),
    re.compile(r"会议?(\d+)号提案"),
    re.compile(r"政协提案(\d+)号"),
    re.compile(r"提案第(\d+)号"),
)
_PROPOSER = re.compile(
    r"^(?P<name>[\u4e00-\u9fff·]{2,6}?)(?:等\d*[位名]?)?(?:委员|代表)[:：]", re.MULTILINE
)
_TITLE = re.compile(r"所提(?:出)?的?《(?P<title>[^《》]+)》")
_ANY_TITLE = re.compile(r"《(?P<title>[^《》]*(?:提案|建议)[^《》]*)》")
_CONTACT = re.compile(
    r"联系人[:：](?P<name>[\u4e00-\u9fff·]{2,6}?)(?=[，,；;。、（(]|联系|电话|$)", re.M
)
_PHONE_LINE = re.compile(r"(?:联系)?电话[:：](?P<rest>[^\n]*)")
_PHONE = re.compile(r"(?<!\d)(?:\(?0\d{2,3}\)?-?)?\d{7,11}(?!\d)")
_COPY_TO = re.compile(r"^抄送[:：](?P<rest>.+)$", re.MULTILINE)
_ISSUED = re.compile(_DATE + r"印发")
_SIGNATURE_DATE = re.compile(
    r"^(?P<unit>[\u4e00-\u9fff（）()]{4,30}?)?" + _DATE + r"(?P<after>.*)$", re.MULTILINE
)
_UNIT_LINE = re.compile(r"^[\u4e00-\u9fff（）()]{4,30}$")
_HEADER_UNIT = re.compile(r"^(?P<unit>[\u4e00-\u9fff（）()]{4,30}?)文件$", re.MULTILINE)


def _parse_header(text: str, lines: list[str], reply: ParsedReply) -> None:
    for match in _DOC_NUMBER.finditer(text):
        # The header line holds the number alone; a number cited in the body (温政发〔2023〕17号)
        # is taken only if it is a reply's (…复〔…〕…号).
        line_start = text.rfind("\n", 0, match.start()) + 1
        line_end = text.find("\n", match.end())
        alone = text[line_start : line_end if line_end != -1 else len(text)] == match.group()
        if alone or "复" in match.group("prefix"):
            reply.doc_number = (
                f"{match.group('prefix')}〔{match.group('year')}〕{match.group('no')}号"
            )
            break

    if session := _SESSION.search(text):
        reply.session = f"市政协{session.group('term')}届{session.group('meeting')}次会议"

    # The header (第103号提案) and the body (政协提案103号) both print it; they should agree.
    printed = sorted(
        (m.start(), int(m.group(1))) for p in _PROPOSAL_NUMBER for m in p.finditer(text)
    )
    if printed:
        reply.proposal_number = printed[0][1]
        numbers = sorted({number for _, number in printed})
        if len(numbers) > 1:
            listed = "、".join(str(n) for n in numbers)
            reply.warnings.append(f"提案号前后不一致（{listed}），已取第一处：{printed[0][1]}")

    if proposer := _PROPOSER.search(text):
        reply.proposer = proposer.group("name")

    title = _TITLE.search(text) or _ANY_TITLE.search(text)
    if title:
        reply.title = title.group("title")

    _parse_dates_and_signature(text, lines, reply)

    if contact := _CONTACT.search(text):
        reply.contact_name = contact.group("name")
    phone_source = [m.group("rest") for m in _PHONE_LINE.finditer(text)]
    if not phone_source and contact:  # 联系人：王小军 88962001
        phone_source = [text[contact.end() :].split("\n", 1)[0]]
    for chunk in phone_source:
        for phone in _PHONE.findall(chunk):
            if phone not in reply.contact_phones:
                reply.contact_phones.append(phone)

    if copy_to := _COPY_TO.search(text):
        units = re.split(r"[，,、；;]", copy_to.group("rest"))
        reply.copy_to = [u.strip(" 。.") for u in units if u.strip(" 。.")]

    if reply.handling_unit is None and (header := _HEADER_UNIT.search(text)):
        reply.handling_unit = header.group("unit")


def _parse_dates_and_signature(text: str, lines: list[str], reply: ParsedReply) -> None:
    if issued := list(_ISSUED.finditer(text)):
        reply.issued_on = _to_date(issued[-1])
        if reply.issued_on is None:
            reply.warnings.append(f"印发日期无效：{issued[-1].group()}")

    # The signature date stands on its own line (or after the unit's name) near the end; the
    # last such line that is not the 印发 line is the one.
    signature = None
    for match in _SIGNATURE_DATE.finditer(text):
        if not match.group("after"):  # not the 印发 line, not a date inside a sentence
            signature = match
    if signature is None:
        return
    reply.signed_on = _to_date(signature)
    if reply.signed_on is None:
        reply.warnings.append(f"签发日期无效：{signature.group().strip()}")
    if signature.group("unit"):
        reply.handling_unit = signature.group("unit")
        return
    # Otherwise the unit is the nearest non-blank line above the date.
    index = text.count("\n", 0, signature.start())
    for line in reversed(lines[:index]):
        if line:
            if _UNIT_LINE.match(line):
                reply.handling_unit = line
            break


# --------------------------------------------------------------------------- quantities

# Units of measure, longest first where one is the start of another (人次 before 人).
_BASE_UNITS = (
    "平方米",
    "个百分点",
    "人次",
    "人年",
    "元",
    "家",
    "项",
    "个",
    "名",
    "人",
    "支",
    "件",
    "台",
    "套",
    "位",
    "所",
    "篇",
    "条",
    "批",
    "场",
    "户",
    "倍",
    "%",
)
_QUANTITY = re.compile(
    r"(?<![\d.A-Za-z])(?P<number>\d+(?:,\d{3})*(?:\.\d+)?)(?P<about>余|多)?"
    r"(?P<scale>万|亿)?(?P<unit>" + "|".join(re.escape(u) for u in _BASE_UNITS) + ")"
)
COMMITMENT_TRIGGERS = (
    "新增",
    "力争",
    "争取",
    "达到",
    "累计",
    "以上",
    "超过",
    "超",
    "计划",
    "实施",
    "新引进",
    "新引育",
    "引进",
    "突破",
    "不少于",
    "建成",
    "培育",
    "完成",
)


# A rank printed without its unit: 提升幅度全省第2。 乐清、瑞安…排名第7、10位 (the 7).
_BARE_RANK = re.compile(r"第(?P<number>\d+)(?=[、，,。；;）)]|$)")


def _quantities(sentence: str) -> list[tuple[re.Match[str], Decimal, str]]:
    found = []
    for match in _QUANTITY.finditer(sentence):
        number = Decimal(match.group("number").replace(",", ""))
        unit = (match.group("scale") or "") + match.group("unit")
        found.append((match, number, unit))
    for match in _BARE_RANK.finditer(sentence):
        found.append((match, Decimal(match.group("number")), "位"))
    return sorted(found, key=lambda item: item[0].start())


def _comparator(sentence: str, match: re.Match[str], unit: str) -> str:
    after = sentence[match.end() : match.end() + 4]
    before = sentence[max(0, match.start() - 4) : match.start()]
    if after.startswith("左右"):
        return "approx"
    if after.startswith(("以内", "以下", "及以下")) or before.endswith(
        ("不超过", "不高于", "控制在", "低于")
    ):
        return "lte"
    if before.endswith("前") and unit in {"位", "名"}:
        return "lte"  # a rank: 进入全国前50位
    return "gte"


_DEADLINE_YEAR = re.compile(r"(?:到|至|于)(20\d{2})年|(20\d{2})年(?:底|末|前|内|度)")


def _deadline(sentence: str, reply_year: int | None) -> date | None:
    if found := _DEADLINE_YEAR.search(sentence):
        return date(int(found.group(1) or found.group(2)), 12, 31)
    return date(reply_year, 12, 31) if reply_year else None


# --------------------------------------------------------------------------- years of figures

# A year that stamps the facts after it: 2022年, 2022 年. Not the end of a range (2023-2025年),
# not a year inside a title (《…（2023-2025年）》).
_YEAR = re.compile(r"(?<![\d\-—–~至])((?:19|20)\d{2})年")
# A year used as a reference point rather than a stamp: 是2021年入选数的2倍, 在2021年…的基础上.
_REFERENCE_BEFORE = ("比", "较", "是", "同比", "相比", "与")
_REFERENCE_AFTER = re.compile(r"^[^，。；]*?(?:的基础上|基础上|相比|同期)")
# "Now": 截至目前, 目前, 现全市已… — the year of the reply.
_AS_OF = re.compile(r"截[至止]目前|截[至止]当前|目前|(?:^|(?<=[，；：]))现(?=[全已在有])")


def _year_markers(sentence: str, reply_year: int | None) -> list[tuple[int, int | None, str]]:
    masked = re.sub(r"《[^》]*》", lambda m: "《" + "　" * (len(m.group()) - 2) + "》", sentence)
    markers: list[tuple[int, int | None, str]] = []
    for match in _YEAR.finditer(masked):
        before = masked[: match.start()]
        if before.endswith(_REFERENCE_BEFORE) or _REFERENCE_AFTER.match(masked[match.end() :]):
            continue
        markers.append((match.start(), int(match.group(1)), "sentence"))
    for match in _AS_OF.finditer(masked):
        markers.append((match.start(), reply_year, "as_of_reply"))
    return sorted(markers)


# --------------------------------------------------------------------------- body parts

_NEXT_STEPS = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|\d{1,2}[、.．]|[（(][一二三四五六七八九十]+[）)])?(?:下一步|下步)"
)
_CLOSING = re.compile(r"^(?:最后|此复|特此|联系人|抄送|附件)")
_DATE_LINE = re.compile(_DATE + "$")  # the signature date: the end of the body
_OPENING_END = re.compile(r"答复如下|收悉")
# Without a 下一步 part, a sentence is taken for a commitment when it speaks of the future.
_FUTURE = re.compile(r"我们将|我局将|将继续|将进一步|将加快|力争|争取|下一步|下步|今年")


def _split_body(paragraphs: list[str], reply: ParsedReply) -> tuple[list[str], list[str]]:
    """(achievements paragraphs, next-steps paragraphs)."""
    start = 0
    for index, paragraph in enumerate(paragraphs):
        if _OPENING_END.search(paragraph):
            start = index + 1
            break
    else:
        for index, paragraph in enumerate(paragraphs):
            if _PROPOSER.match(paragraph):
                start = index + 1
                break
    end = len(paragraphs)
    for index in range(start, len(paragraphs)):
        if _CLOSING.match(paragraphs[index]) or _DATE_LINE.match(paragraphs[index]):
            end = index
            break
    body = paragraphs[start:end]
    for index, paragraph in enumerate(body):
        if _NEXT_STEPS.match(paragraph):
            return body[:index], body[index:]
    if any("。" in paragraph for paragraph in body):
        reply.warnings.append("未找到“下一步”部分：承诺候选按“将、力争、争取”等措辞从全文推测")
    # Sentence by sentence from here on: a year is not carried from one sentence to the next.
    achievements, next_steps = [], []
    for paragraph in body:
        for _, sentence in _sentences(paragraph):
            (next_steps if _FUTURE.search(sentence) else achievements).append(sentence)
    return achievements, next_steps


def _commitments(paragraphs: list[str], reply_year: int | None) -> list[CommitmentCandidate]:
    found = []
    for paragraph in paragraphs:
        for _, sentence in _sentences(paragraph):
            for match, number, unit in _quantities(sentence):
                clause = _clause_around(sentence, match.start(), match.end())
                context = clause + sentence[match.end() : match.end() + 3]
                triggers = tuple(t for t in COMMITMENT_TRIGGERS if t in context)
                found.append(
                    CommitmentCandidate(
                        sentence=sentence,
                        clause=clause,
                        quantity=number,
                        unit=unit,
                        comparator=_comparator(sentence, match, unit),
                        triggers=triggers,
                        deadline=_deadline(sentence, reply_year),
                    )
                )
    return found


def _reported_figures(paragraphs: list[str], reply_year: int | None) -> list[ReportedFigure]:
    found = []
    for paragraph in paragraphs:
        carried: int | None = None  # the last year printed in an earlier sentence
        for _, sentence in _sentences(paragraph):
            markers = _year_markers(sentence, reply_year)
            for match, number, unit in _quantities(sentence):
                earlier = [m for m in markers if m[0] < match.start()]
                if earlier:
                    _, year, basis = earlier[-1]
                elif carried is not None:
                    year, basis = carried, "paragraph"
                else:
                    year, basis = None, "none"
                if year is None:
                    basis = "none"
                found.append(
                    ReportedFigure(
                        sentence=sentence,
                        clause=_clause_around(sentence, match.start(), match.end()),
                        value=number,
                        unit=unit,
                        year=year,
                        year_basis=basis,
                    )
                )
            stamps = [year for _, year, basis in markers if basis == "sentence"]
            if stamps:
                carried = stamps[-1]
    return found


# --------------------------------------------------------------------------- entry point


def parse_reply_text(text: str) -> ParsedReply:
    """Parse a reply's text. Never raises: what is not found is listed in `missing`."""
    reply = ParsedReply()
    text = text if isinstance(text, str) else ""
    lines = _clean_lines(text)
    clean = "\n".join(lines)
    if not clean.strip():
        reply.warnings.append("文本为空")
    else:
        _parse_header(clean, lines, reply)
        dated = reply.signed_on or reply.issued_on
        reply_year = dated.year if dated else None
        achievements, next_steps = _split_body(_paragraphs(lines), reply)
        reply.commitments = _commitments(next_steps, reply_year)
        reply.reported_figures = _reported_figures(achievements, reply_year)
    for name, label in HEADER_LABELS.items():
        if getattr(reply, name) in (None, []):
            reply.missing.append(f"未找到{label}")
    return reply
