"""The target of a year: which plan's figure counts, and interpolation between printed years.

Rules (DOMAIN.md, "Target of the year"; the choices DOMAIN.md leaves open are in docs/progress.md):

* Where several plans set a target for the same indicator, region and year, the one with the
  highest ``plan_order`` (the later plan) is *preferred*: status is judged against it. Ties on
  ``plan_order`` go to the higher ``plan_id``, so the result never depends on input row order.
  The runner-up (the next plan down) is kept as the *other* target of that year; a third plan's
  figure is not shown.
* A year without a printed target gets the linear interpolation between the nearest printed years
  before and after it, along the preferred series, flagged as interpolated. Its comparator and plan
  are those of the printed target it leads to (the one after it). No target before the first
  printed year or after the last.
* The final goal G is the preferred target of the last printed year Y of the series.

All functions are vectorised over every series at once (see :mod:`indicators.compute.keys`).
"""

from dataclasses import dataclass

import numpy as np

from indicators.compute import keys as k

NO_COMPARATOR = -1


@dataclass(frozen=True)
class TargetTable:
    """The preferred printed target of every (series, year), sorted by key.

    ``comparators`` are codes into :data:`indicators.compute.vocabulary.COMPARATORS`; the
    ``other_*`` arrays hold the runner-up plan's figure for the same key (NaN / -1 when none).
    """

    keys: np.ndarray
    pairs: np.ndarray
    years: np.ndarray
    values: np.ndarray
    comparators: np.ndarray
    plan_ids: np.ndarray
    other_values: np.ndarray
    other_plan_ids: np.ndarray
    has_other: np.ndarray

    @property
    def series(self) -> np.ndarray:
        """The pair codes that have at least one printed target (sorted, unique)."""
        return k.unique(self.pairs)


def resolve_plans(
    *,
    pairs: np.ndarray,
    years: np.ndarray,
    plan_ids: np.ndarray,
    plan_orders: np.ndarray,
    values: np.ndarray,
    comparators: np.ndarray,
    year_keys: k.YearKeys,
) -> TargetTable:
    """Keep the later plan's target of each (series, year) and remember the runner-up.

    Inputs are aligned arrays, one element per printed target (any order). Rows with a NaN value
    must have been dropped already.
    """
    key = year_keys.key(pairs, years)
    # lexsort: last key is primary. Within one key, the later plan (then the higher id) sorts last.
    order = np.lexsort((plan_ids, plan_orders, key))
    key, pairs, years = key[order], pairs[order], years[order]
    plan_ids, values, comparators = plan_ids[order], values[order], comparators[order]

    is_last = k.last_of_runs(key)
    # The runner-up is the element just before the last one of a run of two or more.
    is_second = np.zeros(len(key), dtype=bool)
    if len(key) > 1:
        is_second[:-1] = (~is_last[:-1]) & is_last[1:]

    preferred_keys = key[is_last]
    runner_up_at = k.exact(preferred_keys, key[is_second])
    other_values = np.full(len(preferred_keys), np.nan)
    other_plan_ids = np.full(len(preferred_keys), k.MISSING, dtype=np.int64)
    has_other = np.zeros(len(preferred_keys), dtype=bool)
    other_values[runner_up_at] = values[is_second]
    other_plan_ids[runner_up_at] = plan_ids[is_second]
    has_other[runner_up_at] = True

    return TargetTable(
        keys=preferred_keys,
        pairs=pairs[is_last],
        years=years[is_last],
        values=values[is_last].astype(np.float64),
        comparators=comparators[is_last],
        plan_ids=plan_ids[is_last],
        other_values=other_values,
        other_plan_ids=other_plan_ids,
        has_other=has_other,
    )


@dataclass(frozen=True)
class TargetOfYear:
    """The target each grid row is judged against; NaN / -1 / False where there is none."""

    value: np.ndarray
    comparator: np.ndarray
    interpolated: np.ndarray
    plan_id: np.ndarray
    has_plan: np.ndarray
    other_value: np.ndarray
    other_plan_id: np.ndarray
    has_other: np.ndarray

    @property
    def present(self) -> np.ndarray:
        return ~np.isnan(self.value)


def target_of_year(
    table: TargetTable, *, series: np.ndarray, years: np.ndarray, year_keys: k.YearKeys
) -> TargetOfYear:
    """T(y) for each row: the printed target, else the linear interpolation between the nearest
    printed years before and after y; none outside the printed range.

    ``series`` is the pair code whose targets apply to the row (its own pair, or the city's pair
    for a benchmarked region; -1 for none). Interpolation:
    T(y) = T(y0) + (T(y1) - T(y0)) * (y - y0) / (y1 - y0).
    """
    query = year_keys.key(series, years)
    before = k.at_or_before(table.keys, table.pairs, query, series)
    after = k.at_or_after(table.keys, table.pairs, query, series)
    printed = (before >= 0) & (k.take(table.keys, before, -1) == query)
    interpolated = ~printed & (before >= 0) & (after >= 0)

    v0 = k.take(table.values, before, np.nan)
    v1 = k.take(table.values, after, np.nan)
    y0 = k.take(table.years, before, 0).astype(np.float64)
    y1 = k.take(table.years, after, 0).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        between = v0 + (v1 - v0) * (years - y0) / (y1 - y0)
    value = np.where(printed, v0, np.where(interpolated, between, np.nan))

    # An interpolated year takes the comparator and plan of the printed target it leads to.
    source = np.where(printed, before, np.where(interpolated, after, k.MISSING))
    return TargetOfYear(
        value=value,
        comparator=k.take(table.comparators, source, NO_COMPARATOR).astype(np.int8),
        interpolated=interpolated,
        plan_id=k.take(table.plan_ids, source, k.MISSING),
        has_plan=source >= 0,
        other_value=np.where(printed, k.take(table.other_values, before, np.nan), np.nan),
        other_plan_id=np.where(printed, k.take(table.other_plan_ids, before, k.MISSING), k.MISSING),
        has_other=printed & k.take(table.has_other, before, False),
    )


@dataclass(frozen=True)
class FinalGoal:
    """G, Y and G's comparator per series (NaN / -1 where the series has no target)."""

    value: np.ndarray
    year: np.ndarray
    comparator: np.ndarray

    @property
    def present(self) -> np.ndarray:
        return ~np.isnan(self.value)


def final_goal(table: TargetTable, *, series: np.ndarray, year_keys: k.YearKeys) -> FinalGoal:
    """The preferred target of the last printed year of each series."""
    last = k.at_or_before(table.keys, table.pairs, year_keys.last_key(series), series)
    return FinalGoal(
        value=k.take(table.values, last, np.nan),
        year=k.take(table.years, last, k.MISSING),
        comparator=k.take(table.comparators, last, NO_COMPARATOR).astype(np.int8),
    )
