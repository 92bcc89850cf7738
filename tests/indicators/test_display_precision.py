"""A figure beside its target never reads otherwise than its status (DOMAIN.md, "Display";
issue 12): figures keep the decimals they were entered or printed with, a rounded computed
target gains decimals until the figures agree with the status, changes of a percentage are in
个百分点, ranks have ties.

The property test renders value/target pairs through the dashboards' own cell code
(indicators/dashboards/pages/cells.py → common/display.py), reads the numbers back from the
text a person sees, judges them by the engine's rule, and finds no pair that reads as met while
the status says not met, or the reverse.
"""

from decimal import Decimal

import numpy as np
import pytest
from django.urls import reverse
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from common.display import (
    competition_ranks,
    pace_text,
    shown_pair,
    year_change_text,
)
from common.numbers import display_percent
from indicators.compute.vocabulary import COMPARATORS, YEAR_STATUSES
from indicators.compute.year_status import year_status
from indicators.dashboards.pages.cells import (
    snapshot_actual_cell,
    snapshot_gap_cell,
    snapshot_pair,
    snapshot_target_cell,
)
from indicators.models import Actual, Indicator, ProgressSnapshot, WorkflowState
from indicators.progress.inputs import progress_thresholds
from tests.indicators.entry_world import YEAR, make_world


def engine_status(actual: float, target: float, comparator: str, higher: bool) -> str:
    """The year status the engine gives (indicators/compute/year_status.py), one pair."""
    code = year_status(
        np.array([actual], dtype=float),
        np.array([target], dtype=float),
        np.array([COMPARATORS.index(comparator)]),
        np.array([higher]),
        progress_thresholds().tolerance,
    )[0]
    return YEAR_STATUSES[int(code)]


def read(text: str) -> float:
    """The number a person reads in a shown figure: "≥3,700.5" → 3700.5."""
    return float(text.lstrip("≥≈≤").replace(",", ""))


