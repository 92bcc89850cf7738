"""Decomposing a city target to the regions (分解目标): the suggested split and the sum check.

Pure (no Django): plain numbers in, plain numbers out, so the figures can be checked by hand.

The suggested split (建议值, method ``SUGGESTION_METHOD``) for year y and a city target T:

* share_r = A_r(y−1) / Σ A(y−1): each region's share of last year's approved values;
* pace_r = the mean of its year-on-year growth rates over up to three years
  (A(y−1)/A(y−2) − 1, A(y−2)/A(y−3) − 1, A(y−3)/A(y−4) − 1; a year is used only where both
  values exist and the earlier one is positive); 0 when none can be computed;
* weight_r = share_r × (1 + pace_r), floored at 0 (a region shrinking by more than 100 % a year
  gets nothing);
* suggestion_r = T × weight_r / Σ weight, so the suggestions add up to T exactly (before
  rounding).

A region without last year's value gets no suggestion (None): it cannot be placed on the scale.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

from indicators.compute.words import gettext_noop

# In Chinese; shown through Django's gettext by the callers.
SUGGESTION_METHOD = gettext_noop("上年占比 ×（1 + 近三年平均增速），按全市目标归一")
PACE_YEARS = 3


@dataclass(frozen=True)
class Suggestion:
    share: float  # of last year's sum, 0–1
    pace: float  # mean yearly growth, 0.1 = 10 %
    years_of_pace: int  # how many yearly growth rates the pace averages (0–3)
    value: float  # the suggested target


def average_pace(values_by_year: Mapping[int, float], year: int) -> tuple[float, int]:
    """The mean growth rate of the PACE_YEARS years up to `year` − 1, and how many years it
    averages. `values_by_year`: a region's approved values by year."""
    rates = []
    for later in range(year - 1, year - 1 - PACE_YEARS, -1):
        now, before = values_by_year.get(later), values_by_year.get(later - 1)
        if now is None or before is None or before <= 0:
            continue
        rates.append(now / before - 1)
    if not rates:
        return 0.0, 0
    return sum(rates) / len(rates), len(rates)


def suggest_split(
    *, city_target: float, year: int, history: Mapping[Hashable, Mapping[int, float]]
) -> dict[Hashable, Suggestion | None]:
    """The suggested target of each region for `year` (see the module's docstring).

    `history`: region → {year: approved value}. Every region given gets an entry; None where
    last year's value is missing, or where the regions' weights add up to nothing.
    """
    last = {r: values.get(year - 1) for r, values in history.items()}
    known = {r: v for r, v in last.items() if v is not None and v >= 0}
    total = sum(known.values())
    out: dict[Hashable, Suggestion | None] = dict.fromkeys(history)
    if total <= 0:
        return out
    weights = {}
    paces = {}
    for region, value in known.items():
        pace, counted = average_pace(history[region], year)
        paces[region] = (pace, counted)
        weights[region] = max(value / total * (1 + pace), 0.0)
    weight_sum = sum(weights.values())
    if weight_sum <= 0:
        return out
    for region, weight in weights.items():
        pace, counted = paces[region]
        out[region] = Suggestion(
            share=known[region] / total,
            pace=pace,
            years_of_pace=counted,
            value=city_target * weight / weight_sum,
        )
    return out


@dataclass(frozen=True)
class SumCheck:
    """The regions' targets against the city's, for an additive indicator."""

    city_target: float | None
    region_sum: float
    regions_with_target: int
    regions_expected: int

    @property
    def gap(self) -> float | None:
        """The city target minus the regions' sum: positive is a shortfall."""
        return None if self.city_target is None else self.city_target - self.region_sum

    @property
    def shortfall(self) -> bool:
        """The regions' targets add up to less than the city's (a relative 1e-9 allowed for
        decimal rounding). Before any region has a target there is no decomposition to be short."""
        gap = self.gap
        if gap is None or self.regions_with_target == 0:
            return False
        return gap > 1e-9 * max(abs(self.city_target), 1.0)


def sum_check(
    *, city_target: float | None, region_targets: Mapping[Hashable, float | None], expected: int
) -> SumCheck:
    """Sum the regions' targets (those set) against the city target."""
    values = [v for v in region_targets.values() if v is not None]
    return SumCheck(
        city_target=city_target,
        region_sum=float(sum(values)),
        regions_with_target=len(values),
        regions_expected=expected,
    )
