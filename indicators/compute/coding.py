"""Coding helpers of the engine: input columns checked, words turned into integer codes, and
codes back into categoricals and nullable integers for the output frame. Pure (no Django)."""

from collections.abc import Sequence

import numpy as np
import pandas as pd

from indicators.compute.periods import VINTAGES
from indicators.compute.vocabulary import (
    COMPARATORS,
    OUTLOOK_STATUSES,
    PACE_PROFILES,
    PACE_STATUSES,
    TARGET_SOURCES,
    TARGET_TYPES,
    YEAR_STATUSES,
)


def require_columns(frame: pd.DataFrame, columns: Sequence[str], name: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name}: missing columns {missing}")


def codes(values: pd.Series, vocabulary: tuple[str, ...], name: str) -> np.ndarray:
    """Integer codes of a string column; ValueError naming any value outside the vocabulary."""
    words = values.to_numpy(dtype=object)
    codes = np.full(len(words), -1, dtype=np.int64)
    for position, word in enumerate(vocabulary):  # a handful of words, not rows
        codes[words == word] = position
    if (codes < 0).any():
        unknown = sorted({str(v) for v in words[codes < 0]})
        raise ValueError(f"{name}: unknown values {unknown}; expected one of {list(vocabulary)}")
    return codes


def indicator_codes(ids: pd.Series, indicator_ids: np.ndarray, name: str) -> np.ndarray:
    values = ids.to_numpy(dtype=np.int64)
    if len(indicator_ids) == 0:
        if len(values):
            raise ValueError(f"{name}: indicator ids not in indicators: {sorted(set(values))[:10]}")
        return values
    found = np.minimum(np.searchsorted(indicator_ids, values), len(indicator_ids) - 1)
    unknown = indicator_ids[found] != values
    if unknown.any():
        raise ValueError(
            f"{name}: indicator ids not in indicators: {sorted(set(values[unknown].tolist()))[:10]}"
        )
    return found.astype(np.int64)


def categorical(codes: np.ndarray, vocabulary: tuple[str, ...]) -> pd.Categorical:
    return pd.Categorical.from_codes(
        np.asarray(codes, dtype=np.int8), dtype=_CATEGORIES[vocabulary], validate=False
    )


_CATEGORIES = {
    vocabulary: pd.CategoricalDtype(list(vocabulary))
    for vocabulary in (
        COMPARATORS,
        TARGET_SOURCES,
        TARGET_TYPES,
        YEAR_STATUSES,
        OUTLOOK_STATUSES,
        VINTAGES,
        PACE_STATUSES,
        PACE_PROFILES,
    )
}


def nullable_int(values: np.ndarray, present: np.ndarray) -> pd.arrays.IntegerArray:
    values = np.where(present, values, 0).astype(np.int64)
    return pd.arrays.IntegerArray(values, mask=~np.asarray(present, dtype=bool))
