"""Benchmark of the progress engine at national scale (not a test): `make bench-progress`.

On the synthetic data of bench/synthetic.py (3,000 regions × 100 indicators × 6 years, 1.8 million
actuals, in PostgreSQL) it measures, each phase in a fresh process so that its peak memory is its
own:

* floor   — the raw floor of a full recompute: read the inputs with one query, write as many rows
            as the engine produces with one COPY into the (emptied) snapshot table, constraints
            checked; nothing else (rolled back afterwards);
* cold    — the full recompute into an empty snapshot table, every row inserted (rolled back);
* nightly — the full recompute again, on unchanged input: the beat schedule's nightly job;
* edit    — one edited actual: the save, its request_recompute and the recompute_indicator it
            runs (in-process, as in the embedded set-up; a worker adds the queue hop);
* changed — optional (--changed): the full recompute when every row's figures differ from the
            stored ones (as after an engine upgrade): the worst case of the upsert (rolled back).

The shared bench database is left as it was: the other benchmarks read its snapshots.

Goals (issue 3): full recompute ≤ 60 s on 2 cores and ≤ 3× the floor; one edit ≤ 0.5 s.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

GOAL_FULL_SECONDS = 60.0
GOAL_FLOOR_RATIO = 3.0
GOAL_EDIT_SECONDS = 0.5
EDITS = 7


def rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def status_mb() -> float:
    """Current resident set size (not the peak), from /proc."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# --- Phases (each runs in its own process) ---------------------------------------------------


def phase_floor() -> dict:
    from django.db import connection, transaction

    from indicators.models import ProgressSnapshot

    table = ProgressSnapshot._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM {table}")
        n_rows = cursor.fetchone()[0]
    before = status_mb()
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        # Empty the table inside the transaction (rolled back below): the COPY goes into the
        # real table, its indexes and foreign keys, as the engine's rows do.
        cursor.execute(f"TRUNCATE {table}")
        started = time.perf_counter()
        # 1. Read the inputs with one query: the engine's targets and actuals.
        buffer = io.BytesIO()
        query = (
            "COPY (SELECT 't', indicator_id, region_id, year, value::float8, comparator "
            "FROM indicators_target UNION ALL "
            "SELECT 'a', indicator_id, region_id, year, value::float8, state "
            "FROM indicators_actual WHERE state IN ('approved', 'submitted')) TO STDOUT"
        )
        with cursor.copy(query) as copy:
            for block in copy:
                buffer.write(block)
        buffer.seek(0)
        inputs = pd.read_csv(
            buffer,
            sep="\t",
            header=None,
            names=["source", "indicator_id", "region_id", "year", "value", "code"],
        )
        read_seconds = time.perf_counter() - started
        # 2. Write as many rows as the engine produces with one COPY.
        rows = _floor_rows(cursor, table, inputs, n_rows)
        encoded = time.perf_counter()
        names = ", ".join(rows.dtype.names[2::2])
        with cursor.copy(f"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.write(_PGCOPY_HEADER)
            for start in range(0, len(rows), 100_000):
                copy.write(rows[start : start + 100_000].tobytes())
            copy.write(_PGCOPY_TRAILER)
        # The foreign keys are checked at commit; make them count here.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return {
        "seconds": seconds,
        "read_seconds": read_seconds,
        "copy_seconds": seconds - (encoded - started),
        "rows": len(rows),
        "inputs": len(inputs),
        "peak_rss_mb": rss_mb(),
        "rss_before_mb": before,
    }


_PGCOPY_HEADER = b"PGCOPY\n\xff\r\n\x00" + (0).to_bytes(4, "big") + (0).to_bytes(4, "big")
_PGCOPY_TRAILER = (-1).to_bytes(2, "big", signed=True)
_BINARY = {"int8": ">i8", "int4": ">i4", "int2": ">i2", "float8": ">f8", "bool": "u1"}


