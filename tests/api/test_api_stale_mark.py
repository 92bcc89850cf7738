"""An indicator's mark (StaleIndicator: its recompute under way, or not yet queued) shows every
snapshot of it 待更新 on the API, without a flag written on the rows themselves."""

import pytest

from indicators.models import Indicator, ProgressSnapshot
from indicators.progress.queue import mark_stale
from tests.api.conftest import API

pytestmark = pytest.mark.django_db

STATUS = f"{API}/status/?year=2023&category=key&limit=1000"
SNAPSHOTS = f"{API}/snapshots/?year=2023&limit=1000"


def stale_indicators(rows: list[dict]) -> set[str]:
    return {r["indicator"] for r in rows if r["stale"]}


def test_a_marked_indicator_reads_stale_on_every_list_and_changes_the_etag(clients, filled_2023):
    first = clients["read"].get(STATUS)
    assert stale_indicators(first.json()["results"]) == set()
    # When K4 is marked (no row's flag is written)
    mark_stale(indicator_ids=[Indicator.objects.get(code="K4").id])
    assert not ProgressSnapshot.objects.filter(stale=True).exists()
    # Then the status endpoint shows every K4 row 待更新, and the ETag moved
    second = clients["read"].get(STATUS, HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    rows = second.json()["results"]
    assert stale_indicators(rows) == {"K4"}
    assert all(r["stale"] for r in rows if r["indicator"] == "K4")
    # And the snapshots list says the same
    snapshots = clients["read"].get(SNAPSHOTS).json()["results"]
    assert stale_indicators(snapshots) == {"K4"}


@pytest.mark.parametrize("url", [STATUS, SNAPSHOTS])
def test_the_stale_filter_reads_the_mark(clients, filled_2023, url):
    k4 = Indicator.objects.get(code="K4")
    mark_stale(indicator_ids=[k4.id])
    # A row of K9 flagged on its own (as before the mark existed) reads stale too
    ProgressSnapshot.objects.filter(indicator__code="K9", year=2023, region=filled_2023[0]).update(
        stale=True
    )
    stale = clients["read"].get(url + "&stale=true").json()["results"]
    fresh = clients["read"].get(url + "&stale=false").json()["results"]
    assert {(r["indicator"], r["region"]) for r in stale if r["indicator"] == "K9"} == {
        ("K9", filled_2023[0].code)
    }
    assert len([r for r in stale if r["indicator"] == "K4"]) == len(filled_2023)
    assert all(r["stale"] for r in stale) and not any(r["stale"] for r in fresh)
    assert "K4" not in {r["indicator"] for r in fresh}
