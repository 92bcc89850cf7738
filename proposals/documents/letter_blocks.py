"""A reply's stored text as the blocks of a formal letter (答复函), for the reply page to show.

Pure (no Django). The stored texts are conversions of printed letters: they carry Markdown marks
(`#`, `##`, `**`, `---`) and paragraphs cut in mid-sentence where a page ended (「持续开展好」 /
「高质量的…」). `letter_blocks` reads them into what a letter shows, in order:

- the header: 版头 (``letterhead``), 文号 (``doc_number``), the title (its lines joined into one,
  ``title``), the salutation (``salutation``);
- the body: ``heading`` (a numbered line without a sentence in it: 「一、…」, 「（一）…」, 「1、…」,
  with its ``level`` 1, 2, 3), ``point`` (a numbered paragraph: ``lead`` is the number and its
  first sentence, ``text`` the rest) and ``paragraph``;
- the closing: ``contact``, ``signature``, ``date``, ``copy_to``, ``printed`` (印发), and any
  other line after the body as a ``paragraph``.

Lines are joined into a paragraph when the first does not end a sentence (。；：！？, a closing
quote or bracket aside), is not a heading, and the next does not start a numbered point. Inside a
line, white space is kept as printed (one space for a run), so 「180 万平方米」 reads as the
letter prints it; the header and the closing are read with white space ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from proposals.documents.letter import (
    _CONTACT,
    _COPY_TO,
    _DATE_ONLY,
    _DOC_NUMBER,
    _PRINTED,
    _PRINTED_ON,
    _SIGNED,
    _UNIT_LINE,
)
from proposals.parsing.header import PROPOSER

_MARKDOWN_HEADING = re.compile(r"^\s*#+\s*")
_RULE = re.compile(r"[-*_=]{3,}")
_SPACES = re.compile(r"[ \t\u3000\xa0]+")
_ALL_SPACE = re.compile(r"\s+")
_SENTENCE_END = "。；：！？!?;:"
_CLOSERS = "”’」』）)》"
# The numbered points of a Chinese official letter, by level: 一、  （一）  1、 / 1.
_LEVELS = (
    (1, re.compile(r"^[一二三四五六七八九十]+[、.．]")),
    (2, re.compile(r"^[（(][一二三四五六七八九十\d]+[）)]")),
    (3, re.compile(r"^\d{1,2}[、.．](?!\d)\s*")),
)


@dataclass(frozen=True)
class Block:
    """One block of the letter: its kind (see the module's docstring), its text, and for a
    heading or a point its level (1 一、, 2 （一）, 3 1、) and a point's lead sentence."""

    kind: str
    text: str
    level: int = 0
    lead: str = ""


def clean_line(raw: str) -> str:
    """A line without Markdown marks, its white space collapsed to single spaces, stripped."""
    line = _MARKDOWN_HEADING.sub("", raw.replace("\ufeff", "")).replace("**", "")
    line = _SPACES.sub(" ", line).strip()
    return "" if _RULE.fullmatch(line) else line


def squashed(line: str) -> str:
    return _ALL_SPACE.sub("", line)


def point_level(line: str) -> int:
    """1, 2 or 3 for a line that starts a numbered point; 0 otherwise."""
    for level, mark in _LEVELS:
        if mark.match(line):
            return level
    return 0


def is_heading(line: str) -> bool:
    """A numbered line that holds no full sentence: 「三、坚持“战略眼光”，构筑成果转化“加速器”」."""
    return bool(point_level(line)) and "。" not in line


def ends_sentence(line: str) -> bool:
    stripped = line.rstrip(_CLOSERS + " ")
    return bool(stripped) and stripped[-1] in _SENTENCE_END


def join_cut_lines(lines: list[str]) -> list[str]:
    """Non-blank lines as paragraphs, a line the source cut in mid-sentence joined to the next."""
    paragraphs: list[str] = []
    for line in lines:
        if not line:
            continue
        previous = paragraphs[-1] if paragraphs else ""
        if (
            previous
            and not ends_sentence(previous)
            and not is_heading(previous)
            and not point_level(line)
        ):
            # Chinese text joins without a space; two Latin words or numbers keep one.
            glue = " " if previous[-1].isascii() and line[0].isascii() else ""
            paragraphs[-1] = previous + glue + line
        else:
            paragraphs.append(line)
    return paragraphs


def letter_blocks(text: str) -> list[Block]:
    """The stored text of a reply as the blocks of a letter (see the module's docstring)."""
    lines = [clean_line(raw) for raw in (text or "").replace("\r\n", "\n").split("\n")]
    lines = [line for line in lines if line]
    at = next((i for i, line in enumerate(lines) if PROPOSER.match(squashed(line))), None)
    if at is None:  # not a letter: every line is body
        return _body(lines)
    blocks = _header(lines[:at])
    salutation = PROPOSER.match(squashed(lines[at]))
    blocks.append(Block("salutation", salutation.group()))
    rest = squashed(lines[at])[salutation.end() :]
    after = ([rest] if rest else []) + lines[at + 1 :]
    end = next((i for i in range(len(after)) if _closes(after, i)), len(after))
    return blocks + _body(after[:end]) + _closing(after[end:])


def _header(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    title: list[str] = []
    doc_number_seen = False
    for line in map(squashed, lines):
        if not doc_number_seen and _DOC_NUMBER.match(line):
            blocks.append(Block("doc_number", line))
            doc_number_seen = True
        elif doc_number_seen:
            title.append(line)
        else:
            blocks.append(Block("letterhead", line))
    if title:
        blocks.append(Block("title", "".join(title)))
    return blocks


def _body(lines: list[str]) -> list[Block]:
    blocks = []
    for paragraph in join_cut_lines(lines):
        level = point_level(paragraph)
        if level and is_heading(paragraph):
            blocks.append(Block("heading", paragraph, level=level))
        elif level:
            cut = paragraph.index("。") + 1
            blocks.append(Block("point", paragraph[cut:], level=level, lead=paragraph[:cut]))
        else:
            blocks.append(Block("paragraph", paragraph))
    return blocks


def _closes(lines: list[str], index: int) -> bool:
    """Whether the closing (contact, signature, date, copy-to, printing line) starts here."""
    line = squashed(lines[index])
    following = squashed(lines[index + 1]) if index + 1 < len(lines) else ""
    if any(p.match(line) for p in (_CONTACT, _COPY_TO, _DATE_ONLY, _SIGNED, _PRINTED)):
        return True
    return bool(_PRINTED_ON.match(line) or (_UNIT_LINE.match(line) and _DATE_ONLY.match(following)))


def _closing(lines: list[str]) -> list[Block]:
    blocks = []
    for index, raw in enumerate(lines):
        line = squashed(raw)
        following = squashed(lines[index + 1]) if index + 1 < len(lines) else ""
        if _CONTACT.match(line):
            kind = "contact"
        elif _COPY_TO.match(line):
            kind = "copy_to"
        elif _PRINTED.match(line) or _PRINTED_ON.match(line):
            kind = "printed"
        elif _SIGNED.match(line) or _DATE_ONLY.match(line):
            kind = "date" if _DATE_ONLY.match(line) else "signature"
        elif _UNIT_LINE.match(line) and _DATE_ONLY.match(following):
            kind = "signature"
        elif _UNIT_LINE.match(line) and _PRINTED_ON.match(following):
            kind = "printed"
        else:
            blocks.append(Block("paragraph", raw))
            continue
        if kind == "printed" and blocks and blocks[-1].kind == "printed":
            # 印发机关 and 印发日期 printed on two lines are one printing line
            blocks[-1] = Block("printed", f"{blocks[-1].text}　{raw}")
            continue
        blocks.append(Block(kind, raw if kind in ("contact", "copy_to", "printed") else line))
    return blocks