def _floor_rows(cursor, table: str, inputs: pd.DataFrame, n_rows: int) -> np.ndarray:
    """n_rows snapshot rows in binary COPY layout, every column filled (no NULL): the keys of
    every indicator × region pair of the inputs × the six years, constants elsewhere."""
    cursor.execute(
        "SELECT column_name, udt_name, character_maximum_length FROM information_schema.columns "
        "WHERE table_name = %s AND column_name <> 'id' ORDER BY ordinal_position",
        [table],
    )
    columns = cursor.fetchall()
    pairs = inputs[["indicator_id", "region_id"]].drop_duplicates().to_numpy()
    years = np.arange(2022, 2028)
    key_indicator = np.repeat(pairs[:, 0], len(years))[:n_rows]
    key_region = np.repeat(pairs[:, 1], len(years))[:n_rows]
    key_year = np.tile(years, len(pairs))[:n_rows]
    text = {
        "target_comparator": b"gte",
        "target_source": b"own",
        "year_status": b"met",
        "outlook_status": b"on_track",
        "input_fingerprint": b"f" * 64,
        "final_comparator": b"gte",
        "target_type": b"value",
        "special_status": b"no_target",
    }
    # The plan columns stay NULL (left out of the COPY): the engine's rows mostly carry a plan,
    # so the floor skips foreign-key checks the engine pays — it stays a lower bound.
    columns = [c for c in columns if c[0] not in ("target_plan_id", "other_target_plan_id")]
    layout = [("field_count", ">i2")]
    for name, udt, _ in columns:
        kind = f"S{len(text[name])}" if name in text else _BINARY.get(udt, ">i8")
        layout += [(f"{name}__len", ">i4"), (name, kind)]
    rows = np.zeros(len(key_year), dtype=np.dtype(layout))
    rows["field_count"] = len(columns)
    microseconds_since_2000 = int((time.time() - 946684800) * 1_000_000)
    for name, _, _ in columns:
        rows[f"{name}__len"] = rows.dtype[name].itemsize
        if name in text:
            rows[name] = text[name]
        elif name == "indicator_id":
            rows[name] = key_indicator
        elif name == "region_id":
            rows[name] = key_region
        elif name == "year":
            rows[name] = key_year
        elif name == "computed_at":
            rows[name] = microseconds_since_2000
        elif name in ("final_year",):
            rows[name] = 2027
        elif rows.dtype[name].kind == "f":
            rows[name] = np.nan  # a float8 NaN: as wide as any figure
    return rows


def phase_recompute(*, empty_first: bool = False, every_row_changed: bool = False) -> dict:
    """A full recompute. The empty-table and every-row-changed variants run in a transaction
    that is rolled back, so that the shared bench database keeps its snapshots for the other
    benchmarks; their foreign keys are checked before the rollback, as a commit would."""
    from django.db import connection, transaction

    from indicators.models import ProgressSnapshot
    from indicators.progress import recompute as progress

    table = ProgressSnapshot._meta.db_table
    engine = progress.compute_progress
    if every_row_changed:
        # As after an engine upgrade that changes every row: one figure of every row differs
        # from what is stored (a flag flipped), so the upsert rewrites all 1.8 million.
        def changed_engine(**kwargs):
            frame = engine(**kwargs)
            frame["rollup_deviation"] = ~frame["rollup_deviation"]
            return frame

        progress.compute_progress = changed_engine
    with transaction.atomic():
        if empty_first:
            with connection.cursor() as cursor:
                cursor.execute(f"TRUNCATE {table}")
        before = status_mb()
        started = time.perf_counter()
        result = progress.recompute_progress()
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        seconds = time.perf_counter() - started
        transaction.set_rollback(empty_first or every_row_changed)
    progress.compute_progress = engine
    return {
        "seconds": seconds,
        "rows": result.rows,
        "written": result.written,
        "deleted": result.deleted,
        "peak_rss_mb": rss_mb(),
        "rss_before_mb": before,
    }


def phase_edit() -> dict:
    from django.db import transaction

    from indicators.models import Actual, Indicator, ProgressSnapshot, Region
    from indicators.progress.recompute import request_recompute

    def edit(actual_id: int, value: float) -> tuple[float, int]:
        started = time.perf_counter()
        with transaction.atomic():
            actual = Actual.objects.select_for_update().get(id=actual_id)
            actual.value = round(value, 4)
            actual.version += 1
            actual.save(update_fields=["value", "version", "updated_at"])
            request_recompute(indicator_ids=[actual.indicator_id])
        # With tasks in-process, the recompute ran on commit, before the block returned.
        return time.perf_counter() - started, actual.indicator_id

    from indicators.progress.recompute import recompute_progress

    # A worker or web process is long-lived: its first recompute pays for the database
    # connection's catalog caches and the first plans. Timed once, apart, on a flow indicator.
    started = time.perf_counter()
    recompute_progress(indicator_ids=[Indicator.objects.filter(kind="flow").first().id])
    first_call = time.perf_counter() - started
    results = {}
    # A stock (additive: the city's roll-up and every region's share move) and a level indicator.
    for kind in ("stock", "level"):
        indicator = Indicator.objects.filter(kind=kind).order_by("code").first()
        region = Region.objects.exclude(kind="city").order_by("order")[10]
        actual = Actual.objects.get(indicator=indicator, region=region, year=2024)
        original = float(actual.value)
        timings = []
        for n in range(EDITS):
            new_value = original * (1.05 if n % 2 == 0 else 0.95)
            seconds, _ = edit(actual.id, new_value)
            snapshot = ProgressSnapshot.objects.get(indicator=indicator, region=region, year=2024)
            assert abs(snapshot.actual_value - round(new_value, 4)) < 1e-9, "snapshot not updated"
            timings.append(seconds)
        edit(actual.id, original)  # leave the data as generated
        results[kind] = {
            "median_seconds": statistics.median(timings),
            "max_seconds": max(timings),
            "runs": len(timings),
        }
    return {"edits": results, "first_call_seconds": first_call, "peak_rss_mb": rss_mb()}


