"""Reported figures beside the approved actuals of their cells, and those that disagree."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Q, QuerySet

from common.numbers import display_percent
from indicators.models import Actual, Indicator, WorkflowState
from proposals import checks
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

    @property
    def difference_percent(self) -> str:
        if self.relative_difference is None:
            return ""
        return display_percent(self.relative_difference, 2)


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
