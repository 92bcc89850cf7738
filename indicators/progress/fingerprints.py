"""Input fingerprints: a SHA-256 per indicator of every input row that fed its snapshots."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import asdict

import numpy as np
import pandas as pd

from indicators.compute.periods import FULL_YEAR
from indicators.compute.progress import TARGET_COLUMNS, Thresholds
from indicators.compute.vintages import SELECTED_COLUMNS
from indicators.progress.inputs import (
    ProgressInputs,
    load_progress_inputs,
    progress_thresholds,
    progress_years,
)

# Bump when the meaning of the fingerprint changes, so that old and new never compare equal.
FINGERPRINT_VERSION = "progress-input-v4"


def input_fingerprints(
    inputs: ProgressInputs,
    *,
    thresholds: Thresholds | None = None,
    years: Sequence[int] | None = None,
) -> dict[int, str]:
    """A SHA-256 per indicator of every input row that fed it.

    Covers the indicator's own row, its targets and full-year actuals (every region and vintage)
    and which regions have a year-to-date figure, the actuals of the reference series its
    relative targets are judged against, its coverage members, the region table (the city and
    the roll-up set), the thresholds and the years: two snapshots with the same fingerprint saw
    the same input. Row order does not matter (row hashes are summed). The year-to-date values
    themselves feed only 序时进度 (PeriodSnapshot), not these snapshots; so an annual recompute
    that read one year-to-date figure per region (load_progress_inputs(year_to_date=False))
    stamps the same fingerprint as one that read them all.
    """
    thresholds = thresholds or progress_thresholds()
    years = list(years if years is not None else progress_years())
    common = hashlib.sha256()
    common.update(FINGERPRINT_VERSION.encode())
    common.update(repr(sorted(asdict(thresholds).items())).encode())
    common.update(repr(years).encode())
    regions = inputs.regions.sort_values("region_id")
    common.update(
        np.asarray(pd.util.hash_pandas_object(regions, index=False), dtype=np.uint64).tobytes()
    )
    target_columns = [c for c in inputs.targets.columns if c in (*TARGET_COLUMNS, "target_type")]
    targets = _sums_by_indicator(inputs.targets, target_columns)
    # Every vintage of the full year (which record counts depends on them all), and the pairs
    # with a year-to-date figure (they get rows of the year).
    actual_columns = [c for c in SELECTED_COLUMNS if c in inputs.actuals.columns]
    actuals = _sums_by_indicator(_annual_input(inputs.actuals), actual_columns)
    references: dict[int, list[int]] = {}
    if "reference_indicator_id" in inputs.targets.columns:
        relative = inputs.targets.dropna(subset=["reference_indicator_id"])
        for indicator_id, reference_id in zip(
            relative["indicator_id"], relative["reference_indicator_id"], strict=True
        ):
            references.setdefault(int(indicator_id), []).append(int(reference_id))
    members = getattr(inputs, "coverage_members", None)
    fingerprints = {}
    for row in inputs.indicators.itertuples(index=False):
        digest = common.copy()
        digest.update(repr((row.indicator_id, row.kind, row.direction, row.rollup)).encode())
        digest.update(repr((row.baseline_year,)).encode())
        digest.update(repr(targets.get(row.indicator_id, (0, 0))).encode())
        digest.update(repr(actuals.get(row.indicator_id, (0, 0))).encode())
        for reference_id in sorted(references.get(int(row.indicator_id), [])):
            digest.update(repr((reference_id, actuals.get(reference_id, (0, 0)))).encode())
        mine = [] if members is None else members.loc[members["indicator_id"] == row.indicator_id]
        digest.update(repr(sorted(int(r) for r in getattr(mine, "region_id", []))).encode())
        fingerprints[int(row.indicator_id)] = digest.hexdigest()
    return fingerprints


def _annual_input(actuals: pd.DataFrame) -> pd.DataFrame:
    """The actuals the annual snapshots depend on: the full-year records, and per (indicator,
    region) with a year-to-date value one stand-in row (its value and year do not count)."""
    if "period" not in actuals.columns:
        return actuals
    full = actuals["period"].to_numpy() == FULL_YEAR
    year_to_date = actuals.loc[~full & actuals["value"].notna()]
    stand_ins = (
        year_to_date[["indicator_id", "region_id"]]
        .drop_duplicates()
        .assign(year=0, value=0.0, state="approved", period=0, vintage="")
    )
    return pd.concat([actuals.loc[full], stand_ins], ignore_index=True)


def _sums_by_indicator(frame: pd.DataFrame, columns: Sequence[str]) -> dict[int, tuple[int, int]]:
    """(row count, sum of row hashes mod 2**64) per indicator id: order-independent."""
    if frame.empty:
        return {}
    frame = frame[list(columns)]
    hashes = np.asarray(pd.util.hash_pandas_object(frame, index=False), dtype=np.uint64)
    ids = frame["indicator_id"].to_numpy(dtype=np.int64)
    order = np.argsort(ids, kind="stable")
    ids, hashes = ids[order], hashes[order]
    starts = np.flatnonzero(np.r_[True, ids[1:] != ids[:-1]])
    with np.errstate(over="ignore"):
        sums = np.add.reduceat(hashes, starts)
    counts = np.diff(np.r_[starts, len(ids)])
    return {int(i): (int(n), int(s)) for i, n, s in zip(ids[starts], counts, sums, strict=True)}


def current_fingerprints(*, indicator_ids: Iterable[int] | None = None) -> dict[int, str]:
    """The fingerprint each indicator's snapshots would carry if recomputed now."""
    return input_fingerprints(load_progress_inputs(indicator_ids=indicator_ids))
