"""The indicator page's chart: actuals against the target path of every plan, and the projection."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go

from common.numbers import display_number, display_rounded
from indicators.compute.charts.layout import base_layout
from indicators.compute.charts.styles import INK, OKABE_ITO
from indicators.compute.words import gettext


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
      interpolation by the progress engine), drawn as hollow diamonds marked 折算 (plain words for "interpolated").
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
                name=gettext("目标（%(label)s）") % {"label": plan.label},
                mode="lines+markers",
                line={"color": colour, "dash": "dot", "width": 1.5},
                marker={"symbol": "diamond", "size": 11, "color": colour},
                # Numbers in hovers are written by the pages' rule (common.numbers), not d3's.
                customdata=[
                    plan.comparators.get(y, "") + display_number(plan.points[y], decimals)
                    for y in xs
                ],
                hovertemplate=gettext(
                    "%%{x}年目标 %%{customdata} %(unit)s<br>%(label)s<extra></extra>"
                )
                % {"unit": unit, "label": plan.label},
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
                    name=gettext("折算目标（无规定目标的年份，按前后两年目标均匀折算）"),
                    mode="markers",
                    marker={
                        "symbol": "diamond-open",
                        "size": 11,
                        "color": OKABE_ITO["blue"],
                        "line": {"width": 2},
                    },
                    customdata=[
                        display_number(interpolated_targets[y], decimals, limit=decimals + 2)
                        for y in xs
                    ],
                    hovertemplate=gettext("%%{x}年折算目标 %%{customdata} %(unit)s<extra></extra>")
                    % {"unit": unit},
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
                name=gettext("实际值"),
                mode="lines+markers+text",
                line={"color": INK, "width": 2.5},
                marker={
                    "size": 10,
                    "color": ["#FFFFFF" if y in provisional else INK for y in xs],
                    "line": {"color": INK, "width": 2},
                },
                text=[gettext("基期") if y == baseline_year else "" for y in xs],
                textposition="bottom center",
                customdata=[
                    [
                        display_number(actuals[y], decimals),
                        gettext("（未审核）") if y in provisional else "",
                    ]
                    for y in xs
                ],
                hovertemplate=(
                    gettext(
                        "%%{x}年实际值 %%{customdata[0]} %(unit)s%%{customdata[1]}<extra></extra>"
                    )
                    % {"unit": unit}
                ),
            )
        )
    if projection is not None:
        start_year, start_value, final_year, final_value = projection
        traces.append(
            dict(
                type="scatter",
                x=[start_year, final_year],
                y=[start_value, final_value],
                name=gettext("按现有增速推算至%(final_year)s年") % {"final_year": final_year},
                mode="lines+markers",
                line={"color": OKABE_ITO["vermillion"], "dash": "dash", "width": 2},
                marker={
                    "symbol": ["circle", "x"],
                    "size": [1, 10],
                    "color": OKABE_ITO["vermillion"],
                },
                # the same rule as every other figure (common.numbers), not Plotly's own format
                customdata=[
                    display_rounded(start_value, decimals),
                    display_rounded(final_value, decimals),
                ],
                hovertemplate=gettext("%%{x}年推算值 %%{customdata} %(unit)s<extra></extra>")
                % {"unit": unit},
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
    layout = base_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}},
        height=380,
        xaxis={
            "tickmode": "array",
            "tickvals": years,
            "ticktext": [gettext("%(y)s年") % {"y": y} for y in years],
            "range": [years[0] - 0.5, years[-1] + 0.5] if years else None,
        },
        yaxis={"title": {"text": unit}, "zeroline": False, "gridcolor": "#E5E8EC"},
        legend={"orientation": "h", "y": -0.18, "x": 0},
        shapes=shapes,
        margin={"l": 60, "r": 20, "t": 45, "b": 90},
    )
    return go.Figure(data=traces, layout=layout)
