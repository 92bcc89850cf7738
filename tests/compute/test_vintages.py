"""Vintages in the annual engine: the latest approved vintage counts, else the latest submitted
one (provisional); the snapshot names the vintage; year-to-date figures are never the year."""

import math

import pandas as pd
import pytest

from indicators.compute.frames import (
    indicators_frame,
    period_actuals_frame,
    regions_frame,
    targets_frame,
)
from indicators.compute.progress import compute_progress
from indicators.compute.vintages import select_vintages

CITY, COUNTY = 1, 2
K8 = 8  # 年新增孵化器（众创空间）孵化场地面积, a flow: 180 万平方米 in 2023
PLAN = 4


def year_2023(actuals, *, region=CITY):
    """The 2023 row of K8 (target 180 for the city) from these actuals."""
    frame = compute_progress(
        indicators=indicators_frame([(K8, "flow", "higher", "sum", 2022)]),
        targets=targets_frame([(K8, CITY, 2023, PLAN, 1, 180.0, "gte")]),
        actuals=period_actuals_frame(actuals),
        regions=regions_frame([(CITY, True, False), (COUNTY, False, True)]),
        years=[2023],
    )
    rows = frame.loc[(frame["region_id"] == region) & (frame["year"] == 2023)]
    assert len(rows) == 1
    return rows.iloc[0]


def test_it_judges_the_flash_then_the_final_figure_and_names_the_vintage():
    # Given a 快报 of 172 (approved): 172 ≥ 180 × 0.95 = 171, nearly met
    flash = (K8, CITY, 2023, 172.0, "approved", 12, "flash")
    row = year_2023([flash])
    assert (row.actual_value, row.year_status, row.actual_vintage) == (172.0, "nearly_met", "flash")
    # When the 年报 of 185 is approved beside it
    final = (K8, CITY, 2023, 185.0, "approved", 12, "final")
    row = year_2023([flash, final])
    # Then the status rests on the 年报, and says so
    assert (row.actual_value, row.year_status, row.actual_vintage) == (185.0, "met", "final")
    assert not row.actual_provisional


def test_an_approved_flash_outranks_a_submitted_final():
    # Given an approved 快报 of 172 and a 年报 of 185 only submitted
    row = year_2023(
        [
            (K8, CITY, 2023, 172.0, "approved", 12, "flash"),
            (K8, CITY, 2023, 185.0, "submitted", 12, "final"),
        ]
    )
    # Then the status rests on the approved 快报, not provisional
    assert (row.actual_value, row.actual_vintage, row.year_status) == (172.0, "flash", "nearly_met")
    assert not row.actual_provisional


def test_with_nothing_approved_the_latest_submitted_vintage_counts_provisionally():
    row = year_2023(
        [
            (K8, CITY, 2023, 172.0, "submitted", 12, "flash"),
            (K8, CITY, 2023, 185.0, "submitted", 12, "final"),
            (K8, CITY, 2023, 190.0, "submitted", 12, "revised"),
        ]
    )
    assert (row.actual_value, row.actual_vintage, row.actual_provisional) == (
        190.0,
        "revised",
        True,
    )


def test_an_approved_revision_supersedes_the_final_figure():
    row = year_2023(
        [
            (K8, CITY, 2023, 185.0, "approved", 12, "final"),
            (K8, CITY, 2023, 170.0, "approved", 12, "revised"),
        ]
    )
    assert (row.actual_value, row.actual_vintage, row.year_status) == (170.0, "revised", "not_met")


def test_a_year_to_date_figure_is_never_judged_as_the_year():
    # Given only 1–9月 2023 for the city: 150
    row = year_2023([(K8, CITY, 2023, 150.0, "approved", 9, "final")])
    # Then the year has no figure and no vintage
    assert math.isnan(row.actual_value)
    assert row.year_status == "no_data"
    assert pd.isna(row.actual_vintage)


def test_a_region_with_only_year_to_date_figures_still_gets_its_rows():
    row = year_2023([(K8, COUNTY, 2023, 40.0, "approved", 6, "final")], region=COUNTY)
    assert row.year_status == "no_target"  # an additive indicator: no city benchmark


def test_the_selection_keeps_one_record_per_period():
    selected = select_vintages(
        period_actuals_frame(
            [
                (K8, CITY, 2023, 150.0, "approved", 9, "final"),
                (K8, CITY, 2023, 151.0, "submitted", 9, "revised"),
                (K8, CITY, 2023, 185.0, "approved", 12, "final"),
            ]
        )
    )
    assert selected[["period", "value", "vintage"]].values.tolist() == [
        [9, 150.0, "final"],
        [12, 185.0, "final"],
    ]


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [("vintage", "preliminary", "actuals.vintage"), ("period", 13, "actuals.period")],
)
def test_it_refuses_an_unknown_vintage_or_period(column, value, message):
    frame = period_actuals_frame([(K8, CITY, 2023, 150.0, "approved", 9, "final")])
    frame[column] = value
    with pytest.raises(ValueError, match=message):
        select_vintages(frame)


def test_the_selection_handles_ids_too_far_apart_for_one_key():
    far = 10**12
    selected = select_vintages(
        period_actuals_frame(
            [
                (far, far, 2023, 1.0, "approved", 12, "final"),
                (far, far, 2023, 2.0, "approved", 12, "revised"),
                (1, 1, 2000, 3.0, "submitted", 12, "flash"),
            ]
        )
    )
    assert selected[["indicator_id", "value", "vintage"]].values.tolist() == [
        [1, 3.0, "flash"],
        [far, 2.0, "revised"],
    ]
