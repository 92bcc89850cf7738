"""A reply's full text cut into segments, each commitment's and figure's sentence marked, as
one run of text or as the blocks of a letter (proposals/documents/letter_blocks.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext

from proposals import checks
from proposals.documents.letter_blocks import Block, letter_blocks
from proposals.models import Commitment, Reply

_SKIPPED = re.compile(r"[\s*#]")
_FULLWIDTH = str.maketrans("０１２３４５６７８９％", "0123456789%")


def _normalised(text: str) -> tuple[str, list[int]]:
    """The text without white space and Markdown marks, and where each character came from."""
    chars, origin = [], []
    for index, char in enumerate(text):
        if _SKIPPED.match(char):
            continue
        chars.append(char.translate(_FULLWIDTH))
        origin.append(index)
    return "".join(chars), origin


@dataclass
class Segment:
    """A run of the full text: plain (kind "") or marked as a commitment's or a figure's sentence."""

    text: str
    kind: str = ""
    refs: list[str] = field(default_factory=list)
    title: str = ""
    flagged: bool = False


@dataclass
class _Span:
    start: int
    end: int
    kind: str
    refs: list[str]
    titles: list[str]
    flagged: bool = False


def highlighted_text(
    *, reply: Reply, commitments, figures, flagged_ids: set[int] = frozenset()
) -> tuple[list[Segment], list[str]]:
    """The reply's full text cut into segments, each commitment's and figure's sentence marked.

    Sentences are found with white space ignored (the text prints "25 项", a commitment "25项").
    Returns the segments and the labels of the rows whose sentence is not in the text (edited on
    import), so the page can say so. The template escapes every segment.
    """
    return marked_segments(
        text=reply.full_text, commitments=commitments, figures=figures, flagged_ids=flagged_ids
    )


def marked_segments(
    *, text: str, commitments, figures, flagged_ids: set[int] = frozenset()
) -> tuple[list[Segment], list[str]]:
    """`text` cut into segments, each commitment's and figure's sentence marked (see above)."""
    flat, origin = _normalised(text)
    spans: dict[tuple[int, int], _Span] = {}
    not_found: list[str] = []

    def place(needle: str, kind: str, ref: str, title: str, flagged: bool = False) -> None:
        flat_needle, _ = _normalised(needle)
        at = flat.find(flat_needle) if flat_needle else -1
        if at == -1:
            not_found.append(title.split("：", 1)[0])
            return
        start, end = origin[at], origin[at + len(flat_needle) - 1] + 1
        span = spans.setdefault((start, end), _Span(start, end, kind, [], []))
        span.refs.append(ref)
        span.titles.append(title)
        span.flagged = span.flagged or flagged

    for c in commitments:
        place(
            c.text,
            "commitment",
            f"c{c.number}",
            gettext("承诺%(number)s：%(quantity_label)s")
            % {"number": c.number, "quantity_label": _quantity_label(c)},
        )
    for f in figures:
        label = gettext("数据%(number)s：%(year)s年 %(shown)s%(unit_of_measure)s") % {
            "number": f.number,
            "year": f.year,
            "shown": checks.shown(f.value),
            "unit_of_measure": f.unit_of_measure,
        }
        place(f.sentence, "figure", f"f{f.number}", label, flagged=f.id in flagged_ids)

    # Overlapping sentences (two clauses of one sentence) merge into one mark.
    merged: list[_Span] = []
    for span in sorted(spans.values(), key=lambda s: (s.start, -s.end)):
        if merged and span.start < merged[-1].end:
            last = merged[-1]
            last.end = max(last.end, span.end)
            last.refs += span.refs
            last.titles += span.titles
            last.flagged = last.flagged or span.flagged
            if last.kind != span.kind:
                last.kind = "both"
        else:
            merged.append(span)

    segments: list[Segment] = []
    cursor = 0
    for span in merged:
        if span.start > cursor:
            segments.append(Segment(text[cursor : span.start]))
        segments.append(
            Segment(
                text[span.start : span.end],
                kind=span.kind,
                refs=span.refs,
                title=gettext("；").join(span.titles),
                flagged=span.flagged,
            )
        )
        cursor = span.end
    if cursor < len(text):
        segments.append(Segment(text[cursor:]))
    return segments, not_found


def _quantity_label(c: Commitment) -> str:
    if c.quantity is None:
        return gettext("不可量化")
    return f"{c.get_comparator_display()}{checks.shown(c.quantity)}{c.unit_of_measure}"


# Joins the letter's pieces for marking: never inside a sentence, and kept by the normalising
# (it is not white space), so no mark runs from one piece into the next.
_PIECE_BREAK = "\x00"


@dataclass
class LetterBlock:
    """A block of the letter (kind, level) with its lead and its text as marked segments."""

    kind: str
    level: int
    lead: list[Segment]
    segments: list[Segment]


def highlighted_letter(
    *, reply: Reply, commitments, figures, flagged_ids: set[int] = frozenset()
) -> tuple[list[LetterBlock], list[str]]:
    """The reply's full text as the blocks of a letter, each commitment's and figure's sentence
    marked inside its block; and the labels of the rows whose sentence is in no block."""
    blocks: list[Block] = letter_blocks(reply.full_text)
    pieces = [piece for block in blocks for piece in (block.lead, block.text)]
    segments, not_found = marked_segments(
        text=_PIECE_BREAK.join(pieces),
        commitments=commitments,
        figures=figures,
        flagged_ids=flagged_ids,
    )
    cut = _cut_at(segments, [len(piece) for piece in pieces])
    return [
        LetterBlock(block.kind, block.level, lead=cut[2 * i], segments=cut[2 * i + 1])
        for i, block in enumerate(blocks)
    ], not_found


def _cut_at(segments: list[Segment], lengths: list[int]) -> list[list[Segment]]:
    """The segments cut into one list per piece, the pieces of `lengths` characters each
    having been joined by one break character."""
    out: list[list[Segment]] = [[] for _ in lengths]
    bounds, start = [], 0
    for length in lengths:
        bounds.append((start, start + length))
        start += length + len(_PIECE_BREAK)
    at = 0
    for segment in segments:
        seg_start, seg_end = at, at + len(segment.text)
        at = seg_end
        for index, (lo, hi) in enumerate(bounds):
            lo_cut, hi_cut = max(lo, seg_start), min(hi, seg_end)
            if lo_cut < hi_cut:
                part = segment.text[lo_cut - seg_start : hi_cut - seg_start]
                out[index].append(
                    Segment(part, segment.kind, segment.refs, segment.title, segment.flagged)
                )
    return out
