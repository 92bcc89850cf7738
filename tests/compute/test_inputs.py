"""What compute_progress accepts and refuses, and the shape of what it returns."""

import math
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from indicators.compute.frames import (
    actuals_frame,
    indicators_frame,
    regions_frame,
    targets_frame,
)
from indicators.compute.progress import OUTPUT_COLUMNS, Thresholds, compute_progress

CITY, LUCHENG = 1, 2
K1 = (1, "level", "higher", "none", 2022)
K1_TARGET = (1, CITY, 2025, 17, 1, 3.0, "gte")


def run(*, indicators=(K1,), targets=(K1_TARGET,), actuals=(), regions=((CITY, True, False),)):
    return compute_progress(
        indicators=indicators_frame(indicators),
        targets=targets_frame(targets),
        actuals=actuals_frame(actuals),
        regions=regions_frame(regions),
        years=range(2022, 2028),
    )


def test_it_returns_an_empty_frame_with_every_column_when_there_is_nothing():
    frame = run(indicators=(), targets=(), actuals=(), regions=())
    assert frame.empty
    assert tuple(frame.columns) == OUTPUT_COLUMNS


def test_it_returns_the_documented_dtypes():
    frame = run(actuals=[(1, CITY, 2025, 3.1, "approved")])
    assert frame["indicator_id"].dtype == np.int64
    assert frame["year"].dtype == np.int64
    assert frame["target_plan_id"].dtype == "Int64"
    assert frame["final_year"].dtype == "Int64"
    assert frame["rollup_count"].dtype == "Int64"
    assert frame["target_interpolated"].dtype == bool
    assert frame["actual_provisional"].dtype == bool
    assert frame["rollup_deviation"].dtype == bool
    assert isinstance(frame["year_status"].dtype, pd.CategoricalDtype)
    assert frame["attainment"].dtype == np.float64


def test_it_ignores_rows_without_a_value():
    frame = run(
        targets=[K1_TARGET, (1, CITY, 2027, 17, 1, float("nan"), "gte")],
        actuals=[(1, CITY, 2025, float("nan"), "approved")],
    ).set_index("year")
    assert frame.loc[2025].year_status == "no_data"
    assert frame.loc[2025].final_goal == 3.0


def test_it_ignores_extra_columns():
    targets = targets_frame([K1_TARGET]).assign(source_quote="R&D经费…3.0")
    frame = compute_progress(
        indicators=indicators_frame([K1]),
        targets=targets,
        actuals=actuals_frame(),
        regions=regions_frame([(CITY, True, False)]),
        years=[2025],
    )
    assert frame.iloc[0].target_value == 3.0


def test_it_works_without_a_city():
    # Given no region marked as the city: nothing to benchmark against or roll up to
    frame = run(regions=[(LUCHENG, False, True)], actuals=[(1, LUCHENG, 2025, 2.0, "approved")])
    row = frame.set_index(["region_id", "year"]).loc[(LUCHENG, 2025)]
    assert row.target_source == "none"
    assert pd.isna(row.rollup_count)


def test_it_refuses_an_unknown_comparator():
    with pytest.raises(ValueError, match=r"targets.comparator: unknown values \['>='\]"):
        run(targets=[(1, CITY, 2025, 17, 1, 3.0, ">=")])


def test_it_refuses_a_draft_actual():
    with pytest.raises(ValueError, match=r"actuals\.state"):
        run(actuals=[(1, CITY, 2025, 3.0, "draft")])


def test_it_refuses_an_indicator_it_was_not_told_about():
    with pytest.raises(ValueError, match=r"actuals: indicator ids not in indicators: \[7\]"):
        run(actuals=[(7, CITY, 2025, 3.0, "approved")])


def test_it_refuses_two_cities():
    with pytest.raises(ValueError, match="more than one city"):
        run(regions=[(CITY, True, False), (LUCHENG, True, False)])


def test_it_refuses_a_missing_column():
    with pytest.raises(ValueError, match=r"targets: missing columns \['comparator'\]"):
        compute_progress(
            indicators=indicators_frame([K1]),
            targets=targets_frame([K1_TARGET]).drop(columns="comparator"),
            actuals=actuals_frame(),
            regions=regions_frame(),
            years=[2025],
        )


@pytest.mark.parametrize(
    "settings",
    [
        {"tolerance": -0.01},
        {"tolerance": 1.0},
        {"on_track": 0.5, "needs_acceleration": 0.6},
        {"needs_acceleration": -0.1},
        {"rollup_tolerance": -1.0},
    ],
)
def test_it_refuses_thresholds_that_make_no_sense(settings):
    with pytest.raises(ValueError):
        Thresholds(**settings)


def test_it_produces_rows_for_years_outside_the_data():
    frame = compute_progress(
        indicators=indicators_frame([K1]),
        targets=targets_frame([K1_TARGET]),
        actuals=actuals_frame(),
        regions=regions_frame([(CITY, True, False)]),
        years=[2030, 2020, 2030],
    )
    assert list(frame["year"]) == [2020, 2030]
    assert all(math.isnan(v) for v in frame["target_value"])


def test_it_accepts_decimals_as_the_orm_returns_them():
    # Given values as DecimalField gives them
    targets = targets_frame([K1_TARGET]).astype({"value": object})
    targets["value"] = [Decimal("3.0")]
    actuals = pd.DataFrame(
        [
            {
                "indicator_id": 1,
                "region_id": CITY,
                "year": 2025,
                "value": Decimal("2.9"),
                "state": "approved",
            }
        ]
    )
    frame = compute_progress(
        indicators=indicators_frame([K1]),
        targets=targets,
        actuals=actuals,
        regions=regions_frame([(CITY, True, False)]),
        years=[2025],
    )
    # Then 2.9 against 3.0 is judged as floats: 2.9 ≥ 2.85, nearly met
    assert frame.iloc[0].year_status == "nearly_met"
    assert frame.iloc[0].attainment == pytest.approx(2.9 / 3.0)


def test_it_starts_from_the_first_actual_when_an_indicator_has_no_baseline_year():
    # Given a task target with no baseline year: 100 in 2023, 121 in 2025, goal 150 in 2027
    indicators = pd.DataFrame(
        [
            {
                "indicator_id": 2,
                "kind": "stock",
                "direction": "higher",
                "rollup": "none",
                "baseline_year": None,
            }
        ]
    )
    frame = compute_progress(
        indicators=indicators,
        targets=targets_frame([(2, CITY, 2027, 17, 1, 150.0, "gte")]),
        actuals=actuals_frame(
            [(2, CITY, 2023, 100.0, "approved"), (2, CITY, 2025, 121.0, "approved")]
        ),
        regions=regions_frame([(CITY, True, False)]),
        years=[2025],
    )
    row = frame.iloc[0]
    # Then t0 = 2023: progress (121 − 100)/(150 − 100) = 0.42
    assert row.progress_to_goal == pytest.approx(0.42)
    # CAGR_obs = 1.21^(1/2) − 1 = 0.1; CAGR_req = 1.5^(1/4) − 1 = 0.106682; R = 0.9374
    assert row.outlook_ratio == pytest.approx(0.937366, abs=1e-6)
    assert row.outlook_status == "needs_acceleration"
