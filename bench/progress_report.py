"""The engine benchmark's report: the machine, and the figures of bench/bench_progress.py's
phases as one table (annual snapshots, period snapshots, and both together) with the goals."""

from __future__ import annotations

import os
import platform
from pathlib import Path


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


def _seconds(figures: dict, name: str) -> float | None:
    phase = figures.get(name) or {}
    return phase.get("seconds")


def _sum(*values: float | None) -> float | None:
    return None if any(v is None for v in values) else sum(values)


def _line(label: str, seconds, floor, written, rss) -> None:
    shown = "—" if seconds is None else f"{seconds:8.1f}"
    ratio = "" if seconds is None or not floor else f"{seconds / floor:8.2f}"
    written = "" if written is None else f"{written:,}"
    rss = "" if rss is None else f"{rss:.0f}"
    print(f"{label:56} {shown:>8} {ratio:>8} {written:>13} {rss:>12}")


def print_report(figures: dict, *, goals: dict) -> None:
    info = figures["machine"]
    print()
    print(
        f"machine: {info['nproc']} × {info['cpu']}, {info['ram_gb']} GB RAM, "
        f"PostgreSQL {info['postgresql']} (shared_buffers {info['shared_buffers']}), "
        f"Python {info['python']}"
    )
    print(
        "load average before / after: "
        f"{' '.join(f'{x:.2f}' for x in figures['load_before'])} / "
        f"{' '.join(f'{x:.2f}' for x in figures['load_after'])}"
    )
    for name, phase in figures.items():
        if isinstance(phase, dict) and ("failed" in phase or "skipped" in phase):
            print(f"  {name}: {phase.get('failed') or phase.get('skipped')}")
    print()
    print(f"{'phase':56} {'seconds':>8} {'× floor':>8} {'rows written':>13} {'peak RSS MB':>12}")
    floors = {
        "annual": _seconds(figures, "floor"),
        "periods": _seconds(figures, "floor_periods"),
    }
    floors["both"] = _sum(floors["annual"], floors["periods"])
    _line(
        "floor: annual snapshots (1 query + 1 COPY)",
        floors["annual"],
        floors["annual"],
        (figures.get("floor") or {}).get("rows"),
        (figures.get("floor") or {}).get("peak_rss_mb"),
    )
    _line(
        "floor: period snapshots (1 query + 1 COPY)",
        floors["periods"],
        floors["periods"],
        (figures.get("floor_periods") or {}).get("rows"),
        (figures.get("floor_periods") or {}).get("peak_rss_mb"),
    )
    _line("floor: both", floors["both"], floors["both"], None, None)
    table = [
        ("full recompute, empty tables (annual + periods)", "cold", "both"),
        ("full recompute, nightly (unchanged input)", "nightly", "both"),
        ("full recompute, every annual row changed", "changed", "both"),
        ("period recompute alone, empty table", "periods_cold", "periods"),
        ("period recompute alone, nightly", "periods_nightly", "periods"),
    ]
    for label, name, floor_of in table:
        phase = figures.get(name)
        if not phase or "seconds" not in phase:
            continue
        written = phase.get("written", phase.get("rows"))
        _line(label, phase["seconds"], floors[floor_of], written, phase.get("peak_rss_mb"))
    both = {
        "floor": floors["both"],
        "cold": _seconds(figures, "cold"),
        "nightly": _seconds(figures, "nightly"),
    }
    edits = []
    for name, what in (("edit", "annual"), ("edit_monthly", "year to date")):
        for kind, e in (figures.get(name) or {}).get("edits", {}).items():
            edits.append(e["median_seconds"])
            print(
                f"{'one edited ' + what + ' value (' + kind + ')':56} {e['median_seconds']:8.3f} "
                f"{'':>8} {'median of ' + str(e['runs']):>13}  max {e['max_seconds']:.3f} s"
            )
    if "path" in (figures.get("edit_monthly") or {}):
        print(f"  (year-to-date edits: {figures['edit_monthly']['path']})")
    first = (figures.get("edit") or {}).get("first_call_seconds")
    if first is not None:
        print(f"{'(first recompute in a fresh process)':56} {first:8.3f}")
    print()
    full = [s for s in (both["cold"], both["nightly"]) if s is not None]
    checks = []
    if full:
        checks.append(
            (
                f"full recompute (annual + periods) ≤ {goals['full_seconds']:.0f} s",
                max(full) <= goals["full_seconds"],
                f"{max(full):.1f} s (worst of empty tables / nightly)",
            )
        )
        checks.append(
            (
                f"full recompute ≤ {goals['floor_ratio']:.0f}× floor",
                max(full) / both["floor"] <= goals["floor_ratio"],
                f"ratio {max(full) / both['floor']:.2f}",
            )
        )
    if edits:
        checks.append(
            (
                f"one edit ≤ {goals['edit_seconds']} s at the median",
                max(edits) <= goals["edit_seconds"],
                f"{max(edits):.3f} s (slowest median)",
            )
        )
    for goal, ok, detail in checks:
        print(f"  {'MET   ' if ok else 'MISSED'} {goal}: {detail}")
