"""Writing snapshots: the engine's frame into ProgressSnapshot, only the rows that changed.

On PostgreSQL a binary COPY into a temporary table and one upsert; on any other database (the
embedded SQLite) the same rules through the ORM. Either way the scope's rows the engine no
longer produces are deleted. Called by indicators.progress.recompute, inside its transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from django.db import connection, models
from django.db.models import QuerySet

from indicators.compute.progress import OUTPUT_COLUMNS
from indicators.models import ProgressSnapshot

# Rows per chunk of the binary COPY: bounds the memory of one encoded block (about 30 MB).
COPY_CHUNK_ROWS = 100_000


@dataclass(frozen=True)
class Scope:
    """The snapshot rows one recompute covers: some indicators (None: every one), and
    optionally only some regions and years of them."""

    indicator_ids: list[int] | None
    region_ids: list[int] | None
    years: list[int] | None

    def snapshots(self) -> QuerySet:
        rows = ProgressSnapshot.objects.all()
        if self.indicator_ids is not None:
            rows = rows.filter(indicator_id__in=self.indicator_ids)
        if self.region_ids is not None:
            rows = rows.filter(region_id__in=self.region_ids)
        if self.years is not None:
            rows = rows.filter(year__in=self.years)
        return rows


def write_snapshots(
    frame: pd.DataFrame, fingerprints: dict[int, str], *, scope: Scope, computed_at
) -> tuple[int, int]:
    """Write the engine's frame for this scope: insert or update the rows that are new or
    changed (stamped computed_at, with their indicator's fingerprint, not stale); clear the flag
    of stale rows whose figures did not change (their computed_at and fingerprint still say what
    their figures came from); delete the scope's rows the frame no longer has. Returns
    (written: rows inserted, updated or cleared, deleted)."""
    writer = _write_postgresql if connection.vendor == "postgresql" else _write_generic
    return writer(frame, fingerprints, scope=scope, computed_at=computed_at)


# Snapshot columns as the engine's frame gives them: how each is staged and turned back into
# the model's column. Codes travel as smallints and become text in SQL; missing values travel as
# sentinels (NaN for floats, -1 for counts, 0 for plan ids) so that every staged row has the same
# width and the whole frame can be encoded by numpy in one go.
_FLOAT, _BOOL, _CODE, _ID, _COUNT = "float", "bool", "code", "id", "count"


def _column_kind(name: str, model: type[models.Model] = ProgressSnapshot) -> str:
    """How an engine column is staged, from the type of the model field that stores it."""
    field = model._meta.get_field(name)  # an engine column the model lacks: an error
    if field.is_relation:
        return _ID
    for field_class, kind in (
        (models.BooleanField, _BOOL),
        (models.FloatField, _FLOAT),
        (models.CharField, _CODE),
        (models.IntegerField, _COUNT),
    ):
        if isinstance(field, field_class):
            return kind
    raise TypeError(f"no way to stage snapshot column {name} ({type(field).__name__})")


@dataclass(frozen=True)
class Layout:
    """How a frame's columns are staged into a model's table: the columns in order, their key,
    and each column's kind (from its model field). Also used for period snapshots (periods.py)."""

    model: type[models.Model]
    names: tuple[str, ...]
    key: tuple[str, ...]
    kinds: dict[str, str]

    @classmethod
    def of(cls, model, names, key) -> Layout:
        return cls(model, tuple(names), tuple(key), {n: _column_kind(n, model) for n in names})


_KEY = ("indicator_id", "region_id", "year")
SNAPSHOTS = Layout.of(ProgressSnapshot, OUTPUT_COLUMNS, _KEY)
# Every column of the engine's frame (indicators.compute.progress.OUTPUT_COLUMNS), in its order.
COLUMN_KINDS = SNAPSHOTS.kinds
_PG_TYPES = {_FLOAT: "float8", _BOOL: "boolean", _CODE: "int2", _ID: "int8", _COUNT: "int4"}
_BINARY_TYPES = {_FLOAT: ">f8", _BOOL: "u1", _CODE: ">i2", _ID: ">i8", _COUNT: ">i4"}
_PGCOPY_HEADER = b"PGCOPY\n\xff\r\n\x00" + (0).to_bytes(4, "big") + (0).to_bytes(4, "big")
_PGCOPY_TRAILER = (-1).to_bytes(2, "big", signed=True)


def _staged_value(frame: pd.DataFrame, name: str, layout: Layout) -> np.ndarray:
    column = frame[name]
    kind = layout.kinds[name]
    if kind == _FLOAT:
        return column.to_numpy(dtype=np.float64, na_value=np.nan)
    if kind == _BOOL:
        return column.to_numpy(dtype=bool)
    if kind == _CODE:
        return np.asarray(column.cat.codes, dtype=np.int16)
    sentinel = 0 if kind == _ID else -1
    return column.to_numpy(dtype=np.int64, na_value=sentinel)


def _binary_chunks(frame: pd.DataFrame, layout: Layout = SNAPSHOTS) -> Iterable[bytes]:
    """The frame in PostgreSQL's binary COPY format, built by numpy in chunks."""
    names = list(layout.names)
    fields = [("field_count", ">i2")]
    for name in names:
        fields += [(f"{name}__len", ">i4"), (name, _BINARY_TYPES[layout.kinds[name]])]
    row_type = np.dtype(fields)
    yield _PGCOPY_HEADER
    for start in range(0, len(frame), COPY_CHUNK_ROWS):
        part = frame.iloc[start : start + COPY_CHUNK_ROWS]
        rows = np.empty(len(part), dtype=row_type)
        rows["field_count"] = len(names)
        for name in names:
            rows[f"{name}__len"] = np.dtype(_BINARY_TYPES[layout.kinds[name]]).itemsize
            rows[name] = _staged_value(part, name, layout)
        yield rows.tobytes()
    yield _PGCOPY_TRAILER


def _select_expression(
    name: str, frame: pd.DataFrame, params: list, layout: Layout = SNAPSHOTS
) -> str:
    """The staged column turned back into the snapshot column's value."""
    kind = layout.kinds[name]
    column = f"s.{name}"
    if kind == _FLOAT:
        return f"NULLIF({column}, 'NaN'::float8)"
    if kind == _CODE:
        params.append([str(c) for c in frame[name].cat.categories])
        # codes are 0-based, arrays 1-based; code -1 (missing) gives NULL, stored as ''
        expression = f"(%s::text[])[{column} + 1]"
        # a blank-able text column (a comparator) stores '' rather than NULL
        blank = layout.model._meta.get_field(name).blank
        return f"COALESCE({expression}, '')" if blank else expression
    if kind == _ID and name not in layout.key:
        return f"NULLIF({column}, 0)"
    if kind == _COUNT and name not in layout.key:
        return f"NULLIF({column}, -1)"
    return column


def _write_postgresql(
    frame: pd.DataFrame, fingerprints: dict[int, str], *, scope: Scope, computed_at
) -> tuple[int, int]:
    """COPY into a temporary table; upsert the rows whose figures changed (or that are new);
    delete the scope's rows no longer produced; clear the stale flag of the rest. Returns
    (written, deleted).

    Unchanged rows are not touched: one edited actual rewrites the handful of rows it changes,
    not the indicator's 18,000, and the nightly run over unchanged data writes nothing.
    """
    table = ProgressSnapshot._meta.db_table
    names = list(OUTPUT_COLUMNS)
    figures = [n for n in names if n not in _KEY]
    staging_columns = ", ".join(f"{n} {_PG_TYPES[COLUMN_KINDS[n]]}" for n in names)
    params: list = []
    fresh = ", ".join(f"{_select_expression(n, frame, params)} AS {n}" for n in names)
    targets = ", ".join(f'"{n}"' for n in names)
    updates = ", ".join(
        f'"{n}" = EXCLUDED."{n}"' for n in [*figures, "computed_at", "input_fingerprint", "stale"]
    )
    old_figures = ", ".join(f't."{n}"' for n in figures)
    new_figures = ", ".join(f"n.{n}" for n in figures)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS progress_staging, progress_fingerprint")
        cursor.execute(
            f"CREATE TEMPORARY TABLE progress_staging ({staging_columns}) ON COMMIT DROP"
        )
        cursor.execute(
            "CREATE TEMPORARY TABLE progress_fingerprint "
            "(indicator_id int8 PRIMARY KEY, fingerprint varchar(64)) ON COMMIT DROP"
        )
        with cursor.copy("COPY progress_staging FROM STDIN (FORMAT BINARY)") as copy:
            for chunk in _binary_chunks(frame):
                copy.write(chunk)
        with cursor.copy("COPY progress_fingerprint FROM STDIN") as copy:
            for item in fingerprints.items():
                copy.write_row(item)
        if len(frame) > 100_000:
            # Row estimates for the join below; a small staging table plans well without.
            cursor.execute("ANALYZE progress_staging")
        where, where_params = _scope_sql(scope)
        # The scope's condition on the stored rows lets one indicator's 18,000 rows be read
        # through the index, not probed one by one (25 ms against 160 ms).
        cursor.execute(
            f'INSERT INTO "{table}" ({targets}, "computed_at", "input_fingerprint", "stale") '
            f"SELECT n.*, %s, f.fingerprint, false "
            f"FROM (SELECT {fresh} FROM progress_staging s) AS n "
            "JOIN progress_fingerprint f USING (indicator_id) "
            f'LEFT JOIN "{table}" t ON t.indicator_id = n.indicator_id '
            f"AND t.region_id = n.region_id AND t.year = n.year AND {where} "
            f"WHERE t.id IS NULL OR ({old_figures}) IS DISTINCT FROM ({new_figures}) "
            'ON CONFLICT ("indicator_id", "region_id", "year") DO UPDATE SET ' + updates,
            [computed_at, *params, *where_params],
        )
        written = cursor.rowcount
        # Every produced row now exists; any further row in the scope is one no longer produced.
        cursor.execute(f'SELECT count(*) FROM "{table}" t WHERE {where}', where_params)
        deleted = 0
        if cursor.fetchone()[0] > len(frame):
            cursor.execute(
                f'DELETE FROM "{table}" t WHERE {where} AND NOT EXISTS ('
                "SELECT 1 FROM progress_staging s WHERE s.indicator_id = t.indicator_id "
                "AND s.region_id = t.region_id AND s.year = t.year)",
                where_params,
            )
            deleted = cursor.rowcount
        # Stale rows the engine produced unchanged: only their flag changes.
        cursor.execute(
            f'UPDATE "{table}" t SET "stale" = false WHERE {where} AND t."stale"', where_params
        )
        written += cursor.rowcount
        cursor.execute("DROP TABLE progress_staging, progress_fingerprint")
    return written, deleted


def _scope_sql(scope: Scope) -> tuple[str, list]:
    clauses, params = ["TRUE"], []
    for column, values in (
        ("indicator_id", scope.indicator_ids),
        ("region_id", scope.region_ids),
        ("year", scope.years),
    ):
        if values is not None:
            clauses.append(f"t.{column} = ANY(%s)")
            params.append(list(values))
    return " AND ".join(clauses), params


def _write_generic(
    frame: pd.DataFrame, fingerprints: dict[int, str], *, scope: Scope, computed_at
) -> tuple[int, int]:
    """Any other database (the embedded SQLite): the same rules as on PostgreSQL — write the
    new and changed rows, clear the flag of unchanged stale ones, delete the ones no longer
    produced — with the ORM."""
    names = list(OUTPUT_COLUMNS)
    figures = [n for n in names if n not in _KEY]
    columns = {}
    for name in names:
        kind = COLUMN_KINDS[name]
        values = frame[name]
        if kind == _CODE:
            columns[name] = values.astype(object).where(values.notna(), "").tolist()
        elif kind in (_FLOAT, _ID, _COUNT) and name not in _KEY:
            columns[name] = values.astype(object).where(values.notna(), None).tolist()
        else:
            columns[name] = values.tolist()
    rows = {
        key: tuple(columns[n][i] for n in figures)
        for i, key in enumerate(
            zip(columns["indicator_id"], columns["region_id"], columns["year"], strict=True)
        )
    }
    stored = {}
    for snapshot_id, *values in scope.snapshots().values_list("id", *_KEY, *figures, "stale"):
        key, old, stale = tuple(values[:3]), tuple(values[3:-1]), values[-1]
        stored[key] = (snapshot_id, old, stale)
    changed = [
        key
        for key, new in rows.items()
        if key not in stored or not _same_figures(stored[key][1], new)
    ]
    changed_keys = set(changed)
    unchanged_stale = [
        stored[key][0]
        for key in rows
        if key in stored and stored[key][2] and key not in changed_keys
    ]
    snapshots = [
        ProgressSnapshot(
            **dict(zip(_KEY, key, strict=True)),
            **dict(zip(figures, rows[key], strict=True)),
            computed_at=computed_at,
            input_fingerprint=fingerprints[key[0]],
            stale=False,
        )
        for key in changed
    ]
    ProgressSnapshot.objects.bulk_create(
        snapshots,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["indicator", "region", "year"],
        # attnames (target_plan_id) are accepted as field names here
        update_fields=[*figures, "computed_at", "input_fingerprint", "stale"],
    )
    for start in range(0, len(unchanged_stale), 500):
        ProgressSnapshot.objects.filter(id__in=unchanged_stale[start : start + 500]).update(
            stale=False
        )
    leftovers = [snapshot_id for key, (snapshot_id, _, _) in stored.items() if key not in rows]
    for start in range(0, len(leftovers), 500):
        ProgressSnapshot.objects.filter(id__in=leftovers[start : start + 500]).delete()
    return len(snapshots) + len(unchanged_stale), len(leftovers)


def _same_figures(old: tuple, new: tuple) -> bool:
    # Exact comparison, as PostgreSQL's IS DISTINCT FROM: the engine is deterministic.
    return all(a == b or (a is None and b is None) for a, b in zip(old, new, strict=True))
