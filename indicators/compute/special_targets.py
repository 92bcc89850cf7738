"""Targets that are not a value per year: average annual growth, relative, coverage.

DOMAIN.md, "Target types"; docs/progress.md, "Target types". Each series (indicator × region)
has at most one such target that counts — the later plan's, then the later year's — and it
applies to every year up to its own year Y (the year printed: "到2027年……年均增长15%"):

* **average_growth** (「年均增长15%」): the value r is a rate in per cent a year; the series'
  actuals are each year's growth rate g (per cent, as published: 财政科技投入增长 12 %). The
  measure of year y is the compound annual growth rate from the baseline year t0 (the level
  before the period) to y, CAGR = (Π_{t0<i≤y} (1 + g_i/100))^(1/(y − t0)) − 1, in per cent —
  the CAGR of the underlying amount, judged against r (not one year's growth against r). It
  needs every year's rate from t0 + 1 to y. The outlook (progress.py) follows the growth index
  L = Π(1 + g_i/100) from 1 at t0 to the index of the goal, (1 + r/100)^(Y − t0).
* **relative** (「超全省平均水平」, 「快于面上投资增速」): the target of year y is the reference
  series' value in year y (another indicator's actual: the same region's, else the city's) plus
  the target's value, a margin (0 for 超 / 快于); the measure is the year's actual.
* **coverage** (「山区5县全覆盖」): the measure is how many of the N member regions are covered
  (their latest actual up to y is positive), the target N; with no member regions the target is
  the printed N and the measure the row's own actual (a count entered as such).

Year statuses use the comparator rule of :mod:`indicators.compute.comparators`.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from indicators.compute import coding
from indicators.compute import keys as k
from indicators.compute.vocabulary import COMPARATORS, TARGET_TYPES, code
from indicators.compute.year_status import NO_TARGET, year_status

VALUE, AVERAGE_GROWTH, RELATIVE, COVERAGE = (code(TARGET_TYPES, t) for t in TARGET_TYPES)


@dataclass(frozen=True)
class SpecialTargets:
    """One per printed target of a type other than "value" (aligned arrays)."""

    pairs: np.ndarray  # the series it is set for
    years: np.ndarray  # Y
    types: np.ndarray  # codes into TARGET_TYPES
    values: np.ndarray  # r (average_growth), N (coverage), unused (relative)
    comparators: np.ndarray  # codes into COMPARATORS
    plan_orders: np.ndarray
    reference_pairs: np.ndarray  # relative: the reference series in the same region (else -1)
    reference_city_pairs: np.ndarray  # relative: the reference series in the city (else -1)


@dataclass(frozen=True)
class Actuals:
    """The engine's actuals, one per series and year, sorted by key (:mod:`.keys`)."""

    keys: np.ndarray
    pairs: np.ndarray
    years: np.ndarray
    values: np.ndarray


@dataclass(frozen=True)
class SpecialJudgement:
    """Per grid row; type VALUE and NaN / no_target where no special target applies."""

    type: np.ndarray  # codes into TARGET_TYPES
    target: np.ndarray  # r in % a year, the reference value, N
    measure: np.ndarray  # CAGR so far in % a year, the actual, the count covered
    status: np.ndarray  # codes into YEAR_STATUSES
    final_year: np.ndarray  # Y, -1 where none
    printed: np.ndarray  # the target's printed value (r, margin, N), NaN where none
    growth_index: np.ndarray  # average_growth: L at the latest year (complete runs only)
    growth_latest_year: np.ndarray  # that latest year t (-1 where none)
    growth_points: np.ndarray  # rates from t0 + 1 to t
    growth_goal_index: np.ndarray  # (1 + r/100)^(Y − t0)


