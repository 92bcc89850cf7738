"""序时进度: each year-to-date figure against the share of the year's target it should have reached.

Pure and vectorised like the engine (docs/progress.md, "Reporting periods and 序时进度"). For
every indicator × region × year × period with a year-to-date figure (the vintage that counts,
compute/vintages.py), and the full year of a year that has one, with the year's target as the
annual engine set it (its own, or the city's as a benchmark):

* flows accumulate: expected = target × elapsed share; the share is m/12 (``linear``), or the
  mean over the region's earlier years of (the period's value / the full year's) where at least
  three earlier years have both (``seasonal``; the latest ten at most, named in profile_years);
* rates (growth_rate, level) are the period's own rate: compared directly with the target
  (``direct``, expected = target);
* stocks are the value at the period's end: expected = last year's full-year value + (target −
  that) × m/12 (``from_start``); with no last-year value, ``direct``.

pace_ratio = value / expected (expected / value for lower-is-better); status with the band:
ratio ≥ 1 + band ahead (超序时), ≥ 1 − band on_pace (符合序时), else behind (落后序时). Where a
ratio means nothing (expected ≤ 0, or a lower-is-better value ≤ 0: a growth target of 0 %) the
ratio is left empty and the improvement d (value − expected, or expected − value) is compared
with band × |expected| instead: the same rule as the ratio's for a positive expected value.
"""

import numpy as np
import pandas as pd

from indicators.compute import coding
from indicators.compute import keys as k
from indicators.compute.columns import INDICATOR_COLUMNS
from indicators.compute.periods import FULL_YEAR, VINTAGES
from indicators.compute.vintages import select_vintages
from indicators.compute.vocabulary import (
    DIRECTIONS,
    KINDS,
    PACE_PROFILES,
    PACE_STATUSES,
    TARGET_SOURCES,
    code,
)

PACE_COLUMNS = (
    "indicator_id",
    "region_id",
    "year",
    "period",
    "actual_value",
    "actual_provisional",
    "actual_vintage",
    "target_value",
    "target_source",
    "elapsed_share",
    "expected_value",
    "share_of_target",
    "pace_ratio",
    "pace_status",
    "profile",
    "profile_years",
)
ANNUAL_COLUMNS = ("indicator_id", "region_id", "year", "target_value", "target_source")
DEFAULT_BAND = 0.05
# Earlier years a seasonal profile needs, and the most it averages (the latest ones).
SEASONAL_MIN_YEARS = 3
SEASONAL_MAX_YEARS = 10

LINEAR, SEASONAL, DIRECT, FROM_START = (code(PACE_PROFILES, p) for p in PACE_PROFILES)
AHEAD, ON_PACE, BEHIND, NO_TARGET = (code(PACE_STATUSES, s) for s in PACE_STATUSES)
_PERIODS = FULL_YEAR + 1  # period keys: cell * 13 + month


