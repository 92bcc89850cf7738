"""Plotly figure builders for the dashboards: plain values in, ``go.Figure`` out.

Pure: no Django, no models, no database (STYLE.md, "Computation is pure"). The pages
(indicators/dashboards/pages/) read the progress snapshots through
``indicators.dashboards.selectors`` and pass plain lists here; they embed ``fig.to_json()`` and
draw it with Plotly.newPlot (static/js/dashboards.js).

- ``styles``: each status's word, icon and colour, shared with the pages' tables;
- ``layout``: the layout, toolbar and number format every figure shares;
- ``target_path``: an indicator's actuals against its target path;
- ``pace``: a year's year-to-date figures against the expected (序时目标) line;
- ``sparkline``: the overview card's small inline SVG;
- ``status_grids``: statuses on a grid (region × indicator heatmap, shaded by value where a
  cell has no target) and on the county map;
- ``bars``: horizontal bars (ranking of regions, stacked status counts, attainment).
"""
