"""An edited year-to-date figure recomputes only its region's 序时进度: through the batch of the
entry writes, on commit, as one task per (indicator, region); a lost publish marks the indicator
stale for the catch-up, which recomputes it whole."""

from decimal import Decimal
from unittest import mock

import pytest
from django.db import transaction

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
from indicators.progress.periods import recompute_periods
from indicators.progress.recompute import recompute_progress
from tests.integration.broker import dead_broker_url, publishing_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def k9(seeded):
    recompute_progress()
    return Indicator.objects.get(code="K9")


def county() -> Region:
    return Region.objects.get(name="鹿城区")


def save_period_figure(indicator, value, *, period=6, region=None):
    """A year-to-date figure as the entry services save it: the row and the pair's request."""
    region = region or county()
    with transaction.atomic():
        Actual.objects.create(
            indicator=indicator,
            region=region,
            year=2023,
            period=period,
            value=Decimal(value),
            state=WorkflowState.APPROVED,
        )
        recompute(pairs=[(indicator.id, region.id)])


def test_a_year_to_date_figure_recomputes_its_regions_pace_after_commit(
    k9, django_capture_on_commit_callbacks
):
    # Given 鹿城区 has no row of K9 yet
    assert not ProgressSnapshot.objects.filter(indicator=k9, region=county()).exists()
    with django_capture_on_commit_callbacks(execute=True):
        save_period_figure(k9, "18")
    # Then its 1–6月 row is judged against the city's 15 % (18 / 15 = 120 %: 超序时)
    row = PeriodSnapshot.objects.get(indicator=k9, region=county(), year=2023, period=6)
    assert (row.target_source, row.expected_value, row.pace_status) == (
        "city_benchmark",
        15,
        "ahead",
    )
    # And the region now has its annual rows too, without a figure
    annual = ProgressSnapshot.objects.get(indicator=k9, region=county(), year=2023)
    assert annual.actual_value is None


def test_a_batch_queues_one_task_per_pair_and_none_for_an_indicator_recomputed_whole(
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
        recompute(pairs=[(k9.id, county().id)])
        recompute(pairs=[(k9.id, county().id), (k8.id, county().id)])
        recompute(indicator_ids=[k8.id])
    indicator_delay.assert_called_once_with(k8.id)
    pair_delay.assert_called_once_with(k9.id, county().id)


def test_a_lost_publish_marks_the_indicator_stale(k9, django_capture_on_commit_callbacks):
    with (
        publishing_to(dead_broker_url()),
        django_capture_on_commit_callbacks(execute=True),
    ):
        save_period_figure(k9, "18")
    assert StaleIndicator.objects.filter(indicator=k9).exists()
    assert Actual.objects.filter(indicator=k9, region=county(), period=6).exists()


def test_a_pair_is_read_alone_and_judged_as_the_whole_indicator_judges_it(k9):
    here, city = county(), Region.objects.get(kind=Region.Kind.CITY)
    Actual.objects.create(
        indicator=k9, region=here, year=2023, period=9, value=Decimal("14.5"), state="approved"
    )
    Actual.objects.create(
        indicator=k9, region=city, year=2023, period=9, value=Decimal("16"), state="submitted"
    )
    # When only 鹿城区's pair is recomputed, only its row is written
    assert recompute_periods(pairs=[(k9.id, here.id)]) == 1
    alone = PeriodSnapshot.objects.get(indicator=k9, region=here)
    assert not PeriodSnapshot.objects.filter(indicator=k9, region=city).exists()
    # And the whole indicator's recompute finds the same figures for it
    recompute_periods(indicator_ids=[k9.id])
    whole = PeriodSnapshot.objects.get(indicator=k9, region=here)
    assert (whole.expected_value, whole.pace_ratio, whole.pace_status) == (
        alone.expected_value,
        alone.pace_ratio,
        alone.pace_status,
    )
    assert whole.computed_at == alone.computed_at  # unchanged, so not rewritten
    city_row = PeriodSnapshot.objects.get(indicator=k9, region=city)
    assert (city_row.actual_provisional, city_row.pace_status) == (True, "ahead")


def test_indicators_and_pairs_are_one_or_the_other(k9):
    with pytest.raises(TypeError):
        recompute_periods(indicator_ids=[k9.id], pairs=[(k9.id, county().id)])
