"""What parsing a reply returns: the header fields, commitment candidates and reported figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


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
