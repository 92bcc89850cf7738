"""Reads for the dashboards, one module per page family: snapshots, targets, actuals, reports.

The dashboards never compute progress: they read what the progress engine wrote
(:class:`~indicators.models.ProgressSnapshot`, docs/progress.md). Every function here runs a
fixed number of queries whatever the amount of data (no query per row: related rows come through
``select_related``, ``prefetch_related`` or one extra query keyed by ids), which
tests/dashboards/test_dashboard_query_counts.py holds them to.

- ``common``: the years, the city, the key indicators, actuals and snapshots every page reads;
- ``tasks``: levers, tasks and their latest reports (overview, levers, units);
- ``indicator``: the indicator page;
- ``regions``: counties side by side, one region, a group of regions;
- ``units``: bureaus side by side and one unit.
"""
