"""Statuses laid out in space: a region × indicator heatmap and a map of the county divisions."""

from __future__ import annotations

import re
from collections.abc import Sequence

import plotly.graph_objects as go

from indicators.compute.charts.layout import base_layout, discrete_colourscale
from indicators.compute.charts.styles import (
    INK,
    UNKNOWN,
    YEAR_STATUS,
    StatusStyle,
    year_status_style,
)
from indicators.compute.words import gettext

# --- Heatmap of statuses ------------------------------------------------------------------------


def status_heatmap_figure(
    *,
    row_labels: Sequence[str],
    column_labels: Sequence[str],
    statuses: Sequence[Sequence[str | None]],
    hover: Sequence[Sequence[str]] | None = None,
    title: str = "",
    styles: dict[str, StatusStyle] = YEAR_STATUS,
    values: Sequence[Sequence[float | None]] | None = None,
    value_note: str = "",
) -> go.Figure:
    """A row × column grid of statuses, one flat colour per status with its icon in the cell.

    ``statuses[i][j]`` is the status code of row i, column j (None: no snapshot); ``hover`` the
    text shown on hover. Rows are drawn top to bottom in the order given.

    A cell without a target ("no_target") whose ``values[i][j]`` is a number is shaded by that
    value within its column instead (``HEATMAP_VALUE_SCALE``, light to dark: the column's
    lowest to its highest value; the columns have different units), drawn as a second trace
    over the first; it keeps its icon (–) and its hover. ``value_note`` (translated by the
    page) says so under the grid when any cell is shaded; ``layout.meta.heatmap_colouring`` is
    "status" or "both".
    """
    codes = [*styles]
    colours = [s.colour for s in styles.values()] + [UNKNOWN.colour]
    index = {c: i for i, c in enumerate(codes)}
    z = [[index.get(code, len(codes)) if code else len(codes) for code in row] for row in statuses]
    text = [
        [(styles.get(code) or UNKNOWN).icon if code else UNKNOWN.icon for code in row]
        for row in statuses
    ]
    words = [
        [(styles.get(code) or UNKNOWN).word if code else UNKNOWN.word for code in row]
        for row in statuses
    ]
    customdata = [
        [[words[i][j], (hover[i][j] if hover else "")] for j in range(len(row))]
        for i, row in enumerate(statuses)
    ]
    traces = [
        dict(
            type="heatmap",
            z=z,
            x=list(column_labels),
            y=list(row_labels),
            text=text,
            texttemplate="%{text}",
            textfont={"size": 15, "color": INK},
            customdata=customdata,
            hovertemplate="%{y} · %{x}<br>%{customdata[0]}<br>%{customdata[1]}<extra></extra>",
            colorscale=discrete_colourscale(colours),
            zmin=-0.5,
            zmax=len(colours) - 0.5,
            showscale=False,
            xgap=2,
            ygap=2,
        )
    ]
    shaded = _shades_by_value(statuses, values)
    if shaded is not None:
        traces.append(
            dict(
                type="heatmap",
                z=shaded,
                x=list(column_labels),
                y=list(row_labels),
                text=[
                    [t if z is not None else "" for t, z in zip(tr, zr, strict=True)]
                    for tr, zr in zip(text, shaded, strict=True)
                ],
                texttemplate="%{text}",
                textfont={"size": 15, "color": INK},
                customdata=customdata,
                hovertemplate="%{y} · %{x}<br>%{customdata[0]}<br>%{customdata[1]}<extra></extra>",
                hoverongaps=False,
                colorscale=HEATMAP_VALUE_SCALE,
                zmin=0,
                zmax=1,
                showscale=False,
                xgap=2,
                ygap=2,
            )
        )
    # The column labels sit above the grid, under the title: room for their lines.
    label_lines = max((str(c).count("<br>") + 1 for c in column_labels), default=1)
    top = 24 + 17 * label_lines + (36 if title else 0)
    note_lines = value_note.count("<br>") + 1
    bottom = 26 + 16 * note_lines if shaded is not None and value_note else 20
    annotations = []
    if shaded is not None and value_note:
        annotations.append(
            {
                "text": value_note,
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": 0,
                "xanchor": "left",
                "yanchor": "top",
                "yshift": -6,
                "showarrow": False,
                "align": "left",
                "font": {"size": 12, "color": INK},
            }
        )
    layout = base_layout(
        title={
            "text": title,
            "x": 0,
            "xanchor": "left",
            "y": 1,
            "yref": "container",
            "yanchor": "top",
            "pad": {"t": 10},
            "font": {"size": 15},
        }
        if title
        else None,
        height=max(260, 34 * len(row_labels) + top + 10 + bottom),
        xaxis={"side": "top", "tickangle": 0},
        yaxis={"autorange": "reversed", "automargin": True},
        margin={"l": 20, "r": 20, "t": top, "b": bottom},
        annotations=annotations,
        meta={"heatmap_colouring": "status" if shaded is None else "both"},
    )
    return go.Figure(data=traces, layout=layout)


