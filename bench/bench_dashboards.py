"""Dashboard benchmark: server time of the overview and of an indicator page at national scale.

    make bench-dashboards        # = .venv/bin/python bench/bench_dashboards.py [--requests N]

Data: the engine benchmark's synthetic set in PostgreSQL (bench/synthetic.py: 3,000 regions ×
100 indicators × 6 years, 1.8 million actuals and snapshots), generated on first use. The
synthetic set has no plan structure, so inside a transaction that is rolled back at the end
(the shared bench database is left as it was) this script gives it the dashboards' shape: nine
of its indicators become the key indicators, 8 levers with 3 tasks each link the others, tasks
get lead units and progress reports, and 200 actuals get a submission time.

Measured: the time Django takes to answer each GET through the whole middleware stack
(sessions, authentication, the view, the template), with the test client in this process, so
no network or browser time is included; many requests per page after a warm-up, reported as
median and 95th percentile, with the SQL query count of one request.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.synthetic import ensure_synthetic_data, setup_django

GOAL_MS = 300.0


def dress_synthetic_data() -> dict:
    """Give the synthetic data the dashboards' structure; return what the pages need."""
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from indicators.models import (
        Actual,
        Indicator,
        Lever,
        Plan,
        Region,
        RegionGroup,
        Task,
        TaskReport,
        TaskUnit,
        Unit,
        WorkflowState,
    )
    from indicators.roles import Role

    plan = Plan.objects.order_by("issued_on").first()
    indicators = list(Indicator.objects.order_by("code"))
    # Nine key indicators of every kind: levels (one lower-is-better), stocks, flows, a rate.
    by_kind = {
        kind: [i for i in indicators if i.kind == kind]
        for kind in ("level", "stock", "flow", "growth_rate")
    }
    key = (
        by_kind["level"][:4]
        + by_kind["stock"][:2]
        + by_kind["flow"][:2]
        + by_kind["growth_rate"][:1]
    )
    for order, indicator in enumerate(key, start=1):
        indicator.category = Indicator.Category.KEY
        indicator.key_order = order
    Indicator.objects.bulk_update(key, ["category", "key_order"])

    units = Unit.objects.bulk_create(
        [Unit(name=f"合成部门{n:02d}", kind=Unit.Kind.BUREAU, order=n) for n in range(1, 13)]
    )
    others = [i for i in indicators if i not in key]
    for n, indicator in enumerate(indicators):
        indicator.lead_unit = units[n % len(units)]
    Indicator.objects.bulk_update(indicators, ["lead_unit"])
    number = 0
    for lever_no in range(1, 9):
        lever = Lever.objects.create(
            plan=plan, number=lever_no, name=f"合成抓手{lever_no}", action="合成行动"
        )
        for _ in range(3):
            number += 1
            task = Task.objects.create(
                plan=plan,
                lever=lever,
                number=number,
                title=f"合成任务{number}",
                text="合成任务内容",
            )
            TaskUnit.objects.bulk_create(
                TaskUnit(
                    task=task, unit=units[(number + k) % len(units)], position=k + 1, is_lead=k == 0
                )
                for k in range(3)
            )
            task.indicators.set([*others[(number - 1) * 3 : number * 3], key[number % 9]])
            for year in (2023, 2024):
                TaskReport.objects.create(
                    task=task,
                    unit=units[number % len(units)],
                    year=year,
                    status="on_schedule",
                    percent=30 * (year - 2022),
                    state=WorkflowState.APPROVED,
                )
    regions = list(Region.objects.exclude(kind=Region.Kind.CITY).order_by("order")[:5])
    RegionGroup.objects.create(name="合成山区5县").members.set(regions)

    leader, _ = get_user_model().objects.get_or_create(username="bench-leader")
    leader.groups.add(Group.objects.get_or_create(name=Role.LEADERSHIP)[0])

    # 200 actuals submitted over the last weeks, for "recent submissions".
    recent = list(Actual.objects.filter(year=2024).order_by("id")[:200])
    start = timezone.now() - dt.timedelta(days=30)
    for n, actual in enumerate(recent):
        actual.submitted_at = start + dt.timedelta(hours=n)
    Actual.objects.bulk_update(recent, ["submitted_at"])
    return {"leader": leader, "level": key[0], "stock": key[4]}


def measure(client, url: str, *, requests: int, warmup: int = 3) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmup):
        assert client.get(url).status_code == 200, url
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    queries = len(captured)  # now: the log is cleared when the next request starts
    size = len(response.content)
    times = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, url
    times.sort()
    return {
        "url": url,
        "median": statistics.median(times),
        "p95": times[max(0, round(0.95 * len(times)) - 1)],
        "min": times[0],
        "queries": queries,
        "kb": size / 1024,
        "n": requests,
    }


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kb = int(
            next(
                x
                for x in Path("/proc/meminfo").read_text().splitlines()
                if x.startswith("MemTotal")
            ).split()[1]
        )
        memory = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    return f"{os.cpu_count()} cores ({cpu}){memory}, Python {platform.python_version()}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--requests", type=int, default=60, help="timed requests per page (default 60)"
    )
    parser.add_argument(
        "--profile", metavar="URL", help="profile one request of this URL (cProfile) and stop"
    )
    args = parser.parse_args()

    setup_django()
    from django.db import connection, transaction
    from django.test import Client

    summary = ensure_synthetic_data()
    print(
        f"data: {summary.regions:,} regions, {summary.indicators} indicators, {summary.actuals:,} actuals, "
        f"{summary.snapshots:,} snapshots (PostgreSQL {connection.pg_version // 10000})",
        file=sys.stderr,
    )
    results = []
    with transaction.atomic():
        shape = dress_synthetic_data()
        client = Client()
        client.force_login(shape["leader"])
        if args.profile:
            import cProfile
            import pstats

            client.get(args.profile)
            profiler = cProfile.Profile()
            profiler.enable()
            client.get(args.profile)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
            transaction.set_rollback(True)
            return 0
        pages = [
            ("总览 overview", "/dashboards/?year=2024"),
            ("总览，默认年份", "/dashboards/"),
            (
                "指标页（比率，3,000 区域）",
                f"/dashboards/indicators/{shape['level'].code}/?year=2024",
            ),
            ("指标页（累计值）", f"/dashboards/indicators/{shape['stock'].code}/?year=2024"),
        ]
        for label, url in pages:
            result = measure(client, url, requests=args.requests)
            result["label"] = label
            results.append(result)
            print(
                f"  {label}: median {result['median']:.0f} ms, p95 {result['p95']:.0f} ms",
                file=sys.stderr,
            )
        transaction.set_rollback(True)

    print(f"\nMachine: {machine()}")
    print("| page | URL | requests | median (ms) | p95 (ms) | min (ms) | SQL queries | HTML (KB) |")
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['label']} | `{r['url']}` | {r['n']} | {r['median']:.0f} | {r['p95']:.0f} | {r['min']:.0f} "
            f"| {r['queries']} | {r['kb']:.0f} |"
        )
    worst = max(r["median"] for r in results)
    verdict = "meets" if worst <= GOAL_MS else "MISSES"
    print(f"\nslowest median {worst:.0f} ms: {verdict} the goal of ≤ {GOAL_MS:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