def judge_special_targets(
    special: SpecialTargets,
    actuals: Actuals,
    *,
    row_pair: np.ndarray,
    row_year: np.ndarray,
    row_actual: np.ndarray,
    baseline_year: np.ndarray,
    higher: np.ndarray,
    coverage_members: dict[int, np.ndarray],
    year_keys: k.YearKeys,
    tolerance: float,
) -> SpecialJudgement:
    """Judge every grid row against its series' special target (see the module's docstring).

    ``coverage_members`` maps a coverage series' pair code to the pair codes of its member
    regions' series (the same indicator in each member region).
    """
    n = len(row_pair)
    chosen = _one_per_series(special)
    at_all = np.full(n, k.MISSING, dtype=np.int64)
    if len(chosen):
        found = k.exact(special.pairs[chosen], row_pair)
        at_all = np.where(found >= 0, chosen[np.maximum(found, 0)], k.MISSING)
    # Only the rows of series with a special target are worked on (a handful among millions),
    # then scattered back into full-length arrays.
    rows = np.flatnonzero(at_all >= 0)
    part = _judge_rows(
        special,
        actuals,
        at=at_all[rows],
        row_pair=row_pair[rows],
        row_year=np.asarray(row_year)[rows],
        row_actual=row_actual[rows],
        baseline_year=baseline_year[rows],
        higher=higher[rows],
        coverage_members=coverage_members,
        year_keys=year_keys,
        tolerance=tolerance,
    )

    def full(values: np.ndarray, fill) -> np.ndarray:
        out = np.full(n, fill, dtype=np.result_type(values.dtype, np.asarray(fill)))
        out[rows] = values
        return out

    return SpecialJudgement(
        type=full(part.type, VALUE).astype(np.int8),
        target=full(part.target, np.nan),
        measure=full(part.measure, np.nan),
        status=full(part.status, NO_TARGET).astype(np.int8),
        final_year=full(part.final_year, k.MISSING),
        printed=full(part.printed, np.nan),
        growth_index=full(part.growth_index, np.nan),
        growth_latest_year=full(part.growth_latest_year, k.MISSING),
        growth_points=full(part.growth_points, 0),
        growth_goal_index=full(part.growth_goal_index, np.nan),
    )


def _judge_rows(
    special: SpecialTargets,
    actuals: Actuals,
    *,
    at: np.ndarray,
    row_pair: np.ndarray,
    row_year: np.ndarray,
    row_actual: np.ndarray,
    baseline_year: np.ndarray,
    higher: np.ndarray,
    coverage_members: dict[int, np.ndarray],
    year_keys: k.YearKeys,
    tolerance: float,
) -> SpecialJudgement:
    """:func:`judge_special_targets` on rows that all have a special target (``at``: its
    position in ``special``)."""
    present = at >= 0
    kind = k.take(special.types, at, VALUE)
    final_year = k.take(special.years, at, k.MISSING)
    value = k.take(special.values, at, np.nan)
    applies = present & (row_year <= final_year)

    # average_growth: the CAGR of the yearly rates from the baseline year t0, in per cent.
    growth = kind == AVERAGE_GROWTH
    after_base = row_year > baseline_year
    run = _growth_runs(actuals, row_pair, row_year, baseline_year, year_keys)
    elapsed = (row_year - baseline_year).astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        so_far = (np.exp(run.log_sum / elapsed) - 1.0) * 100.0
        goal_index = (1.0 + value / 100.0) ** (final_year - baseline_year).astype(np.float64)
    so_far = np.where(run.complete & (run.latest_year == row_year), so_far, np.nan)
    on_growth = growth & present
    growth_index = np.where(on_growth & run.complete, np.exp(run.log_sum), np.nan)

    # relative: the reference series' value in the same year (the region's, else the city's).
    query_year = np.asarray(row_year, dtype=np.int64)
    own_ref = k.take(special.reference_pairs, at, k.MISSING)
    city_ref = k.take(special.reference_city_pairs, at, k.MISSING)
    ref_own = k.take(
        actuals.values, k.exact(actuals.keys, _key(year_keys, own_ref, query_year)), np.nan
    )
    ref_city = k.take(
        actuals.values, k.exact(actuals.keys, _key(year_keys, city_ref, query_year)), np.nan
    )
    # The target is the reference plus the target's margin (0 for 「超全省平均水平」).
    reference = np.where(np.isnan(ref_own), ref_city, ref_own) + np.where(
        kind == RELATIVE, value, 0.0
    )

    # coverage: how many member regions have a positive latest actual up to the year.
    covered, total = _coverage(
        kind == COVERAGE,
        row_pair,
        query_year,
        value,
        row_actual,
        coverage_members,
        actuals,
        year_keys,
    )

    target = np.select(
        [growth & after_base, kind == RELATIVE, kind == COVERAGE],
        [value, reference, total],
        default=np.nan,
    )
    measure = np.select(
        [growth & after_base, kind == RELATIVE, kind == COVERAGE],
        [so_far, row_actual, covered],
        default=np.nan,
    )
    target = np.where(applies, target, np.nan)
    measure = np.where(applies, measure, np.nan)
    comparator = k.take(special.comparators, at, 0)
    status = year_status(measure, target, comparator, higher, tolerance)
    return SpecialJudgement(
        type=np.where(present, kind, VALUE).astype(np.int8),
        target=target,
        measure=measure,
        status=status,
        final_year=np.where(present, final_year, k.MISSING),
        printed=np.where(present, value, np.nan),
        growth_index=growth_index,
        growth_latest_year=np.where(on_growth, run.latest_year, k.MISSING),
        growth_points=np.where(on_growth, run.points, 0),
        growth_goal_index=np.where(on_growth, goal_index, np.nan),
    )


