"""The one comparator rule: value_meets for one figure agrees with the engine's year status."""

from decimal import Decimal

import pytest

from indicators.compute.comparators import value_meets
from indicators.compute.frames import (
    actuals_frame,
    indicators_frame,
    regions_frame,
    targets_frame,
)
from indicators.compute.progress import Thresholds, compute_progress

TOLERANCE = Thresholds().tolerance  # 0.05


@pytest.mark.parametrize(
    ("value", "comparator", "higher", "met"),
    [
        # ≈180, higher is better: band 9; met from 171 up, beyond the band on the good side too
        ("200", "approx", True, True),
        ("189", "approx", True, True),
        ("171", "approx", True, True),
        ("170", "approx", True, False),
        # ≈180, lower is better: met up to 189, and anything below
        ("150", "approx", False, True),
        ("189", "approx", False, True),
        ("190", "approx", False, False),
        # ≥180 and ≤180: the band plays no part in "met"
        ("180", "gte", True, True),
        ("179.99", "gte", True, False),
        ("180", "lte", False, True),
        ("180.01", "lte", False, False),
    ],
)
def test_it_judges_one_value_against_180(value, comparator, higher, met):
    # Given a target of 180 and a 5 % tolerance; When one value is judged; Then as the table says
    assert (
        value_meets(
            Decimal(value),
            Decimal("180"),
            comparator=comparator,
            higher=higher,
            tolerance=TOLERANCE,
        )
        is met
    )


def test_it_refuses_an_unknown_comparator():
    with pytest.raises(ValueError, match="unknown comparator"):
        value_meets(1, 1, comparator="", higher=True, tolerance=TOLERANCE)


def engine_met(*, actual: float, target: float, comparator: str, direction: str) -> bool:
    frame = compute_progress(
        indicators=indicators_frame([(1, "level", direction, "none", 2022)]),
        targets=targets_frame([(1, 1, 2025, 17, 1, target, comparator)]),
        actuals=actuals_frame([(1, 1, 2025, actual, "approved")]),
        regions=regions_frame([(1, True, False)]),
        years=[2025],
        thresholds=Thresholds(),
    )
    return frame.iloc[0].year_status == "met"


@pytest.mark.parametrize("comparator", ["gte", "approx", "lte"])
@pytest.mark.parametrize("direction", ["higher", "lower"])
@pytest.mark.parametrize("actual", [150.0, 170.0, 171.0, 180.0, 185.0, 189.0, 190.0, 200.0])
def test_it_agrees_with_the_year_status_of_the_engine(comparator, direction, actual):
    # Given the same target, actual, comparator and direction
    # When one figure is judged alone and the engine judges the year
    alone = value_meets(
        actual, 180.0, comparator=comparator, higher=direction == "higher", tolerance=TOLERANCE
    )
    # Then "meets" and "met" are the same answer
    assert alone is engine_met(
        actual=actual, target=180.0, comparator=comparator, direction=direction
    )
