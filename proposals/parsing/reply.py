"""The parser's entry point: `parse_reply_text` turns a reply's text into a `ParsedReply`."""

from __future__ import annotations

from proposals.parsing.body import split_body
from proposals.parsing.commitments import find_commitments
from proposals.parsing.figures import find_reported_figures
from proposals.parsing.header import parse_header
from proposals.parsing.results import HEADER_LABELS, ParsedReply
from proposals.parsing.text import clean_lines, split_paragraphs


def parse_reply_text(text: str) -> ParsedReply:
    """Parse a reply's text. Never raises: what is not found is listed in `missing`."""
    reply = ParsedReply()
    text = text if isinstance(text, str) else ""
    lines = clean_lines(text)
    clean = "\n".join(lines)
    if not clean.strip():
        reply.warnings.append("文本为空")
    else:
        parse_header(clean, lines, reply)
        dated = reply.signed_on or reply.issued_on
        reply_year = dated.year if dated else None
        achievements, next_steps = split_body(split_paragraphs(lines), reply)
        reply.commitments = find_commitments(next_steps, reply_year)
        reply.reported_figures = find_reported_figures(achievements, reply_year)
    for name, label in HEADER_LABELS.items():
        if getattr(reply, name) in (None, []):
            reply.missing.append(f"未找到{label}")
    return reply
