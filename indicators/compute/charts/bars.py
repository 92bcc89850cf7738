"""Horizontal bar charts: regions ranked on one indicator, status counts stacked, attainment."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from common.numbers import display_number, display_percent
from indicators.compute.charts.layout import base_layout
from indicators.compute.charts.styles import (
    INK,
    OKABE_ITO,
    YEAR_STATUS,
    StatusStyle,
    year_status_style,
)
from indicators.compute.words import gettext

# --- Ranking of regions -------------------------------------------------------------------------


def ranking_figure(
    *,
    regions: Sequence[str],
    values: Sequence[float | None],
    statuses: Sequence[str | None],
    unit: str,
    decimals: int,
    benchmark: float | None = None,
    benchmark_label: str = "",
    own_targets: Sequence[float | None] | None = None,
    higher_is_better: bool = True,
    title: str = "",
) -> go.Figure:
    """Regions ranked by their value (best first), bars coloured and labelled by year status.

    ``benchmark`` is the city target drawn as a line (for regions without their own target);
    ``own_targets`` are per-region targets, drawn as a diamond on each bar where present.
    Regions without a value are listed at the end with an empty bar.
    """
    rows = list(zip(regions, values, statuses, own_targets or [None] * len(regions), strict=True))
    with_value = [r for r in rows if r[1] is not None]
    without = [r for r in rows if r[1] is None]
    with_value.sort(key=lambda r: r[1], reverse=higher_is_better)
    rows = with_value + without
    styles = [year_status_style(r[2]) for r in rows]
    traces = [
        dict(
            type="bar",
            x=[r[1] for r in rows],
            y=[r[0] for r in rows],
            orientation="h",
            marker={"color": [s.colour for s in styles], "line": {"color": INK, "width": 0.5}},
            text=[
                f"{display_number(r[1], decimals)} {s.icon} {s.word}"
                for r, s in zip(rows, styles, strict=True)
            ],
            textposition="auto",
            insidetextanchor="end",
            textfont={"color": INK},
            customdata=[display_number(r[1], decimals) for r in rows],
            hovertemplate=gettext("%%{y}：%%{customdata} %(unit)s<extra></extra>") % {"unit": unit},
            name=gettext("实际值"),
            showlegend=False,
        )
    ]
    if any(r[3] is not None for r in rows):
        targets = [(r[0], r[3]) for r in rows if r[3] is not None]
        traces.append(
            dict(
                type="scatter",
                x=[t[1] for t in targets],
                y=[t[0] for t in targets],
                mode="markers",
                marker={
                    "symbol": "diamond",
                    "size": 11,
                    "color": OKABE_ITO["blue"],
                    "line": {"color": "#FFFFFF", "width": 1},
                },
                name=gettext("本区域目标"),
                customdata=[display_number(t[1], decimals) for t in targets],
                hovertemplate=gettext("%%{y}目标：%%{customdata} %(unit)s<extra></extra>")
                % {"unit": unit},
            )
        )
    shapes, annotations = [], []
    if benchmark is not None:
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": benchmark,
                "x1": benchmark,
                "y0": 0,
                "y1": 1,
                "line": {"color": OKABE_ITO["blue"], "dash": "dash", "width": 2},
            }
        )
        annotations.append(
            {
                "x": benchmark,
                "y": 1,
                "xref": "x",
                "yref": "paper",
                "yanchor": "bottom",
                "text": benchmark_label
                or gettext("全市目标 %(display_number)s")
                % {"display_number": display_number(benchmark, decimals)},
                "showarrow": False,
                "font": {"color": OKABE_ITO["blue"]},
            }
        )
    layout = base_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}} if title else None,
        height=max(240, 28 * len(rows) + 120),
        xaxis={"title": {"text": unit}, "gridcolor": "#E5E8EC", "rangemode": "tozero"},
        yaxis={"autorange": "reversed", "automargin": True},
        shapes=shapes,
        annotations=annotations,
        margin={"l": 20, "r": 30, "t": 70 if title else 40, "b": 50},
        legend={"orientation": "h", "y": -0.12},
    )
    return go.Figure(data=traces, layout=layout)


# --- Stacked status counts (levers, units) ------------------------------------------------------


def status_counts_figure(
    *,
    categories: Sequence[str],
    counts: dict[str, Sequence[int]],
    styles: dict[str, StatusStyle] = YEAR_STATUS,
    title: str = "",
    value_label: str | None = None,
) -> go.Figure:
    """Horizontal stacked bars: per category, how many items are in each status.

    ``counts[status][i]`` is the number of items of category i in that status; statuses are
    stacked in the order of ``styles`` and named in the legend by icon and word.
    ``value_label`` names the counted items (个 when not given).
    """
    if value_label is None:
        value_label = gettext("个")
    traces: list[dict] = []
    for code, style in styles.items():
        series = counts.get(code)
        if not series or not any(series):
            continue
        traces.append(
            dict(
                type="bar",
                x=list(series),
                y=list(categories),
                orientation="h",
                name=style.label,
                marker={"color": style.colour, "line": {"color": "#FFFFFF", "width": 1}},
                text=[str(n) if n else "" for n in series],
                textposition="inside",
                textangle=0,
                insidetextanchor="middle",
                textfont={"color": INK},
                hovertemplate=gettext("%%{y}<br>%(word)s：%%{x} %(label)s<extra></extra>")
                % {"word": style.word, "label": value_label},
            )
        )
    layout = base_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}} if title else None,
        barmode="stack",
        height=max(260, 30 * len(categories) + 150),
        xaxis={
            "title": {"text": value_label, "font": {"size": 12}},
            "gridcolor": "#E5E8EC",
            "dtick": 1 if _max_total(counts) <= 12 else None,
        },
        yaxis={"autorange": "reversed", "automargin": True},
        # Above the plot, in the order of the stack (Plotly reverses a stacked legend otherwise).
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0, "traceorder": "normal"},
        showlegend=True,
        margin={"l": 20, "r": 20, "t": 80 if title else 40, "b": 50},
    )
    return go.Figure(data=traces, layout=layout)


def _max_total(counts: dict[str, Sequence[int]]) -> int:
    columns = list(zip(*counts.values(), strict=True)) if counts else []
    return max((sum(c) for c in columns), default=0)


# --- Attainment by indicator (region page) ------------------------------------------------------


def attainment_figure(
    *,
    labels: Sequence[str],
    attainments: Sequence[float | None],
    statuses: Sequence[str | None],
    title: str = "",
) -> go.Figure:
    """Attainment (actual ÷ target, 100 % = on target) per indicator, coloured by status."""
    styles = [year_status_style(s) for s in statuses]
    percent = [None if a is None else round(a * 100, 1) for a in attainments]
    traces = [
        dict(
            type="bar",
            x=percent,
            y=list(labels),
            orientation="h",
            marker={"color": [s.colour for s in styles], "line": {"color": INK, "width": 0.5}},
            # Never "100.0%" for a figure a hair short of its target (common.numbers).
            text=[
                f"{display_percent(a)} {s.icon} {s.word}"
                for a, s in zip(attainments, styles, strict=True)
            ],
            textposition="auto",
            textfont={"color": INK},
            customdata=[display_percent(a) for a in attainments],
            hovertemplate=gettext("%{y}：完成率 %{customdata}<extra></extra>"),
            showlegend=False,
        )
    ]
    layout = base_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}} if title else None,
        height=max(240, 30 * len(labels) + 110),
        xaxis={
            "title": {"text": gettext("完成率（实际值 ÷ 年度目标）")},
            "ticksuffix": "%",
            "gridcolor": "#E5E8EC",
            "rangemode": "tozero",
        },
        yaxis={"autorange": "reversed", "automargin": True},
        shapes=[
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": 100,
                "x1": 100,
                "y0": 0,
                "y1": 1,
                "line": {"color": OKABE_ITO["blue"], "dash": "dash", "width": 2},
            }
        ],
        margin={"l": 20, "r": 30, "t": 50 if title else 20, "b": 60},
    )
    return go.Figure(data=traces, layout=layout)
