"""Properties that hold for any input: determinism, shape, and monotonicity of the statuses."""

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.compute.frames import (
    actuals_frame,
    indicators_frame,
    regions_frame,
    targets_frame,
)
from indicators.compute.progress import OUTPUT_COLUMNS, Thresholds, compute_progress
from indicators.compute.vocabulary import (
    COMPARATORS,
    DIRECTIONS,
    KINDS,
    OUTLOOK_STATUSES,
    ROLLUPS,
    TARGET_SOURCES,
    YEAR_STATUSES,
)

YEARS = range(2022, 2028)
CITY = 1
DEFAULTS = Thresholds()
PLAN = 17
VALUES = st.one_of(
    st.floats(min_value=0.5, max_value=10_000, allow_nan=False), st.sampled_from([0.0, -5.0])
)
POSITIVE = st.floats(min_value=0.5, max_value=10_000, allow_nan=False)
TOLERANCES = st.floats(min_value=0.0, max_value=0.3)


@st.composite
def worlds(draw):
    """A small random set of indicators, regions (region 1 is the city), targets and actuals."""
    n_indicators = draw(st.integers(1, 3))
    n_regions = draw(st.integers(1, 4))
    indicators = [
        (
            i,
            draw(st.sampled_from(KINDS)),
            draw(st.sampled_from(DIRECTIONS)),
            draw(st.sampled_from(ROLLUPS)),
            draw(st.sampled_from([2022, 2023])),
        )
        for i in range(1, n_indicators + 1)
    ]
    regions = [(CITY, True, False)] + [
        (r, False, draw(st.booleans())) for r in range(2, n_regions + 1)
    ]
    target_rows = draw(
        st.lists(
            st.tuples(
                st.integers(1, n_indicators),
                st.integers(1, n_regions),
                st.integers(2021, 2029),
                st.integers(1, 3),  # plan id; a plan's order is its id
                VALUES,
                st.sampled_from(COMPARATORS),
            ),
            max_size=25,
            unique_by=lambda row: row[:4],
        )
    )
    actual_rows = draw(
        st.lists(
            st.tuples(
                st.integers(1, n_indicators),
                st.integers(1, n_regions),
                st.integers(2021, 2029),
                VALUES,
                st.sampled_from(["approved", "submitted"]),
            ),
            max_size=25,
            unique_by=lambda row: row[:3],
        )
    )
    targets = [(i, r, y, plan, plan, v, c) for i, r, y, plan, v, c in target_rows]
    return {
        "indicators": indicators,
        "regions": regions,
        "targets": targets,
        "actuals": actual_rows,
    }


def compute(world, thresholds=DEFAULTS):
    return compute_progress(
        indicators=indicators_frame(world["indicators"]),
        targets=targets_frame(world["targets"]),
        actuals=actuals_frame(world["actuals"]),
        regions=regions_frame(world["regions"]),
        years=YEARS,
        thresholds=thresholds,
    )


@settings(max_examples=100, deadline=None)
@given(worlds())
def test_it_returns_an_identical_frame_when_recomputed(world):
    # Given the same input twice
    # When the progress is recomputed
    first, second = compute(world), compute(world)
    # Then the frames are identical, values and dtypes
    pd.testing.assert_frame_equal(first, second)


@settings(max_examples=100, deadline=None)
@given(st.data())
def test_it_does_not_depend_on_the_order_of_input_rows(data):
    world = data.draw(worlds())
    shuffled = {name: data.draw(st.permutations(rows)) for name, rows in world.items()}
    pd.testing.assert_frame_equal(compute(world), compute(shuffled))


@settings(max_examples=100, deadline=None)
@given(worlds())
def test_it_leaves_its_input_frames_unchanged(world):
    frames = {
        "indicators": indicators_frame(world["indicators"]),
        "targets": targets_frame(world["targets"]),
        "actuals": actuals_frame(world["actuals"]),
        "regions": regions_frame(world["regions"]),
    }
    copies = {name: frame.copy() for name, frame in frames.items()}
    compute_progress(**frames, years=YEARS)
    for name, frame in frames.items():
        pd.testing.assert_frame_equal(frame, copies[name])


@settings(max_examples=100, deadline=None)
@given(worlds())
def test_it_gives_one_row_per_pair_and_year_with_statuses_from_the_vocabulary(world):
    frame = compute(world)
    assert tuple(frame.columns) == OUTPUT_COLUMNS
    keys = frame[["indicator_id", "region_id", "year"]]
    assert not keys.duplicated().any()
    pairs = keys[["indicator_id", "region_id"]].drop_duplicates()
    assert len(frame) == len(pairs) * len(YEARS)
    assert frame.equals(frame.sort_values(["indicator_id", "region_id", "year"]))
    assert set(frame["year_status"]) <= set(YEAR_STATUSES)
    assert set(frame["outlook_status"]) <= set(OUTLOOK_STATUSES)
    assert set(frame["target_source"]) <= set(TARGET_SOURCES)
    assert not frame[["year_status", "outlook_status", "target_source"]].isna().any().any()
    # Every (indicator, region) with a target or an actual has rows
    given_pairs = {(i, r) for i, r, *_ in world["targets"]} | {
        (i, r) for i, r, *_ in world["actuals"]
    }
    assert given_pairs <= set(pairs.itertuples(index=False, name=None))


