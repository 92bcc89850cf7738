"""A found figure against the values it should agree with: agrees, differs (by how much, against
which value of which source) or not found.

Pure. Which values a figure is judged against depends on its claim (extract.py):

- a figure **achieved** is judged against the approved actual of its indicator, region and year
  when there is one; otherwise against the figures earlier replies reported for the same thing
  (same indicator, or the same words) in the same year and region;
- a figure **planned or promised** is judged against the targets of its indicator, region and
  year (each plan's; agreeing with one is enough: 3.1%左右 is 温政办〔2023〕86号's target for
  2025 while 温政发〔2023〕17号 prints 3.0);
- a figure for part of a year is not judged here; check.py judges an achieved year-to-date one
  (1-9月) against the approved figure of its period, passing it in as a whole period.

The other values found are listed beside the judgement, each with its own comparison.

Agreement (`compare_value`): the reference is converted to the printed unit (2.5万人 against
25,012 人 is 2.5012) and rounded to the printed decimals: equal → agrees; otherwise it agrees
when the relative difference is within `tolerance` (WZSCI_FIGURE_TOLERANCE, 0.5 %). A printed
qualifier widens it to the progress band (WZSCI_PROGRESS_TOLERANCE, 5 %) on its side: 超1400
agrees with 1,400 to 1,470, 近2.5万 with 2.375万 to 2.5万, 约/左右 with either side. Targets are
quoted, not estimated: they are compared without the qualifier's band.

Given 带动全市R&D经费强度2.71% and an approved 2023 actual of 2.61 (K1, %): 2.61 rounded to two
decimals is 2.61 ≠ 2.71, |2.71 − 2.61| / 2.61 = 3.83 % > 0.5 % → differs by +0.10 个百分点.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from common.words import gettext
from proposals.figurecheck.extract import ABOUT, AT_LEAST, AT_MOST, TARGET_CLAIM, FoundFigure
from proposals.figurecheck.matching import unit_factor

AGREES, DIFFERS, NOT_FOUND = "agrees", "differs", "not_found"
ACTUAL, TARGET, REPORTED = "actual", "target", "reported"


@dataclass(frozen=True)
class Reference:
    """A value a figure can be compared with. `label` names the kind (已审核实际值, 目标值,
    报告数据); `source` says which one (the region and year, when approved and from what;
    the plan; the reply and its sentence)."""

    kind: str
    value: Decimal
    unit: str
    label: str
    source: str


@dataclass(frozen=True)
class Comparison:
    reference: Reference
    agrees: bool
    difference: Decimal  # printed − reference, in the printed unit
    relative: Decimal | None  # |difference| / |reference|; None when the reference is 0


@dataclass(frozen=True)
class Judgement:
    verdict: str
    against: Comparison | None
    comparisons: tuple[Comparison, ...]
    note: str


def compare_value(
    figure: FoundFigure,
    reference: Reference,
    *,
    tolerance: float,
    band: float,
    qualified: bool = True,
) -> Comparison | None:
    """The figure beside one reference; None when their units do not measure the same thing."""
    factor = unit_factor(figure.unit, reference.unit)
    if factor is None:
        return None
    printed = figure.value
    value = reference.value / factor
    step = Decimal(1).scaleb(-figure.decimals)
    difference = printed - value
    relative = abs(difference) / abs(value) if value else None
    agrees = value.quantize(step, rounding=ROUND_HALF_UP) == printed or (
        relative is not None and relative <= Decimal(str(tolerance))
    )
    if not agrees and qualified and figure.qualifier:
        wide = abs(printed) * Decimal(str(band))
        low, high = {
            AT_LEAST: (printed, printed + wide),
            AT_MOST: (printed - wide, printed),
            ABOUT: (printed - wide, printed + wide),
        }[figure.qualifier]
        agrees = low <= value <= high
    return Comparison(reference, agrees, difference, relative)


def judge(
    figure: FoundFigure,
    references: Sequence[Reference],
    *,
    tolerance: float,
    band: float,
) -> Judgement:
    """The verdict on a figure, given every value found for its indicator (or words), region and
    year, each kind in the order it should be named (the latest first)."""
    comparisons = []
    for reference in references:
        qualified = reference.kind != TARGET
        compared = compare_value(
            figure, reference, tolerance=tolerance, band=band, qualified=qualified
        )
        if compared is not None:
            comparisons.append(compared)
    if figure.period:
        return Judgement(
            NOT_FOUND,
            None,
            tuple(comparisons),
            gettext("这是%(period)s的数据，系统只有全年数值，未作比对") % {"period": figure.period},
        )
    if figure.claim == TARGET_CLAIM:
        primary = [c for c in comparisons if c.reference.kind == TARGET]
        missing = gettext("未找到该指标该年度的目标值")
    else:
        primary = [c for c in comparisons if c.reference.kind == ACTUAL] or [
            c for c in comparisons if c.reference.kind == REPORTED
        ]
        missing = gettext("未找到已审核实际值或以往答复报告的同一数据")
    if not primary:
        return Judgement(NOT_FOUND, None, tuple(comparisons), missing)
    agreeing = next((c for c in primary if c.agrees), None)
    if agreeing is not None:
        return Judgement(AGREES, agreeing, tuple(comparisons), "")
    return Judgement(DIFFERS, primary[0], tuple(comparisons), "")
