"""The snapshots' admin shows 待更新 as the pages do: the row's flag or its indicator's mark."""

import pytest
from django.urls import reverse

from indicators.models import Indicator, ProgressSnapshot
from indicators.progress.queue import mark_stale
from indicators.progress.recompute import recompute_progress

pytestmark = pytest.mark.django_db


def test_the_admin_lists_and_filters_the_marked_indicators_rows_as_stale(admin_client, seeded):
    recompute_progress()
    k4 = Indicator.objects.get(code="K4")
    mark_stale(indicator_ids=[k4.id])
    url = reverse("admin:indicators_progresssnapshot_changelist")
    stale = admin_client.get(url, {"shown_stale": "1"})
    fresh = admin_client.get(url, {"shown_stale": "0"})
    assert stale.status_code == fresh.status_code == 200
    shown = {s.indicator_id for s in stale.context["cl"].result_list}
    assert shown == {k4.id}
    assert stale.context["cl"].result_count == ProgressSnapshot.objects.filter(indicator=k4).count()
    assert k4.id not in {s.indicator_id for s in fresh.context["cl"].result_list}