YEAR_RANK = {"not_met": 0, "nearly_met": 1, "met": 2}


def year_statuses(cases, *, direction, tolerance):
    """Year status of each (target, comparator, actual) case, one indicator per case, one call."""
    n = len(cases)
    frame = compute_progress(
        indicators=indicators_frame([(i, "level", direction, "none", 2022) for i in range(n)]),
        targets=targets_frame(
            [(i, CITY, 2025, PLAN, 1, t, c) for i, (t, c, _) in enumerate(cases)]
        ),
        actuals=actuals_frame(
            [(i, CITY, 2025, a, "approved") for i, (_, _, a) in enumerate(cases)]
        ),
        regions=regions_frame([(CITY, True, False)]),
        years=[2025],
        thresholds=Thresholds(tolerance=tolerance),
    )
    return [YEAR_RANK[s] for s in frame["year_status"]]


@settings(max_examples=100, deadline=None)
@given(
    cases=st.lists(
        st.tuples(
            POSITIVE,
            st.sampled_from(["gte", "approx"]),
            POSITIVE,
            st.floats(min_value=0.0, max_value=5_000),
        ),
        min_size=1,
        max_size=30,
    ),
    tolerance=TOLERANCES,
)
def test_it_never_worsens_the_year_status_when_a_higher_is_better_actual_rises(cases, tolerance):
    # Given higher-is-better indicators judged ≥ or ≈ against their targets
    before = year_statuses(
        [(t, c, a) for t, c, a, _ in cases], direction="higher", tolerance=tolerance
    )
    # When each actual rises
    after = year_statuses(
        [(t, c, a + rise) for t, c, a, rise in cases], direction="higher", tolerance=tolerance
    )
    # Then no year status is worse
    assert all(b <= a for b, a in zip(before, after, strict=True))


@settings(max_examples=100, deadline=None)
@given(
    cases=st.lists(
        st.tuples(
            POSITIVE,
            st.sampled_from(["lte", "approx"]),
            POSITIVE,
            st.floats(min_value=0.0, max_value=0.99),
        ),
        min_size=1,
        max_size=30,
    ),
    tolerance=TOLERANCES,
)
def test_it_never_worsens_the_year_status_when_a_lower_is_better_actual_falls(cases, tolerance):
    before = year_statuses(
        [(t, c, a) for t, c, a, _ in cases], direction="lower", tolerance=tolerance
    )
    after = year_statuses(
        [(t, c, a * (1 - fall)) for t, c, a, fall in cases], direction="lower", tolerance=tolerance
    )
    assert all(b <= a for b, a in zip(before, after, strict=True))


OUTLOOK_RANK = {
    "deterioration": 0,
    "limited_progress": 1,
    "needs_acceleration": 2,
    "on_track": 3,
    "achieved": 4,
}


def outlooks(cases):
    """2024 outlook of each (baseline 2022, goal 2027, latest 2024) case: one stock each."""
    n = len(cases)
    frame = compute_progress(
        indicators=indicators_frame([(i, "stock", "higher", "sum", 2022) for i in range(n)]),
        targets=targets_frame(
            [(i, CITY, 2027, PLAN, 1, g, "gte") for i, (_, g, _) in enumerate(cases)]
        ),
        actuals=actuals_frame(
            [(i, CITY, 2022, b, "approved") for i, (b, _, _) in enumerate(cases)]
            + [(i, CITY, 2024, a, "approved") for i, (_, _, a) in enumerate(cases)]
        ),
        regions=regions_frame([(CITY, True, False)]),
        years=[2024],
    )
    return [OUTLOOK_RANK[s] for s in frame["outlook_status"]]


@settings(max_examples=100, deadline=None)
@given(
    cases=st.lists(
        st.tuples(POSITIVE, POSITIVE, POSITIVE, st.floats(0.0, 5_000)), min_size=1, max_size=30
    )
)
def test_it_never_worsens_the_outlook_when_the_latest_higher_is_better_actual_rises(cases):
    # Given stocks with a positive baseline, goal and latest figure
    before = outlooks([(b, g, a) for b, g, a, _ in cases])
    # When each latest figure rises
    after = outlooks([(b, g, a + rise) for b, g, a, rise in cases])
    # Then no outlook is worse
    assert all(x <= y for x, y in zip(before, after, strict=True))