@dataclass(frozen=True)
class _GrowthRun:
    log_sum: np.ndarray  # Σ log(1 + g/100) over the rates from t0 + 1 to t
    points: np.ndarray  # how many rates
    latest_year: np.ndarray  # t, the latest year with a rate up to the row's year (-1: none)
    complete: np.ndarray  # a rate for every year from t0 + 1 to t


def _growth_runs(
    actuals: Actuals,
    row_pair: np.ndarray,
    row_year: np.ndarray,
    baseline_year: np.ndarray,
    year_keys: k.YearKeys,
) -> _GrowthRun:
    with np.errstate(invalid="ignore", divide="ignore"):
        logs = np.log1p(actuals.values / 100.0)  # NaN for a rate ≤ −100 %
    cumulative = np.concatenate([[0.0], np.cumsum(np.where(np.isnan(logs), 0.0, logs))])
    bad = np.concatenate([[0], np.cumsum(np.isnan(logs))])
    first_year = np.maximum(baseline_year + 1, year_keys.first_year)
    first = k.at_or_after(
        actuals.keys, actuals.pairs, _key(year_keys, row_pair, first_year), row_pair
    )
    last = k.at_or_before(
        actuals.keys, actuals.pairs, _key(year_keys, row_pair, row_year), row_pair
    )
    valid = (first >= 0) & (last >= first)
    lo, hi = np.where(valid, first, 0), np.where(valid, last + 1, 0)
    points = np.where(valid, last - first + 1, 0)
    latest_year = np.where(valid, k.take(actuals.years, last, k.MISSING), k.MISSING)
    complete = valid & (points == latest_year - baseline_year) & (bad[hi] == bad[lo])
    return _GrowthRun(
        log_sum=np.where(valid, cumulative[hi] - cumulative[lo], np.nan),
        points=points,
        latest_year=latest_year,
        complete=complete,
    )


def _key(year_keys: k.YearKeys, pairs: np.ndarray, years: np.ndarray) -> np.ndarray:
    # Years outside the keys' span cannot have an actual: give them a key nothing matches.
    inside = (
        (pairs >= 0)
        & (years >= year_keys.first_year)
        & (years < year_keys.first_year + year_keys.span)
    )
    return np.where(inside, year_keys.key(np.maximum(pairs, 0), years), -1)


def _one_per_series(special: SpecialTargets) -> np.ndarray:
    """Positions of the special target that counts per series: the later plan's, then the
    later year's (sorted by pair)."""
    if len(special.pairs) == 0:
        return np.empty(0, dtype=np.int64)
    order = np.lexsort((special.years, special.plan_orders, special.pairs))
    return order[k.last_of_runs(special.pairs[order])]


def _coverage(
    is_coverage: np.ndarray,
    row_pair: np.ndarray,
    row_year: np.ndarray,
    printed: np.ndarray,
    row_actual: np.ndarray,
    members: dict[int, np.ndarray],
    actuals: Actuals,
    year_keys: k.YearKeys,
) -> tuple[np.ndarray, np.ndarray]:
    """(covered, N) per row. A loop over coverage series only: a handful, each of a few
    regions, never over the grid's rows."""
    covered = np.where(is_coverage, row_actual, np.nan)
    total = np.where(is_coverage, printed, np.nan)
    for pair, member_pairs in members.items():
        rows = np.flatnonzero(is_coverage & (row_pair == pair))
        if len(rows) == 0 or len(member_pairs) == 0:
            continue
        count = np.zeros(len(rows))
        for member in member_pairs:
            query = _key(year_keys, np.full(len(rows), member), row_year[rows])
            latest = k.at_or_before(actuals.keys, actuals.pairs, query, np.full(len(rows), member))
            count += k.take(actuals.values, np.where(query >= 0, latest, k.MISSING), 0.0) > 0
        covered[rows] = count
        total[rows] = len(member_pairs)
    return covered, total


