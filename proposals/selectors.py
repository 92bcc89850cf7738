"""Reads of the proposals area: replies (listed, searched, highlighted), the commitments board,
a unit's commitments, and the reported figures checked against the approved actuals."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q, QuerySet

from indicators.models import Actual, Indicator, Region, Unit, WorkflowState
from proposals import checks
from proposals.models import Commitment, Reply, ReportedFigure
from proposals.search import filter_by_text

# --------------------------------------------------------------------------- units

# Printed names of the units that sign replies, and the short names units.yaml keeps them by.
_UNIT_WORDS = {
    "科学技术局": "科技局",
    "发展和改革委员会": "发展改革委",
    "经济和信息化局": "经信局",
    "人力资源和社会保障局": "人力社保局",
    "市场监督管理局": "市场监管局",
    "科学技术协会": "科协",
}


def unit_by_name(name: str | None) -> Unit | None:
    """The unit a printed name means: 市科技局 as is, 温州市科学技术局 by its short form."""
    name = (name or "").strip()
    if not name:
        return None
    for candidate in _unit_name_candidates(name):
        unit = Unit.objects.filter(name=candidate).first()
        if unit is not None:
            return unit
    return None


def _unit_name_candidates(name: str) -> list[str]:
    candidates = [name]
    short = name.removeprefix("温州")
    for long, abbreviated in _UNIT_WORDS.items():
        short = short.replace(long, abbreviated)
    candidates.append(short)
    if not short.startswith("市"):
        candidates.append("市" + short)
    return candidates


def city() -> Region:
    return Region.objects.get(kind=Region.Kind.CITY)


# --------------------------------------------------------------------------- replies


def reply_list(*, query: str = "", unit_id: int | None = None, year: int | None = None) -> QuerySet:
    """Replies, newest first, with their commitment counts; filtered by the search box."""
    replies = (
        Reply.objects.select_related("proposal", "handling_unit")
        .annotate(
            commitment_count=Count("commitments", distinct=True),
            figure_count=Count("reported_figures", distinct=True),
        )
        .order_by("-signed_on", "doc_number")
    )
    if unit_id:
        replies = replies.filter(handling_unit_id=unit_id)
    if year:
        replies = replies.filter(signed_on__year=year)
    return filter_by_text(replies, query)


def reply_years() -> list[int]:
    return sorted({d.year for d in Reply.objects.dates("signed_on", "year")}, reverse=True)


def reply_detail(*, reply_id: int) -> Reply:
    return Reply.objects.select_related("proposal", "handling_unit", "created_by").get(pk=reply_id)


def reply_commitments(*, reply: Reply) -> QuerySet:
    return reply.commitments.select_related(
        "responsible_unit", "indicator", "task", "region"
    ).order_by("number")


def reply_figures(*, reply: Reply) -> QuerySet:
    return reply.reported_figures.select_related("indicator", "region", "task").order_by("number")


# --------------------------------------------------------------------------- highlighting

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
    text = reply.full_text
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
        place(c.text, "commitment", f"c{c.number}", f"承诺{c.number}：{_quantity_label(c)}")
    for f in figures:
        label = f"数据{f.number}：{f.year}年 {checks.shown(f.value)}{f.unit_of_measure}"
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
                title="；".join(span.titles),
                flagged=span.flagged,
            )
        )
        cursor = span.end
    if cursor < len(text):
        segments.append(Segment(text[cursor:]))
    return segments, not_found


def _quantity_label(c: Commitment) -> str:
    if c.quantity is None:
        return "不可量化"
    return f"{c.get_comparator_display()}{checks.shown(c.quantity)}{c.unit_of_measure}"


# --------------------------------------------------------------------------- commitments board


def commitment_board(
    *, unit_id: int | None = None, status: str = "", year: int | None = None
) -> QuerySet:
    """Commitments filtered by responsible unit, status and deadline year, by unit then reply."""
    rows = Commitment.objects.select_related(
        "reply", "reply__proposal", "responsible_unit", "indicator", "task"
    ).order_by(
        "responsible_unit__order",
        "responsible_unit__name",
        "deadline",
        "reply__doc_number",
        "number",
    )
    if unit_id:
        rows = rows.filter(responsible_unit_id=unit_id)
    if status:
        rows = rows.filter(status=status)
    if year:
        rows = rows.filter(deadline__year=year)
    return rows


@dataclass
class UnitCounts:
    unit: Unit
    by_status: dict[str, int]
    total: int


def board_counts(rows: QuerySet) -> tuple[list[UnitCounts], dict[str, int]]:
    """Counts by unit × status of the board's rows, and the totals by status."""
    statuses = Commitment.Status.values
    per_unit: dict[int, Counter] = {}
    for unit_id, status, n in (
        rows.order_by().values_list("responsible_unit_id", "status").annotate(n=Count("id"))
    ):
        per_unit.setdefault(unit_id, Counter())[status] += n
    units = Unit.objects.in_bulk(per_unit.keys())
    table = [
        UnitCounts(units[uid], {s: counts[s] for s in statuses}, sum(counts.values()))
        for uid, counts in per_unit.items()
    ]
    table.sort(key=lambda row: (row.unit.order, row.unit.name))
    totals = {s: sum(row.by_status[s] for row in table) for s in statuses}
    totals["all"] = sum(row.total for row in table)
    return table, totals


def commitment_years() -> list[int]:
    return sorted(
        {d.year for d in Commitment.objects.exclude(deadline=None).dates("deadline", "year")},
        reverse=True,
    )


def units_with_commitments() -> QuerySet:
    return Unit.objects.filter(commitments__isnull=False).distinct().order_by("order", "name")


