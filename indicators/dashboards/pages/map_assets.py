"""The county map's assets: the shipped GeoJSON's URL and where each county's name is printed."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from django.contrib.staticfiles import finders
from django.templatetags.static import static

from indicators.compute.charts.status_grids import label_points

GEOJSON = "geo/wenzhou-counties.geojson"


def map_style_assets_url() -> str:
    """Where the map's own blank style finds its sprite and glyphs (static/geo/map/)."""
    return static("geo/map").rstrip("/")


def geojson_url() -> str:
    return static(GEOJSON)


@cache
def county_label_points() -> dict[str, tuple[float, float]]:
    """Where the map prints each county's name (adcode → lon, lat), from the shipped GeoJSON."""
    path = finders.find(GEOJSON)
    return label_points(json.loads(Path(path).read_text(encoding="utf-8"))) if path else {}