def split_targets(targets: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(value targets, special targets) of a targets frame. Without a ``target_type`` column
    every target is a value target. A relative target's value is its margin over the reference
    (0 for 「超全省平均水平」); its ``reference_indicator_id`` names the reference series."""
    if "target_type" not in targets.columns:
        return targets, targets.iloc[0:0]
    types = coding.codes(targets["target_type"], TARGET_TYPES, "targets.target_type")
    return targets.loc[types == VALUE], targets.loc[types != VALUE]


def special_targets_of(
    frame: pd.DataFrame,
    *,
    pair_of,
    indicator_ids: np.ndarray,
    n_regions: int,
    city: int,
) -> SpecialTargets:
    """The special targets of ``frame`` (from :func:`split_targets`) as aligned arrays.

    ``pair_of(frame, name)`` gives the pair codes of a frame's rows (the engine's encoding).
    Raises ValueError for a relative target without a known reference indicator.
    """
    if len(frame) == 0:
        none = np.empty(0, dtype=np.int64)
        return SpecialTargets(none, none, none, np.empty(0), none, none, none, none)
    types = coding.codes(frame["target_type"], TARGET_TYPES, "targets.target_type")
    pairs = pair_of(frame, "targets")
    reference_pairs = np.full(len(frame), k.MISSING, dtype=np.int64)
    reference_city_pairs = np.full(len(frame), k.MISSING, dtype=np.int64)
    relative = types == RELATIVE
    if relative.any():
        if "reference_indicator_id" not in frame.columns:
            raise ValueError("targets: relative targets need reference_indicator_id")
        references = frame["reference_indicator_id"].iloc[np.flatnonzero(relative)]
        if references.isna().any():
            raise ValueError("targets: a relative target without reference_indicator_id")
        reference = coding.indicator_codes(
            references.astype(np.int64), indicator_ids, "targets.reference_indicator_id"
        )
        region = pairs[relative] % n_regions
        reference_pairs[relative] = reference * n_regions + region
        if city != k.MISSING:
            reference_city_pairs[relative] = reference * n_regions + city
    return SpecialTargets(
        pairs=pairs,
        years=frame["year"].to_numpy(dtype=np.int64),
        types=types,
        values=frame["value"].to_numpy(dtype=np.float64),
        comparators=coding.codes(frame["comparator"], COMPARATORS, "targets.comparator"),
        plan_orders=frame["plan_order"].to_numpy(dtype=np.int64),
        reference_pairs=reference_pairs,
        reference_city_pairs=reference_city_pairs,
    )


def coverage_member_pairs(
    members: pd.DataFrame | None,
    special: SpecialTargets,
    *,
    indicator_ids: np.ndarray,
    region_ids: np.ndarray,
    n_regions: int,
) -> dict[int, np.ndarray]:
    """For each coverage series, the pair codes of its indicator in its member regions.

    ``members``: rows of (indicator_id, region_id), the regions a coverage target counts
    (山区5县); None or no rows for an indicator: its count is entered as the actual.
    """
    if members is None or len(members) == 0:
        return {}
    indicator = coding.indicator_codes(
        members["indicator_id"].astype(np.int64), indicator_ids, "coverage_members"
    )
    region = np.searchsorted(region_ids, members["region_id"].to_numpy(dtype=np.int64))
    known = (region < len(region_ids)) & (
        region_ids[np.minimum(region, len(region_ids) - 1)]
        == members["region_id"].to_numpy(dtype=np.int64)
    )
    member_pairs = indicator[known] * n_regions + region[known]
    by_indicator = indicator[known]
    result = {}
    for pair in np.unique(special.pairs[special.types == COVERAGE]):
        result[int(pair)] = np.unique(member_pairs[by_indicator == pair // n_regions])
    return result
