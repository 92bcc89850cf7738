"""The header of a reply: document number, session, proposal number, proposer, title, dates,
contact, copy-to list and handling unit."""

from __future__ import annotations

import re

from proposals.parsing.dates import DATE, to_date
from proposals.parsing.results import ParsedReply

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
PROPOSER = re.compile(
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
_ISSUED = re.compile(DATE + r"印发")
_SIGNATURE_DATE = re.compile(
    r"^(?P<unit>[\u4e00-\u9fff（）()]{4,30}?)?" + DATE + r"(?P<after>.*)$", re.MULTILINE
)
_UNIT_LINE = re.compile(r"^[\u4e00-\u9fff（）()]{4,30}$")
_HEADER_UNIT = re.compile(r"^(?P<unit>[\u4e00-\u9fff（）()]{4,30}?)文件$", re.MULTILINE)


def parse_header(text: str, lines: list[str], reply: ParsedReply) -> None:
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

    if proposer := PROPOSER.search(text):
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
        reply.issued_on = to_date(issued[-1])
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
    reply.signed_on = to_date(signature)
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
