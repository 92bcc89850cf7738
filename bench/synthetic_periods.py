"""The synthetic data's reporting periods: year-to-date figures of the monthly indicators.

20 of the 100 synthetic indicators are monthly (``MONTHLY``): 8 flows, 4 stocks, 4 levels and
4 growth rates. Each has a year-to-date value for every region, year and month 1–11 (period 12
is the annual value the main generator writes), shaped as bureaus publish them
(docs/progress.md, "Reporting periods"):

* flows accumulate: 1–m月 is the year's value × the cumulative share of a seasonal profile
  (a slow start around the Spring Festival, a December push), the profile varying a little by
  indicator, region and year — so a seasonal profile from earlier years is meaningful;
* stocks are the count at the period's end: last year's end moving towards this year's;
* levels (ratios) and growth rates are the rate for the period: around the year's value,
  fluctuating more early in the year than late.

Additive indicators keep the city's figure equal to its regions' year-to-date sum scaled to the
city's annual value. Each monthly indicator's annual value also has a 快报 (flash) vintage beside
the 年报 (final): 360,000 more annual rows at national scale, so the engine picks a vintage.

Pure numpy / pandas: the caller (bench/synthetic.py) writes the frame with COPY.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

MONTHS = np.arange(1, 12)  # the periods written here; 12 is the annual value
# Indicator numbers (BXnnn) that report monthly, by kind, as bench/synthetic.py numbers them:
# levels 1–40 (8 and 40 lower-is-better among them), stocks 41–70, flows 71–90, rates 91–100.
MONTHLY = {
    "level": (5, 6, 7, 8),
    "stock": (41, 42, 43, 44),
    "flow": (71, 72, 73, 74, 75, 76, 77, 78),
    "growth_rate": (91, 92, 93, 94),
}
MONTHLY_NUMBERS = frozenset(n for numbers in MONTHLY.values() for n in numbers)
# A month's share of a flow's year, before noise: 1–2月 low (the Spring Festival), a push in
# June, September and December, as the bureaus' monthly series look.
SEASON = np.array([0.065, 0.045, 0.08, 0.08, 0.085, 0.095, 0.08, 0.08, 0.09, 0.085, 0.09, 0.125])


def cumulative_shares(rng, shape: tuple[int, ...]) -> np.ndarray:
    """Year-to-date shares of a flow's year at the end of months 1–11, shape ``shape + (11,)``.

    The seasonal profile with a per-indicator tilt (shape[0] indicators) and per-cell noise;
    strictly increasing, below 1 (the 12th month's share is what remains)."""
    tilt = rng.lognormal(0.0, 0.15, size=(shape[0], *(1,) * (len(shape) - 1), 12))
    noise = rng.lognormal(0.0, 0.10, size=(*shape, 12))
    weights = SEASON * tilt * noise
    shares = np.cumsum(weights, axis=-1) / weights.sum(axis=-1, keepdims=True)
    return shares[..., :11]


def year_to_date(rng, kind: str, annual: np.ndarray, previous: np.ndarray) -> np.ndarray:
    """Months 1–11 of one kind's indicators: ``annual`` (indicators × regions × years) is the
    year's value, ``previous`` the value at the end of the year before (for stocks).

    Returns indicators × regions × years × 11."""
    months = MONTHS.astype(float)
    # Fluctuation that narrows towards the year's end: 1 in January, ≈ 0.3 in November.
    narrowing = np.sqrt((12 - months) / 11)
    shape = annual.shape
    if kind == "flow":
        return annual[..., None] * cumulative_shares(rng, shape)
    if kind == "stock":
        shares = months / 12 * rng.normal(1.0, 0.05, size=(*shape, 11))
        return previous[..., None] + (annual - previous)[..., None] * np.clip(shares, 0, 1)
    if kind == "level":
        wobble = rng.normal(0.0, 0.03, size=(*shape, 11)) * narrowing
        return annual[..., None] * (1 + wobble)
    if kind == "growth_rate":
        return annual[..., None] + rng.normal(0.0, 6.0, size=(*shape, 11)) * narrowing
    raise ValueError(f"unknown kind: {kind!r}")


def period_actuals(
    rng,
    *,
    indicators: pd.DataFrame,
    region_ids: np.ndarray,
    in_rollup: np.ndarray,
    years: tuple[int, ...],
    annual: np.ndarray,
) -> pd.DataFrame:
    """The monthly indicators' year-to-date rows (months 1–11, vintage final) and their annual
    快报 rows (period 12, vintage flash).

    ``indicators``: the synthetic indicators in code order (indicator_id, kind, rollup);
    ``annual``: their annual values, indicators × regions × years, region 0 the city;
    ``in_rollup``: which regions add up to the city. Columns of the result: indicator_id,
    region_id, year, period, vintage, value, state."""
    numbers = np.arange(1, len(indicators) + 1)
    frames = []
    n_year = len(years)
    for kind in MONTHLY:
        chosen = np.isin(numbers, MONTHLY[kind]) & (indicators["kind"].to_numpy() == kind)
        if not chosen.any():
            continue
        values = annual[chosen]
        # The end of the year before the first: one year's trend back.
        first = values[:, :, :1]
        second = values[:, :, 1:2] if n_year > 1 else first
        before_first = first * np.clip(first / np.where(second == 0, 1, second), 0.8, 1.2)
        previous = np.concatenate([before_first, values[:, :, :-1]], axis=2)
        months = year_to_date(rng, kind, values, previous)
        if kind in ("flow", "stock"):
            # The city: its regions' year-to-date sum, scaled to the city's own annual figure.
            regions_sum = (months * in_rollup[None, :, None, None]).sum(axis=1)
            annual_sum = (values * in_rollup[None, :, None]).sum(axis=1)
            months[:, 0] = regions_sum * (values[:, 0] / annual_sum)[..., None]
        ids = indicators["indicator_id"].to_numpy()[chosen]
        frames.append(_rows(ids, region_ids, years, MONTHS, months, "final"))
        # The 快报: the year's value as first published, within about 1 % of the 年报.
        if kind == "growth_rate":
            flash = values + rng.normal(0.0, 0.3, size=values.shape)
        else:
            flash = values * rng.normal(1.0, 0.01, size=values.shape)
        frames.append(_rows(ids, region_ids, years, np.array([12]), flash[..., None], "flash"))
    rows = pd.concat(frames, ignore_index=True)
    rows["state"] = _states(rng, rows["year"].to_numpy(), rows["vintage"].to_numpy(), years)
    return rows


def _rows(ids, region_ids, years, periods, values: np.ndarray, vintage: str) -> pd.DataFrame:
    grid = np.meshgrid(ids, region_ids, np.array(years), periods, indexing="ij")
    return pd.DataFrame(
        {
            "indicator_id": grid[0].ravel(),
            "region_id": grid[1].ravel(),
            "year": grid[2].ravel(),
            "period": grid[3].ravel(),
            "vintage": vintage,
            "value": np.round(values.ravel(), 4),
        }
    )


def _states(rng, year: np.ndarray, vintage: np.ndarray, years: tuple[int, ...]) -> np.ndarray:
    """Approved up to the year before last; the last two years' months a mix, with drafts and
    returned rows the engine must ignore. Every 快报 is approved."""
    states = np.full(len(year), "approved", dtype=object)
    recent = (year >= years[-2]) & (vintage != "flash")
    states[recent] = rng.choice(
        np.array(["approved", "submitted", "draft", "returned"], dtype=object),
        size=int(recent.sum()),
        p=[0.6, 0.3, 0.07, 0.03],
    )
    return states
