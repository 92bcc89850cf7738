"""The columns of the status endpoints, derived from the engine's output columns.

The engine's columns (indicators.compute.progress.OUTPUT_COLUMNS) are the one list of what a
snapshot holds. The status endpoints publish them in that order, less a few workings, with the
engine's ids replaced by codes and names read through joins, and then the snapshot's
bookkeeping (stale, computed_at). Each column is named three ways: its key in the response, its
path in the ORM (the endpoint's queryset), and its expression in the written-out SQL of
status_query (aliases: s snapshot, i indicator, r region, p target plan).

Pure (imports indicators.compute only), so that bench/api_floor.py, which runs without Django,
builds the same rows from the same list.
"""

from __future__ import annotations

from typing import NamedTuple

from indicators.compute.progress import OUTPUT_COLUMNS


class StatusColumn(NamedTuple):
    key: str  # in the response
    path: str  # in the ORM
    sql: str  # in status_query's SELECT


# The engine's ids, published as codes and names.
JOINED = {
    "indicator_id": (
        StatusColumn("indicator", "indicator__code", "i.code"),
        StatusColumn("indicator_name", "indicator__name", "i.name"),
        StatusColumn("unit_of_measure", "indicator__unit_of_measure", "i.unit_of_measure"),
    ),
    "region_id": (
        StatusColumn("region", "region__code", "r.code"),
        StatusColumn("region_name", "region__name", "r.name"),
    ),
    "target_plan_id": (StatusColumn("target_plan", "target_plan__code", "p.code"),),
}
# Engine columns the status endpoints leave out: the other plan's target, and the workings of
# the roll-up check (its verdict, rollup_deviation, is published). /api/v1/snapshots/ has all.
UNPUBLISHED = frozenset(
    {"other_target_value", "other_target_plan_id", "rollup_sum", "rollup_count", "rollup_expected"}
)
# 待更新 as shown: the row's own flag, or its indicator's mark (a StaleIndicator row: a recompute
# under way or not yet queued), as ProgressSnapshot.objects.with_marks() annotates it.
STALE_SQL = (
    "(s.stale OR EXISTS (SELECT 1 FROM indicators_staleindicator m"
    " WHERE m.indicator_id = s.indicator_id))"
)
# The snapshot's own columns, after the engine's; stale read with the mark.
BOOKKEEPING = ("stale", "computed_at")
STALE_COLUMN = StatusColumn("stale", "shown_stale", STALE_SQL)


def _status_columns():
    for name in OUTPUT_COLUMNS:
        if name not in UNPUBLISHED:
            yield from JOINED.get(name, (StatusColumn(name, name, f"s.{name}"),))
    for name in BOOKKEEPING:
        yield STALE_COLUMN if name == "stale" else StatusColumn(name, name, f"s.{name}")


STATUS_COLUMNS = tuple(_status_columns())
STATUS_KEYS = tuple(column.key for column in STATUS_COLUMNS)
