"""What every dashboard figure shares: base layout, Plotly toolbar, flat colours (the number
text is common.numbers.display_number, as on the pages)."""

from __future__ import annotations

from collections.abc import Sequence

from indicators.compute.charts.styles import INK
from indicators.compute.words import gettext

FONT_FAMILY = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'
)


# Plotly's toolbar: the PNG button stays (every chart exports a picture); selection tools go.
def plotly_config(*, filename: str) -> dict:
    """The `config` argument of Plotly.newPlot for a dashboard chart."""
    return {
        "displaylogo": False,
        "responsive": True,
        # Plotly's toolbar language: its zh-CN dictionary (static/js/dashboards.js), "en" in English.
        "locale": gettext("zh-CN"),
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        "modeBarButtonsToRemove": ["select2d", "lasso2d", "toggleSpikelines"],
    }


def base_layout(**overrides) -> dict:
    """The layout every figure starts from (font, white background, margins); ``overrides`` win."""
    layout = {
        "font": {"family": FONT_FAMILY, "size": 13, "color": INK},
        "paper_bgcolor": "#FFFFFF",
        "plot_bgcolor": "#FFFFFF",
        "margin": {"l": 60, "r": 20, "t": 40, "b": 50},
        "hoverlabel": {"font": {"family": FONT_FAMILY}},
        "separators": ".,",
    }
    layout.update(overrides)
    return layout


def discrete_colourscale(colours: Sequence[str]) -> list[list]:
    """A colour scale that maps integer z = 0 … n−1 to one flat colour each (with zmin −0.5,
    zmax n − 0.5), so a heatmap or map shows categories, not a gradient."""
    n = len(colours)
    scale = []
    for i, colour in enumerate(colours):
        scale.append([i / n, colour])
        scale.append([(i + 1) / n, colour])
    return scale
