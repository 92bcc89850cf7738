"""A reply letter (答复函) in its parts, read from a printed reply or filled from a draft.

Pure (no Django). The parts are those of the official letter layout: 版头 (the issuer's
letterhead, 温州市科学技术局文件), 文号, the title (one or more lines), the salutation
(洪晓畅委员：), the body paragraphs, the contact line (联系人：…，联系电话：…), the signature (the
issuer) and its date, the copy-to line (抄送：…) and the printing line (印发机关 and 印发日期).

`letter_from_text` reads them from a reply's printed text with the reply parser's own reading
(proposals/parsing: lines cleaned, paragraphs glued across page breaks), so a letter written
from them (`letter_text`, or the .docx of `documents/docx_letter.py`) parses to the same header,
commitments and figures as the text it came from. What it does not recognise after the body
(an 附件 line, say) is kept, in order, in `extra`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from proposals.parsing.dates import DATE
from proposals.parsing.header import PROPOSER
from proposals.parsing.text import clean_lines, split_paragraphs

_DOC_NUMBER = re.compile(r"^[\u4e00-\u9fff]{2,8}[〔\[［【(（]\d{4}[〕\]］】)）]\d+号$")
_UNIT = r"[\u4e00-\u9fff（）()]{4,30}?"
_CONTACT = re.compile(r"^(?:联系人|联系电话|电话)[:：]")
_COPY_TO = re.compile(r"^抄送[:：]")
_DATE_ONLY = re.compile(rf"^{DATE}$")
_SIGNED = re.compile(rf"^(?P<unit>{_UNIT})(?P<date>{DATE})$")
_PRINTED_ON = re.compile(rf"^(?P<date>{DATE})印发$")
_PRINTED = re.compile(rf"^(?P<unit>{_UNIT})(?P<date>{DATE})印发$")
_UNIT_LINE = re.compile(rf"^{_UNIT}$")

# Printed names of the units that sign replies, by the short names the catalogue keeps
# (the inverse of proposals/selectors/units.py's table).
_FULL_WORDS = {
    "科技局": "科学技术局",
    "发展改革委": "发展和改革委员会",
    "经信局": "经济和信息化局",
    "人力社保局": "人力资源和社会保障局",
    "市场监管局": "市场监督管理局",
    "科协": "科学技术协会",
}
CITY_PREFIX = "温州"


@dataclass(frozen=True)
class Letter:
    letterhead: str = ""
    doc_number: str = ""
    title: tuple[str, ...] = ()
    salutation: str = ""
    body: tuple[str, ...] = ()
    contact: str = ""
    signature: str = ""
    dated: str = ""
    copy_to: str = ""
    printed_by: str = ""
    printed_on: str = ""
    extra: tuple[str, ...] = field(default=())


def issuer_name(unit_name: str) -> str:
    """The name a unit prints on its letters: 市科技局 → 温州市科学技术局; others as they are."""
    name = (unit_name or "").strip()
    if not name.startswith("市"):
        return name
    for short, full in _FULL_WORDS.items():
        if name.endswith(short):
            name = name[: -len(short)] + full
            break
    return CITY_PREFIX + name


def default_title(session: str, number: int) -> str:
    """关于市政协十二届二次会议第142号提案的答复函."""
    return f"关于{session}第{number}号提案的答复函"


def chinese_date(day) -> str:
    """2023年6月20日: a date as letters print it."""
    return f"{day.year}年{day.month}月{day.day}日"


def contact_line(name: str, phones: list[str]) -> str:
    """联系人：王小军，联系电话：88962001，13858866588。 (either part may be absent)."""
    parts = []
    if name:
        parts.append(f"联系人：{name}")
    if phones:
        parts.append("联系电话：" + "，".join(phones))
    return "，".join(parts) + "。" if parts else ""


def copy_to_line(units: list[str]) -> str:
    return "抄送：" + "，".join(units) if units else ""


def letter_from_text(text: str, *, issuer: str = "") -> Letter:
    """A printed reply cut into its parts. `issuer` (the signing unit's printed name) stands in
    for a letterhead the text does not print, and for a missing signature."""
    paragraphs = split_paragraphs(clean_lines(text or ""))
    at = next((i for i, p in enumerate(paragraphs) if PROPOSER.match(p)), None)
    if at is None:  # not a letter: everything is body
        return Letter(
            letterhead=_letterhead(issuer), body=tuple(paragraphs), signature=issuer or ""
        )
    letterhead, doc_number, title = [], "", []
    for paragraph in paragraphs[:at]:
        if not doc_number and _DOC_NUMBER.match(paragraph):
            doc_number = paragraph
        elif doc_number:
            title.append(paragraph)
        else:
            letterhead.append(paragraph)
    salutation_match = PROPOSER.match(paragraphs[at])
    salutation = salutation_match.group()
    rest = paragraphs[at][salutation_match.end() :]
    after = ([rest] if rest else []) + paragraphs[at + 1 :]
    end = next((i for i in range(len(after)) if _closes(after, i)), len(after))
    parts = _closing(after[end:])
    return Letter(
        letterhead="".join(letterhead) or _letterhead(parts.get("signature") or issuer),
        doc_number=doc_number,
        title=tuple(title),
        salutation=salutation,
        body=tuple(after[:end]),
        contact=parts.get("contact", ""),
        signature=parts.get("signature") or issuer or "",
        dated=parts.get("dated", ""),
        copy_to=parts.get("copy_to", ""),
        printed_by=parts.get("printed_by", ""),
        printed_on=parts.get("printed_on", ""),
        extra=tuple(parts.get("extra", ())),
    )


def _letterhead(issuer: str) -> str:
    return f"{issuer}文件" if issuer else ""


def _closes(paragraphs: list[str], index: int) -> bool:
    """Whether the closing block (contact, signature, copy-to, printing line) starts here."""
    line = paragraphs[index]
    if _CONTACT.match(line) or _COPY_TO.match(line) or _DATE_ONLY.match(line):
        return True
    if _SIGNED.match(line) or _PRINTED.match(line) or _PRINTED_ON.match(line):
        return True
    following = paragraphs[index + 1] if index + 1 < len(paragraphs) else ""
    return bool(_UNIT_LINE.match(line) and _DATE_ONLY.match(following))


def _closing(lines: list[str]) -> dict:
    parts: dict = {"extra": []}
    index = 0
    while index < len(lines):
        line = lines[index]
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if _CONTACT.match(line):
            parts["contact"] = parts.get("contact", "") + line
        elif _COPY_TO.match(line):
            parts["copy_to"] = line
        elif printed := _PRINTED.match(line):
            parts["printed_by"], parts["printed_on"] = (
                printed.group("unit"),
                line[printed.start("date") :],
            )
        elif _PRINTED_ON.match(line):
            parts["printed_on"] = line
        elif signed := _SIGNED.match(line):
            parts["signature"], parts["dated"] = signed.group("unit"), signed.group("date")
        elif _DATE_ONLY.match(line):
            parts["dated"] = line
        elif _UNIT_LINE.match(line) and _DATE_ONLY.match(following):
            parts["signature"] = line
        elif _UNIT_LINE.match(line) and _PRINTED_ON.match(following):
            parts["printed_by"] = line
        else:
            parts["extra"].append(line)
        index += 1
    return parts


def letter_text(letter: Letter) -> str:
    """The letter as plain text, one part a paragraph, in the printed order: what a signed draft
    keeps as its reply's full text, and what the reply parser reads."""
    blocks = [
        letter.letterhead,
        letter.doc_number,
        *letter.title,
        letter.salutation,
        *letter.body,
        letter.contact,
        *letter.extra,
        letter.signature,
        letter.dated,
        letter.copy_to,
        _printing_line(letter),
    ]
    return "\n\n".join(block for block in blocks if block) + "\n"


def _printing_line(letter: Letter) -> str:
    if letter.printed_by and letter.printed_on:
        return f"{letter.printed_by}　　{letter.printed_on}"
    return letter.printed_by or letter.printed_on
