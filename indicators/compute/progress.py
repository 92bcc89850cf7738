"""Progress of every indicator, region and year: the one entry point, :func:`compute_progress`.

Pure: frames in, a frame out; no Django, no database (docs/progress.md explains the method with a
worked example; STYLE.md, "Computation is pure"). The recompute job loads the frames with
selectors, calls this, and writes the result as progress snapshots.

The engine is vectorised end to end: every series is a pair code, every lookup a
``np.searchsorted`` over sorted keys (:mod:`indicators.compute.keys`), every status an
``np.select``. 3,000 regions × 100 indicators × 6 years (1.8 million rows) take 4–8 s.
Every name of the engine's interface is importable from here: ``compute_progress``,
``Thresholds`` (thresholds.py) and the column lists (columns.py).
"""

from collections.abc import Sequence

import numpy as np
import pandas as pd

from indicators.compute import coding
from indicators.compute import keys as k
from indicators.compute.columns import (
    ACTUAL_COLUMNS,
    INDICATOR_COLUMNS,
    OUTPUT_COLUMNS,
    REGION_COLUMNS,
    TARGET_COLUMNS,
)
from indicators.compute.comparators import GTE
from indicators.compute.outlook import cagr, outlook
from indicators.compute.periods import VINTAGES
from indicators.compute.rollup import rollup
from indicators.compute.special_targets import (
    AVERAGE_GROWTH,
    VALUE,
    Actuals,
    coverage_member_pairs,
    judge_special_targets,
    special_targets_of,
    split_targets,
)
from indicators.compute.targets import final_goal, resolve_plans, target_of_year
from indicators.compute.thresholds import Thresholds
from indicators.compute.trend import RunSums, linear_trend_at, points_in_run
from indicators.compute.vintages import select_vintages, split_periods
from indicators.compute.vocabulary import (
    ACTUAL_STATES,
    COMPARATORS,
    DIRECTIONS,
    KINDS,
    KINDS_WITH_GOAL_DISTANCE,
    OUTLOOK_STATUSES,
    ROLLUPS,
    TARGET_SOURCES,
    TARGET_TYPES,
    YEAR_STATUSES,
    code,
)
from indicators.compute.year_status import attainment, gap, year_status

DEFAULT_THRESHOLDS = Thresholds()
OWN, CITY_BENCHMARK, NO_SOURCE = (code(TARGET_SOURCES, s) for s in TARGET_SOURCES)


