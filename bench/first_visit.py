"""A leader's first visit to the overview: bytes on the wire and the cold load, in Chromium.

Run: `.venv/bin/python bench/first_visit.py [--runs N]` (`make bench-first-visit`). Not a test.

For each way of serving static files it sets up a throw-away SQLite site in a temporary folder
(migrate, seed, demo accounts and demo values), starts it under gunicorn on a free port, then in
Debian's Chromium (Playwright) logs in as the demo leader and loads the overview N times, each
time with the browser's cache emptied (a cold load). Chrome's DevTools protocol gives every
response's encoded size (what crossed the wire, headers included) and its decoded size (the raw
files: the floor that compression is measured against); the time is from navigation start to
the load event, and to every chart drawn (data-drawn on each [data-figure] box).

The ways of serving:
* `production`: STATIC_MANIFEST=1 after `collectstatic`: hashed names, brotli/gzip, cache headers;
* `development`: STATIC_MANIFEST=0: the same files straight from the finders, uncompressed
  (how the first version served them in production too).
"""

import argparse
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
PASSWORD = "wzsci-demo-2026"
OVERVIEW = "/dashboards/?year=2024"
MODES = {"production": "1", "development": "0"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def site_env(folder: Path, manifest: str) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"sqlite:///{folder / 'bench.sqlite3'}",
        DEBUG="0",
        SECRET_KEY="bench-first-visit-only",
        ALLOWED_HOSTS="127.0.0.1",
        STATIC_MANIFEST=manifest,
        # Collected into the throw-away folder: a staticfiles/ left in the work tree would shadow
        # the source files that development and the tests serve.
        STATIC_ROOT=str(folder / "static"),
        CELERY_BROKER_URL="",
        DJANGO_SETTINGS_MODULE="wzsci.settings",
    )
    env.pop("WHITENOISE_USE_FINDERS", None)
    return env


def manage(env: dict, *args: str) -> None:
    subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


def prepare(env: dict) -> None:
    manage(env, "migrate", "--noinput")
    manage(env, "load_seed")
    manage(env, "setup_demo_accounts", "--force")
    manage(env, "load_demo_data", "--force")
    if env["STATIC_MANIFEST"] == "1":
        manage(env, "collectstatic", "--noinput", "--clear")


def serve(env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "wzsci.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=2)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("the server did not start")


def measure(base: str, runs: int) -> list[dict]:
    from playwright.sync_api import sync_playwright

    results = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN")
        page = context.new_page()
        page.goto(base + "/accounts/login/")
        page.fill("#id_username", "leader")
        page.fill("#id_password", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        sizes: dict[str, dict] = {}

        def on_data(event):
            sizes.setdefault(event["requestId"], {"raw": 0, "wire": 0})["raw"] += event[
                "dataLength"
            ]

        def on_finished(event):
            sizes.setdefault(event["requestId"], {"raw": 0, "wire": 0})["wire"] = event[
                "encodedDataLength"
            ]

        cdp.on("Network.dataReceived", on_data)
        cdp.on("Network.loadingFinished", on_finished)
        for _ in range(runs):
            cdp.send("Network.clearBrowserCache")
            sizes.clear()
            start = time.perf_counter()
            page.goto(base + OVERVIEW, wait_until="load")
            loaded = time.perf_counter() - start
            page.wait_for_function(
                "Array.from(document.querySelectorAll('[data-figure]'))"
                ".every(b => b.getAttribute('data-drawn') === 'true')",
                timeout=60_000,
            )
            drawn = time.perf_counter() - start
            page.wait_for_load_state("networkidle")
            results.append(
                {
                    "wire": sum(s["wire"] for s in sizes.values()),
                    "raw": sum(s["raw"] for s in sizes.values()),
                    "responses": len(sizes),
                    "load_ms": loaded * 1000,
                    "drawn_ms": drawn * 1000,
                }
            )
        browser.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--mode", choices=[*MODES, "both"], default="both")
    args = parser.parse_args()
    modes = list(MODES) if args.mode == "both" else [args.mode]
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print(
        "| serving | runs | transferred (KB) | raw files (KB) | responses | load (ms, median) "
        "| charts drawn (ms, median) |"
    )
    print("|---|---|---|---|---|---|---|")
    for mode in modes:
        with tempfile.TemporaryDirectory() as folder:
            env = site_env(Path(folder), MODES[mode])
            prepare(env)
            port = free_port()
            server = serve(env, port)
            try:
                runs = measure(f"http://127.0.0.1:{port}", args.runs)
            finally:
                server.terminate()
                server.wait()
        wire = statistics.median(r["wire"] for r in runs) / 1024
        raw = statistics.median(r["raw"] for r in runs) / 1024
        print(
            f"| {mode} | {len(runs)} | {wire:,.0f} | {raw:,.0f} | {runs[0]['responses']} | "
            f"{statistics.median(r['load_ms'] for r in runs):,.0f} | "
            f"{statistics.median(r['drawn_ms'] for r in runs):,.0f} |"
        )


if __name__ == "__main__":
    main()