def unit_commitments(*, unit: Unit) -> dict:
    """What a unit's dashboard shows: its commitments (open ones first) and counts by status."""
    rows = list(
        Commitment.objects.filter(responsible_unit=unit)
        .select_related("reply", "indicator", "task")
        .order_by("deadline", "reply__doc_number", "number")
    )
    order = {
        Commitment.Status.OVERDUE: 0,
        Commitment.Status.IN_PROGRESS: 1,
        Commitment.Status.PENDING: 2,
        Commitment.Status.FULFILLED: 3,
        Commitment.Status.NOT_MEASURABLE: 4,
    }
    rows.sort(key=lambda c: order.get(c.status, 9))
    counts = Counter(c.status for c in rows)
    return {
        "unit": unit,
        "commitments": rows,
        "counts": [(value, label, counts[value]) for value, label in Commitment.Status.choices],
        "total": len(rows),
    }


# --------------------------------------------------------------------------- reported figures


def figure_tolerance() -> float:
    return float(getattr(settings, "WZSCI_FIGURE_TOLERANCE", 0.005))


@dataclass
class FigureCheck:
    """A reported figure linked to an indicator, beside the approved actual of its cell."""

    figure: ReportedFigure
    actual: Decimal | None
    comparable: bool  # the units of measure agree
    disagrees: bool
    relative_difference: Decimal | None

    @property
    def difference_percent(self) -> str:
        if self.relative_difference is None:
            return ""
        return f"{self.relative_difference * 100:.2f}%"


def figure_checks(
    *, figures: QuerySet | None = None, indicator: Indicator | None = None
) -> list[FigureCheck]:
    """Every linked reported figure (of `figures`, or of `indicator`) with its approved actual.

    A figure disagrees when its relative difference from the approved actual of the same
    indicator, region and year exceeds WZSCI_FIGURE_TOLERANCE (0.5 %), both rounded to the
    indicator's decimals (proposals/checks.py). No approved actual: nothing to disagree with.
    """
    qs = figures if figures is not None else ReportedFigure.objects.all()
    qs = qs.filter(indicator__isnull=False).select_related("indicator", "region", "reply")
    if indicator is not None:
        qs = qs.filter(indicator=indicator)
    rows = list(qs.order_by("year", "reply__doc_number", "number"))
    if not rows:
        return []
    cells = Q()
    for f in rows:
        cells |= Q(indicator_id=f.indicator_id, region_id=f.region_id, year=f.year)
    actuals = {
        (a.indicator_id, a.region_id, a.year): a.value
        for a in Actual.objects.filter(cells, state=WorkflowState.APPROVED)
    }
    tolerance = figure_tolerance()
    out = []
    for f in rows:
        actual = actuals.get((f.indicator_id, f.region_id, f.year))
        comparable = checks.same_unit(f.unit_of_measure, f.indicator.unit_of_measure)
        disagrees, difference = False, None
        if actual is not None and comparable:
            decimals = f.indicator.decimals
            difference = checks.relative_difference(f.value, actual, decimals=decimals)
            disagrees = checks.figure_disagrees(
                f.value, actual, decimals=decimals, tolerance=tolerance
            )
        out.append(FigureCheck(f, actual, comparable, disagrees, difference))
    return out


def figure_disagreements(
    *, figures: QuerySet | None = None, indicator: Indicator | None = None
) -> list[FigureCheck]:
    """The reported figures that disagree with the approved actual of their cell."""
    return [c for c in figure_checks(figures=figures, indicator=indicator) if c.disagrees]


# --------------------------------------------------------------------------- import pickers


def suggest_indicator_for_commitment(
    *, quantity: Decimal, unit_of_measure: str, year: int
) -> Indicator | None:
    """The one indicator whose printed city target for `year` is this quantity, in this unit.

    新增孵化面积180万平方米 (2023) → K8, whose 2023 target is 180 万平方米. None when no
    indicator, or more than one, matches: a guess staff would have to undo is worse than none.
    """
    from indicators.models import Target

    candidates = {
        t.indicator
        for t in Target.objects.filter(
            region__kind=Region.Kind.CITY, year=year, value=quantity
        ).select_related("indicator")
        if checks.same_unit(t.indicator.unit_of_measure, unit_of_measure)
    }
    return candidates.pop() if len(candidates) == 1 else None


def suggest_indicator_for_figure(
    *, value: Decimal, unit_of_measure: str, year: int
) -> Indicator | None:
    """The one indicator whose approved city actual for `year` is this value, in this unit.

    全年新增孵化空间152万平方米 (2022) → K8, whose approved 2022 baseline is 152.
    """
    candidates = {
        a.indicator
        for a in Actual.objects.filter(
            region__kind=Region.Kind.CITY, year=year, value=value, state=WorkflowState.APPROVED
        ).select_related("indicator")
        if checks.same_unit(a.indicator.unit_of_measure, unit_of_measure)
    }
    return candidates.pop() if len(candidates) == 1 else None


def task_ref(task) -> str:
    """A task as the import form writes it: 'wzf-2023-17:13', or 'wzbf-2023-86:pilot:3'."""
    if task is None:
        return ""
    if task.kind == "key":
        return f"{task.plan.code}:{task.number}"
    return f"{task.plan.code}:{task.kind}:{task.number}"


def picker_options() -> dict:
    """The options of the import form's shared datalists."""
    from indicators.models import Task

    return {
        "indicators": Indicator.objects.select_related("plan").order_by(
            "category", "key_order", "code"
        ),
        "tasks": [
            (task_ref(t), f"{t.plan.doc_number} {t.get_kind_display()}{t.number}：{t.title}")
            for t in Task.objects.select_related("plan").order_by(
                "plan__issued_on", "kind", "number"
            )
        ],
        "units": Unit.objects.order_by("order", "name"),
    }
