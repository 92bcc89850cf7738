"""The raw floor of a recompute: its inputs read with one query, as many rows as the engine
produces written with one binary COPY — nothing else. Shared by the annual snapshots and the
period snapshots (序时进度) of bench/bench_progress.py.

The rows are built as one numpy structured array in PostgreSQL's binary COPY layout: the keys
the inputs give, a representative value in every other column (text as wide as the engine's,
NaN in every float, no NULL), so the COPY writes as many bytes and index entries as the
engine's rows. Foreign keys other than the keys' are left NULL: the floor skips checks the engine
pays, and stays a lower bound.
"""

from __future__ import annotations

import io
import time

import numpy as np
import pandas as pd

PGCOPY_HEADER = b"PGCOPY\n\xff\r\n\x00" + (0).to_bytes(4, "big") + (0).to_bytes(4, "big")
PGCOPY_TRAILER = (-1).to_bytes(2, "big", signed=True)
_BINARY = {"int8": ">i8", "int4": ">i4", "int2": ">i2", "float8": ">f8", "bool": "u1"}
# Text as the engine writes it, column by column (as wide as its usual value).
TEXT = {
    "target_comparator": b"gte",
    "target_source": b"own",
    "year_status": b"met",
    "outlook_status": b"on_track",
    "input_fingerprint": b"f" * 64,
    "final_comparator": b"gte",
    "target_type": b"value",
    "special_status": b"no_target",
    "actual_vintage": b"final",
    "pace_status": b"on_pace",
    "profile": b"seasonal",
    "profile_years": b"2022,2023,2024",
}
KEYS = ("indicator_id", "region_id", "year", "period")


def read_inputs(cursor, query: str, names: list[str]) -> pd.DataFrame:
    """The inputs with one ``COPY (query) TO STDOUT``, parsed by pandas."""
    buffer = io.BytesIO()
    with cursor.copy(f"COPY ({query}) TO STDOUT") as copy:
        for block in copy:
            buffer.write(block)
    buffer.seek(0)
    return pd.read_csv(buffer, sep="\t", header=None, names=names)


def floor_rows(cursor, table: str, keys: dict[str, np.ndarray]) -> np.ndarray:
    """Rows of ``table`` in binary COPY layout, one per entry of the key arrays."""
    cursor.execute(
        "SELECT column_name, udt_name, is_nullable FROM information_schema.columns "
        "WHERE table_name = %s AND column_name <> 'id' ORDER BY ordinal_position",
        [table],
    )
    columns = [
        (name, udt)
        for name, udt, nullable in cursor.fetchall()
        # Other foreign keys (the target's plan) stay NULL: left out of the COPY.
        if name in keys or not (name.endswith("_id") and nullable == "YES")
    ]
    layout = [("field_count", ">i2")]
    for name, udt in columns:
        if udt in ("varchar", "text"):
            kind = f"S{len(TEXT.get(name, b'x' * 8))}"
        else:
            kind = _BINARY.get(udt, ">i8")  # timestamptz: microseconds since 2000, as int8
        layout += [(f"{name}__len", ">i4"), (name, kind)]
    n_rows = len(next(iter(keys.values())))
    rows = np.zeros(n_rows, dtype=np.dtype(layout))
    rows["field_count"] = len(columns)
    microseconds_since_2000 = int((time.time() - 946684800) * 1_000_000)
    for name, udt in columns:
        rows[f"{name}__len"] = rows.dtype[name].itemsize
        if name in keys:
            rows[name] = keys[name]
        elif udt in ("varchar", "text"):
            rows[name] = TEXT.get(name, b"x" * 8)
        elif udt == "timestamptz":
            rows[name] = microseconds_since_2000
        elif name == "final_year":
            rows[name] = 2027
        elif rows.dtype[name].kind == "f":
            rows[name] = np.nan  # a float8 NaN: as wide as any figure
    return rows


def copy_rows(cursor, table: str, rows: np.ndarray) -> None:
    """One binary COPY of the rows into the table, in blocks of 100,000."""
    names = ", ".join(rows.dtype.names[2::2])
    with cursor.copy(f"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)") as copy:
        copy.write(PGCOPY_HEADER)
        for start in range(0, len(rows), 100_000):
            copy.write(rows[start : start + 100_000].tobytes())
        copy.write(PGCOPY_TRAILER)


def timed_floor(cursor, *, table: str, query: str, names: list[str], make_keys) -> dict:
    """Empty ``table`` (the caller rolls back), read the inputs, write the rows; timed.

    ``make_keys(inputs)`` gives the key arrays of the rows to write (as many as the engine
    produces). The foreign keys are checked before the time is taken, as a commit would."""
    cursor.execute(f"TRUNCATE {table}")
    started = time.perf_counter()
    inputs = read_inputs(cursor, query, names)
    read_seconds = time.perf_counter() - started
    rows = floor_rows(cursor, table, make_keys(inputs))
    encoded = time.perf_counter()
    copy_rows(cursor, table, rows)
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "read_seconds": read_seconds,
        "copy_seconds": seconds - (encoded - started),
        "rows": len(rows),
        "inputs": len(inputs),
    }
