"""序时进度 snapshots: the pure pace engine (indicators.compute.pace) run and written as
PeriodSnapshot rows (docs/progress.md, "Reporting periods and 序时进度").

* :func:`recompute_periods` recomputes the period snapshots of everything, some indicators, or
  some (indicator, region) pairs, and returns the rows it wrote.
* :func:`write_periods` is how a recompute of the annual snapshots (recompute.py) writes the
  period snapshots of its scope from the same inputs, in the same transaction.

On PostgreSQL the rows go through a binary COPY into a temporary table and one upsert of the rows
that are new or changed (the store's fast path, store.py); elsewhere through the ORM. Either way
the scope's rows the engine no longer produces are deleted, and unchanged rows keep their
computed_at.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from indicators.compute.pace import PACE_COLUMNS, compute_pace
from indicators.compute.progress import compute_progress
from indicators.models import PeriodSnapshot
from indicators.progress.inputs import (
    ProgressInputs,
    load_progress_inputs,
    progress_thresholds,
    progress_years,
)
from indicators.progress.locks import lock_indicators
from indicators.progress.store import _PG_TYPES, Layout, _binary_chunks, _select_expression

KEY = ("indicator_id", "region_id", "year", "period")
LAYOUT = Layout.of(PeriodSnapshot, PACE_COLUMNS, KEY)
FIGURES = tuple(n for n in PACE_COLUMNS if n not in KEY)


def pace_band() -> float:
    return float(settings.WZSCI_PACE["band"])


@dataclass(frozen=True)
class PeriodScope:
    """The period snapshots one write covers: some indicators (None: all), optionally only some
    regions, years, or (indicator, region) pairs of them."""

    indicator_ids: list[int] | None = None
    region_ids: list[int] | None = None
    years: list[int] | None = None
    pairs: list[tuple[int, int]] | None = None

    def filter(self, frame: pd.DataFrame) -> pd.DataFrame:
        keep = pd.Series(True, index=frame.index)
        for column, values in (
            ("indicator_id", self.indicator_ids),
            ("region_id", self.region_ids),
            ("year", self.years),
        ):
            if values is not None:
                keep &= frame[column].isin(values)
        if self.pairs is not None:
            wanted = pd.MultiIndex.from_tuples(self.pairs, names=["indicator_id", "region_id"])
            keep &= pd.MultiIndex.from_frame(frame[["indicator_id", "region_id"]]).isin(wanted)
        return frame.loc[keep]

    def snapshots(self) -> QuerySet:
        rows = PeriodSnapshot.objects.order_by()
        if self.indicator_ids is not None:
            rows = rows.filter(indicator_id__in=self.indicator_ids)
        if self.region_ids is not None:
            rows = rows.filter(region_id__in=self.region_ids)
        if self.years is not None:
            rows = rows.filter(year__in=self.years)
        if self.pairs is not None:
            condition = Q(pk__in=[])
            for indicator_id, region_id in self.pairs:
                condition |= Q(indicator_id=indicator_id, region_id=region_id)
            rows = rows.filter(condition)
        return rows

    def sql(self) -> tuple[str, list]:
        clauses, params = ["TRUE"], []
        for column, values in (
            ("indicator_id", self.indicator_ids),
            ("region_id", self.region_ids),
            ("year", self.years),
        ):
            if values is not None:
                clauses.append(f"t.{column} = ANY(%s)")
                params.append(list(values))
        if self.pairs is not None:
            clauses.append(
                "(t.indicator_id, t.region_id) IN (SELECT * FROM unnest(%s::int8[], %s::int8[]))"
            )
            params += [[i for i, _ in self.pairs], [r for _, r in self.pairs]]
        return " AND ".join(clauses), params


def pace_frame(inputs: ProgressInputs, annual: pd.DataFrame) -> pd.DataFrame:
    """序时进度 of the inputs' year-to-date figures, against the annual engine's targets."""
    return compute_pace(
        indicators=inputs.indicators, actuals=inputs.actuals, annual=annual, band=pace_band()
    )


def write_periods(frame: pd.DataFrame, *, scope: PeriodScope, computed_at) -> int:
    """Write the pace frame for this scope (inside the caller's transaction): insert or update
    the rows that are new or changed, stamped computed_at; delete the scope's rows the frame no
    longer has. Returns the rows inserted or updated."""
    frame = scope.filter(frame)
    if frame.empty:  # a yearly indicator (most of them): one query, not a staging round trip
        return _delete_all(scope)
    frame = frame.assign(profile_years=frame["profile_years"].astype("category"))
    writer = _write_postgresql if connection.vendor == "postgresql" else _write_generic
    return writer(frame, scope=scope, computed_at=computed_at)


def recompute_periods(
    *, indicator_ids: Iterable[int] | None = None, pairs: Iterable[tuple[int, int]] | None = None
) -> int:
    """Recompute period snapshots: all, those indicators, or those (indicator_id, region_id)
    pairs (every year and period of them). Returns the rows written (new or changed)."""
    if indicator_ids is not None and pairs is not None:
        raise TypeError("recompute_periods: give indicator_ids or pairs, not both")
    pair_list = None if pairs is None else sorted({(int(i), int(r)) for i, r in pairs})
    ids = None
    if indicator_ids is not None:
        ids = sorted({int(i) for i in indicator_ids})
    elif pair_list is not None:
        ids = sorted({i for i, _ in pair_list})
    # For pairs only, only their regions are read (and the city's targets: a benchmark).
    regions = None if pair_list is None else sorted({r for _, r in pair_list})
    with transaction.atomic():
        lock_indicators(ids)
        computed_at = timezone.now()
        inputs = load_progress_inputs(indicator_ids=ids, region_ids=regions)
        annual = compute_progress(
            indicators=inputs.indicators,
            targets=inputs.targets,
            actuals=inputs.actuals,
            regions=inputs.regions,
            years=list(progress_years()),
            thresholds=progress_thresholds(),
            coverage_members=inputs.coverage_members,
        )
        scope = PeriodScope(indicator_ids=ids, pairs=pair_list)
        return write_periods(pace_frame(inputs, annual), scope=scope, computed_at=computed_at)


def _write_postgresql(frame: pd.DataFrame, *, scope: PeriodScope, computed_at) -> int:
    table = PeriodSnapshot._meta.db_table
    names = list(PACE_COLUMNS)
    staging_columns = ", ".join(f"{n} {_PG_TYPES[LAYOUT.kinds[n]]}" for n in names)
    params: list = []
    fresh = ", ".join(f"{_select_expression(n, frame, params, LAYOUT)} AS {n}" for n in names)
    columns = ", ".join(f'"{n}"' for n in names)
    updates = ", ".join(f'"{n}" = EXCLUDED."{n}"' for n in [*FIGURES, "computed_at"])
    old = ", ".join(f't."{n}"' for n in FIGURES)
    new = ", ".join(f"n.{n}" for n in FIGURES)
    match = " AND ".join(f"t.{n} = n.{n}" for n in KEY)
    where, where_params = scope.sql()
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS period_staging")
        cursor.execute(f"CREATE TEMPORARY TABLE period_staging ({staging_columns}) ON COMMIT DROP")
        with cursor.copy("COPY period_staging FROM STDIN (FORMAT BINARY)") as copy:
            for chunk in _binary_chunks(frame, LAYOUT):
                copy.write(chunk)
        if len(frame) > 100_000:
            cursor.execute("ANALYZE period_staging")
        cursor.execute(
            f'INSERT INTO "{table}" ({columns}, "computed_at") '
            f"SELECT n.*, %s FROM (SELECT {fresh} FROM period_staging s) AS n "
            f'LEFT JOIN "{table}" t ON {match} AND {where} '
            f"WHERE t.id IS NULL OR ({old}) IS DISTINCT FROM ({new}) "
            f"ON CONFLICT ({', '.join(KEY)}) DO UPDATE SET {updates}",
            [computed_at, *params, *where_params],
        )
        written = cursor.rowcount
        cursor.execute(f'SELECT count(*) FROM "{table}" t WHERE {where}', where_params)
        if cursor.fetchone()[0] > len(frame):
            stale = " AND ".join(f"s.{n} = t.{n}" for n in KEY)
            cursor.execute(
                f'DELETE FROM "{table}" t WHERE {where} AND NOT EXISTS ('
                f"SELECT 1 FROM period_staging s WHERE {stale})",
                where_params,
            )
        cursor.execute("DROP TABLE period_staging")
    return written


def _write_generic(frame: pd.DataFrame, *, scope: PeriodScope, computed_at) -> int:
    """Any other database (the embedded SQLite): the same rules through the ORM."""
    records = frame.astype(object).where(frame.notna(), None).to_dict("records")
    rows = {}
    for record in records:
        for name in ("target_source", "pace_status", "profile", "actual_vintage"):
            record[name] = record[name] or ""
        record["profile_years"] = record["profile_years"] or ""
        rows[tuple(int(record[n]) for n in KEY)] = tuple(record[n] for n in FIGURES)
    stored = {
        tuple(values[1:5]): (values[0], tuple(values[5:]))
        for values in scope.snapshots().values_list("id", *KEY, *FIGURES)
    }
    changed = [key for key, new in rows.items() if key not in stored or stored[key][1] != new]
    PeriodSnapshot.objects.bulk_create(
        [
            PeriodSnapshot(
                **dict(zip(KEY, key, strict=True)),
                **dict(zip(FIGURES, rows[key], strict=True)),
                computed_at=computed_at,
            )
            for key in changed
        ],
        batch_size=500,
        update_conflicts=True,
        unique_fields=["indicator", "region", "year", "period"],
        update_fields=[*FIGURES, "computed_at"],
    )
    leftovers = [snapshot_id for key, (snapshot_id, _) in stored.items() if key not in rows]
    for start in range(0, len(leftovers), 500):
        PeriodSnapshot.objects.filter(id__in=leftovers[start : start + 500]).delete()
    return len(changed)


def _delete_all(scope: PeriodScope) -> int:
    """The scope's rows, none of which the engine produces any more. Returns 0 rows written."""
    if connection.vendor == "postgresql":
        where, params = scope.sql()
        with connection.cursor() as cursor:
            cursor.execute(f'DELETE FROM "{PeriodSnapshot._meta.db_table}" t WHERE {where}', params)
    else:
        scope.snapshots().delete()
    return 0
