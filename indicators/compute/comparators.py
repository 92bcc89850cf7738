"""Whether a value meets a target: the one comparator rule (≥, ≈, ≤, direction, tolerance band).

The engine's year status and outlook (year_status.py, outlook.py) and the proposals' commitments
(proposals/checks.py) all judge through here, so a "≈180" commitment is kept exactly when the
dashboards show the same target met. DOMAIN.md, "What progress means"; docs/progress.md.

The tolerance band is a share of the target (:attr:`Thresholds.tolerance
<indicators.compute.progress.Thresholds>`, default 0.05); its width is ``tolerance * |T|`` so
that the band keeps its meaning for a negative target.

===========  ========================================  =============================================
comparator   met                                       nearly met
===========  ========================================  =============================================
gte (≥)      A ≥ T                                     A ≥ T − tol·|T|
lte (≤)      A ≤ T                                     A ≤ T + tol·|T|
approx (≈)   |A − T| ≤ tol·|T|, or beyond the band     beyond the band on the bad side, but within
             on the good side (A > T for higher-is-     2·tol·|T| of T
             better: 25名左右 with 30 is met)
===========  ========================================  =============================================

The good side of an ≈ target is the indicator's direction. Otherwise the comparator alone decides.
Worked example (5 %): ≈180, higher is better → met from 171 up (200 is met), nearly met from 162;
≈25 (a rank), lower is better → met up to 26.25 (20 is met), nearly met up to 27.5.
"""

from numbers import Real

import numpy as np

from indicators.compute.vocabulary import COMPARATORS, code

GTE, APPROX, LTE = (code(COMPARATORS, c) for c in ("gte", "approx", "lte"))


def bounds(
    target: np.ndarray, comparator: np.ndarray, higher: np.ndarray, tolerance: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For every row: (worst actual that is met, worst actual that is nearly met, lower_is_good).

    ``comparator`` holds codes into :data:`COMPARATORS`, ``higher`` the indicator's direction
    (True: higher is better). For a row judged "the lower the better" (lte, or approx on a
    lower-is-better indicator) the bounds are upper bounds; otherwise lower bounds.
    """
    band = tolerance * np.abs(target)
    lower_is_good = (comparator == LTE) | ((comparator == APPROX) & ~higher)
    met_bound = np.select(
        [comparator == GTE, comparator == LTE, higher],
        [target, target, target - band],
        default=target + band,
    )
    nearly_bound = np.select(
        [comparator == GTE, comparator == LTE, higher],
        [target - band, target + band, target - 2 * band],
        default=target + 2 * band,
    )
    return met_bound, nearly_bound, lower_is_good


def meets(
    actual: np.ndarray,
    target: np.ndarray,
    comparator: np.ndarray,
    higher: np.ndarray,
    tolerance: float,
) -> np.ndarray:
    """True where ``actual`` meets ``target`` under its comparator (False where either is NaN)."""
    met_bound, _, lower_is_good = bounds(target, comparator, higher, tolerance)
    return np.where(lower_is_good, actual <= met_bound, actual >= met_bound)


def value_meets(
    value: Real, target: Real, *, comparator: str, higher: bool, tolerance: float
) -> bool:
    """:func:`meets` for one value: ``comparator`` is "gte", "approx" or "lte".

    For callers that judge one figure at a time (a commitment against its approved actual).
    Decimals are compared as floats, as the engine reads them, so both give the same answer.
    Raises ValueError for an unknown comparator.
    """
    if comparator not in COMPARATORS:
        raise ValueError(f"unknown comparator {comparator!r}; expected one of {COMPARATORS}")
    met = meets(
        np.array([float(value)]),
        np.array([float(target)]),
        np.array([code(COMPARATORS, comparator)]),
        np.array([bool(higher)]),
        tolerance,
    )
    return bool(met[0])