def compute_pace(
    *,
    indicators: pd.DataFrame,
    actuals: pd.DataFrame,
    annual: pd.DataFrame,
    band: float = DEFAULT_BAND,
) -> pd.DataFrame:
    """序时进度 of every year-to-date figure.

    * ``indicators``: INDICATOR_COLUMNS (kind and direction are read).
    * ``actuals``: every record, any period and vintage (as compute_progress takes them).
    * ``annual``: compute_progress's output (ANNUAL_COLUMNS are read): the year's target and
      where it comes from, per indicator × region × year.
    * ``band``: the 符合序时 band as a share (0.05: within 5 % of the expected value).

    Returns PACE_COLUMNS, one row per indicator × region × year × period with a figure of a period
    before the full year, plus the full year (period 12) of a year that has such a figure; sorted
    by indicator, region, year, period. Shares and ratios are fractions (0.83, not 83).
    """
    if not 0 <= band < 1:
        raise ValueError(f"band must be in [0, 1), got {band}")
    coding.require_columns(indicators, INDICATOR_COLUMNS, "indicators")
    coding.require_columns(annual, ANNUAL_COLUMNS, "annual")
    selected = select_vintages(actuals)

    s_ind = selected["indicator_id"].to_numpy(dtype=np.int64)
    s_reg = selected["region_id"].to_numpy(dtype=np.int64)
    s_year = selected["year"].to_numpy(dtype=np.int64)
    s_period = selected["period"].to_numpy(dtype=np.int64)
    s_value = selected["value"].to_numpy(dtype=np.float64)

    # Cells (indicator, region, year) as int keys; periods as cell * 13 + month.
    a_ind = annual["indicator_id"].to_numpy(dtype=np.int64)
    a_reg = annual["region_id"].to_numpy(dtype=np.int64)
    a_year = annual["year"].to_numpy(dtype=np.int64)
    indicator_ids = k.unique(np.concatenate([s_ind, a_ind]))
    region_ids = k.unique(np.concatenate([s_reg, a_reg]))
    n_regions = max(len(region_ids), 1)
    years = k.YearKeys.covering(s_year, s_year - 1, a_year)

    def pair(ind: np.ndarray, reg: np.ndarray) -> np.ndarray:
        return np.searchsorted(indicator_ids, ind) * n_regions + np.searchsorted(region_ids, reg)

    s_pair = pair(s_ind, s_reg)
    s_cell = years.key(s_pair, s_year)  # selected is sorted by indicator, region, year, period

    # Rows: every period before the full year, and the full year of a year that has one.
    partial = s_period < FULL_YEAR
    cells_with_partial = k.unique(s_cell[partial])
    rows = np.flatnonzero(partial | k.contains(cells_with_partial, s_cell))
    r_pair, r_cell, r_year, r_period = s_pair[rows], s_cell[rows], s_year[rows], s_period[rows]
    value = s_value[rows]

    # The indicator's kind and direction.
    known = np.sort(indicators["indicator_id"].to_numpy(dtype=np.int64))
    by_id = np.argsort(indicators["indicator_id"].to_numpy(dtype=np.int64), kind="stable")
    kinds = coding.codes(indicators["kind"], KINDS, "indicators.kind")[by_id]
    higher_all = coding.codes(indicators["direction"], DIRECTIONS, "indicators.direction")[by_id]
    position = coding.indicator_codes(pd.Series(s_ind[rows]), known, "actuals")
    kind = kinds[position]
    higher = higher_all[position] == code(DIRECTIONS, "higher")

    # The year's target, as the annual engine set it for the cell.
    a_key = years.key(pair(a_ind, a_reg), a_year)
    a_order = np.argsort(a_key, kind="stable")
    at = k.exact(a_key[a_order], r_cell)
    at = np.where(at >= 0, a_order[np.maximum(at, 0)], k.MISSING)
    target = k.take(annual["target_value"].to_numpy(dtype=np.float64, na_value=np.nan), at, np.nan)
    source_codes = coding.codes(
        annual["target_source"].astype(object).fillna("none"), TARGET_SOURCES, "annual"
    )
    source = k.take(source_codes, at, code(TARGET_SOURCES, "none"))
    has_target = ~np.isnan(target)
    source = np.where(has_target, source, code(TARGET_SOURCES, "none"))

    # Full-year values (for stocks: last year's; for flows: the seasonal profile).
    full = s_period == FULL_YEAR
    f_cell, f_value = s_cell[full], s_value[full]
    last_year_value = k.take(f_value, k.exact(f_cell, years.key(r_pair, r_year - 1)), np.nan)
    linear_share = r_period / FULL_YEAR
    is_flow = kind == code(KINDS, "flow")
    is_stock = kind == code(KINDS, "stock")
    seasonal_share, seasonal_years = _seasonal_profile(
        s_pair=s_pair,
        s_year=s_year,
        s_period=s_period,
        s_value=s_value,
        s_cell=s_cell,
        full_cell=f_cell,
        full_value=f_value,
        rows=rows,
        flows=is_flow & (r_period < FULL_YEAR),
        years=years,
    )
    seasonal = ~np.isnan(seasonal_share)
    from_start = is_stock & ~np.isnan(last_year_value)
    profile = np.select(
        [is_flow & seasonal, is_flow, from_start], [SEASONAL, LINEAR, FROM_START], default=DIRECT
    )
    share = np.select(
        [profile == SEASONAL, (profile == LINEAR) | (profile == FROM_START)],
        [seasonal_share, linear_share],
        default=np.nan,
    )
    expected = np.select(
        [is_flow, from_start],
        [target * share, last_year_value + (target - last_year_value) * linear_share],
        default=target,
    )

    # Ratio and status.
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio_ok = has_target & (expected > 0) & (higher | (value > 0))
        ratio = np.where(ratio_ok, np.where(higher, value / expected, expected / value), np.nan)
        share_of_target = np.where(target > 0, value / target, np.nan)
    improvement = np.where(higher, value - expected, expected - value)
    margin = band * np.abs(expected)
    status = np.select(
        [
            ~has_target,
            ratio_ok & (ratio >= 1 + band),
            ratio_ok & (ratio >= 1 - band),
            ratio_ok,
            (improvement >= margin) & (improvement > 0),
            improvement >= -margin,
        ],
        [NO_TARGET, AHEAD, ON_PACE, BEHIND, AHEAD, ON_PACE],
        default=BEHIND,
    )

    return pd.DataFrame(
        {
            "indicator_id": s_ind[rows],
            "region_id": s_reg[rows],
            "year": r_year,
            "period": r_period,
            "actual_value": value,
            "actual_provisional": selected["state"].to_numpy(dtype=object)[rows] == "submitted",
            "actual_vintage": coding.categorical(
                coding.codes(selected["vintage"].iloc[rows], VINTAGES, "actuals.vintage"),
                VINTAGES,
            ),
            "target_value": target,
            "target_source": coding.categorical(source, TARGET_SOURCES),
            "elapsed_share": share,
            "expected_value": np.where(has_target, expected, np.nan),
            "share_of_target": share_of_target,
            "pace_ratio": ratio,
            "pace_status": coding.categorical(status, PACE_STATUSES),
            "profile": coding.categorical(profile, PACE_PROFILES),
            "profile_years": np.where(profile == SEASONAL, seasonal_years, ""),
        },
        columns=list(PACE_COLUMNS),
        copy=False,  # one block per column: consolidating millions of rows buys nothing
    )