def decimals_shown(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def pair_of(actual, target, *, comparator, higher, decimals, interpolated=False):
    """A snapshot as the engine writes it (status from the engine's rule), and its indicator."""
    status = engine_status(float(actual), float(target), comparator, higher)
    gap = float(target) - float(actual) if higher else float(actual) - float(target)
    snapshot = ProgressSnapshot(
        actual_value=float(actual),
        target_value=float(target),
        target_comparator=comparator,
        target_interpolated=interpolated,
        gap=gap,
        year_status=status,
    )
    indicator = Indicator(
        decimals=decimals,
        direction=Indicator.Direction.HIGHER if higher else Indicator.Direction.LOWER,
    )
    return snapshot, indicator


# --- The three cases the issue names ------------------------------------------------------------


def test_an_actual_of_2_85_beside_an_approximate_2_9_keeps_its_second_decimal_and_gap():
    # Given K1 (one decimal) at 2.85 against the interpolated 2024 target ≈2.9
    snapshot, k1 = pair_of(
        Decimal("2.85"), 2.9, comparator="approx", higher=True, decimals=1, interpolated=True
    )
    # When the dashboards show the pair
    shown = snapshot_pair(snapshot, k1)
    # Then the figure is 2.85, not 2.9, and the gap is 2.9 − 2.85 = 0.05, not 0.1; inside the
    # 5 % band of ≈2.9 (2.755 … 3.045) it is met, as the figures read
    assert (shown.actual, shown.target, shown.gap) == ("2.85", "≈2.9", "0.05")
    assert snapshot.year_status == "met"


def test_an_actual_of_2_96_against_3_0_does_not_show_3_0():
    # Given 2.96 against 温政发〔2023〕17号's ≥3.0: below it, inside the 5 % band → nearly met
    snapshot, k1 = pair_of(
        Decimal("2.96"), Decimal("3.0"), comparator="gte", higher=True, decimals=1
    )
    shown = snapshot_pair(snapshot, k1)
    # Then 2.96 beside ≥3.0, with a gap of 0.04: it does not read as met
    assert (shown.actual, shown.target, shown.gap) == ("2.96", "≥3.0", "0.04")
    assert snapshot.year_status == "nearly_met"


def test_an_interpolated_3_25_shows_as_3_25_not_3_2():
    # Given 2026's target interpolated halfway between 3.1 (2025) and 3.4 (2027): 3.25
    snapshot, k1 = pair_of(
        Decimal("3.22"), 3.25, comparator="gte", higher=True, decimals=1, interpolated=True
    )
    # Then it is ≥3.25 (not ≥3.2, which 3.22 would seem to meet)
    assert snapshot_target_cell(snapshot, k1).text == "≥3.25"
    assert snapshot_actual_cell(snapshot, k1).text == "3.22"
    assert snapshot_gap_cell(snapshot, k1).text == "0.03"


def test_a_computed_target_gains_a_decimal_where_the_rounded_one_would_read_as_met():
    # Given an interpolated target of 2.9333… (a third of the way) shown to at most 1 + 2
    # decimals, and an actual of 2.933 (below it by 0.0003…: not met, nearly met in the band)
    snapshot, k1 = pair_of(
        Decimal("2.933"),
        2.8 + 0.4 / 3,
        comparator="gte",
        higher=True,
        decimals=1,
        interpolated=True,
    )
    shown = snapshot_pair(snapshot, k1)
    # Then ≥2.933 would read as met: one more decimal is shown, ≥2.9333
    assert snapshot.year_status == "nearly_met"
    assert (shown.actual, shown.target) == ("2.933", "≥2.9333")


def test_an_attainment_a_hair_below_target_never_shows_100_percent():
    # Given 3,999.6 against 4,000: 99.99 % → "99.99%", not "100.0%"
    assert display_percent(3999.6 / 4000) == "99.99%"
    assert display_percent(1.0) == "100.0%"
    assert display_percent(0.987) == "98.7%"


# --- The property --------------------------------------------------------------------------------


@st.composite
def value_target_pairs(draw):
    """An entered actual (≤ 6 decimals, as the database keeps) near a target that is printed
    (≤ 2 decimals) or interpolated between two printed ones (thirds, quarters, halves), under
    every comparator and direction, on indicators of 0 to 3 decimals. Actuals cluster on the
    target and on the edges of the tolerance band, where rounding misleads."""
    decimals = draw(st.integers(0, 3))
    comparator = draw(st.sampled_from(COMPARATORS))
    higher = draw(st.booleans())

    def printed():
        places = draw(st.integers(0, 2))
        return Decimal(draw(st.integers(1, 200_000))).scaleb(-places)

    interpolated = draw(st.booleans())
    if interpolated:
        start, end = float(printed()), float(printed())
        steps = draw(st.sampled_from([2, 3, 4]))
        target = start + (end - start) * draw(st.integers(1, steps - 1)) / steps
    else:
        target = printed()
    edge = draw(st.sampled_from([1.0, 0.95, 1.05, 0.9, 1.1]))
    places = draw(st.integers(0, 6))
    step = Decimal(1).scaleb(-places)
    centre = Decimal(repr(float(target) * edge)).quantize(step)
    actual = centre + step * draw(st.integers(-3, 3))
    if actual <= 0:
        actual = step
    return actual, target, comparator, higher, decimals, interpolated


@hypothesis_settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value_target_pairs())
@example((Decimal("2.85"), 2.9, "approx", True, 1, True))
@example((Decimal("2.96"), Decimal("3.0"), "gte", True, 1, False))
@example((Decimal("3.22"), 3.25, "gte", True, 1, True))
@example((Decimal("2.933"), 2.8 + 0.4 / 3, "gte", True, 1, True))
def test_no_shown_pair_reads_otherwise_than_its_status(case):
    actual, target, comparator, higher, decimals, interpolated = case
    snapshot, indicator = pair_of(
        actual,
        target,
        comparator=comparator,
        higher=higher,
        decimals=decimals,
        interpolated=interpolated,
    )
    # When the dashboards render the pair, as a page and its download show it
    actual_text = snapshot_actual_cell(snapshot, indicator).text
    target_text = snapshot_target_cell(snapshot, indicator).text
    gap_text = snapshot_gap_cell(snapshot, indicator).text
    # Then the figures as read give the status the engine gave: never "met" where it says
    # "not met" (or nearly met), never the reverse
    as_read = engine_status(read(actual_text), read(target_text), comparator, higher)
    assert as_read == snapshot.year_status, (actual_text, target_text, snapshot.year_status)
    assert (as_read == "met") == (snapshot.year_status == "met")
    # And an entered actual is shown exactly, with at least the indicator's decimals
    assert read(actual_text) == float(actual)
    assert decimals_shown(actual_text) >= decimals
    # And a printed target is shown exactly; a computed one with at least the indicator's decimals
    assert decimals_shown(target_text) >= decimals
    if not interpolated:
        assert read(target_text) == float(target)
    # And for ≥ (higher is better) and ≤ (lower is better) a shortfall never shows as no gap,
    # nor a met target as a shortfall (the gap is taken in the indicator's direction)
    if (comparator, higher) in (("gte", True), ("lte", False)):
        if snapshot.year_status == "met":
            # a target exceeded reads "超出 x", never a negative number (docs/display.md)
            assert gap_text.startswith("超出 ") or read(gap_text) == 0
        else:
            assert read(gap_text) > 0


