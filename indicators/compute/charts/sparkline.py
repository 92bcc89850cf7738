"""The sparkline of an overview card, drawn as a small inline SVG rather than a Plotly figure.

Nine Plotly instances on one page cost ~10 ms each on the server and more in the browser, for a
120 × 32 picture; :func:`sparkline_svg` draws it as a small inline SVG instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from indicators.compute.charts.styles import INK, OKABE_ITO


def sparkline_svg(
    *,
    years: Sequence[int],
    actuals: dict[int, float],
    targets: dict[int, float],
    colour: str = INK,
    width: int = 140,
    height: int = 36,
    label: str = "",
) -> str:
    """A small SVG: the actuals as a line, the target path as a dotted line (years on x).

    Returns '' when there are fewer than two points to draw. ``label`` becomes the SVG's
    accessible title.
    """
    points = [v for v in list(actuals.values()) + list(targets.values()) if v is not None]
    if len(years) < 2 or len(points) < 2:
        return ""
    low, high = min(points), max(points)
    span = (high - low) or abs(high) or 1.0
    pad = 3

    def xy(year: int, value: float) -> str:
        x = pad + (width - 2 * pad) * (year - years[0]) / (years[-1] - years[0])
        y = height - pad - (height - 2 * pad) * (value - low) / span
        return f"{x:.1f},{y:.1f}"

    def polyline(series: dict[int, float], style: str) -> str:
        pts = [xy(y, series[y]) for y in years if series.get(y) is not None]
        if len(pts) < 2:
            return ""
        return f'<polyline points="{" ".join(pts)}" fill="none" {style}/>'

    last = max((y for y in years if actuals.get(y) is not None), default=None)
    dot = ""
    if last is not None:
        cx, cy = xy(last, actuals[last]).split(",")
        dot = f'<circle cx="{cx}" cy="{cy}" r="2.6" fill="{colour}"/>'
    return (
        f'<svg class="sparkline" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(label)}"><title>{escape(label)}</title>'
        + polyline(
            targets, f'stroke="{OKABE_ITO["blue"]}" stroke-width="1.2" stroke-dasharray="2 2"'
        )
        + polyline(actuals, f'stroke="{colour}" stroke-width="1.8"')
        + dot
        + "</svg>"
    )