def _seasonal_profile(
    *,
    s_pair: np.ndarray,
    s_year: np.ndarray,
    s_period: np.ndarray,
    s_value: np.ndarray,
    s_cell: np.ndarray,
    full_cell: np.ndarray,
    full_value: np.ndarray,
    rows: np.ndarray,
    flows: np.ndarray,
    years: k.YearKeys,
) -> tuple[np.ndarray, np.ndarray]:
    """Per output row (NaN / "" where none): the mean of (period value / full-year value) over
    the region's earlier years that have both (full year > 0), the latest SEASONAL_MAX_YEARS of
    them, where at least SEASONAL_MIN_YEARS do; and those years as "2020,2021,2022"."""
    n = len(rows)
    shares = np.full(n, np.nan)
    names = np.full(n, "", dtype=object)
    if not flows.any():
        return shares, names
    # Entries: (series = pair × month, year) with the period's and the full year's value.
    partial = np.flatnonzero(s_period < FULL_YEAR)
    full_at = k.exact(full_cell, s_cell[partial])
    full = k.take(full_value, full_at, np.nan)
    usable = full > 0
    e = partial[usable]
    e_ratio = s_value[e] / full[usable]
    e_series = s_pair[e] * _PERIODS + s_period[e]
    e_key = years.key(e_series, s_year[e])
    order = np.argsort(e_key, kind="stable")
    e_key, e_series, e_ratio, e_year = (
        e_key[order],
        e_series[order],
        e_ratio[order],
        s_year[e][order],
    )
    sums = np.concatenate([[0.0], np.cumsum(e_ratio)])

    wanted = np.flatnonzero(flows)
    src = rows[wanted]
    series = s_pair[src] * _PERIODS + s_period[src]
    end = np.searchsorted(e_key, years.key(series, s_year[src]), side="left")
    start = np.searchsorted(e_key, years.key(series, years.first_year), side="left")
    begin = np.maximum(start, end - SEASONAL_MAX_YEARS)
    count = end - begin
    enough = count >= SEASONAL_MIN_YEARS
    wanted, begin, end, count = wanted[enough], begin[enough], end[enough], count[enough]
    shares[wanted] = (sums[end] - sums[begin]) / count
    names[wanted] = _year_lists(e_year, begin, end)
    return shares, names


def _year_lists(entry_years: np.ndarray, begin: np.ndarray, end: np.ndarray) -> np.ndarray:
    """The years entry_years[begin:end] of each row as "2020,2021,2022", one string per distinct
    set (a bitmask of years summed by prefix sums: the sets are few, the rows many)."""
    if len(begin) == 0:
        return np.empty(0, dtype=object)
    first = int(entry_years.min())
    if int(entry_years.max()) - first > 62:  # beyond a bitmask: row by row
        return np.array(
            [",".join(map(str, entry_years[b:e])) for b, e in zip(begin, end, strict=True)],
            dtype=object,
        )
    # uint64 wraps around: a difference of prefix sums is still the slice's sum (< 2**63).
    bits = np.left_shift(np.uint64(1), (entry_years - first).astype(np.uint64))
    prefix = np.concatenate([np.zeros(1, dtype=np.uint64), np.cumsum(bits, dtype=np.uint64)])
    masks = prefix[end] - prefix[begin]
    distinct, inverse = np.unique(masks, return_inverse=True)
    labels = np.array(
        [",".join(str(first + b) for b in range(63) if (int(mask) >> b) & 1) for mask in distinct],
        dtype=object,
    )
    return labels[inverse]
