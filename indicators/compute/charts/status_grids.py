"""Statuses laid out in space: a region × indicator heatmap and a map of the county divisions."""

from __future__ import annotations

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

# --- Heatmap of statuses ------------------------------------------------------------------------


def status_heatmap_figure(
    *,
    row_labels: Sequence[str],
    column_labels: Sequence[str],
    statuses: Sequence[Sequence[str | None]],
    hover: Sequence[Sequence[str]] | None = None,
    title: str = "",
    styles: dict[str, StatusStyle] = YEAR_STATUS,
) -> go.Figure:
    """A row × column grid of statuses, one flat colour per status with its icon in the cell.

    ``statuses[i][j]`` is the status code of row i, column j (None: no snapshot); ``hover`` the
    text shown on hover. Rows are drawn top to bottom in the order given.
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
    # The column labels sit above the grid, under the title: room for their lines.
    label_lines = max((str(c).count("<br>") + 1 for c in column_labels), default=1)
    top = 24 + 17 * label_lines + (36 if title else 0)
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
        height=max(260, 34 * len(row_labels) + top + 30),
        xaxis={"side": "top", "tickangle": 0},
        yaxis={"autorange": "reversed", "automargin": True},
        margin={"l": 20, "r": 20, "t": top, "b": 20},
    )
    return go.Figure(data=traces, layout=layout)


# --- Map of the county-level divisions ----------------------------------------------------------


def county_map_figure(
    *,
    geojson: dict | str,
    adcodes: Sequence[str],
    names: Sequence[str],
    statuses: Sequence[str | None],
    hover: Sequence[str],
    center: tuple[float, float] = (120.42, 27.87),
    zoom: float = 7.5,
    title: str = "",
) -> go.Figure:
    """A choropleth of the county-level divisions coloured by year status, drawn offline.

    ``geojson`` is a FeatureCollection (or the URL of one on this server) whose features carry
    ``properties.adcode``. The map style is "white-bg": MapLibre draws a plain white background
    and loads no tiles. No text layer is used, because a text layer would make MapLibre fetch
    font glyphs from the style's (external) glyph server; names are in the hover and the table.
    """
    codes = [*YEAR_STATUS]
    colours = [s.colour for s in YEAR_STATUS.values()] + [UNKNOWN.colour]
    index = {c: i for i, c in enumerate(codes)}
    z = [index.get(s, len(codes)) if s else len(codes) for s in statuses]
    words = [year_status_style(s).label for s in statuses]
    traces = [
        dict(
            type="choroplethmap",
            geojson=geojson,
            featureidkey="properties.adcode",
            locations=list(adcodes),
            z=z,
            zmin=-0.5,
            zmax=len(colours) - 0.5,
            colorscale=discrete_colourscale(colours),
            showscale=False,
            marker={"line": {"color": "#FFFFFF", "width": 1.2}, "opacity": 0.9},
            customdata=[[n, w, h] for n, w, h in zip(names, words, hover, strict=True)],
            hovertemplate="%{customdata[0]}<br>%{customdata[1]}<br>%{customdata[2]}<extra></extra>",
        )
    ]
    layout = base_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}} if title else None,
        height=460,
        margin={"l": 0, "r": 0, "t": 40 if title else 0, "b": 0},
        map={"style": "white-bg", "center": {"lon": center[0], "lat": center[1]}, "zoom": zoom},
    )
    return go.Figure(data=traces, layout=layout)
