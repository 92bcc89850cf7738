"""Commitment candidates: the numbers promised in the next-steps part, comparator and deadline."""

from __future__ import annotations

import re
from datetime import date

from proposals.parsing.quantities import quantities
from proposals.parsing.results import CommitmentCandidate
from proposals.parsing.text import clause_around, split_sentences

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


def find_commitments(paragraphs: list[str], reply_year: int | None) -> list[CommitmentCandidate]:
    """Every quantity of the next-steps paragraphs, as a commitment candidate."""
    found = []
    for paragraph in paragraphs:
        for _, sentence in split_sentences(paragraph):
            for match, number, unit in quantities(sentence):
                clause = clause_around(sentence, match.start(), match.end())
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
