"""API benchmark: the status endpoint under 32 concurrent clients, beside its raw floor.

    make bench-api               # = .venv/bin/python bench/bench_api.py [--requests N] [--rounds R]

Data: the engine benchmark's national-scale synthetic set in PostgreSQL (bench/synthetic.py:
3,000 regions × 100 indicators × 6 years, 1.8 million progress snapshots), generated on first
use. BENCH_DATABASE_URL picks the database (default …/wzsci_bench).

Served: the real stack — `gunicorn wzsci.wsgi:application` on 127.0.0.1 (sync workers, DEBUG
off, persistent database connections, the throttle's cache in Redis when Redis answers) — and,
in the same run and with the same gunicorn settings, bench/api_floor.py: one SQL query plus
`json.dumps` of the same payload, no framework. The two are measured in alternating rounds, so
that a neighbour's load on the shared machine falls on both.

Load: 32 clients on loopback (asyncio, one connection per request, as gunicorn's sync workers
close it), each authenticating with its own read token, asking in turn for
`/api/v1/status/?year=2023&region=<one of the 3,000 regions>` (a county's dashboard polling its
100 indicators: one full page), in the same pseudo-random order for both servers. A bounded number
of requests per round after a warm-up, in six alternating rounds by default (the machine is shared:
alternating spreads a neighbour's load over both); median and 95th percentile of the whole request
as the client sees it, over all rounds. The goal: the endpoint's median within 2× the floor's.
Gunicorn runs 5 sync workers for both (its own advice: 2 × cores + 1).

Before measuring, the script checks that both servers return the same rows for the same query.
The tokens and their user are created for the run and deleted afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.synthetic import database_url, ensure_synthetic_data, setup_django  # noqa: E402

GOAL_RATIO = 2.0
YEAR = 2023
BENCH_USER = "bench-api-client"


@dataclass
class RoundResult:
    latencies: list[float]
    errors: int
    seconds: float


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_url() -> str | None:
    url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3")
    try:
        import redis

        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except Exception:
        return None
    return url


class Server:
    """A gunicorn serving one WSGI application on 127.0.0.1, for the duration of a `with`."""

    def __init__(self, app: str, *, workers: int, env: dict[str, str]):
        self.app, self.workers, self.env = app, workers, env
        self.port = free_port()

    def __enter__(self) -> Server:
        self.process = subprocess.Popen(
            [
                str(Path(sys.executable).with_name("gunicorn")),
                self.app,
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--worker-class",
                "sync",
                "--backlog",
                "2048",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                if self.process.poll() is not None:
                    message = f"gunicorn {self.app} exited with {self.process.returncode}"
                    raise SystemExit(message) from None
                time.sleep(0.2)
        self.process.kill()
        raise SystemExit(f"gunicorn {self.app} did not start")

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def get(self, path: str, key: str | None = None) -> dict:
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}")
        if key:
            request.add_header("Authorization", f"Token {key}")
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())


async def one_request(port: int, path: str, key: str | None) -> tuple[float, bool]:
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    auth = f"Authorization: Token {key}\r\n" if key else ""
    writer.write(
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{auth}"
        "Accept: application/json\r\nConnection: close\r\n\r\n".encode()
    )
    await writer.drain()
    response = await reader.read()
    writer.close()
    elapsed = time.perf_counter() - started
    return elapsed, response.startswith(b"HTTP/1.1 200") or response.startswith(b"HTTP/1.0 200")


async def load(
    port: int, paths: list[str], keys: list[str | None], concurrency: int
) -> RoundResult:
    queue: asyncio.Queue[str] = asyncio.Queue()
    for path in paths:
        queue.put_nowait(path)
    latencies: list[float] = []
    errors = 0

    async def client(number: int) -> None:
        nonlocal errors
        key = keys[number % len(keys)]
        while True:
            try:
                path = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            try:
                elapsed, ok = await one_request(port, path, key)
            except OSError:
                errors += 1
                continue
            latencies.append(elapsed)
            errors += 0 if ok else 1

    started = time.perf_counter()
    await asyncio.gather(*(client(n) for n in range(concurrency)))
    return RoundResult(latencies, errors, time.perf_counter() - started)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        pg = cursor.fetchone()[0]
    return (
        f"{cpu}, {os.cpu_count()} cores; Python {platform.python_version()}; "
        f"PostgreSQL {pg}; {platform.system()} {platform.release()}"
    )


def make_tokens(n: int) -> list[str]:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from indicators.catalogue.services.tokens import api_token_create
    from indicators.roles import Role

    User = get_user_model()
    User.objects.filter(username=BENCH_USER).delete()
    user = User.objects.create(username=BENCH_USER)
    user.groups.add(Group.objects.get_or_create(name=Role.LEADERSHIP)[0])
    return [
        api_token_create(client_name=f"基准测试客户端{i:02d}", user=user, read_only=True)[1]
        for i in range(n)
    ]


def drop_tokens() -> None:
    from django.contrib.auth import get_user_model

    get_user_model().objects.filter(username=BENCH_USER).delete()  # cascades to the tokens


def check_same_payload(api: Server, floor: Server, key: str, region: str) -> int:
    path = f"/api/v1/status/?year={YEAR}&region={region}"
    ours, raw = api.get(path, key)["results"], floor.get(path)["results"]
    if ours != raw:
        raise SystemExit("the floor's payload differs from the endpoint's: the comparison is void")
    return len(ours)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--requests", type=int, default=500, help="measured requests per round and server"
    )
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument(
        "--workers", type=int, default=5, help="gunicorn sync workers, both servers (2 × cores + 1)"
    )
    args = parser.parse_args()

    setup_django()
    summary = ensure_synthetic_data()
    from indicators.models import ProgressSnapshot, Region

    regions = list(Region.objects.values_list("code", flat=True))
    rows_per_region = ProgressSnapshot.objects.filter(year=YEAR, region__code=regions[1]).count()
    print(
        f"data: {summary.regions:,} regions, {summary.indicators} indicators, "
        f"{summary.snapshots:,} snapshots; a region's {YEAR} page holds {rows_per_region} rows"
    )
    keys = make_tokens(args.concurrency)
    cache = redis_url()
    base_env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    api_env = {
        **base_env,
        "DEBUG": "0",
        "LOG_LEVEL": "WARNING",
        # High enough that no client is refused; the throttle still runs on every request.
        "WZSCI_API_RATE_TOKEN": "1000000/min",
        **({"REDIS_URL": cache} if cache else {}),
    }
    floor_env = {**base_env, "FLOOR_DATABASE_URL": database_url()}
    rng = random.Random(20260101)

    def paths(n: int) -> list[str]:
        return [f"/api/v1/status/?year={YEAR}&region={rng.choice(regions)}" for _ in range(n)]

    results: dict[str, list[RoundResult]] = {"endpoint": [], "floor": []}
    try:
        with (
            Server("wzsci.wsgi:application", workers=args.workers, env=api_env) as api,
            Server("bench.api_floor:application", workers=args.workers, env=floor_env) as floor,
        ):
            rows = check_same_payload(api, floor, keys[0], regions[1])
            print(f"payload check: both return the same {rows} rows")
            for round_number in range(1, args.rounds + 1):
                sequence = paths(args.warmup + args.requests)
                for name, server, client_keys in (
                    ("floor", floor, [None]),
                    ("endpoint", api, keys),
                ):
                    asyncio.run(
                        load(server.port, sequence[: args.warmup], client_keys, args.concurrency)
                    )
                    result = asyncio.run(
                        load(server.port, sequence[args.warmup :], client_keys, args.concurrency)
                    )
                    results[name].append(result)
                    print(
                        f"round {round_number} {name:<8}: median {statistics.median(result.latencies) * 1000:7.1f} ms, "
                        f"p95 {percentile(result.latencies, 0.95) * 1000:7.1f} ms, "
                        f"{len(result.latencies) / result.seconds:6.0f} req/s, {result.errors} errors"
                    )
    finally:
        drop_tokens()

    table = {}
    for name, rounds in results.items():
        latencies = [value for r in rounds for value in r.latencies]
        table[name] = {
            "median": statistics.median(latencies) * 1000,
            "p95": percentile(latencies, 0.95) * 1000,
            "rps": sum(len(r.latencies) for r in rounds) / sum(r.seconds for r in rounds),
            "errors": sum(r.errors for r in rounds),
            "n": len(latencies),
        }
    ratio = table["endpoint"]["median"] / table["floor"]["median"]
    round_ratios = [
        statistics.median(a.latencies) / statistics.median(f.latencies)
        for a, f in zip(results["endpoint"], results["floor"], strict=True)
    ]
    print()
    print(f"machine: {machine()}")
    print(
        f"load: {args.concurrency} concurrent clients, gunicorn {args.workers} sync workers each, "
        f"{args.rounds} rounds × {args.requests} requests (+{args.warmup} warm-up), "
        f"throttle cache: {'Redis' if cache else 'local memory'}"
    )
    print(f"{'':<10}{'median ms':>10}{'p95 ms':>10}{'req/s':>8}{'errors':>8}")
    for name in ("endpoint", "floor"):
        row = table[name]
        print(
            f"{name:<10}{row['median']:>10.1f}{row['p95']:>10.1f}{row['rps']:>8.0f}{row['errors']:>8}"
        )
    print(
        "per-round ratios of the medians: "
        + ", ".join(f"{r:.2f}" for r in round_ratios)
        + f" (median {statistics.median(round_ratios):.2f})"
    )
    verdict = "met" if ratio <= GOAL_RATIO else "NOT met"
    print(f"endpoint / floor at the median: {ratio:.2f}× (goal ≤ {GOAL_RATIO:.0f}×: {verdict})")


if __name__ == "__main__":
    main()
