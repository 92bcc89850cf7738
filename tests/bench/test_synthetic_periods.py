"""The bench's synthetic year-to-date figures have the shapes docs/progress.md gives each kind:
flows accumulate, stocks move from last year's end to this year's, rates fluctuate around the
year's value; the city of an additive indicator is its regions' sum. Pure numpy: no database."""

import numpy as np
import pandas as pd

from bench.synthetic_periods import MONTHLY_NUMBERS, period_actuals, year_to_date

YEARS = (2022, 2023, 2024)


def _indicators() -> pd.DataFrame:
    kinds = ["level"] * 40 + ["stock"] * 30 + ["flow"] * 20 + ["growth_rate"] * 10
    return pd.DataFrame(
        {
            "indicator_id": np.arange(101, 201),
            "kind": kinds,
            "rollup": ["sum" if k in ("stock", "flow") else "none" for k in kinds],
        }
    )


def test_it_makes_twenty_indicators_monthly():
    assert len(MONTHLY_NUMBERS) == 20


def test_a_flows_year_to_date_rises_every_month_and_stays_below_the_year():
    # Given a flow of 120 a year in 50 regions
    rng = np.random.default_rng(1)
    annual = np.full((1, 50, 3), 120.0)
    # When months 1–11 are made
    months = year_to_date(rng, "flow", annual, annual)
    # Then each month adds to the last, and 1–11月 is short of the year
    assert (np.diff(months, axis=-1) > 0).all()
    assert (months[..., -1] < 120).all() and (months[..., 0] > 0).all()


def test_a_stock_moves_from_last_years_end_towards_this_years():
    rng = np.random.default_rng(2)
    months = year_to_date(rng, "stock", np.full((1, 10, 2), 110.0), np.full((1, 10, 2), 100.0))
    assert ((months >= 100) & (months <= 110)).all()
    assert months[..., -1].mean() > months[..., 0].mean()


def test_a_rate_fluctuates_around_the_year_and_narrows_towards_december():
    rng = np.random.default_rng(3)
    months = year_to_date(rng, "growth_rate", np.full((1, 2000, 1), 10.0), np.zeros((1, 2000, 1)))
    assert abs(months.mean() - 10) < 0.5
    assert months[..., 0].std() > 2 * months[..., -1].std()


def test_rows_cover_every_region_year_and_month_with_a_flash_beside_each_year():
    # Given 100 indicators in 4 regions (the first the city, the others adding up to it)
    rng = np.random.default_rng(4)
    indicators = _indicators()
    annual = rng.uniform(50, 100, size=(100, 4, len(YEARS)))
    annual[:, 0] = annual[:, 1:].sum(axis=1)
    # When the period rows are made
    rows = period_actuals(
        rng,
        indicators=indicators,
        region_ids=np.array([1, 2, 3, 4]),
        in_rollup=np.array([False, True, True, True]),
        years=YEARS,
        annual=annual,
    )
    # Then 20 indicators × 4 regions × 3 years × 11 months, and one 快报 per year
    months = rows[rows["period"] < 12]
    assert len(months) == 20 * 4 * 3 * 11
    assert (months["vintage"] == "final").all()
    flash = rows[rows["period"] == 12]
    assert len(flash) == 20 * 4 * 3 and (flash["vintage"] == "flash").all()
    assert not rows.duplicated(["indicator_id", "region_id", "year", "period", "vintage"]).any()
    # And a flow's city figure is its regions' sum, month by month
    flow = rows[(rows["indicator_id"] == 171) & (rows["period"] == 6) & (rows["year"] == 2023)]
    city = flow.loc[flow["region_id"] == 1, "value"].item()
    assert abs(city - flow.loc[flow["region_id"] > 1, "value"].sum()) < 1e-3
    # And the last two years hold drafts the engine must ignore, never a draft 快报
    assert set(rows.loc[rows["year"] < 2023, "state"]) == {"approved"}
    assert set(flash["state"]) == {"approved"}
