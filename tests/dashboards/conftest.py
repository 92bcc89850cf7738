"""Fixtures of the dashboard tests: a client logged in as leadership (tests/conftest.py's
`leader`), the seed with demo actuals and their progress snapshots, and a way to write a snapshot
by hand for numbers worked out in a test."""

import pytest
from django.utils import timezone

from indicators.models import ProgressSnapshot
from tests.conftest import shared_layer, shared_value


@pytest.fixture
def leader_client(client, leader):
    client.force_login(leader)
    return client


def load_demo():
    from indicators.catalogue.demo import load_demo_data

    result = load_demo_data()
    assert result.recomputed
    return result


shared_layer("demo", load_demo, below="seeded")


@pytest.fixture
def demo(seeded, request):
    """The seed plus the demo actuals of 2022–2024, progress recomputed (shared; see
    tests/conftest.py, SharedData)."""
    return shared_value(request, "demo")


def write_snapshot(indicator, region, year, **fields) -> ProgressSnapshot:
    """A snapshot as the engine would write it, with only the fields a test cares about."""
    defaults = {
        "year_status": ProgressSnapshot.YearStatus.NO_DATA,
        "outlook_status": ProgressSnapshot.Outlook.NOT_ASSESSED,
        "computed_at": timezone.now(),
        "input_fingerprint": "test",
    }
    defaults.update(fields)
    snapshot, _ = ProgressSnapshot.objects.update_or_create(
        indicator=indicator, region=region, year=year, defaults=defaults
    )
    return snapshot
