"""Outlook to the final year and the pace still required, after Open SDG's progress measure.

Method: Open SDG's progress calculation with a target ("methodology 2") in
open-sdg/sdg-build, ``sdg/ProgressMeasure.py`` (``SeriesProgress.methodology_2``,
``growth_calculation``, ``is_target_achieved``, ``get_progress_status``):

* base year t0 = the baseline year if it has an actual, else the first later year that has one
  (``SeriesProgress.__init__``: "assign it to be the next available year"); B = its actual;
* t = the latest year with an actual, A_t its value;
* CAGR(a→b over n years) = (b/a)^(1/n) − 1 (``growth_calculation``);
* if A_t already meets the final goal G → achieved, whatever the rest (``is_target_achieved``
  is checked first, so this holds even with a single data point);
* otherwise R = d · CAGR_observed(B→A_t over t−t0) / |CAGR_required(B→G over Y−t0)|, with d = +1
  for higher-is-better and −1 for lower-is-better (``methodology_2``: ``sign * direction * cagr_o
  / abs(cagr_r)``). When G lies in the improving direction from B this equals
  CAGR_observed / CAGR_required; when it does not (indicator 8's goal of 150 is below its baseline
  of 152) the absolute value keeps a fall away from G a deterioration rather than "on track";
* R ≥ on_track (0.95) → on_track, ≥ needs_acceleration (0.60) → needs_acceleration, ≥ 0 →
  limited_progress, < 0 → deterioration (``get_progress_thresholds`` defaults for method 2,
  ``get_progress_status``; Open SDG calls the first two "substantial" and "moderate" progress).

Where wzsci departs from Open SDG (all in docs/progress.md):

* only data up to the row's year is used, so each year shows the outlook as it stood then;
* fewer than two years with data from t0 on → not_assessed (Open SDG: "not_available");
* a zero or negative B, A_t or G → not_assessed (Open SDG substitutes 0.001 for a zero base and
  flips the sign for negative ones; none of our indicators can be negative);
* CAGR_required = 0 (G equals B) and not achieved → deterioration with no ratio (Open SDG would
  divide by zero); the value can only have moved away from G;
* growth_rate indicators → not_applicable: a compound growth rate of a growth rate has no meaning
  (a rate going from 9.6 % to 15 % is not "growing at 9 % a year");
* no final goal (a region without targets of its own and no city benchmark) → not_applicable.
"""

from dataclasses import dataclass

import numpy as np

from indicators.compute.comparators import meets
from indicators.compute.vocabulary import OUTLOOK_STATUSES, code

(
    ACHIEVED,
    ON_TRACK,
    NEEDS_ACCELERATION,
    LIMITED_PROGRESS,
    DETERIORATION,
    NOT_ASSESSED,
    NOT_APPLICABLE,
) = (code(OUTLOOK_STATUSES, s) for s in OUTLOOK_STATUSES)


def cagr(start: np.ndarray, end: np.ndarray, years: np.ndarray) -> np.ndarray:
    """Compound annual growth rate (end/start)^(1/years) − 1, as a fraction (0.05 = 5 % a year).

    Open SDG's ``growth_calculation``. NaN unless start > 0, end > 0 and years > 0.
    """
    valid = (start > 0) & (end > 0) & (years > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = (end / start) ** (1.0 / years) - 1.0
    return np.where(valid, rate, np.nan)


@dataclass(frozen=True)
class Outlook:
    status: np.ndarray  # codes into OUTLOOK_STATUSES
    ratio: np.ndarray  # R, NaN where not computed
    projected_final_value: np.ndarray  # A_t·(1+CAGR_observed)^(Y−t), indicator's unit
    required_annual_change: np.ndarray  # (G − A_t)/(Y − t), indicator's unit per year
    required_growth_rate: np.ndarray  # (G/A_t)^(1/(Y−t)) − 1, fraction per year


def outlook(
    *,
    growth_rate_kind: np.ndarray,
    goal_distance_kind: np.ndarray,
    higher: np.ndarray,
    row_year: np.ndarray,
    base_year: np.ndarray,
    base_value: np.ndarray,
    latest_year: np.ndarray,
    latest_value: np.ndarray,
    goal: np.ndarray,
    goal_year: np.ndarray,
    goal_comparator: np.ndarray,
    tolerance: float,
    on_track: float,
    needs_acceleration: float,
) -> Outlook:
    """The outlook of every row, from arrays aligned on the rows.

    ``base_year``/``base_value`` are t0 and B for the row's series (-1/NaN if no actual from the
    baseline year on), ``latest_year``/``latest_value`` are t and A_t (the latest actual at or
    before ``row_year``; -1/NaN if none), ``goal``/``goal_year`` are G and Y (NaN/-1 if none).
    ``goal_distance_kind`` marks levels and stocks, for which the required pace is given.
    """
    has_goal = ~np.isnan(goal)
    has_latest = ~np.isnan(latest_value)
    base_known = (base_year >= 0) & (base_year <= row_year)
    t, t0, y_final = (a.astype(np.float64) for a in (latest_year, base_year, goal_year))

    achieved = has_latest & has_goal & meets(latest_value, goal, goal_comparator, higher, tolerance)
    observed = np.where(base_known & has_latest, cagr(base_value, latest_value, t - t0), np.nan)
    required = np.where(base_known & has_goal, cagr(base_value, goal, y_final - t0), np.nan)
    direction = np.where(higher, 1.0, -1.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.where(required != 0, direction * observed / np.abs(required), np.nan)
    ratio = np.where(growth_rate_kind, np.nan, ratio)

    status = np.select(
        [
            growth_rate_kind,
            ~has_goal,
            achieved,
            np.isnan(observed) | np.isnan(required),
            required == 0,
            ratio >= on_track,
            ratio >= needs_acceleration,
            ratio >= 0,
        ],
        [
            NOT_APPLICABLE,
            NOT_APPLICABLE,
            ACHIEVED,
            NOT_ASSESSED,
            DETERIORATION,
            ON_TRACK,
            NEEDS_ACCELERATION,
            LIMITED_PROGRESS,
        ],
        default=DETERIORATION,
    ).astype(np.int8)

    years_left = y_final - t
    with np.errstate(invalid="ignore", over="ignore"):
        projected = latest_value * (1.0 + observed) ** years_left
    projected = np.where(
        ~growth_rate_kind & has_goal & (years_left >= 0) & ~np.isnan(observed), projected, np.nan
    )

    pace_known = goal_distance_kind & has_latest & has_goal & (years_left > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        change = (goal - latest_value) / years_left
    required_change = np.where(pace_known, change, np.nan)
    required_rate = np.where(pace_known, cagr(latest_value, goal, years_left), np.nan)

    return Outlook(
        status=status,
        ratio=ratio,
        projected_final_value=projected,
        required_annual_change=required_change,
        required_growth_rate=required_rate,
    )
