"""Demo data by period: year-to-date figures (1–m月) of the monthly and quarterly indicators, drawn
from their demo annual figures so that the 序时进度 has something to show (catalogue/demo.py).

* Only indicators whose frequency is not yearly, and only cells that have a demo annual figure
  (or, for the city's baseline year, the seed's printed baseline) get them.
* Flows accumulate: 1–m月 is the year's figure × a cumulative seasonal share that reaches 1 in
  December, so 1–12月 is the annual figure itself (the annual record, period 12: no second row).
  The share has one shape per indicator (slow starts, busy year ends, as the bureaus see it) with
  a little noise per year, so three earlier years give the engine a seasonal profile; every region
  of an indicator and year shares it, so the regions' 1–m月 figures add up to the city's.
* Rates, ratios and levels are the rate for the period: the year's figure plus a deviation that
  shrinks towards December; stocks move from last year's end towards this year's.
* The current demo year (DEMO_PARTIAL) has figures up to a recent month only, drawn from the path
  of its targets; its full year is never stored.
"""

from __future__ import annotations

import math
from decimal import Decimal

from indicators.compute.periods import period_months
from indicators.models import Indicator

# The year in progress in the demo, and the last month with a figure: 2025年1–9月.
DEMO_PARTIAL = (2025, 9)


def seasonal_shares(rng_for, indicator: Indicator, year: int) -> dict[int, float]:
    """month → the share of the year's flow reached by the end of that month (12 → 1.0)."""
    shape = rng_for("shape", indicator.code)
    # Heavier in the second half (a common pattern of investment and contract figures).
    tilt = shape.uniform(0.15, 0.45)
    phase = shape.uniform(0, math.pi)
    noise = rng_for("season", indicator.code, year)
    weights = [
        max(
            0.2,
            1 + tilt * (month - 6.5) / 5.5 + 0.12 * math.sin(phase + month) + noise.gauss(0, 0.04),
        )
        for month in range(1, 13)
    ]
    total = sum(weights)
    shares, running = {}, 0.0
    for month, weight in enumerate(weights, start=1):
        running += weight
        shares[month] = running / total
    shares[12] = 1.0
    return shares


def ytd_value(
    rng_for,
    indicator: Indicator,
    region_code: str,
    year: int,
    month: int,
    annual: float,
    previous: float | None,
    shares: dict[int, float],
) -> float:
    """The 1–`month`月 figure of a cell whose full year is `annual`."""
    if indicator.kind == Indicator.Kind.FLOW:
        return annual * shares[month]
    if indicator.kind == Indicator.Kind.STOCK and previous is not None:
        return previous + (annual - previous) * shares[month]
    # A rate for the period: early months stray further from the year's figure.
    spread = rng_for("ytd", indicator.code, region_code, year).gauss(0, 0.05)
    return annual * (1 + spread * (12 - month) / 11)


def demo_period_values(
    *,
    rng_for,
    annual: dict[tuple[int, int, int], Decimal],
    partial_annual: dict[tuple[int, int, int], Decimal],
    indicators: dict[int, Indicator],
    region_codes: dict[int, str],
    partial_month: int,
) -> dict[tuple[int, int, int, int], Decimal]:
    """(indicator_id, region_id, year, period) → the demo year-to-date figure, period < 12.

    `annual`: the full-year figures of the past demo years (every year: all 12 months' periods
    but December); `partial_annual`: the course of the current year, of which only the periods
    up to `partial_month` are made.
    """
    values: dict[tuple[int, int, int, int], Decimal] = {}
    sources = [(annual, 11), (partial_annual, partial_month)]
    for figures, last_month in sources:
        for (indicator_id, region_id, year), value in figures.items():
            indicator = indicators.get(indicator_id)
            if indicator is None or indicator.frequency == Indicator.Frequency.YEARLY:
                continue
            shares = seasonal_shares(rng_for, indicator, year)
            previous = annual.get((indicator_id, region_id, year - 1))
            for month in period_months(indicator.frequency):
                if month > last_month or month == 12:
                    continue
                figure = ytd_value(
                    rng_for,
                    indicator,
                    region_codes[region_id],
                    year,
                    month,
                    float(value),
                    None if previous is None else float(previous),
                    shares,
                )
                values[(indicator_id, region_id, year, month)] = Decimal(
                    str(round(figure, indicator.decimals))
                )
    return values
