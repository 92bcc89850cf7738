"""Which record of a cell counts: the vintage selection (docs/progress.md, "Vintages").

An actual is keyed by indicator × region × year × period × vintage: a 快报 (flash), then the
年报 (final), sometimes a 修订 (revised) are records side by side. Of one cell's records the
engine uses the latest *approved* vintage (flash < final < revised); only where none is approved,
the latest submitted one, which is then provisional. Pure: a frame in, a frame out.
"""

import numpy as np
import pandas as pd

from indicators.compute import coding
from indicators.compute.columns import ACTUAL_COLUMNS
from indicators.compute.periods import DEFAULT_VINTAGE, FULL_YEAR, VINTAGES
from indicators.compute.vocabulary import ACTUAL_STATES, code

# Optional columns of the actuals frame: the period (month the year to date ends with, 12 = the
# full year) and the vintage. A frame without them holds full-year 年报 figures.
PERIOD_COLUMNS = ("period", "vintage")
SELECTED_COLUMNS = (*ACTUAL_COLUMNS, *PERIOD_COLUMNS)
APPROVED = code(ACTUAL_STATES, "approved")


def with_periods(actuals: pd.DataFrame) -> pd.DataFrame:
    """The frame with ``period`` and ``vintage`` columns (filled as full year, 年报, if absent)."""
    missing = {}
    if "period" not in actuals.columns:
        missing["period"] = np.full(len(actuals), FULL_YEAR, dtype=np.int64)
    if "vintage" not in actuals.columns:
        missing["vintage"] = np.full(len(actuals), DEFAULT_VINTAGE, dtype=object)
    return actuals.assign(**missing) if missing else actuals


def select_vintages(actuals: pd.DataFrame) -> pd.DataFrame:
    """One row per indicator × region × year × period: the record that counts.

    Input: the actuals frame (ACTUAL_COLUMNS, optionally ``period`` and ``vintage``; NaN values
    are ignored). Output: columns SELECTED_COLUMNS, one row per cell, sorted by indicator,
    region, year, period. The chosen record is the approved one of the highest vintage rank; where
    no record of the cell is approved, the submitted one of the highest rank (``state`` stays
    "submitted": provisional). Raises ValueError on an unknown state or vintage, or a period
    outside 1..12.
    """
    coding.require_columns(actuals, ACTUAL_COLUMNS, "actuals")
    frame = with_periods(actuals)
    value = frame["value"].to_numpy(dtype=np.float64)
    present = ~np.isnan(value)
    if not present.all():
        frame, value = frame.loc[present], value[present]
    period = frame["period"].to_numpy(dtype=np.int64)
    if len(period) and (period.min() < 1 or period.max() > FULL_YEAR):
        raise ValueError(f"actuals.period: months must be 1..12, got {sorted(set(period))[:10]}")
    state = coding.codes(frame["state"], ACTUAL_STATES, "actuals.state")
    vintage = coding.codes(frame["vintage"], VINTAGES, "actuals.vintage")
    indicator = frame["indicator_id"].to_numpy(dtype=np.int64)
    region = frame["region_id"].to_numpy(dtype=np.int64)
    year = frame["year"].to_numpy(dtype=np.int64)
    # Approved before anything submitted, then by vintage: the last of each cell's run wins.
    priority = (state == APPROVED) * len(VINTAGES) + vintage
    cell = _cell_keys(indicator, region, year, period)
    ranked = cell * (2 * len(VINTAGES)) + priority
    if len(ranked) > 1 and (np.diff(ranked) < 0).any():
        order = np.argsort(ranked, kind="stable")
        cell = cell[order]
    else:
        order = np.arange(len(ranked))  # already in order (as the loader mostly reads them)
    last = np.ones(len(order), dtype=bool)
    if len(order) > 1:
        last[:-1] = cell[:-1] != cell[1:]
    keep = order[last]
    return pd.DataFrame(
        {
            "indicator_id": indicator[keep],
            "region_id": region[keep],
            "year": year[keep],
            "value": value[keep],
            "state": np.asarray(ACTUAL_STATES, dtype=object)[state[keep]],
            "period": period[keep],
            "vintage": np.asarray(VINTAGES, dtype=object)[vintage[keep]],
        },
        columns=list(SELECTED_COLUMNS),
        copy=False,
    )


def _cell_keys(indicator, region, year, period) -> np.ndarray:
    """One int64 per indicator × region × year × period, ordered as those four."""
    if len(indicator) == 0:
        return np.empty(0, dtype=np.int64)
    columns = []
    for values in (indicator, region, year):
        low, high = int(values.min()), int(values.max())
        columns.append((values - low, high - low + 1))
    columns.append((period, FULL_YEAR + 1))
    room = 1
    for _, size in columns:
        room *= size
    if room * 2 * len(VINTAGES) >= 2**62:  # ids too sparse for one key: rank them first
        columns = [(np.unique(v, return_inverse=True)[1], len(np.unique(v))) for v, _ in columns]
    key = np.zeros(len(indicator), dtype=np.int64)
    for values, size in columns:
        key = key * size + values
    return key


def split_periods(selected: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A selected frame's full-year rows (period 12: what the annual engine judges) and its
    year-to-date rows (before the full year)."""
    full = selected["period"].to_numpy() == FULL_YEAR
    return selected.loc[full], selected.loc[~full]


def vintage_codes(values: pd.Series) -> np.ndarray:
    return coding.codes(values, VINTAGES, "actuals.vintage")