def compute_progress(
    *,
    indicators: pd.DataFrame,
    targets: pd.DataFrame,
    actuals: pd.DataFrame,
    regions: pd.DataFrame,
    years: Sequence[int],
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    coverage_members: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Progress of every indicator × region × year.

    Inputs (ids are database ids; columns as in :mod:`indicators.compute.columns`, extra columns
    ignored):

    * ``indicators``: kind (level | stock | flow | growth_rate), direction (higher | lower),
      rollup (sum | none), baseline_year (NaN/None: the base is the first year with an actual).
    * ``targets``: one row per printed target: indicator, region, year, plan_id, plan_order
      (higher = later plan), value, comparator (gte | approx | lte). Rows with a NaN value are
      ignored.
    * ``actuals``: indicator, region, year, value, state (approved | submitted; submitted =
      provisional), optionally period (1..12, default 12) and vintage (flash | final | revised,
      default final). NaN values are ignored. Of one cell's records the latest approved vintage
      is used, else the latest submitted one (:func:`indicators.compute.vintages.select_vintages`).
      Only full-year figures (period 12) are judged here; a pair with only year-to-date figures
      still gets its rows (so that 序时进度 finds its year's target, :mod:`indicators.compute.pace`).
    * ``regions``: region_id, is_city (at most one True), in_rollup. A region id that appears in
      targets or actuals but not here is neither the city nor in the roll-up.
    * ``years``: the years to produce rows for. Data outside them (the baseline, a printed target
      beyond them) is still used.
    * targets may carry ``target_type`` (value | average_growth | relative | coverage; default
      value) and ``reference_indicator_id`` (relative targets); ``coverage_members`` rows of
      (indicator_id, region_id) name the regions a coverage target counts
      (:mod:`indicators.compute.special_targets`, docs/progress.md "Target types").

    Returns one row per year for every (indicator, region) pair with at least one target or actual
    (so every region with an actual of a ratio indicator the city has targets for: it is
    benchmarked), plus the city's pair of every additive indicator for which a region in the
    roll-up reported. Columns :data:`OUTPUT_COLUMNS`, sorted by indicator_id, region_id, year;
    their dtypes and units: docs/progress.md, "Output columns".

    Raises ValueError on a missing column, an unknown code, an indicator id that is not in
    ``indicators``, or more than one city.
    """
    coding.require_columns(indicators, INDICATOR_COLUMNS, "indicators")
    coding.require_columns(targets, TARGET_COLUMNS, "targets")
    coding.require_columns(actuals, ACTUAL_COLUMNS, "actuals")
    coding.require_columns(regions, REGION_COLUMNS, "regions")
    targets = targets.loc[targets["value"].notna()]
    actuals, year_to_date = split_periods(select_vintages(actuals))
    out_years = np.unique(np.asarray(list(years), dtype=np.int64))

    # --- Indicators, by code (position in the sorted ids). --------------------------------------
    indicator_ids = indicators["indicator_id"].to_numpy(dtype=np.int64)
    if len(np.unique(indicator_ids)) != len(indicator_ids):
        raise ValueError("indicators: indicator_id is not unique")
    by_id = np.argsort(indicator_ids, kind="stable")
    indicator_ids = indicator_ids[by_id]
    kind = coding.codes(indicators["kind"], KINDS, "indicators.kind")[by_id]
    higher = coding.codes(indicators["direction"], DIRECTIONS, "indicators.direction")[
        by_id
    ] == code(DIRECTIONS, "higher")
    additive = coding.codes(indicators["rollup"], ROLLUPS, "indicators.rollup")[by_id] == code(
        ROLLUPS, "sum"
    )
    # A missing baseline year (a task target with no baseline) starts at the first actual.
    baseline = pd.to_numeric(indicators["baseline_year"]).to_numpy(dtype=np.float64)[by_id]
    has_baseline = ~np.isnan(baseline)

    # --- Regions, by code (position in the sorted ids of every region mentioned). ---------------
    region_ids = k.unique(
        np.concatenate(
            [
                regions["region_id"].to_numpy(dtype=np.int64),
                targets["region_id"].to_numpy(dtype=np.int64),
                actuals["region_id"].to_numpy(dtype=np.int64),
            ]
        )
    )
    n_regions = max(len(region_ids), 1)
    listed = np.searchsorted(region_ids, regions["region_id"].to_numpy(dtype=np.int64))
    is_city = np.zeros(len(region_ids), dtype=bool)
    in_rollup = np.zeros(len(region_ids), dtype=bool)
    is_city[listed] = regions["is_city"].fillna(False).to_numpy(dtype=bool)
    in_rollup[listed] = regions["in_rollup"].fillna(False).to_numpy(dtype=bool)
    if is_city.sum() > 1:
        raise ValueError(f"regions: more than one city: {region_ids[is_city].tolist()}")
    city = int(np.flatnonzero(is_city)[0]) if is_city.any() else k.MISSING
    in_rollup &= ~is_city

    year_keys = k.YearKeys.covering(
        out_years,
        baseline[has_baseline].astype(np.int64),
        targets["year"].to_numpy(),
        actuals["year"].to_numpy(),
    )
    baseline_year = np.where(has_baseline, baseline, year_keys.first_year).astype(np.int64)

    def pair_of(frame: pd.DataFrame, name: str) -> np.ndarray:
        indicator = coding.indicator_codes(frame["indicator_id"], indicator_ids, name)
        region = np.searchsorted(region_ids, frame["region_id"].to_numpy(dtype=np.int64))
        return indicator * n_regions + region

    targets, special_frame = split_targets(targets)
    special = special_targets_of(
        special_frame, pair_of=pair_of, indicator_ids=indicator_ids, n_regions=n_regions, city=city
    )

    # --- Targets: the later plan's figure per series and year. ----------------------------------
    table = resolve_plans(
        pairs=pair_of(targets, "targets"),
        years=targets["year"].to_numpy(dtype=np.int64),
        plan_ids=targets["plan_id"].to_numpy(dtype=np.int64),
        plan_orders=targets["plan_order"].to_numpy(dtype=np.int64),
        values=targets["value"].to_numpy(dtype=np.float64),
        comparators=coding.codes(targets["comparator"], COMPARATORS, "targets.comparator"),
        year_keys=year_keys,
    )

    # --- Actuals: one per series and year (select_vintages chose it), sorted by key. -----------
    a_pair = pair_of(actuals, "actuals")
    a_year = actuals["year"].to_numpy(dtype=np.int64)
    a_key = year_keys.key(a_pair, a_year)
    a_state = coding.codes(actuals["state"], ACTUAL_STATES, "actuals.state")
    keep = np.argsort(a_key, kind="stable")
    a_key, a_pair, a_year = a_key[keep], a_pair[keep], a_year[keep]
    a_value = actuals["value"].to_numpy(dtype=np.float64)[keep]
    a_provisional = a_state[keep] == code(ACTUAL_STATES, "submitted")
    a_vintage = coding.codes(actuals["vintage"], VINTAGES, "actuals.vintage")[keep]

    # --- Which (indicator, region) pairs get rows. ----------------------------------------------
    own_series = table.series
    a_indicator, a_region = a_pair // n_regions, a_pair % n_regions
    rollup_cities = np.empty(0, dtype=np.int64)
    if city != k.MISSING:
        reported = additive[a_indicator] & in_rollup[a_region]
        rollup_cities = k.unique(a_indicator[reported]) * n_regions + city
    ytd_pairs = pair_of(year_to_date, "actuals")  # rows of the year, for 序时进度's target
    pairs = k.unique(np.concatenate([own_series, a_pair, ytd_pairs, rollup_cities, special.pairs]))

    # Per pair: whose targets apply (own, the city's as a benchmark for a ratio indicator, none).
    p_indicator, p_region = pairs // n_regions, pairs % n_regions
    has_own = k.contains(own_series, pairs)
    city_pair = p_indicator * n_regions + city
    benchmarked = (
        ~has_own
        & ~additive[p_indicator]
        & (city != k.MISSING)
        & (p_region != city)
        & k.contains(own_series, city_pair)
    )
    series = np.select([has_own, benchmarked], [pairs, city_pair], default=k.MISSING)
    goal = final_goal(table, series=series, year_keys=year_keys)
    # Base year t0: the first actual from the indicator's baseline year on (Open SDG).
    base_at = k.at_or_after(a_key, a_pair, year_keys.key(pairs, baseline_year[p_indicator]), pairs)

    # --- The grid: pairs × years, sorted by indicator id, region id, year. ----------------------
    n_years = len(out_years)
    row_pair = np.repeat(pairs, n_years)
    row_year = np.tile(out_years, len(pairs))

    def per_row(values: np.ndarray) -> np.ndarray:
        return np.repeat(values, n_years)

    row_indicator, row_region = row_pair // n_regions, row_pair % n_regions
    row_kind = kind[row_indicator]
    row_higher = higher[row_indicator]
    row_series = per_row(series)
    row_key = year_keys.key(row_pair, row_year)

    target = target_of_year(table, series=row_series, years=row_year, year_keys=year_keys)
    source = np.select(
        [target.present & per_row(has_own), target.present & per_row(benchmarked)],
        [OWN, CITY_BENCHMARK],
        default=NO_SOURCE,
    )

    actual_at = k.exact(a_key, row_key)
    actual = k.take(a_value, actual_at, np.nan)
    provisional = k.take(a_provisional, actual_at, False)
    vintage = k.take(a_vintage, actual_at, -1)
    latest_at = k.at_or_before(a_key, a_pair, row_key, row_pair)
    base_year = per_row(k.take(a_year, base_at, k.MISSING))
    base_value = per_row(k.take(a_value, base_at, np.nan))
    goal_value, goal_year = per_row(goal.value), per_row(goal.year)

    # Average growth, relative and coverage targets (special_targets.py). A series judged only
    # by average growth gets Open SDG's outlook on its growth index, 1 at the baseline year.
    row_baseline = per_row(baseline_year[p_indicator])
    judged = judge_special_targets(
        special,
        Actuals(keys=a_key, pairs=a_pair, years=a_year, values=a_value),
        row_pair=row_pair,
        row_year=row_year,
        row_actual=actual,
        baseline_year=row_baseline,
        higher=row_higher,
        coverage_members=coverage_member_pairs(
            coverage_members,
            special,
            indicator_ids=indicator_ids,
            region_ids=region_ids,
            n_regions=n_regions,
        ),
        year_keys=year_keys,
        tolerance=thresholds.tolerance,
    )
    by_growth = np.isnan(goal_value) & (judged.type == AVERAGE_GROWTH)
    goal_comparator = np.where(by_growth, GTE, per_row(goal.comparator)).astype(np.int8)
    latest_year = np.where(by_growth, judged.growth_latest_year, k.take(a_year, latest_at, -1))
    points = np.where(by_growth, judged.growth_points, points_in_run(per_row(base_at), latest_at))

    # Progress to goal (A − B)/(G − B): levels and stocks, once the base year has passed.
    goal_distance_kind = np.isin(row_kind, [code(KINDS, c) for c in KINDS_WITH_GOAL_DISTANCE])
    with np.errstate(invalid="ignore", divide="ignore"):
        to_goal = (actual - base_value) / (goal_value - base_value)
    progress_known = (
        goal_distance_kind & (base_year >= 0) & (base_year <= row_year) & (goal_value != base_value)
    )
    progress_to_goal = np.where(progress_known, to_goal, np.nan)

    # Data points from t0 to t, and the straight-line trend through them read at Y (flows, rates).
    row_base_at = per_row(base_at)
    yearly_kind = ~goal_distance_kind
    trend = np.full(len(row_year), np.nan)
    yearly_rows = np.flatnonzero(yearly_kind & (points >= 3))
    if len(yearly_rows):
        sums = RunSums.of(a_year, a_value, year_keys.first_year)
        trend[yearly_rows] = linear_trend_at(
            sums,
            first=row_base_at[yearly_rows],
            last=latest_at[yearly_rows],
            year=goal_year[yearly_rows],
        )

    any_growth = bool(by_growth.any())

    def growth_or(index_value, other):
        return np.where(by_growth, index_value, other) if any_growth else other

    view = outlook(
        yearly_kind=yearly_kind & ~by_growth,
        higher=row_higher,
        row_year=row_year,
        base_year=growth_or(row_baseline, base_year),
        base_value=growth_or(1.0, base_value),
        latest_year=latest_year,
        latest_value=growth_or(judged.growth_index, k.take(a_value, latest_at, np.nan)),
        points=points,
        trend_at_goal_year=trend,
        goal=growth_or(judged.growth_goal_index, goal_value),
        goal_year=growth_or(judged.final_year, goal_year),
        goal_comparator=goal_comparator,
        tolerance=thresholds.tolerance,
        on_track=thresholds.on_track,
        needs_acceleration=thresholds.needs_acceleration,
    )
    # On the growth index a projection and a change per year mean nothing; the rate still
    # required, (goal index / L_t)^(1/(Y − t)) − 1, is the yearly growth needed from here.
    projected = growth_or(np.nan, view.projected_final_value)
    required_change = growth_or(np.nan, view.required_annual_change)
    required_rate = view.required_growth_rate
    if any_growth:
        required_rate = np.where(
            by_growth & (judged.final_year > latest_year) & (latest_year >= 0),
            cagr(
                judged.growth_index,
                judged.growth_goal_index,
                (judged.final_year - latest_year).astype(np.float64),
            ),
            view.required_growth_rate,
        )
    goal_value = growth_or(judged.printed, goal_value)
    goal_year = growth_or(judged.final_year, goal_year)

    regional = rollup(
        actual_indicator=a_indicator,
        actual_region=a_region,
        actual_year=a_year,
        actual_value=a_value,
        row_indicator=row_indicator,
        row_region=row_region,
        row_year=row_year,
        row_actual=actual,
        additive=additive,
        in_rollup=in_rollup,
        city_region=city,
        year_keys=year_keys,
        tolerance=thresholds.rollup_tolerance,
    )

    columns = {
        "indicator_id": k.take(indicator_ids, row_indicator, 0).astype(np.int64),
        "region_id": k.take(region_ids, row_region, 0).astype(np.int64),
        "year": row_year,
        "target_value": target.value,
        "target_comparator": coding.categorical(target.comparator, COMPARATORS),
        "target_interpolated": target.interpolated,
        "target_plan_id": coding.nullable_int(target.plan_id, target.has_plan),
        "target_source": coding.categorical(source, TARGET_SOURCES),
        "other_target_value": target.other_value,
        "other_target_plan_id": coding.nullable_int(target.other_plan_id, target.has_other),
        "actual_value": actual,
        "actual_provisional": provisional.astype(bool),
        "actual_vintage": coding.categorical(vintage, VINTAGES),
        "attainment": attainment(actual, target.value, row_higher),
        "gap": gap(actual, target.value, row_higher),
        "progress_to_goal": progress_to_goal,
        "year_status": coding.categorical(
            # A year without a value target is judged by its special target, if any.
            np.where(
                target.present | (judged.type == VALUE),
                year_status(
                    actual, target.value, target.comparator, row_higher, thresholds.tolerance
                ),
                judged.status,
            ),
            YEAR_STATUSES,
        ),
        "outlook_status": coding.categorical(view.status, OUTLOOK_STATUSES),
        "outlook_ratio": view.ratio,
        "projected_final_value": projected,
        "final_year": coding.nullable_int(goal_year, goal_year >= 0),
        "final_goal": goal_value,
        "final_comparator": coding.categorical(goal_comparator, COMPARATORS),
        "target_type": coding.categorical(judged.type, TARGET_TYPES),
        "special_target": judged.target,
        "special_actual": judged.measure,
        "special_status": coding.categorical(judged.status, YEAR_STATUSES),
        "required_annual_change": required_change,
        "required_growth_rate": required_rate,
        "rollup_sum": regional.total,
        "rollup_count": coding.nullable_int(regional.count, regional.applies),
        "rollup_expected": coding.nullable_int(
            np.full(len(row_year), regional.expected, dtype=np.int64), regional.applies
        ),
        "rollup_deviation": regional.deviation,
        "share_of_city": regional.share_of_city,
    }
    # copy=False keeps one block per column: consolidating 1.8 million rows costs seconds and
    # buys nothing for a frame that is read column by column.
    return pd.DataFrame(columns, columns=list(OUTPUT_COLUMNS), copy=False)
