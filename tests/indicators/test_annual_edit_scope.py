"""An edited full-year figure recomputes its indicator's annual snapshots and its own region's
序时进度, not the other regions' period snapshots (an actual changes no target); a target edit or
a full recompute still recomputes everything, and a mark already standing is caught up whole."""

import datetime as dt
from decimal import Decimal
from unittest import mock

import pytest
from django.db import transaction

from indicators.entry.services.actuals import recompute_cell
from indicators.models import (
    Actual,
    Indicator,
    PeriodSnapshot,
    ProgressSnapshot,
    Region,
    StaleIndicator,
    WorkflowState,
)
from indicators.progress import tasks
from indicators.progress.batching import recompute, recompute_batch
from indicators.progress.queue import mark_stale
from indicators.progress.recompute import (
    current_fingerprints,
    recompute_marked,
    recompute_progress,
)

pytestmark = pytest.mark.django_db

LONG_AGO = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


def here() -> Region:
    return Region.objects.get(name="鹿城区")


def elsewhere() -> Region:
    return (
        Region.objects.exclude(kind=Region.Kind.CITY)
        .exclude(name="鹿城区")
        .order_by("order", "name")
        .first()
    )


def approved(indicator, region, value, *, period) -> Actual:
    return Actual.objects.create(
        indicator=indicator,
        region=region,
        year=2023,
        period=period,
        value=Decimal(value),
        state=WorkflowState.APPROVED,
    )


@pytest.fixture
def k9(seeded):
    """K9 with a 1–6月 figure of 2023 in two counties, every snapshot computed; the other
    county's period row then altered and dated long ago, to see whether anything rewrites it."""
    k9 = Indicator.objects.get(code="K9")
    approved(k9, here(), "18", period=6)
    approved(k9, elsewhere(), "12", period=6)
    recompute_progress()
    PeriodSnapshot.objects.filter(indicator=k9, region=elsewhere()).update(
        pace_status="ahead", computed_at=LONG_AGO
    )
    return k9


def other_rows(k9) -> set[tuple]:
    return set(
        PeriodSnapshot.objects.filter(indicator=k9, region=elsewhere()).values_list(
            "period", "pace_status", "computed_at"
        )
    )


def test_a_full_year_figure_recomputes_its_regions_pace_and_no_other(
    k9, django_capture_on_commit_callbacks
):
    assert other_rows(k9) == {(6, "ahead", LONG_AGO)}
    # When 鹿城区's 2023 full-year figure is saved as the entry services save it
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        recompute_cell(approved(k9, here(), "16", period=12))
    # Then its annual snapshot carries the figure
    annual = ProgressSnapshot.objects.get(indicator=k9, region=here(), year=2023)
    assert annual.actual_value == 16
    # And its 序时进度 is recomputed: the full year now stands beside its 1–6月
    mine = dict(
        PeriodSnapshot.objects.filter(indicator=k9, region=here(), year=2023).values_list(
            "period", "actual_value"
        )
    )
    assert mine == {6: 18, 12: 16}
    # And the other county's period row is left as it was stored: not rewritten
    assert other_rows(k9) == {(6, "ahead", LONG_AGO)}
    assert not StaleIndicator.objects.exists()


def test_a_full_year_figure_queues_the_annual_recompute_and_its_pair(
    k9, django_capture_on_commit_callbacks
):
    with (
        mock.patch.object(tasks.recompute_period_pair, "delay") as pair_delay,
        mock.patch.object(tasks.recompute_indicator, "delay") as indicator_delay,
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
    ):
        recompute_cell(approved(k9, here(), "16", period=12))
    indicator_delay.assert_called_once_with(k9.id, periods=False)
    pair_delay.assert_called_once_with(k9.id, here().id)


def test_a_batch_with_a_target_edit_recomputes_the_indicator_whole(
    k9, django_capture_on_commit_callbacks
):
    k8 = Indicator.objects.get(code="K8")
    with (
        mock.patch.object(tasks.recompute_period_pair, "delay") as pair_delay,
        mock.patch.object(tasks.recompute_indicator, "delay") as indicator_delay,
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
        recompute_batch(),
    ):
        # A full-year figure of each, and a target of K9 (whole: annual and every period row)
        recompute(annual_ids=[k9.id], pairs=[(k9.id, here().id)])
        recompute(annual_ids=[k8.id], pairs=[(k8.id, here().id)])
        recompute(indicator_ids=[k9.id])
    assert sorted(indicator_delay.call_args_list) == sorted(
        [mock.call(k9.id), mock.call(k8.id, periods=False)]
    )
    pair_delay.assert_called_once_with(k8.id, here().id)


def test_a_target_edit_rewrites_every_regions_pace(k9, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        recompute(indicator_ids=[k9.id])
    # The altered row is recomputed (12 against the city's 15 %: behind)
    assert {status for _, status, _ in other_rows(k9)} == {"behind"}


def test_an_annual_recompute_catches_up_whole_when_a_mark_already_stood(k9):
    # Without a mark, the annual recompute leaves period rows alone
    recompute_marked(indicator_id=k9.id, periods=False)
    assert other_rows(k9) == {(6, "ahead", LONG_AGO)}
    # With a mark standing (a lost recompute of anything), it recomputes them too and clears it
    mark_stale(indicator_ids=[k9.id])
    recompute_marked(indicator_id=k9.id, periods=False)
    assert {status for _, status, _ in other_rows(k9)} == {"behind"}
    assert not StaleIndicator.objects.exists()


def test_an_annual_recompute_reads_enough_for_the_same_rows_and_fingerprints(k9):
    # Given a full-year figure not yet reflected, and a county with year-to-date figures only
    approved(k9, here(), "16", period=12)
    # When only the annual snapshots are recomputed (one year-to-date figure read per pair)
    annual_only = recompute_progress(indicator_ids=[k9.id], periods=False)
    assert annual_only.written > 0 and annual_only.period_rows == 0
    # Then the rows carry the fingerprint of the whole current input
    stamped = set(
        ProgressSnapshot.objects.filter(indicator=k9).values_list("input_fingerprint", flat=True)
    )
    assert current_fingerprints(indicator_ids=[k9.id])[k9.id] in stamped
    # And the county with year-to-date figures only keeps its rows of the year
    assert ProgressSnapshot.objects.filter(indicator=k9, region=elsewhere(), year=2023).exists()
    # And a whole recompute, reading every figure, finds nothing to change in them
    assert recompute_progress(indicator_ids=[k9.id]).written == 0


def test_a_reference_series_edit_recomputes_its_dependents_whole(seeded):
    # A relative target's reference series: its figure moves the other indicator's targets
    from indicators.models import Target
    from indicators.progress import recompute as progress

    reference = Target.objects.filter(reference_indicator__isnull=False).first().reference_indicator
    with mock.patch.object(progress, "recompute_progress") as run:
        recompute_marked(indicator_id=reference.id, periods=False)
    run.assert_called_once_with(indicator_ids=[reference.id], periods=True)
