"""The two judgements of proposal tracking, as pure functions (no Django, no models).

- `judge_commitment`: what a commitment's status should be, given the approved actual of its
  deadline year, whether any actual has been entered yet, and today's date.
- `figure_disagrees`: whether a figure a reply reported disagrees with the approved actual.

proposals/tracking.py reads the database and calls these; their tests need no database.
Whether an actual meets a promise is the progress engine's own rule
(indicators.compute.comparators), so a commitment is kept exactly when its target shows as met.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from indicators.compute.comparators import value_meets

PENDING = "pending"
IN_PROGRESS = "in_progress"
REPORTED = "reported"
FULFILLED = "fulfilled"
OVERDUE = "overdue"
NOT_MEASURABLE = "not_measurable"

# Units of measure the replies and the plans use for the same thing.
_SAME_UNIT = {"名": "人", "位": "位"}


def same_unit(a: str, b: str) -> bool:
    """人 and 名 are one unit (13人 of a reply vs G-9's 名); otherwise the strings must match."""
    a, b = (a or "").strip(), (b or "").strip()
    return _SAME_UNIT.get(a, a) == _SAME_UNIT.get(b, b)


@dataclass(frozen=True)
class Judgement:
    status: str
    evidence: str


def judge_commitment(
    *,
    status: str,
    quantity: Decimal | None,
    comparator: str,
    deadline: date | None,
    measurable: bool,
    deadline_actual: Decimal | None,
    any_actual: bool,
    today: date,
    approx_band: float,
    higher: bool = True,
    describe_actual: str = "",
    promise: str = "",
) -> Judgement | None:
    """The status a commitment should have now, or None to leave it as it is.

    - not_measurable stays not_measurable (nothing to count).
    - `measurable` (linked to an indicator, with a quantity and a deadline): fulfilled when the
      approved actual of the deadline year (`deadline_actual`) meets the quantity by the
      engine's rule (`approx_band` is its tolerance, `higher` the indicator's direction: ≈180
      is met by 200 when higher is better, as the target's year status is); else overdue
      once the deadline has passed; else in progress when any actual has been entered since the
      reply; else pending. A later approved actual can turn overdue into fulfilled.
    - Otherwise (a quantity with no indicator, or no quantity): only its unit can show it kept,
      by a report a reviewer confirms (reported and fulfilled stay); once its deadline has
      passed with neither, it is overdue. Before the deadline it is never overdue.
    `describe_actual` names the actual in the evidence (e.g. "温州市2023年已审核实际值185万平方米"),
    `promise` the promised figure (e.g. "≥180万平方米").
    """
    if status == NOT_MEASURABLE:
        return None
    past_deadline = deadline is not None and today > deadline
    if not measurable:
        if status in (FULFILLED, REPORTED) or not past_deadline:
            return None
        return Judgement(OVERDUE, f"已过完成期限（{deadline:%Y-%m-%d}），责任单位未报告落实情况")
    if deadline_actual is not None and value_meets(
        deadline_actual, quantity, comparator=comparator, higher=higher, tolerance=approx_band
    ):
        return Judgement(FULFILLED, f"{describe_actual}，达到承诺的{promise or shown(quantity)}")
    if past_deadline:
        if deadline_actual is None:
            return Judgement(
                OVERDUE, f"已过完成期限（{deadline:%Y-%m-%d}），{deadline.year}年尚无已审核实际值"
            )
        return Judgement(OVERDUE, f"{describe_actual}，未达到承诺的{promise or shown(quantity)}")
    if any_actual:
        return Judgement(IN_PROGRESS, "已有实际值填报，期限未到")
    return Judgement(PENDING, "")


def shown(value: Decimal) -> str:
    """180.000000 → "180", 2.610000 → "2.61": a stored decimal as the document printed it."""
    return format(value.normalize(), "f")


def rounded(value: Decimal, decimals: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def relative_difference(reported: Decimal, actual: Decimal, *, decimals: int) -> Decimal | None:
    """|reported − actual| / |actual|, both rounded first to the indicator's decimals.

    Rounding first means a reply printing 2.61 (%) does not disagree with an indicator kept to
    one decimal whose actual is 2.6. None when the actual is 0 (no relative difference): then
    any non-zero reported figure disagrees (see `figure_disagrees`).
    """
    r, a = rounded(reported, decimals), rounded(actual, decimals)
    if a == 0:
        return None
    return abs(r - a) / abs(a)


def figure_disagrees(
    reported: Decimal, actual: Decimal, *, decimals: int, tolerance: float
) -> bool:
    """Whether a reported figure disagrees with the approved actual: relative difference > tolerance.

    Given K8 (decimals 0) with an approved 2022 actual of 150, a reply reporting 152 differs by
    2/150 = 1.33 % > 0.5 % → disagrees; reporting 152 against 152 → 0 → agrees.
    """
    difference = relative_difference(reported, actual, decimals=decimals)
    if difference is None:
        return rounded(reported, decimals) != 0
    return difference > Decimal(str(tolerance))
