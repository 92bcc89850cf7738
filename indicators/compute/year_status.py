"""How a year's actual compares with its target: attainment, gap and year status.

DOMAIN.md, "What progress means". Met and nearly met are the comparator rule of
:mod:`indicators.compute.comparators` (≥, ≈, ≤, the indicator's direction and the tolerance band),
the one the proposals' commitments are judged by as well.
"""

import numpy as np

from indicators.compute.comparators import bounds
from indicators.compute.vocabulary import YEAR_STATUSES, code

MET, NEARLY_MET, NOT_MET, NO_DATA, NO_TARGET = (code(YEAR_STATUSES, s) for s in YEAR_STATUSES)


def year_status(
    actual: np.ndarray,
    target: np.ndarray,
    comparator: np.ndarray,
    higher: np.ndarray,
    tolerance: float,
) -> np.ndarray:
    """Year status codes (into :data:`YEAR_STATUSES`).

    No target → ``no_target`` (even without an actual: there is nothing to judge against);
    a target but no actual → ``no_data``; else met / nearly_met / not_met by the table in
    :mod:`indicators.compute.comparators`.
    """
    met_bound, nearly_bound, lower_is_good = bounds(target, comparator, higher, tolerance)
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
