"""Reported figures beside the approved full-year figures of their cells (the vintage that existed
when the reply was signed, where that can be known: proposals/figurecheck/vintages.py), and
those that disagree."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import QuerySet

from common.numbers import display_percent
from indicators.models import Indicator
from proposals import checks
from proposals.figurecheck.vintages import full_year_figures
from proposals.models import ReportedFigure


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
    basis: str = ""  # which vintage the figure was compared with, and why (vintages.py)

    @property
    def difference_percent(self) -> str:
        if self.relative_difference is None:
            return ""
        return display_percent(self.relative_difference, 2)


def figure_checks(
    *, figures: QuerySet | None = None, indicator: Indicator | None = None
) -> list[FigureCheck]:
    """Every linked reported figure (of `figures`, or of `indicator`) with its approved actual.

    A figure disagrees when its relative difference from the approved full-year figure of the
    same indicator, region and year exceeds WZSCI_FIGURE_TOLERANCE (0.5 %), both rounded to the
    indicator's decimals (proposals/checks.py). The figure is the vintage (快报, 年报, 修订) that
    was approved on the reply's signing date where the history says so, else the current one;
    `basis` says which. No approved actual: nothing to disagree with.
    """
    qs = figures if figures is not None else ReportedFigure.objects.all()
    qs = qs.filter(indicator__isnull=False).select_related("indicator", "region", "reply")
    if indicator is not None:
        qs = qs.filter(indicator=indicator)
    rows = list(qs.order_by("year", "reply__doc_number", "number"))
    if not rows:
        return []
    # One look-up per signing date: each reply is compared with what existed when it was signed.
    by_date: dict = {}
    for f in rows:
        by_date.setdefault(f.reply.signed_on, set()).add((f.indicator_id, f.region_id, f.year))
    picked = {
        (day, cell): figure
        for day, cells in by_date.items()
        for cell, figure in full_year_figures(cells, as_of=day).items()
    }
    tolerance = figure_tolerance()
    out = []
    for f in rows:
        chosen = picked.get((f.reply.signed_on, (f.indicator_id, f.region_id, f.year)))
        actual = chosen.value if chosen else None
        comparable = checks.same_unit(f.unit_of_measure, f.indicator.unit_of_measure)
        disagrees, difference = False, None
        if actual is not None and comparable:
            decimals = f.indicator.decimals
            difference = checks.relative_difference(f.value, actual, decimals=decimals)
            disagrees = checks.figure_disagrees(
                f.value, actual, decimals=decimals, tolerance=tolerance
            )
        basis = chosen.basis_note if chosen else ""
        out.append(FigureCheck(f, actual, comparable, disagrees, difference, basis))
    return out


def figure_disagreements(
    *, figures: QuerySet | None = None, indicator: Indicator | None = None
) -> list[FigureCheck]:
    """The reported figures that disagree with the approved actual of their cell."""
    return [c for c in figure_checks(figures=figures, indicator=indicator) if c.disagrees]
