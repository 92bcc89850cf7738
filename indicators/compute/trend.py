"""The trend of a yearly quantity: how many data points a row stands on, and a straight-line fit.

A flow (技术交易额, 年新增孵化面积) or a growth rate (高新技术产业投资增速) is a quantity of one year,
not a level that accumulates, so compounding one year's jump over the years left says nothing
(152 → 300 in one year would "project" 599.5 万㎡ for 2027). Its trend is the ordinary
least-squares line through its values from the base year t0 to the latest year t, read at the
final year Y, and only from three points on: two points give a line through any jump.

Vectorised like the rest of the engine: the actuals are sorted by series and year
(:mod:`indicators.compute.keys`), so the values from t0 to t of a series are one contiguous run
[first, last] of positions, and every sum over a run is a difference of cumulative sums.
"""

from dataclasses import dataclass

import numpy as np

# Fewest data points a straight-line projection is drawn from (docs/progress.md, "Outlook").
MIN_TREND_POINTS = 3


@dataclass(frozen=True)
class RunSums:
    """Cumulative sums over the sorted actuals of 1, x, y, x², xy (x = year − first_year)."""

    count: np.ndarray
    x: np.ndarray
    y: np.ndarray
    xx: np.ndarray
    xy: np.ndarray
    first_year: int

    @classmethod
    def of(cls, years: np.ndarray, values: np.ndarray, first_year: int) -> "RunSums":
        x = (np.asarray(years, dtype=np.int64) - first_year).astype(np.float64)
        y = np.asarray(values, dtype=np.float64)

        def cumulative(a: np.ndarray) -> np.ndarray:
            return np.concatenate([[0.0], np.cumsum(a)])

        return cls(
            count=cumulative(np.ones(len(x))),
            x=cumulative(x),
            y=cumulative(y),
            xx=cumulative(x * x),
            xy=cumulative(x * y),
            first_year=first_year,
        )


def points_in_run(first: np.ndarray, last: np.ndarray) -> np.ndarray:
    """How many data points lie in the runs [first, last] of positions (0 where either is -1 or
    the run is empty: the latest year lies before the base year)."""
    valid = (first >= 0) & (last >= first)
    return np.where(valid, last - first + 1, 0).astype(np.int64)


def linear_trend_at(
    sums: RunSums, *, first: np.ndarray, last: np.ndarray, year: np.ndarray
) -> np.ndarray:
    """The least-squares line through the values at positions first..last, read at ``year``.

    slope b = (nΣxy − ΣxΣy)/(nΣx² − (Σx)²), intercept a = (Σy − bΣx)/n, value a + b·x(year).
    NaN with fewer than :data:`MIN_TREND_POINTS` points or where ``year`` is missing (< 0).
    """
    n = points_in_run(first, last)
    lo = np.where(n > 0, first, 0)
    hi = np.where(n > 0, last + 1, 0)

    def run(cumulative: np.ndarray) -> np.ndarray:
        return cumulative[hi] - cumulative[lo]

    sx, sy, sxx, sxy = run(sums.x), run(sums.y), run(sums.xx), run(sums.xy)
    nf = n.astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        slope = (nf * sxy - sx * sy) / (nf * sxx - sx * sx)
        intercept = (sy - slope * sx) / nf
        at = np.asarray(year, dtype=np.float64) - sums.first_year
        value = intercept + slope * at
    return np.where((n >= MIN_TREND_POINTS) & (np.asarray(year) >= 0), value, np.nan)
