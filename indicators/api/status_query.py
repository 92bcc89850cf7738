"""The status endpoints' rows, read with one SQL statement written out here.

The status endpoints are polled by other systems. On national-scale data, compiling this
28-column, three-join query through the ORM on every request cost about as much CPU as running
it, so the hot path states the SQL once. Nothing else changes: the query string is validated by
the endpoint's FilterSet (filters.SnapshotFilter) exactly as on every other list, and this module
turns the FilterSet's cleaned values into the WHERE and ORDER BY the FilterSet would have applied
through the ORM. tests/api/test_api_status_query.py checks that the two agree, parameter by
parameter, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import psycopg
from django.db import connection
from django.db.models import BooleanField
from django.utils.dateparse import parse_datetime

from indicators.api.status_columns import STALE_SQL, STATUS_COLUMNS, STATUS_KEYS
from indicators.models import Indicator, Plan, ProgressSnapshot, Region

# The columns, as the status endpoints publish them (indicators.api.status_columns).
COLUMNS = tuple(column.sql for column in STATUS_COLUMNS)
BOOLEAN_COLUMNS = tuple(
    n
    for n, column in enumerate(STATUS_COLUMNS)
    if column.sql == STALE_SQL
    or (
        column.sql.startswith("s.")
        and isinstance(ProgressSnapshot._meta.get_field(column.path), BooleanField)
    )
)
COMPUTED_AT = STATUS_KEYS.index("computed_at")
TIMESTAMPTZ_OID = psycopg.postgres.types["timestamptz"].oid
TIMESTAMPTZ_LOADER = psycopg.adapters.get_loader(TIMESTAMPTZ_OID, psycopg.pq.Format.TEXT)
# SnapshotFilter's ordering parameters → columns; its tie-breaker is the primary key.
ORDERING = {
    "indicator": "s.indicator_id",
    "region": "s.region_id",
    "year": "s.year",
    "attainment": "s.attainment",
    "gap": "s.gap",
    "progress_to_goal": "s.progress_to_goal",
    "computed_at": "s.computed_at",
}
DEFAULT_ORDER = "s.indicator_id, s.region_id, s.year"


@cache
def select_from() -> str:
    quote = connection.ops.quote_name
    return (
        f"SELECT {', '.join(COLUMNS)} "
        f"FROM {quote(ProgressSnapshot._meta.db_table)} s "
        f"JOIN {quote(Indicator._meta.db_table)} i ON i.id = s.indicator_id "
        f"JOIN {quote(Region._meta.db_table)} r ON r.id = s.region_id "
        f"LEFT JOIN {quote(Plan._meta.db_table)} p ON p.id = s.target_plan_id"
    )


def conditions(cleaned: dict, indicator_id: int | None) -> tuple[list[str], list]:
    """WHERE clauses and parameters for SnapshotFilter's cleaned values (empty values: no filter,
    as django-filter skips them)."""
    where: list[str] = []
    params: list = []
    if indicator_id is not None:
        where.append("s.indicator_id = %s")
        params.append(indicator_id)
    for name, column in (("indicator", "i.code"), ("region", "r.code")):
        codes = cleaned.get(name)
        if codes:
            where.append(f"{column} IN ({', '.join(['%s'] * len(codes))})")
            params.extend(codes)
    for name, column in (
        ("category", "i.category"),
        ("year_status", "s.year_status"),
        ("outlook_status", "s.outlook_status"),
    ):
        if cleaned.get(name):
            where.append(f"{column} = %s")
            params.append(cleaned[name])
    if cleaned.get("stale") is not None:
        where.append(f"{STALE_SQL} = %s")
        params.append(cleaned["stale"])
    for name, operator in (("year", "="), ("year_min", ">="), ("year_max", "<=")):
        if cleaned.get(name) is not None:
            where.append(f"s.year {operator} %s")
            params.append(cleaned[name])
    return where, params


def order_by(cleaned: dict) -> str:
    ordering = [param for param in cleaned.get("ordering") or () if param]
    if not ordering:
        return DEFAULT_ORDER
    terms = [
        f"{ORDERING[p.removeprefix('-')]} DESC" if p.startswith("-") else ORDERING[p]
        for p in ordering
    ]
    return ", ".join([*terms, "s.id"])


class StatusRows:
    """The rows of one status query, fetched when sliced — as a paginator slices a queryset."""

    def __init__(self, *, cleaned: dict, indicator_id: int | None = None):
        where, self.params = conditions(cleaned, indicator_id)
        self.sql = select_from()
        if where:
            self.sql += " WHERE " + " AND ".join(where)
        self.sql += f" ORDER BY {order_by(cleaned)}"

    def __getitem__(self, item: slice) -> list[tuple]:
        if not isinstance(item, slice) or item.stop is None or item.step is not None:
            raise TypeError("StatusRows is read a page at a time: rows[offset:stop]")
        start = item.start or 0
        sql, params = f"{self.sql} LIMIT %s OFFSET %s", [*self.params, item.stop - start, start]
        if connection.vendor == "postgresql":
            # A prepared statement, planned once per connection and shape: Django's own cursors
            # bind parameters on the client, so PostgreSQL would plan the joins on every request.
            # And psycopg's own (C) timestamp loader: Django registers a Python subclass, which
            # parses every computed_at with a regular expression.
            connection.ensure_connection()
            with psycopg.Cursor(connection.connection) as cursor:  # server-side binding
                cursor.adapters.register_loader(TIMESTAMPTZ_OID, TIMESTAMPTZ_LOADER)
                return cursor.execute(sql, params, prepare=True).fetchall()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [typed(row) for row in cursor.fetchall()]


def typed(row: tuple) -> tuple:
    """SQLite hands back booleans as 0/1 and datetimes without their (UTC) zone; PostgreSQL
    needs none of this."""
    values = list(row)
    for n in BOOLEAN_COLUMNS:
        if values[n] is not None:
            values[n] = bool(values[n])
    stamp = values[COMPUTED_AT]
    if isinstance(stamp, str):
        stamp = parse_datetime(stamp)
    if stamp is not None and stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.UTC)  # Django keeps UTC in SQLite
    values[COMPUTED_AT] = stamp
    return tuple(values)
