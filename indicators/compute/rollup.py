"""Regions against the city for additive indicators: the roll-up check and each region's share.

DOMAIN.md, "Regions": for an indicator whose regions add up (``rollup == "sum"``), the sum of the
county-level divisions (``in_rollup``; the functional zones lie inside districts and are left out)
is checked against the city's own figure, and each region shows its share of the city.

* ``rollup_sum`` / ``rollup_count``: sum and number of the in-roll-up regions with an actual that
  year (the sum is NaN when none reported); ``rollup_expected``: how many in-roll-up regions exist.
* ``rollup_deviation`` is judged only when every in-roll-up region reported and the city has its
  own actual: True when |sum − city| > rollup_tolerance · |city|. A partial sum is expected to fall
  short, so flagging it would be noise; the count shows the gap instead.
* ``share_of_city`` = A_region / A_city, on every non-city row of an additive indicator that has
  both actuals (NaN when the city's figure is missing or zero).
"""

from dataclasses import dataclass

import numpy as np

from indicators.compute import keys as k


@dataclass(frozen=True)
class Rollup:
    applies: np.ndarray  # the city's rows of additive indicators
    total: np.ndarray
    count: np.ndarray
    expected: int
    deviation: np.ndarray
    share_of_city: np.ndarray


def rollup(
    *,
    actual_indicator: np.ndarray,
    actual_region: np.ndarray,
    actual_year: np.ndarray,
    actual_value: np.ndarray,
    row_indicator: np.ndarray,
    row_region: np.ndarray,
    row_year: np.ndarray,
    row_actual: np.ndarray,
    additive: np.ndarray,
    in_rollup: np.ndarray,
    city_region: int,
    year_keys: k.YearKeys,
    tolerance: float,
) -> Rollup:
    """Roll-up columns for every row.

    ``actual_*`` are the (deduplicated) actuals as indicator codes, region codes, years and
    values; ``row_*`` the output rows. ``additive`` is indexed by indicator code, ``in_rollup`` by
    region code; ``city_region`` is the city's region code (-1 when there is no city).
    """
    n_rows = len(row_year)
    expected = int(in_rollup.sum())
    if city_region < 0:
        return Rollup(
            applies=np.zeros(n_rows, dtype=bool),
            total=np.full(n_rows, np.nan),
            count=np.zeros(n_rows, dtype=np.int64),
            expected=expected,
            deviation=np.zeros(n_rows, dtype=bool),
            share_of_city=np.full(n_rows, np.nan),
        )

    row_additive = additive[row_indicator]
    row_key = year_keys.key(row_indicator, row_year)

    # Sum and count of the in-roll-up regions' actuals, per indicator and year.
    summed = additive[actual_indicator] & in_rollup[actual_region]
    summed_keys = year_keys.key(actual_indicator[summed], actual_year[summed])
    order = np.argsort(summed_keys, kind="stable")
    summed_keys, summed_values = summed_keys[order], actual_value[summed][order]
    is_last = k.last_of_runs(summed_keys)
    group_keys = summed_keys[is_last]
    group_of = np.cumsum(is_last) - is_last  # 0-based group number of each sorted element
    group_sum = np.bincount(group_of, weights=summed_values, minlength=len(group_keys))
    group_count = np.bincount(group_of, minlength=len(group_keys))

    applies = row_additive & (row_region == city_region)
    at = k.exact(group_keys, row_key)
    count = np.where(applies, k.take(group_count, at, 0), 0)
    total = np.where(applies & (count > 0), k.take(group_sum, at, np.nan), np.nan)
    complete = applies & (expected > 0) & (count == expected) & ~np.isnan(row_actual)
    with np.errstate(invalid="ignore"):
        deviation = complete & (np.abs(total - row_actual) > tolerance * np.abs(row_actual))

    # The city's own actual, per indicator and year, for the regions' shares.
    is_city = actual_region == city_region
    city_keys = year_keys.key(actual_indicator[is_city], actual_year[is_city])
    order = np.argsort(city_keys, kind="stable")
    city_value = k.take(actual_value[is_city][order], k.exact(city_keys[order], row_key), np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = row_actual / city_value
    share_known = row_additive & (row_region != city_region) & (city_value != 0)
    share_of_city = np.where(share_known, share, np.nan)

    return Rollup(
        applies=applies,
        total=total,
        count=count,
        expected=expected,
        deviation=deviation,
        share_of_city=share_of_city,
    )
