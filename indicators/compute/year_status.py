"""How a year's actual compares with its target: attainment, gap and year status.

DOMAIN.md, "What progress means". The tolerance band is a share of the target
(:attr:`Thresholds.tolerance <indicators.compute.progress.Thresholds>`, default 0.05); its width
is ``tolerance * |T|`` so that the band keeps its meaning for a negative target.

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
"""

import numpy as np

from indicators.compute.vocabulary import COMPARATORS, YEAR_STATUSES, code

GTE, APPROX, LTE = (code(COMPARATORS, c) for c in ("gte", "approx", "lte"))
MET, NEARLY_MET, NOT_MET, NO_DATA, NO_TARGET = (code(YEAR_STATUSES, s) for s in YEAR_STATUSES)


def _bounds(
    target: np.ndarray, comparator: np.ndarray, higher: np.ndarray, tolerance: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For every row: (worst actual that is met, worst actual that is nearly met, lower_is_good).

    For a row judged "the lower the better" (lte, or approx on a lower-is-better indicator) the
    bounds are upper bounds; otherwise lower bounds.
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
    met_bound, _, lower_is_good = _bounds(target, comparator, higher, tolerance)
    return np.where(lower_is_good, actual <= met_bound, actual >= met_bound)


def year_status(
    actual: np.ndarray,
    target: np.ndarray,
    comparator: np.ndarray,
    higher: np.ndarray,
    tolerance: float,
) -> np.ndarray:
    """Year status codes (into :data:`YEAR_STATUSES`).

    No target → ``no_target`` (even without an actual: there is nothing to judge against);
    a target but no actual → ``no_data``; else met / nearly_met / not_met by the table above.
    """
    met_bound, nearly_bound, lower_is_good = _bounds(target, comparator, higher, tolerance)
    met = np.where(lower_is_good, actual <= met_bound, actual >= met_bound)
    nearly = np.where(lower_is_good, actual <= nearly_bound, actual >= nearly_bound)
    return np.select(
        [np.isnan(target), np.isnan(actual), met, nearly],
        [NO_TARGET, NO_DATA, MET, NEARLY_MET],
        default=NOT_MET,
    ).astype(np.int8)


def attainment(actual: np.ndarray, target: np.ndarray, higher: np.ndarray) -> np.ndarray:
    """A/T for higher-is-better, T/A for lower-is-better; 1.0 means exactly on target.

    NaN where either is missing or the denominator is zero.
    """
    numerator = np.where(higher, actual, target)
    denominator = np.where(higher, target, actual)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(denominator != 0, numerator / denominator, np.nan)


def gap(actual: np.ndarray, target: np.ndarray, higher: np.ndarray) -> np.ndarray:
    """T − A for higher-is-better, A − T for lower-is-better: positive is a shortfall, in the
    indicator's own unit."""
    return np.where(higher, target - actual, actual - target)