# Light to dark blue-grey, the map's value colours (VALUE_SCALE) stopped short of its darkest so
# that the icon stays legible on every cell.
HEATMAP_VALUE_SCALE = [[0.0, "#EEF1F5"], [1.0, "#8593A8"]]


def _shades_by_value(
    statuses: Sequence[Sequence[str | None]], values: Sequence[Sequence[float | None]] | None
) -> list[list[float | None]] | None:
    """Each no-target cell with a value, as its place between its column's lowest (0) and
    highest (1) such value (0.5 when they are equal); None for every other cell; None when no
    cell is shaded."""
    if values is None:
        return None
    rows, columns = len(statuses), max((len(r) for r in statuses), default=0)

    def valued(i: int, j: int) -> bool:
        return statuses[i][j] == "no_target" and values[i][j] is not None

    shaded: list[list[float | None]] = [[None] * len(statuses[i]) for i in range(rows)]
    any_shaded = False
    for j in range(columns):
        column = [float(values[i][j]) for i in range(rows) if j < len(statuses[i]) and valued(i, j)]
        if not column:
            continue
        low, high = min(column), max(column)
        for i in range(rows):
            if j < len(statuses[i]) and valued(i, j):
                v = float(values[i][j])
                shaded[i][j] = 0.5 if high == low else (v - low) / (high - low)
                any_shaded = True
    return shaded if any_shaded else None


# --- Map of the county-level divisions ----------------------------------------------------------


# A neutral sequential scale (light to dark blue-grey) for values, apart from the status colours.
VALUE_SCALE = [[0.0, "#EEF1F5"], [0.5, "#9AA8BA"], [1.0, "#34465C"]]
_IDEOGRAPH = re.compile(r"[\u4e00-\u9fff]")


def map_label(name: str) -> str:
    """A place name as the map prints it: its CJK ideographs only ("温州高新区（经开区）" →
    "温州高新区经开区").

    MapLibre draws CJK ideographs with the browser's own fonts (its ``localIdeographFontFamily``)
    and fetches every other character's glyphs from the map style's glyph server, which for
    Plotly's "white-bg" style is on the internet. A label of ideographs only fetches nothing.
    """
    return "".join(_IDEOGRAPH.findall(name))


def label_points(geojson: dict, key: str = "adcode") -> dict[str, tuple[float, float]]:
    """Where each feature's name goes: the area-weighted centroid (lon, lat) of its largest
    polygon's outer ring (an island county is labelled on its main island), by
    ``properties[key]``. Planar (lon/lat as x/y), which at a county's size is exact enough."""
    points = {}
    for feature in geojson.get("features", []):
        geometry = feature.get("geometry") or {}
        polygons = geometry.get("coordinates") or []
        if geometry.get("type") == "Polygon":
            polygons = [polygons]
        best = None
        for polygon in polygons:
            centroid = _ring_centroid(polygon[0]) if polygon else None
            if centroid and (best is None or centroid[2] > best[2]):
                best = centroid
        if best:
            points[str(feature["properties"][key])] = (best[0], best[1])
    return points


