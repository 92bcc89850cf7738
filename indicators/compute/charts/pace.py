"""The indicator page's 序时进度 chart: each year-to-date figure of one year against the expected
(序时目标) line and the year's target.

Pure (no Django): the page passes every word in, already translated (:class:`PaceLabels`), and
the hover text of each period; the status words and icons are those of ``styles.PACE_STATUS``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from indicators.compute.charts.layout import base_layout
from indicators.compute.charts.styles import INK, OKABE_ITO, PACE_STATUS, pace_status_style


@dataclass(frozen=True)
class PaceLabels:
    """The chart's words, translated by the page: the two lines' names and the target's note."""

    actual: str  # 累计实际值
    expected: str  # 序时目标
    annual_target: str = ""  # 年度目标 ≥180 (empty: no target line)
    provisional: str = ""  # （未审核）, after a provisional figure's hover


def pace_figure(
    *,
    title: str,
    unit: str,
    periods: Sequence[int],
    tick_labels: Sequence[str],
    short_tick_labels: Sequence[str],
    actuals: Sequence[float],
    expected: Sequence[float | None],
    statuses: Sequence[str | None],
    hover: Sequence[str],
    provisional: Sequence[bool] = (),
    annual_target: float | None = None,
    labels: PaceLabels,
) -> go.Figure:
    """Year-to-date figures (solid line, one marker per period coloured and iconed by its 序时
    status) against the expected values (dashed), on a January–December axis.

    * ``periods``: the months the periods end with (9 is 1–9月), in order; ``tick_labels`` name
      them (1–9月), ``short_tick_labels`` are what a phone shows instead (9月), kept in
      ``layout.meta.short_ticktext`` for static/js/dashboards.js.
    * ``expected``: the 序时目标 of each period (None where there is no target).
    * ``statuses``: each period's pace status code (ahead, on_pace, behind, no_target).
    * ``hover``: the full text of each period (figure, expected, ratio, status), as the page
      writes it.
    * ``provisional``: figures submitted, not yet approved: hollow markers.
    * ``annual_target``: the year's target, drawn as a dotted horizontal line.
    """
    periods = list(periods)
    provisional = list(provisional) or [False] * len(periods)
    traces: list[dict] = []
    with_expected = [i for i, e in enumerate(expected) if e is not None]
    if with_expected:
        traces.append(
            dict(
                type="scatter",
                x=[periods[i] for i in with_expected],
                y=[expected[i] for i in with_expected],
                name=labels.expected,
                mode="lines+markers",
                line={"color": OKABE_ITO["blue"], "dash": "dash", "width": 2},
                marker={"symbol": "diamond", "size": 9, "color": OKABE_ITO["blue"]},
                hoverinfo="skip",
            )
        )
    if periods:
        traces.append(
            dict(
                type="scatter",
                x=periods,
                y=list(actuals),
                name=labels.actual,
                mode="lines",
                line={"color": INK, "width": 2.5},
                hoverinfo="skip",
            )
        )
    # One trace per status, so that the legend names each status by icon and word.
    for code, style in [*PACE_STATUS.items(), (None, pace_status_style(None))]:
        rows = [i for i, s in enumerate(statuses) if (s if s in PACE_STATUS else None) == code]
        if not rows:
            continue
        traces.append(
            dict(
                type="scatter",
                x=[periods[i] for i in rows],
                y=[actuals[i] for i in rows],
                name=style.label,
                mode="markers+text",
                marker={
                    "size": 13,
                    "color": ["#FFFFFF" if provisional[i] else style.colour for i in rows],
                    "line": {"color": style.colour, "width": 2.5},
                },
                text=[style.icon for _ in rows],
                textposition="top center",
                textfont={"color": INK, "size": 13},
                customdata=[
                    hover[i] + (labels.provisional if provisional[i] else "") for i in rows
                ],
                hovertemplate="%{customdata}<extra></extra>",
            )
        )
    shapes, annotations = [], []
    if annual_target is not None:
        shapes.append(
            {
                "type": "line",
                "xref": "paper",
                "yref": "y",
                "x0": 0,
                "x1": 1,
                "y0": annual_target,
                "y1": annual_target,
                "line": {"color": OKABE_ITO["reddish_purple"], "dash": "dot", "width": 1.5},
            }
        )
        if labels.annual_target:
            annotations.append(
                {
                    "x": 0,
                    "xref": "paper",
                    "xanchor": "left",
                    "y": annual_target,
                    "yref": "y",
                    "yanchor": "bottom",
                    "text": labels.annual_target,
                    "showarrow": False,
                    "font": {"color": OKABE_ITO["reddish_purple"], "size": 12},
                }
            )
    layout = base_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}} if title else None,
        height=360,
        xaxis={
            "tickmode": "array",
            "tickvals": periods,
            "ticktext": list(tick_labels),
            "range": [0.5, 12.5],
            "zeroline": False,
        },
        yaxis={
            "title": {"text": unit},
            "zeroline": False,
            "gridcolor": "#E5E8EC",
            "rangemode": "tozero",
        },
        legend={"orientation": "h", "y": -0.18, "x": 0},
        shapes=shapes,
        annotations=annotations,
        margin={"l": 60, "r": 20, "t": 45 if title else 20, "b": 90},
        meta={"short_ticktext": list(short_tick_labels)},
    )
    return go.Figure(data=traces, layout=layout)
