"""Benchmark of the progress engine at national scale (not a test): `make bench-progress`.

On the synthetic data of bench/synthetic.py (3,000 regions × 100 indicators × 6 years, 1.8 million
annual actuals; 20 indicators monthly with 3.96 million year-to-date values; in PostgreSQL) it
measures, each phase in a fresh process so that its peak memory is its own:

* floor   — the raw floor of the annual snapshots: read the inputs with one query, write as many
            rows as the engine produces with one COPY into the (emptied) snapshot table,
            constraints checked; nothing else (rolled back afterwards);
* cold    — the full recompute (annual and period snapshots) into both emptied tables (rolled
            back);
* nightly — the full recompute again, on unchanged input: the beat schedule's nightly job;
* edit    — one edited annual value: the save, what the entry services ask for (recompute_cell:
            the indicator's annual recompute and the region's 序时进度) and the tasks it runs
            (in-process, as in the embedded set-up; a worker adds the queue hop);
* changed — optional (--changed): the full recompute when every annual row's figures differ
            from the stored ones (as after an engine upgrade): the upsert's worst case;
* the period phases of bench/bench_periods.py: the period snapshots' floor, the period
  recompute alone, one edited year-to-date value.

The shared bench database is left as it was: the other benchmarks read its snapshots.

Goals (issues 3 and 13): full recompute ≤ 60 s on 2 cores and ≤ 3× the floor (the full
recompute against both floors); one edit ≤ 0.5 s at the median.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pandas as pd

from bench import bench_periods, floor
from bench.bench_periods import rss_mb
from bench.progress_report import machine, print_report

GOALS = {"full_seconds": 60.0, "floor_ratio": 3.0, "edit_seconds": 0.5}
EDITS = 7


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

    def keys(inputs: pd.DataFrame) -> dict:
        # Every indicator × region pair of the inputs × the six years, as many as the engine's.
        pairs = inputs[["indicator_id", "region_id"]].drop_duplicates().to_numpy()
        years = np.arange(2022, 2028)
        return {
            "indicator_id": np.repeat(pairs[:, 0], len(years))[:n_rows],
            "region_id": np.repeat(pairs[:, 1], len(years))[:n_rows],
            "year": np.tile(years, len(pairs))[:n_rows],
        }

    before = status_mb()
    # The engine's inputs: the targets and the annual actuals (period 12, every vintage).
    query = (
        "SELECT 't', indicator_id, region_id, year, value::float8, comparator, '' "
        "FROM indicators_target UNION ALL "
        "SELECT 'a', indicator_id, region_id, year, value::float8, state, vintage "
        "FROM indicators_actual WHERE state IN ('approved', 'submitted') AND period = 12"
    )
    names = ["source", "indicator_id", "region_id", "year", "value", "code", "vintage"]
    with transaction.atomic(), connection.cursor() as cursor:
        # Into the real table (emptied, rolled back below): its indexes and foreign keys.
        result = floor.timed_floor(cursor, table=table, query=query, names=names, make_keys=keys)
        transaction.set_rollback(True)
    return {**result, "peak_rss_mb": rss_mb(), "rss_before_mb": before}


def phase_recompute(*, empty_first: bool = False, every_row_changed: bool = False) -> dict:
    """A full recompute (``recompute_progress()``: the annual snapshots and, from the same
    inputs, the period snapshots). The empty-tables and every-row-changed variants run in a
    transaction that is rolled back, so that the shared bench database keeps its snapshots for
    the other benchmarks; their foreign keys are checked before the rollback, as a commit
    would."""
    from django.db import connection, transaction

    from indicators.models import PeriodSnapshot, ProgressSnapshot
    from indicators.progress import recompute as progress

    tables = f"{ProgressSnapshot._meta.db_table}, {PeriodSnapshot._meta.db_table}"
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
                cursor.execute(f"TRUNCATE {tables}")
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
        "written": result.written + getattr(result, "period_rows", 0),
        "annual_written": result.written,
        "period_written": getattr(result, "period_rows", 0),
        "deleted": result.deleted,
        "peak_rss_mb": rss_mb(),
        "rss_before_mb": before,
    }


def phase_edit() -> dict:
    from django.db import transaction

    from indicators.entry.services.actuals import recompute_cell
    from indicators.models import Actual, Indicator, ProgressSnapshot, Region

    def edit(actual_id: int, value: float, *, recompute: bool = True) -> tuple[float, int]:
        started = time.perf_counter()
        with transaction.atomic():
            actual = Actual.objects.select_for_update().get(id=actual_id)
            actual.value = round(value, 4)
            actual.version += 1
            actual.save(update_fields=["value", "version", "updated_at"])
            # What the entry services ask for (their rule): for a full-year figure, the
            # indicator's annual recompute and the region's 序时进度. Without it: the floor,
            # the save alone.
            if recompute:
                recompute_cell(actual)
        # With tasks in-process, the recompute ran on commit, before the block returned.
        return time.perf_counter() - started, actual.indicator_id

    from indicators.progress.recompute import recompute_progress

    # A worker or web process is long-lived: its first recompute pays for the database
    # connection's catalog caches and the first plans. Timed once, apart, on a flow indicator.
    started = time.perf_counter()
    recompute_progress(indicator_ids=[Indicator.objects.filter(kind="flow").first().id])
    first_call = time.perf_counter() - started
    results = {}
    # A stock (additive: the city's roll-up and every region's share move; BX041 reports
    # monthly) and a level indicator (BX001, yearly).
    for kind in ("stock", "level"):
        indicator = Indicator.objects.filter(kind=kind).order_by("code").first()
        region = Region.objects.exclude(kind="city").order_by("order")[10]
        actual = Actual.objects.get(
            indicator=indicator, region=region, year=2024, period=12, vintage="final"
        )
        original = float(actual.value)
        # The floor of one edit: the same save and commit, nothing recomputed (the first timed
        # edit below brings the snapshots up to date).
        floor_timings = [
            edit(actual.id, original * (1.05 if n % 2 == 0 else 0.95), recompute=False)[0]
            for n in range(EDITS)
        ]
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
            "floor_median_seconds": statistics.median(floor_timings),
            "code": indicator.code,
        }
    return {"edits": results, "first_call_seconds": first_call, "peak_rss_mb": rss_mb()}


PHASES = {
    "floor": phase_floor,
    "cold": lambda: phase_recompute(empty_first=True),
    "nightly": phase_recompute,
    "changed": lambda: phase_recompute(every_row_changed=True),
    "edit": phase_edit,
    **bench_periods.PHASES,
}


def run_phase(name: str) -> dict:
    """Run a phase in a fresh Python process; return what it printed as JSON (or why it
    failed: the other phases still run)."""
    output = subprocess.run(
        [sys.executable, "-m", "bench.bench_progress", "--phase", name],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
    )
    if output.returncode:
        print(output.stderr[-3000:], file=sys.stderr)
        return {"failed": output.stderr.strip().splitlines()[-1:]}
    return json.loads(output.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phase", choices=sorted(PHASES))
    parser.add_argument("--changed", action="store_true", help="also time the worst case")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--only", nargs="+", choices=sorted(PHASES), help="run only these phases")
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
        f"{summary.actuals:,} annual actuals, {summary.period_actuals:,} year-to-date actuals, "
        f"{summary.targets:,} targets, {summary.snapshots:,} snapshots, "
        f"{summary.period_snapshots:,} period snapshots"
        f" ({'generated' if summary.generated else 'already there'}, {summary.seconds:.1f} s)"
    )
    figures = {"machine": machine(), "load_before": os.getloadavg(), "summary": asdict(summary)}
    order = ["floor", "cold", "nightly", "edit"] + (["changed"] if args.changed else [])
    order += ["floor_periods", "periods_cold", "periods_nightly", "edit_monthly"]
    for name in args.only or order:
        print(f"running {name}…", flush=True)
        figures[name] = run_phase(name)
    figures["load_after"] = os.getloadavg()
    print_report(figures, goals=GOALS)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, default=str))


if __name__ == "__main__":
    main()
