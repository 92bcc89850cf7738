"""Plotly figure builders for the dashboards: plain values in, ``go.Figure`` out.

Pure: no Django, no models, no database (STYLE.md, "Computation is pure"). The views read the
progress snapshots through ``indicators.dashboards.selectors`` and pass plain lists here; the
pages embed ``fig.to_json()`` and draw it with Plotly.newPlot (static/js/dashboards.js).

Every status has a word, an icon and a colour from the Okabe–Ito palette, which stays
distinguishable for the common kinds of colour blindness; the colour is never the only cue
(static/css/dashboards.css repeats the same colours as CSS variables, and a test checks that
the two agree).

The sparkline of an overview card is the one exception to "returns a figure": nine Plotly
instances on one page cost ~10 ms each on the server and more in the browser, for a 120 × 32
picture; :func:`sparkline_svg` draws it as a small inline SVG instead.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

import plotly.graph_objects as go

# Okabe & Ito (2008), "Color Universal Design": the eight colours, plus two neutral greys.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
GREY = "#8A94A3"
LIGHT_GREY = "#C8CDD4"
INK = "#1F2933"
FONT_FAMILY = (
    '"Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", sans-serif'
)


@dataclass(frozen=True)
class StatusStyle:
    """How one status is shown everywhere: a word, an icon and a colour (never colour alone)."""

    code: str
    word: str
    icon: str
    colour: str

    @property
    def label(self) -> str:
        return f"{self.icon} {self.word}"


def _styles(*rows: tuple[str, str, str, str]) -> dict[str, StatusStyle]:
    return {code: StatusStyle(code, word, icon, colour) for code, word, icon, colour in rows}


# The words are the labels of ProgressSnapshot.YearStatus / .Outlook and TaskReport.Status
# (a test checks they agree); the order is the order of the legends and of the heatmap scale.
YEAR_STATUS = _styles(
    ("met", "已达标", "✔", OKABE_ITO["bluish_green"]),
    ("nearly_met", "接近达标", "◐", OKABE_ITO["orange"]),
    ("not_met", "未达标", "✘", OKABE_ITO["vermillion"]),
    ("no_data", "暂无数据", "○", GREY),
    ("no_target", "无目标", "–", LIGHT_GREY),
)
OUTLOOK = _styles(
    ("achieved", "已实现目标", "★", OKABE_ITO["blue"]),
    ("on_track", "按期可达", "↑", OKABE_ITO["bluish_green"]),
    ("needs_acceleration", "需加快", "↗", OKABE_ITO["orange"]),
    ("limited_progress", "进展有限", "→", OKABE_ITO["reddish_purple"]),
    ("deterioration", "倒退", "↓", OKABE_ITO["vermillion"]),
    ("not_assessed", "无法评估", "?", GREY),
    ("not_applicable", "不适用", "–", LIGHT_GREY),
)
REPORT_STATUS = _styles(
    ("done", "已完成", "★", OKABE_ITO["blue"]),
    ("on_schedule", "按计划推进", "▲", OKABE_ITO["bluish_green"]),
    ("delayed", "滞后", "!", OKABE_ITO["vermillion"]),
    ("not_started", "未开始", "○", GREY),
    ("none", "暂无报告", "–", LIGHT_GREY),
)
UNKNOWN = StatusStyle("unknown", "未计算", "…", LIGHT_GREY)


def year_status_style(code: str | None) -> StatusStyle:
    return YEAR_STATUS.get(code or "", UNKNOWN)


def outlook_style(code: str | None) -> StatusStyle:
    return OUTLOOK.get(code or "", UNKNOWN)


def report_status_style(code: str | None) -> StatusStyle:
    return REPORT_STATUS.get(code or "none", REPORT_STATUS["none"])


# Plotly's toolbar: the PNG button stays (every chart exports a picture); selection tools go.
def plotly_config(*, filename: str) -> dict:
    """The `config` argument of Plotly.newPlot for a dashboard chart."""
    return {
        "displaylogo": False,
        "responsive": True,
        "locale": "zh-CN",
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        "modeBarButtonsToRemove": ["select2d", "lasso2d", "toggleSpikelines"],
    }


def _base_layout(**overrides) -> dict:
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


def _fmt(value: float | None, decimals: int) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{value:,.{decimals}f}"


def _discrete_colourscale(colours: Sequence[str]) -> list[list]:
    """A colour scale that maps integer z = 0 … n−1 to one flat colour each (with zmin −0.5,
    zmax n − 0.5), so a heatmap or map shows categories, not a gradient."""
    n = len(colours)
    scale = []
    for i, colour in enumerate(colours):
        scale.append([i / n, colour])
        scale.append([(i + 1) / n, colour])
    return scale


# --- Indicator page: actuals against the target path -------------------------------------------


@dataclass(frozen=True)
class PlanTargets:
    """The printed targets of one plan for one indicator and region: year → value."""

    label: str  # the plan's document number, e.g. 温政发〔2023〕17号
    points: dict[int, float]
    comparators: dict[int, str]


def indicator_path_figure(
    *,
    title: str,
    unit: str,
    decimals: int,
    years: Sequence[int],
    actuals: dict[int, float],
    provisional_years: Sequence[int] = (),
    baseline_year: int | None = None,
    plan_targets: Sequence[PlanTargets] = (),
    interpolated_targets: dict[int, float] | None = None,
    projection: tuple[int, float, int, float] | None = None,
    selected_year: int | None = None,
) -> go.Figure:
    """Actuals against the target path.

    * ``actuals``: year → value (approved or submitted; ``provisional_years`` are the submitted
      ones, drawn hollow). The baseline year's point is labelled 基期.
    * ``plan_targets``: one entry per plan that printed a target, the plan status is judged
      against first; each is drawn as diamonds joined by a dotted line, so where two plans set
      different figures for one year both are visible.
    * ``interpolated_targets``: year → T(y) for the years without a printed target (linear
      interpolation by the progress engine), drawn as hollow diamonds marked 插值.
    * ``projection``: (latest year, latest value, final year, projected value): the outlook's
      projection A_t·(1 + CAGR)^(Y − t), drawn dashed.
    * ``selected_year``: shaded, the year the page reports on.
    """
    traces: list[dict] = []
    years = list(years)
    target_colours = [OKABE_ITO["blue"], OKABE_ITO["reddish_purple"], OKABE_ITO["sky_blue"]]
    for i, plan in enumerate(plan_targets):
        xs = sorted(y for y in plan.points if y in years)
        if not xs:
            continue
        colour = target_colours[i % len(target_colours)]
        traces.append(
            dict(
                type="scatter",
                x=xs,
                y=[plan.points[y] for y in xs],
                name=f"目标（{plan.label}）",
                mode="lines+markers",
                line={"color": colour, "dash": "dot", "width": 1.5},
                marker={"symbol": "diamond", "size": 11, "color": colour},
                customdata=[plan.comparators.get(y, "") for y in xs],
                hovertemplate=f"%{{x}}年目标 %{{customdata}}%{{y}} {unit}<br>{plan.label}<extra></extra>",
            )
        )
    if interpolated_targets:
        xs = sorted(y for y in interpolated_targets if y in years)
        if xs:
            traces.append(
                dict(
                    type="scatter",
                    x=xs,
                    y=[interpolated_targets[y] for y in xs],
                    name="插值目标（两个规定年份之间线性插值）",
                    mode="markers",
                    marker={
                        "symbol": "diamond-open",
                        "size": 11,
                        "color": OKABE_ITO["blue"],
                        "line": {"width": 2},
                    },
                    hovertemplate=f"%{{x}}年插值目标 %{{y:.{decimals}f}} {unit}<extra></extra>",
                )
            )
    xs = sorted(y for y in actuals if y in years)
    if xs:
        provisional = set(provisional_years)
        traces.append(
            dict(
                type="scatter",
                x=xs,
                y=[actuals[y] for y in xs],
                name="实际值",
                mode="lines+markers+text",
                line={"color": INK, "width": 2.5},
                marker={
                    "size": 10,
                    "color": ["#FFFFFF" if y in provisional else INK for y in xs],
                    "line": {"color": INK, "width": 2},
                },
                text=["基期" if y == baseline_year else "" for y in xs],
                textposition="bottom center",
                customdata=["（未审核）" if y in provisional else "" for y in xs],
                hovertemplate=f"%{{x}}年实际值 %{{y:.{decimals}f}} {unit}%{{customdata}}<extra></extra>",
            )
        )
    if projection is not None:
        start_year, start_value, final_year, final_value = projection
        traces.append(
            dict(
                type="scatter",
                x=[start_year, final_year],
                y=[start_value, final_value],
                name=f"按现有增速推算至{final_year}年",
                mode="lines+markers",
                line={"color": OKABE_ITO["vermillion"], "dash": "dash", "width": 2},
                marker={
                    "symbol": ["circle", "x"],
                    "size": [1, 10],
                    "color": OKABE_ITO["vermillion"],
                },
                hovertemplate=f"%{{x}}年推算值 %{{y:.{decimals}f}} {unit}<extra></extra>",
            )
        )
    shapes = []
    if selected_year is not None and selected_year in years:
        shapes.append(
            {
                "type": "rect",
                "xref": "x",
                "yref": "paper",
                "x0": selected_year - 0.4,
                "x1": selected_year + 0.4,
                "y0": 0,
                "y1": 1,
                "fillcolor": "#EEF1F5",
                "line": {"width": 0},
                "layer": "below",
            }
        )
    layout = _base_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}},
        height=380,
        xaxis={
            "tickmode": "array",
            "tickvals": years,
            "ticktext": [f"{y}年" for y in years],
            "range": [years[0] - 0.5, years[-1] + 0.5] if years else None,
        },
        yaxis={"title": {"text": unit}, "zeroline": False, "gridcolor": "#E5E8EC"},
        legend={"orientation": "h", "y": -0.18, "x": 0},
        shapes=shapes,
        margin={"l": 60, "r": 20, "t": 45, "b": 90},
    )
    return go.Figure(data=traces, layout=layout)


# --- Sparkline (inline SVG) ---------------------------------------------------------------------


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
            colorscale=_discrete_colourscale(colours),
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
    layout = _base_layout(
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
                f"{_fmt(r[1], decimals)} {s.icon} {s.word}"
                for r, s in zip(rows, styles, strict=True)
            ],
            textposition="auto",
            insidetextanchor="end",
            textfont={"color": INK},
            hovertemplate=f"%{{y}}：%{{x:.{decimals}f}} {unit}<extra></extra>",
            name="实际值",
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
                name="本区域目标",
                hovertemplate=f"%{{y}}目标：%{{x:.{decimals}f}} {unit}<extra></extra>",
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
                "text": benchmark_label or f"全市目标 {_fmt(benchmark, decimals)}",
                "showarrow": False,
                "font": {"color": OKABE_ITO["blue"]},
            }
        )
    layout = _base_layout(
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
            colorscale=_discrete_colourscale(colours),
            showscale=False,
            marker={"line": {"color": "#FFFFFF", "width": 1.2}, "opacity": 0.9},
            customdata=[[n, w, h] for n, w, h in zip(names, words, hover, strict=True)],
            hovertemplate="%{customdata[0]}<br>%{customdata[1]}<br>%{customdata[2]}<extra></extra>",
        )
    ]
    layout = _base_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}} if title else None,
        height=460,
        margin={"l": 0, "r": 0, "t": 40 if title else 0, "b": 0},
        map={"style": "white-bg", "center": {"lon": center[0], "lat": center[1]}, "zoom": zoom},
    )
    return go.Figure(data=traces, layout=layout)


# --- Stacked status counts (levers, units) ------------------------------------------------------


def status_counts_figure(
    *,
    categories: Sequence[str],
    counts: dict[str, Sequence[int]],
    styles: dict[str, StatusStyle] = YEAR_STATUS,
    title: str = "",
    value_label: str = "个",
) -> go.Figure:
    """Horizontal stacked bars: per category, how many items are in each status.

    ``counts[status][i]`` is the number of items of category i in that status; statuses are
    stacked in the order of ``styles`` and named in the legend by icon and word.
    """
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
                hovertemplate=f"%{{y}}<br>{style.word}：%{{x}} {value_label}<extra></extra>",
            )
        )
    layout = _base_layout(
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
            text=[
                ("—" if p is None else f"{p:.1f}%") + f" {s.icon} {s.word}"
                for p, s in zip(percent, styles, strict=True)
            ],
            textposition="auto",
            textfont={"color": INK},
            hovertemplate="%{y}：完成率 %{x:.1f}%<extra></extra>",
            showlegend=False,
        )
    ]
    layout = _base_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}} if title else None,
        height=max(240, 30 * len(labels) + 110),
        xaxis={
            "title": {"text": "完成率（实际值 ÷ 年度目标）"},
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
