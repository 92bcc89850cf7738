"""Outlook to the final year and the pace still required, after Open SDG's progress measure.

Method for levels and stocks: Open SDG's progress calculation with a target ("methodology 2") in
open-sdg/sdg-build, ``sdg/ProgressMeasure.py`` (``SeriesProgress.methodology_2``,
``growth_calculation``, ``is_target_achieved``, ``get_progress_status``):

* base year t0 = the baseline year if it has an actual, else the first later year that has one
  (``SeriesProgress.__init__``: "assign it to be the next available year"); B = its actual;
* t = the latest year with an actual, A_t its value;
* CAGR(a→b over n years) = (b/a)^(1/n) − 1 (``growth_calculation``);
* R = d · CAGR_observed(B→A_t over t−t0) / |CAGR_required(B→G over Y−t0)|, with d = +1 for
  higher-is-better and −1 for lower-is-better (``methodology_2``: ``sign * direction * cagr_o
  / abs(cagr_r)``);
* R ≥ on_track (0.95) → on_track, ≥ needs_acceleration (0.60) → needs_acceleration, ≥ 0 →
  limited_progress, < 0 → deterioration (``get_progress_thresholds`` defaults for method 2,
  ``get_progress_status``; Open SDG calls the first two "substantial" and "moderate" progress).

The order of the tests (docs/progress.md, "Outlook"): no final goal → not_applicable; fewer than
two data points from t0 to t → not_assessed (before anything else: one point is never
"achieved"); A_t meets G → achieved; then the ratio.

Flows and growth rates are yearly quantities with a target per year, so their CAGR means nothing
(a rate going from 9.6 % to 15 % is not "growing 9 % a year"; indicator 8 at 140 against a goal
of 150 under a baseline of 152 is not "−15 times the required pace"). For them R is the share of
the final year's yearly target G that the latest year reached, A_t/G (G/A_t for lower-is-better),
or, from three points on, that the straight-line trend reaches in Y (:mod:`.trend`); the same
thresholds apply. Their projection is that trend, never a compounded jump.

Every departure from Open SDG is listed in docs/progress.md with its reason.
"""

from dataclasses import dataclass

import numpy as np

from indicators.compute.comparators import APPROX, meets
from indicators.compute.trend import MIN_TREND_POINTS
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

# Fewest data points from the base year on that any outlook is assessed from.
MIN_OUTLOOK_POINTS = 2