def test_the_pair_rule_without_a_status_still_keeps_the_figures_precision():
    shown = shown_pair(Decimal("2.85"), None, decimals=1)
    assert (shown.actual, shown.target, shown.gap) == ("2.85", "—", "—")


# --- Changes of a percentage, ranks --------------------------------------------------------------


def test_a_percentage_changes_by_percentage_points_and_a_count_by_its_relative_change():
    # Given R&D intensity from 2.6 % to 2.61 %: +0.01 个百分点 (not "+0.4%")
    assert year_change_text(Decimal("2.61"), Decimal("2.6"), "%") == "+0.01 个百分点"
    # Given 3,700 → 3,885 enterprises: (3885 − 3700) / 3700 = +5.0 %
    assert year_change_text(Decimal("3885"), Decimal("3700"), "家") == "+5.0%"
    assert year_change_text(Decimal("3515"), Decimal("3700"), "家") == "-5.0%"
    assert year_change_text(Decimal("1"), None, "%") == "—"


def test_the_pace_of_a_percentage_is_in_percentage_points():
    # Given K1 at 2.88 in 2024, goal 3.27 in 2027: (3.27 − 2.88) / 3 = 0.13 a year
    assert pace_text((3.27 - 2.88) / 3, "%", 1) == "每年需增加 0.13 个百分点"
    # Given a rank (lower is better) that must fall from 56 to 50 in 3 years: 2 places a year
    assert pace_text(-2.0, "位", 0, higher=False) == "每年需减少 2.0 位"
    assert pace_text(-1.0, "%", 1) == "已达到期末目标水平"
    assert pace_text(None, "%", 1) == ""


def test_equal_values_share_a_rank_and_the_next_rank_is_skipped():
    # Given four regions, two of them equal: 3.2, 2.9, 2.9, 2.5 (higher is better)
    ranks = competition_ranks([2.9, 3.2, 2.5, 2.9, None], higher_is_better=True)
    # Then 1, 2 (并列), 2 (并列), 4; no rank without a value
    assert [(r.position, r.note) for r in ranks] == [
        (2, "并列"),
        (1, ""),
        (4, ""),
        (2, "并列"),
        (None, ""),
    ]
    # And for a rank indicator (lower is better) the smallest value is first
    assert [r.position for r in competition_ranks([50, 40, 40], higher_is_better=False)] == [
        3,
        1,
        1,
    ]


# --- The review queue ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_review_queue_shows_a_percentages_change_in_percentage_points(client):
    # Given 鹿城区's R&D intensity approved at 2.6 % last year and 2.61 % submitted this year, and
    # its count of enterprises approved at 3,700 and submitted at 3,885
    w = make_world()
    for indicator, last, now in ((w.share, "2.6", "2.61"), (w.count, "3700", "3885")):
        Actual.objects.create(
            indicator=indicator,
            region=w.county_region,
            year=YEAR - 1,
            value=Decimal(last),
            state=WorkflowState.APPROVED,
        )
        Actual.objects.create(
            indicator=indicator,
            region=w.county_region,
            year=YEAR,
            value=Decimal(now),
            state=WorkflowState.SUBMITTED,
        )
    # When the reviewer opens the queue
    client.force_login(w.reviewer)
    response = client.get(reverse("entry:review_queue"))
    changes = {row["actual"].indicator.code: row["change"] for row in response.context["rows"]}
    # Then the share moved +0.01 个百分点 (2.61 − 2.6), the count +5.0 % ((3885 − 3700) / 3700)
    assert changes == {w.share.code: "+0.01 个百分点", w.count.code: "+5.0%"}
    assert "+0.01 个百分点" in response.content.decode()
