"""Shared text helpers of the parser: clean lines, paragraphs, sentences and clauses.

Sentences and clauses come back with white space removed (except between two Latin letters or
digits), so each is a substring of the source once white space is ignored.
"""

from __future__ import annotations

import re

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


def clean_lines(text: str) -> list[str]:
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


def split_paragraphs(lines: list[str]) -> list[str]:
    """Non-blank lines as paragraphs, a line cut by a page break glued back to the one before."""
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


def split_sentences(paragraph: str) -> list[tuple[int, str]]:
    """(offset in paragraph, sentence) pairs; a sentence ends with 。！？."""
    return [(m.start(), m.group()) for m in re.finditer(r"[^。！？!?]+[。！？!?]?", paragraph)]


def clause_around(sentence: str, start: int, end: int) -> str:
    """The clause (between ，；： or sentence ends) that holds sentence[start:end]."""
    stops = "，,；;：:。！？!?"
    left = max(sentence.rfind(ch, 0, start) for ch in stops) + 1
    rights = [i for i in (sentence.find(ch, end) for ch in stops) if i != -1]
    right = min(rights) if rights else len(sentence)
    return sentence[left:right]