def cagr(start: np.ndarray, end: np.ndarray, years: np.ndarray) -> np.ndarray:
    """Compound annual growth rate (end/start)^(1/years) − 1, as a fraction (0.05 = 5 % a year).

    Open SDG's ``growth_calculation``. NaN unless start > 0, end > 0 and years > 0.
    """
    valid = (start > 0) & (end > 0) & (years > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = (end / start) ** (1.0 / years) - 1.0
    return np.where(valid, rate, np.nan)


def yearly_ratio(reading: np.ndarray, goal: np.ndarray, higher: np.ndarray) -> np.ndarray:
    """The share of the final year's yearly target a yearly quantity reaches: reading/G for
    higher-is-better, G/reading for lower-is-better. NaN where the denominator is not positive
    (a share of a zero or negative target means nothing); a negative rate against a positive
    target gives a negative ratio, deterioration."""
    numerator = np.where(higher, reading, goal)
    denominator = np.where(higher, goal, reading)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(denominator > 0, numerator / denominator, np.nan)


@dataclass(frozen=True)
class Outlook:
    status: np.ndarray  # codes into OUTLOOK_STATUSES
    ratio: np.ndarray  # R, NaN where not computed
    projected_final_value: np.ndarray  # levels: A_t·(1+CAGR_obs)^(Y−t); yearly: the trend at Y
    required_annual_change: np.ndarray  # (G − A_t)/(Y − t), indicator's unit per year
    required_growth_rate: np.ndarray  # (G/A_t)^(1/(Y−t)) − 1, fraction per year


def outlook(
    *,
    yearly_kind: np.ndarray,
    higher: np.ndarray,
    row_year: np.ndarray,
    base_year: np.ndarray,
    base_value: np.ndarray,
    latest_year: np.ndarray,
    latest_value: np.ndarray,
    points: np.ndarray,
    trend_at_goal_year: np.ndarray,
    goal: np.ndarray,
    goal_year: np.ndarray,
    goal_comparator: np.ndarray,
    tolerance: float,
    on_track: float,
    needs_acceleration: float,
) -> Outlook:
    """The outlook of every row, from arrays aligned on the rows.

    ``yearly_kind`` marks flows and growth rates (the rest are levels and stocks).
    ``base_year``/``base_value`` are t0 and B for the row's series (-1/NaN if no actual from the
    baseline year on), ``latest_year``/``latest_value`` are t and A_t (the latest actual at or
    before ``row_year``; -1/NaN if none), ``points`` how many actuals lie from t0 to t,
    ``trend_at_goal_year`` the straight-line trend through them read at Y (NaN under three
    points), ``goal``/``goal_year`` are G and Y (NaN/-1 if none).
    """
    has_goal = ~np.isnan(goal)
    has_latest = ~np.isnan(latest_value)
    enough = points >= MIN_OUTLOOK_POINTS
    base_known = (base_year >= 0) & (base_year <= row_year)
    t, t0, y_final = (a.astype(np.float64) for a in (latest_year, base_year, goal_year))

    achieved = has_latest & has_goal & meets(latest_value, goal, goal_comparator, higher, tolerance)

    # Levels and stocks: Open SDG's ratio of compound growth rates.
    observed = np.where(base_known & has_latest, cagr(base_value, latest_value, t - t0), np.nan)
    required = np.where(base_known & has_goal, cagr(base_value, goal, y_final - t0), np.nan)
    direction = np.where(higher, 1.0, -1.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        growth_ratio = np.where(required != 0, direction * observed / np.abs(required), np.nan)

    # Flows and rates: the latest year (or, from three points, the trend) against G.
    trend_known = (points >= MIN_TREND_POINTS) & ~np.isnan(trend_at_goal_year)
    reading = np.where(trend_known, trend_at_goal_year, latest_value)
    share_ratio = yearly_ratio(reading, goal, higher)

    ratio = np.where(yearly_kind, share_ratio, growth_ratio)
    ratio = np.where(enough, ratio, np.nan)

    status = np.select(
        [
            ~has_goal,
            ~enough,
            achieved,
            np.isnan(ratio) & (yearly_kind | np.isnan(observed) | np.isnan(required)),
            ~yearly_kind & (required == 0),
            ratio >= on_track,
            ratio >= needs_acceleration,
            ratio >= 0,
        ],
        [
            NOT_APPLICABLE,
            NOT_ASSESSED,
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
        compounded = latest_value * (1.0 + observed) ** years_left
    projected = np.where(yearly_kind, np.where(years_left == 0, latest_value, reading), compounded)
    projected_known = np.where(yearly_kind, trend_known, ~np.isnan(observed))
    projected = np.where(has_goal & (years_left >= 0) & projected_known, projected, np.nan)

    # The required pace, for levels and stocks. Inside an ≈ goal's band (or beyond it on the good
    # side) nothing more is required: 0, which the pages show as "已在目标区间".
    pace_known = ~yearly_kind & has_latest & has_goal & (years_left > 0)
    in_band = achieved & (goal_comparator == APPROX)
    with np.errstate(invalid="ignore", divide="ignore"):
        change = np.where(in_band, 0.0, (goal - latest_value) / years_left)
    required_change = np.where(pace_known, change, np.nan)
    rate = np.where(in_band, 0.0, cagr(latest_value, goal, years_left))
    required_rate = np.where(pace_known, rate, np.nan)

    return Outlook(
        status=status,
        ratio=ratio,
        projected_final_value=projected,
        required_annual_change=required_change,
        required_growth_rate=required_rate,
    )