def _ring_centroid(ring: Sequence[Sequence[float]]) -> tuple[float, float, float] | None:
    """(x, y, |area|) of a closed ring by the shoelace formula; None for a degenerate ring."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, [*ring[1:], ring[0]], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(area) < 1e-12:
        return None
    return cx / (3 * area), cy / (3 * area), abs(area) / 2


def blank_map_style(assets: str) -> dict:
    """MapLibre's blank style (Plotly's "white-bg": a white background, no source, no tile)
    with its glyphs and sprite on this server, under ``assets`` (a path such as
    "/static/geo/map"; the page makes it absolute, static/js/dashboards.js).

    Plotly's "white-bg" names glyphs and icons on the internet: a text layer asks for an icon
    "<symbol>-15", and Plotly fetches a missing one from unpkg.com. The sprite here
    (static/geo/map/sprite*.json) holds those icons, blank; the glyphs are never asked for,
    because the labels are ideographs, which MapLibre draws with local fonts (``map_label``).
    """
    return {
        "version": 8,
        "name": "white-bg-offline",
        "sources": {},
        "layers": [
            {"id": "white-bg", "type": "background", "paint": {"background-color": "#FFFFFF"}}
        ],
        "glyphs": f"{assets}/glyphs/{{fontstack}}/{{range}}.pbf",
        "sprite": f"{assets}/sprite",
    }


def county_map_figure(
    *,
    geojson: dict | str,
    adcodes: Sequence[str],
    names: Sequence[str],
    statuses: Sequence[str | None],
    hover: Sequence[str],
    points: Sequence[tuple[float, float] | None] | None = None,
    values: Sequence[float | None] | None = None,
    value_unit: str = "",
    map_assets: str = "/static/geo/map",
    center: tuple[float, float] = (120.42, 27.87),
    zoom: float = 7.5,
    title: str = "",
) -> go.Figure:
    """A choropleth of the county-level divisions coloured by year status, drawn offline.

    ``geojson`` is a FeatureCollection (or the URL of one on this server) whose features carry
    ``properties.adcode``. The map style is ``blank_map_style(map_assets)``: MapLibre draws a
    plain white background, loads no tiles, and asks nothing of the internet.

    A division without a target ("no_target") whose ``values`` entry is a number is coloured
    by that value instead, on a neutral sequential scale (``VALUE_SCALE``) with its own colour
    bar in ``value_unit``; the others keep the status colours. An annotation says which
    colouring the map shows. ``points`` (lon, lat), one per division, place the names as a text
    layer; the names keep their ideographs only (``map_label``), so that MapLibre draws them
    with local fonts and fetches no glyphs from the internet.
    """
    codes = [*YEAR_STATUS]
    colours = [s.colour for s in YEAR_STATUS.values()] + [UNKNOWN.colour]
    index = {c: i for i, c in enumerate(codes)}
    words = [year_status_style(s).label for s in statuses]
    by_value = [
        values is not None and status == "no_target" and values[i] is not None
        for i, status in enumerate(statuses)
    ]
    on_status = [i for i in range(len(adcodes)) if not by_value[i]]
    on_value = [i for i in range(len(adcodes)) if by_value[i]]

    def customdata(rows: list[int]) -> list[list[str]]:
        return [[names[i], words[i], hover[i]] for i in rows]

    hovertemplate = "%{customdata[0]}<br>%{customdata[1]}<br>%{customdata[2]}<extra></extra>"
    marker = {"line": {"color": "#FFFFFF", "width": 1.2}, "opacity": 0.9}
    traces = []
    if on_status:
        traces.append(
            dict(
                type="choroplethmap",
                name=gettext("年度状态"),
                geojson=geojson,
                featureidkey="properties.adcode",
                locations=[adcodes[i] for i in on_status],
                z=[
                    index.get(statuses[i], len(codes)) if statuses[i] else len(codes)
                    for i in on_status
                ],
                zmin=-0.5,
                zmax=len(colours) - 0.5,
                colorscale=discrete_colourscale(colours),
                showscale=False,
                marker=marker,
                customdata=customdata(on_status),
                hovertemplate=hovertemplate,
            )
        )
    if on_value:
        shown = [float(values[i]) for i in on_value]
        low, high = min(shown), max(shown)
        if high == low:
            low, high = low - 1, high + 1
        traces.append(
            dict(
                type="choroplethmap",
                name=gettext("实际值"),
                geojson=geojson,
                featureidkey="properties.adcode",
                locations=[adcodes[i] for i in on_value],
                z=shown,
                zmin=low,
                zmax=high,
                colorscale=VALUE_SCALE,
                showscale=True,
                colorbar={
                    "title": {
                        "text": gettext("实际值<br>（%(value_unit)s）") % {"value_unit": value_unit}
                        if value_unit
                        else gettext("实际值")
                    },
                    "thickness": 12,
                    "len": 0.6,
                    "x": 1,
                    "xanchor": "right",
                    "bgcolor": "rgba(255,255,255,0.8)",
                },
                marker=marker,
                customdata=customdata(on_value),
                hovertemplate=hovertemplate,
            )
        )
    if points is not None:
        placed = [(i, p) for i, p in enumerate(points) if p is not None]
        traces.append(
            dict(
                type="scattermap",
                mode="text",
                name=gettext("地名"),
                lon=[p[0] for _, p in placed],
                lat=[p[1] for _, p in placed],
                text=[map_label(names[i]) for i, _ in placed],
                textfont={"size": 12, "color": INK},
                hoverinfo="skip",
                showlegend=False,
            )
        )
    if not on_value:
        note = gettext("颜色：年度状态（图例见右侧）")
    elif not on_status:
        note = gettext("颜色：各县（市、区）无目标，按实际值深浅着色（见色条）")
    else:
        note = gettext("颜色：有目标的按年度状态；无目标的按实际值深浅（见色条）")
    top = 40 if title else 0
    layout = base_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}} if title else None,
        height=460,
        margin={"l": 0, "r": 0, "t": top, "b": 0},
        map={
            "style": blank_map_style(map_assets),
            "center": {"lon": center[0], "lat": center[1]},
            "zoom": zoom,
        },
        annotations=[
            {
                "text": note,
                "xref": "paper",
                "yref": "paper",
                "x": 0.01,
                "y": 0.99,
                "xanchor": "left",
                "yanchor": "top",
                "showarrow": False,
                "align": "left",
                "bgcolor": "rgba(255,255,255,0.85)",
                "font": {"size": 12, "color": INK},
            }
        ],
        meta={
            "map_colouring": "status" if not on_value else ("value" if not on_status else "both")
        },
    )
    return go.Figure(data=traces, layout=layout)