PHASES = {
    "floor": phase_floor,
    "cold": lambda: phase_recompute(empty_first=True),
    "nightly": phase_recompute,
    "changed": lambda: phase_recompute(every_row_changed=True),
    "edit": phase_edit,
}


def run_phase(name: str) -> dict:
    """Run a phase in a fresh Python process; return what it printed as JSON."""
    output = subprocess.run(
        [sys.executable, "-m", "bench.bench_progress", "--phase", name],
        check=True,
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    return json.loads(output.stdout.strip().splitlines()[-1])


# --- Report ----------------------------------------------------------------------------------


def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal:")
    )
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
        cursor.execute("SHOW shared_buffers")
        shared_buffers = cursor.fetchone()[0]
    return {
        "cpu": cpu,
        "nproc": os.cpu_count(),
        "ram_gb": round(mem_kb / 1024 / 1024, 1),
        "postgresql": pg,
        "shared_buffers": shared_buffers,
        "python": platform.python_version(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phase", choices=sorted(PHASES))
    parser.add_argument("--changed", action="store_true", help="also time the worst case")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()

    from bench.synthetic import ensure_synthetic_data, setup_django

    setup_django()
    if args.phase:
        print(json.dumps(PHASES[args.phase]()))
        return

    print("准备合成数据 / synthetic data…", flush=True)
    summary = ensure_synthetic_data()
    print(
        f"  {summary.regions:,} regions × {summary.indicators} indicators: "
        f"{summary.actuals:,} actuals, {summary.targets:,} targets, {summary.snapshots:,} snapshots"
        f" ({'generated' if summary.generated else 'already there'}, {summary.seconds:.1f} s)"
    )
    info = machine()
    load_before = os.getloadavg()
    figures = {"machine": info, "load_before": load_before}
    order = ["floor", "cold", "nightly", "edit"] + (["changed"] if args.changed else [])
    for name in order:
        print(f"running {name}…", flush=True)
        figures[name] = run_phase(name)
    figures["load_after"] = os.getloadavg()

    floor = figures["floor"]["seconds"]
    rows = [
        ("floor (1 query + 1 COPY)", figures["floor"]),
        ("full recompute, empty table", figures["cold"]),
        ("full recompute, nightly (unchanged input)", figures["nightly"]),
    ]
    if args.changed:
        rows.append(("full recompute, every row changed", figures["changed"]))
    print()
    print(
        f"machine: {info['nproc']} × {info['cpu']}, {info['ram_gb']} GB RAM, "
        f"PostgreSQL {info['postgresql']} (shared_buffers {info['shared_buffers']}), "
        f"Python {info['python']}"
    )
    print(
        "load average before / after: "
        f"{' '.join(f'{x:.2f}' for x in load_before)} / "
        f"{' '.join(f'{x:.2f}' for x in figures['load_after'])}"
    )
    print()
    print(f"{'phase':45} {'seconds':>8} {'× floor':>8} {'rows written':>13} {'peak RSS MB':>12}")
    for label, f in rows:
        written = f.get("written", f.get("rows"))
        print(
            f"{label:45} {f['seconds']:8.1f} {f['seconds'] / floor:8.2f} {written:13,} "
            f"{f['peak_rss_mb']:12.0f}"
        )
    for kind, e in figures["edit"]["edits"].items():
        print(
            f"{'one edited actual (' + kind + ')':45} {e['median_seconds']:8.3f} "
            f"{'':>8} {'median of ' + str(e['runs']):>13}  max {e['max_seconds']:.3f} s"
        )
    print(
        f"{'(first recompute in a fresh process)':45} {figures['edit']['first_call_seconds']:8.3f}"
    )
    print()
    full = [figures["cold"]["seconds"], figures["nightly"]["seconds"]]
    edit_worst = max(e["max_seconds"] for e in figures["edit"]["edits"].values())
    checks = [
        (
            f"full recompute ≤ {GOAL_FULL_SECONDS:.0f} s",
            max(full) <= GOAL_FULL_SECONDS,
            f"{max(full):.1f} s (worst of empty table / nightly)",
        ),
        (
            f"full recompute ≤ {GOAL_FLOOR_RATIO:.0f}× floor",
            max(full) / floor <= GOAL_FLOOR_RATIO,
            f"ratio {max(full) / floor:.2f}",
        ),
        (
            f"one edit ≤ {GOAL_EDIT_SECONDS} s",
            edit_worst <= GOAL_EDIT_SECONDS,
            f"{edit_worst:.3f} s (slowest run)",
        ),
    ]
    for goal, ok, detail in checks:
        print(f"  {'MET   ' if ok else 'MISSED'} {goal}: {detail}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=str))


if __name__ == "__main__":
    main()
