"""The figure check end to end: a text in, one result per figure out (a read: nothing is saved).

`figure_check(text=…, as_of_year=…, as_of=…)` finds the figures (extract.py), proposes an
indicator and region for each (matching.py), gathers what each can be compared with
(selectors.py: the approved full-year figure of its cell — the vintage that existed on the
text's date `as_of` where that can be known, else the current one, and the reference says
which (vintages.py) —, the targets of its cell, the figures earlier replies reported for it in
the same year and region) and judges it (compare.py). The page, the export, the API and a reply's
sign-off all call this one function.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from proposals.figurecheck import selectors
from proposals.figurecheck.compare import (
    ACTUAL,
    AGREES,
    DIFFERS,
    NOT_FOUND,
    Judgement,
    judge,
)
from proposals.figurecheck.extract import (
    ACTUAL_CLAIM,
    ASSUMED_LAST_YEAR,
    ASSUMED_THIS_YEAR,
    TARGET_CLAIM,
    FoundFigure,
    find_figures,
)
from proposals.figurecheck.matching import IndicatorInfo, Suggestion, similarity, suggest

VERDICT_LABELS = {AGREES: _("一致"), DIFFERS: _("不一致"), NOT_FOUND: _("未找到对照")}
YEAR_BASIS_LABELS = {
    "sentence": _("句中年份"),
    "paragraph": _("本段前文年份"),
    "as_of_reply": _("截至目前：文稿年份"),
    ASSUMED_LAST_YEAR: _("未写年份：按上一年度"),
    ASSUMED_THIS_YEAR: _("未写年份：按文稿当年"),
}
CLAIM_LABELS = {ACTUAL_CLAIM: _("已实现"), "target": _("目标或计划")}


@dataclass
class FigureResult:
    figure: FoundFigure
    indicator: IndicatorInfo | None
    indicator_basis: str  # "prior" (an earlier reported figure's), "name", ""
    region: str
    judgement: Judgement

    @property
    def verdict(self) -> str:
        return self.judgement.verdict

    @property
    def verdict_label(self) -> str:
        return str(VERDICT_LABELS[self.verdict])

    @property
    def year_basis_label(self) -> str:
        return str(YEAR_BASIS_LABELS.get(self.figure.year_basis, ""))

    @property
    def claim_label(self) -> str:
        return str(CLAIM_LABELS[self.figure.claim])


@dataclass
class CheckReport:
    as_of_year: int
    results: list[FigureResult] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(r.verdict for r in self.results)
        return {
            "total": len(self.results),
            AGREES: counted[AGREES],
            DIFFERS: counted[DIFFERS],
            NOT_FOUND: counted[NOT_FOUND],
        }

    @property
    def differing(self) -> list[FigureResult]:
        return [r for r in self.results if r.verdict == DIFFERS]


def tolerances() -> tuple[float, float]:
    """(WZSCI_FIGURE_TOLERANCE, the progress band WZSCI_PROGRESS_TOLERANCE)."""
    return (
        float(getattr(settings, "WZSCI_FIGURE_TOLERANCE", 0.005)),
        float(settings.WZSCI_PROGRESS["tolerance"]),
    )


def figure_check(*, text: str, as_of_year: int, as_of: dt.date | None = None) -> CheckReport:
    """Every figure of `text`, written in `as_of_year` (on `as_of`, when the date is known), with
    its proposed subject and verdict."""
    aliases, city = selectors.regions()
    found = find_figures(text, as_of_year=as_of_year, regions=aliases, city=city)
    report = CheckReport(as_of_year=as_of_year)
    if not found:
        return report
    indicators = selectors.indicators()
    priors = selectors.prior_figures()
    suggestions: list[Suggestion] = [suggest(f, indicators, priors) for f in found]
    subjects = [(f, s, s.region or f.region) for f, s in zip(found, suggestions, strict=True)]
    cells = selectors.cell_references(
        (
            (s.indicator.id, region, f.year, year_to_date_month(f.period) or 12)
            for f, s, region in subjects
            if s.indicator is not None
        ),
        as_of=as_of,
    )
    tolerance, band = tolerances()
    for figure, suggestion, region in subjects:
        month = year_to_date_month(figure.period)
        references = []
        if suggestion.indicator is not None:
            references += cells[(suggestion.indicator.id, region, figure.year, month or 12)]
        if not figure.period:
            # Replies' reported figures are whole years: a 1–9月 figure is not compared with them.
            references += [
                selectors.reported_reference(prior)
                for prior in _reported_for(figure, suggestion, region, priors)
            ]
        report.results.append(
            FigureResult(
                figure=figure,
                indicator=suggestion.indicator,
                indicator_basis=suggestion.basis,
                region=region,
                judgement=_judged(figure, month, references, tolerance=tolerance, band=band),
            )
        )
    return report


_QUARTERS = {"一": 3, "二": 6, "三": 9}


def year_to_date_month(period: str) -> int | None:
    """The month a printed part of a year runs to from January (1-9月, 前三季度 → 9; 上半年 → 6;
    一季度 → 3); None for the whole year ("") and for a part that does not start in January
    (二季度, 下半年), which no year-to-date record holds."""
    if period.startswith("1-") and period.endswith("月"):
        return int(period[2:-1])
    if period.startswith("前") and period.endswith("季度"):
        return _QUARTERS.get(period[1:-2])
    return {"上半年": 6, "一季度": 3}.get(period)


def _judged(figure: FoundFigure, month: int | None, references, *, tolerance, band) -> Judgement:
    """An achieved year-to-date figure (1-9月) is judged against the approved figure of that
    period, as a full year's against the year's; anything else printed for part of a year is
    left unjudged, saying why (compare.judge)."""
    if month is None or figure.claim == TARGET_CLAIM:
        return judge(figure, references, tolerance=tolerance, band=band)
    if not any(r.kind == ACTUAL for r in references):
        judged = judge(figure, references, tolerance=tolerance, band=band)
        note = _("未找到%(period)s的已审核累计数值，未作比对") % {"period": figure.period}
        return Judgement(NOT_FOUND, None, judged.comparisons, str(note))
    return judge(replace(figure, period=""), references, tolerance=tolerance, band=band)


def _reported_for(figure: FoundFigure, suggestion: Suggestion, region: str, priors) -> list:
    """The figures replies reported for the same thing, year and region: printed with the same
    words (the most similar first, and only those nearly as similar as the best), then any other
    linked to the same indicator (the latest reply first)."""
    in_cell = [p for p in priors if p.year == figure.year and p.region == region]
    indicator_id = suggestion.indicator.id if suggestion.indicator else None
    worded = [
        (similarity(figure.phrase, p.phrase), p)
        for p in in_cell
        if p.id in {q.id for q in suggestion.same_priors} and p.indicator_id in (None, indicator_id)
    ]
    best = max((score for score, _p in worded), default=0.0)
    chosen = [p for score, p in sorted(worded, key=lambda item: -item[0]) if score >= best - 0.1]
    linked = [
        p
        for p in in_cell
        if indicator_id is not None and p.indicator_id == indicator_id and p not in chosen
    ]
    return chosen + linked
