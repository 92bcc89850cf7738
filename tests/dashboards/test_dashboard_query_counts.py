"""Each dashboard page runs the same number of SQL queries however much data there is.

Measured on the seed with demo data, then again after adding 40 regions with three years of
actuals, a progress report for every task and their snapshots: the count must not move, and stays
under a fixed bound.
"""

import random
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.models import (
    Actual,
    Indicator,
    Region,
    RegionGroup,
    Task,
    TaskReport,
    Unit,
    WorkflowState,
)
from indicators.progress.recompute import recompute_progress
from tests.factories import RegionFactory

pytestmark = pytest.mark.django_db

# The most queries any dashboard page may run (session, user and groups included).
MAX_QUERIES = 20


def pages():
    unit = Unit.objects.get(name="市科技局")
    group = RegionGroup.objects.get(name="山区5县")
    return {
        "overview": reverse("dashboards:overview") + "?year=2024",
        "overview, default year": reverse("dashboards:overview"),
        "indicator": reverse("dashboards:indicator", args=["K1"]) + "?year=2024",
        "additive indicator": reverse("dashboards:indicator", args=["K4"]) + "?year=2023",
        "counties": reverse("dashboards:counties") + "?year=2024&indicator=K1",
        "region": reverse("dashboards:region", args=["330328"]) + "?year=2024",
        "group": reverse("dashboards:group", args=[group.pk]) + "?year=2024",
        "levers": reverse("dashboards:levers") + "?year=2024",
        "units": reverse("dashboards:units") + "?year=2024",
        "unit": reverse("dashboards:unit", args=[unit.pk]) + "?year=2024",
        "task": reverse(
            "dashboards:task", args=[Task.objects.get(number=5, kind="key", lever__isnull=False).pk]
        )
        + "?year=2024",
        "export": reverse("dashboards:counties") + "?year=2024&format=xlsx&table=heatmap",
    }


def count_queries(client) -> dict[str, int]:
    counts = {}
    for name, url in pages().items():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, name
        counts[name] = len(captured.captured_queries)
    return counts


def grow(*, regions: int, seed: int = 7) -> None:
    """Add regions with 2022–2024 actuals of every key indicator, a report for every task,
    and recompute their snapshots."""
    rng = random.Random(seed)
    key = list(Indicator.objects.filter(category=Indicator.Category.KEY))
    new_regions = [
        RegionFactory(kind=Region.Kind.DISTRICT, in_rollup=False) for _ in range(regions)
    ]
    Actual.objects.bulk_create(
        Actual(
            indicator=i,
            region=r,
            year=y,
            value=Decimal(str(round(rng.uniform(1, 100), 2))),
            state=WorkflowState.APPROVED,
            origin=Actual.Origin.IMPORT,
        )
        for i in key
        for r in new_regions
        for y in (2022, 2023, 2024)
    )
    reports = []
    for task in Task.objects.prefetch_related("task_units"):
        lead = next(tu.unit_id for tu in task.task_units.all() if tu.is_lead)
        for year in (2023, 2024):
            reports.append(
                TaskReport(
                    task=task,
                    unit_id=lead,
                    year=year,
                    status="on_schedule",
                    percent=50,
                    state=WorkflowState.APPROVED,
                )
            )
    TaskReport.objects.bulk_create(reports)
    recompute_progress(indicator_ids=[i.id for i in key])


def one_report() -> None:
    task = Task.objects.get(plan__code="wzf-2023-17", kind="key", number=1)
    TaskReport.objects.create(
        task=task,
        unit=Unit.objects.get(name="市科技局"),
        year=2024,
        period=1,
        status="delayed",
        percent=30,
        state=WorkflowState.SUBMITTED,
    )


def test_it_runs_a_bounded_number_of_queries_whatever_the_amount_of_data(leader_client, demo):
    # Given the seed, the demo data and one progress report (an empty id list costs no query)
    one_report()
    small = count_queries(leader_client)
    # When 40 more regions, their actuals and a report per task are added
    grow(regions=40)
    assert Region.objects.count() == 55
    large = count_queries(leader_client)
    # Then every page runs exactly as many queries as before, under the bound
    assert large == small
    assert max(large.values()) <= MAX_QUERIES, large


def test_it_holds_the_bound_with_django_assert_max_num_queries(
    leader_client, demo, django_assert_max_num_queries
):
    grow(regions=10, seed=11)
    for name, url in pages().items():
        with django_assert_max_num_queries(MAX_QUERIES):
            assert leader_client.get(url).status_code == 200, name
