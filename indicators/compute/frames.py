"""Typed input frames for :func:`indicators.compute.progress.compute_progress`.

Each builder takes rows (tuples in column order, or dicts) and returns a frame with exactly the
expected columns and dtypes, including when there are no rows: ``pd.DataFrame([], columns=...)``
alone would give object columns. Selectors can pass ``queryset.values_list(...)`` straight in.
"""

from collections.abc import Iterable

import pandas as pd

from indicators.compute.progress import (
    ACTUAL_COLUMNS,
    INDICATOR_COLUMNS,
    REGION_COLUMNS,
    TARGET_COLUMNS,
)
from indicators.compute.vintages import SELECTED_COLUMNS

_DTYPES = {
    "indicator_id": "int64",
    "region_id": "int64",
    "year": "int64",
    "baseline_year": "int64",
    "plan_id": "int64",
    "plan_order": "int64",
    "value": "float64",
    "kind": "object",
    "direction": "object",
    "rollup": "object",
    "comparator": "object",
    "state": "object",
    "is_city": "bool",
    "period": "int64",
    "vintage": "object",
    "in_rollup": "bool",
}


def _frame(rows: Iterable, columns: tuple[str, ...]) -> pd.DataFrame:
    frame = pd.DataFrame(list(rows), columns=list(columns))
    return frame.astype({c: _DTYPES[c] for c in columns})


def indicators_frame(rows: Iterable = ()) -> pd.DataFrame:
    """Rows of (indicator_id, kind, direction, rollup, baseline_year)."""
    return _frame(rows, INDICATOR_COLUMNS)


def targets_frame(rows: Iterable = ()) -> pd.DataFrame:
    """Rows of (indicator_id, region_id, year, plan_id, plan_order, value, comparator)."""
    return _frame(rows, TARGET_COLUMNS)


def actuals_frame(rows: Iterable = ()) -> pd.DataFrame:
    """Rows of (indicator_id, region_id, year, value, state)."""
    return _frame(rows, ACTUAL_COLUMNS)


def period_actuals_frame(rows: Iterable = ()) -> pd.DataFrame:
    """Rows of (indicator_id, region_id, year, value, state, period, vintage): actuals of any
    period (12 = the full year) and vintage (flash | final | revised)."""
    return _frame(rows, SELECTED_COLUMNS)


def regions_frame(rows: Iterable = ()) -> pd.DataFrame:
    """Rows of (region_id, is_city, in_rollup)."""
    return _frame(rows, REGION_COLUMNS)
