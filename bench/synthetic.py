"""National-scale synthetic data for the benchmarks, in a PostgreSQL database of its own.

3,000 regions (one city) × 100 indicators × 6 years (2022–2027) = 1.8 million annual actuals, with
about 0.7 million targets from two plans, generated with a fixed random seed and written with COPY.
20 of the indicators report monthly: 3.96 million year-to-date values (months 1–11) and 360,000
annual 快报 beside them (bench/synthetic_periods.py). BENCH_REGIONS scales the regions down for
development (e.g. 300: a tenth of everything).
The data exercises every path of the engine: the four indicator kinds, lower-is-better levels,
additive indicators whose city figure is checked against the sum of its regions, regions
benchmarked against the city's target, a later plan overriding 2025, provisional (submitted)
actuals, and drafts / returned actuals the engine must ignore.

Used by every benchmark (progress engine, API, dashboard)::

    from bench.synthetic import setup_django, ensure_synthetic_data
    setup_django()                # before importing any model; points Django at the bench database
    summary = ensure_synthetic_data()   # a no-op when the data is already there

The database is BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/wzsci_bench);
it is created if missing and migrated. Its name must contain "bench": this module truncates the
domain tables of the database it is pointed at.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from dataclasses import dataclass

import numpy as np
import pandas as pd

from bench.pg_copy import copy_actuals, copy_frame
from bench.synthetic_periods import MONTHLY_NUMBERS, period_actuals

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/wzsci_bench"
SEED = 20260101
# The city and 2,999 county-level regions; BENCH_REGIONS=300 gives a tenth of the data, to
# develop against (a different count is a different spec: the data is regenerated).
N_REGIONS = int(os.environ.get("BENCH_REGIONS", "3000"))
N_INDICATORS = 100
YEARS = tuple(range(2022, 2028))
TARGET_YEARS = (2023, 2025, 2027)
# Bumped whenever the generator changes, so that an old data set is regenerated.
SPEC = (
    f"v2 seed={SEED} regions={N_REGIONS} indicators={N_INDICATORS} years={YEARS} "
    f"monthly={len(MONTHLY_NUMBERS)}"
)
MARKER_TABLE = "bench_synthetic_marker"


@dataclass(frozen=True)
class SyntheticSummary:
    regions: int
    indicators: int
    actuals: int  # annual (period 12, every vintage)
    period_actuals: int  # year to date (period 1–11)
    targets: int
    snapshots: int
    period_snapshots: int
    generated: bool  # False when the data was already there
    seconds: float


def database_url() -> str:
    return os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)


def setup_django(url: str | None = None) -> None:
    """Point Django at the bench database and set it up. Call before importing models.

    Celery runs in-process (no broker), like the embedded set-up: the benchmarks measure the
    engine, not a queue hop.
    """
    import django

    url = url or database_url()
    name = url.rsplit("/", 1)[-1]
    if "bench" not in name:
        raise SystemExit(
            f"refusing to use {name!r} for synthetic data: the name must contain 'bench'"
        )
    os.environ["DATABASE_URL"] = url
    os.environ["CELERY_BROKER_URL"] = ""
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ["DJANGO_SETTINGS_MODULE"] = "wzsci.settings"
    ensure_database(url)
    django.setup()


def ensure_database(url: str) -> None:
    """CREATE DATABASE if it does not exist (connecting to the server's `postgres` database)."""
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def ensure_synthetic_data(*, snapshots: bool = True, force: bool = False) -> SyntheticSummary:
    """Migrate, generate the data unless the same spec is already there, and (by default) make
    sure the progress snapshots exist. Reproducible: the same seed gives the same rows."""
    from django.core.management import call_command
    from django.db import connection

    from indicators.models import (
        Actual,
        Indicator,
        PeriodSnapshot,
        ProgressSnapshot,
        Region,
        Target,
    )

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (spec text PRIMARY KEY)")
        cursor.execute(f"SELECT spec FROM {MARKER_TABLE}")
        present = [row[0] for row in cursor.fetchall()]
    generated = force or present != [SPEC]
    if generated:
        _generate()
    if snapshots and not ProgressSnapshot.objects.exists():
        from indicators.progress.recompute import recompute_progress

        recompute_progress()
    recompute_periods = period_engine()
    if snapshots and recompute_periods and not PeriodSnapshot.objects.exists():
        recompute_periods()
    return SyntheticSummary(
        regions=Region.objects.count(),
        indicators=Indicator.objects.count(),
        actuals=Actual.objects.filter(period=12).count(),
        period_actuals=Actual.objects.filter(period__lt=12).count(),
        targets=Target.objects.count(),
        snapshots=ProgressSnapshot.objects.count(),
        period_snapshots=PeriodSnapshot.objects.count(),
        generated=generated,
        seconds=time.perf_counter() - started,
    )


def period_engine():
    """The period recompute (indicators.progress.periods.recompute_periods), or None while the
    engine has none."""
    try:
        from indicators.progress.periods import recompute_periods
    except ImportError:
        return None
    return recompute_periods


# --- The generator ---------------------------------------------------------------------------


def _generate() -> None:
    from django.db import connection, transaction

    from indicators.models import (
        Actual,
        Indicator,
        PeriodSnapshot,
        Plan,
        ProgressSnapshot,
        Region,
        StaleIndicator,
        Target,
    )

    rng = np.random.default_rng(SEED)
    log(f"generating synthetic data ({SPEC})…")
    with transaction.atomic():
        with connection.cursor() as cursor:
            tables = [
                m._meta.db_table
                for m in (
                    PeriodSnapshot,
                    ProgressSnapshot,
                    StaleIndicator,
                    Actual,
                    Target,
                    Indicator,
                    Region,
                    Plan,
                )
            ]
            # Only the tables this module fills; CASCADE reaches rows other apps hang on them
            # (e.g. a demo account's profile) in this bench-only database.
            cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")
            cursor.execute(f"DELETE FROM {MARKER_TABLE}")
            cursor.execute(
                f"TRUNCATE {Actual.history.model._meta.db_table}, {Target.history.model._meta.db_table}"
            )

        plan_a = Plan.objects.create(
            code="bench-a",
            doc_number="合成〔2023〕1号",
            title="合成基准方案（2023—2027年）",
            issuer="合成市人民政府",
            issued_on=dt.date(2023, 4, 14),
            start_year=2023,
            end_year=2027,
        )
        plan_b = Plan.objects.create(
            code="bench-b",
            doc_number="合成〔2023〕2号",
            title="合成基准补充方案（2023—2025年）",
            issuer="合成市人民政府办公室",
            issued_on=dt.date(2023, 11, 17),
            start_year=2023,
            end_year=2025,
        )

        # Regions: the city first, then 2,999 others; one in a hundred is a functional zone
        # outside the roll-up.
        kinds = np.array(["district", "county_city", "county", "functional_zone"])
        region_kind = kinds[rng.choice(4, size=N_REGIONS - 1, p=[0.3, 0.2, 0.49, 0.01])]
        Region.objects.bulk_create(
            [Region(code="B00000", name="合成市", kind="city", in_rollup=False, order=0)]
            + [
                Region(
                    code=f"B{n:05d}",
                    name=f"合成区域{n:05d}",
                    kind=kind,
                    in_rollup=kind != "functional_zone",
                    order=n,
                )
                for n, kind in enumerate(region_kind, start=1)
            ],
            batch_size=1000,
        )
        region_ids = np.array(Region.objects.order_by("order").values_list("id", flat=True))

        # Indicators: 40 levels (ratios; 5 lower-is-better), 30 stocks and 20 flows (additive),
        # 10 growth rates.
        specs = (
            [("level", "none", "%")] * 40
            + [("stock", "sum", "家")] * 30
            + [("flow", "sum", "亿元")] * 20
            + [("growth_rate", "none", "%")] * 10
        )
        Indicator.objects.bulk_create(
            [
                Indicator(
                    code=f"BX{n:03d}",
                    name=f"合成指标{n:03d}",
                    category="task",
                    unit_of_measure=unit,
                    kind=kind,
                    direction="lower" if kind == "level" and n % 8 == 0 else "higher",
                    decimals=2,
                    rollup=rollup,
                    plan=plan_a,
                    frequency="monthly" if n in MONTHLY_NUMBERS else "yearly",
                )
                for n, (kind, rollup, unit) in enumerate(specs, start=1)
            ]
        )
        indicators = pd.DataFrame(
            list(
                Indicator.objects.order_by("code").values_list("id", "kind", "direction", "rollup")
            ),
            columns=["indicator_id", "kind", "direction", "rollup"],
        )

        actuals, annual, in_rollup = _actuals(rng, indicators, region_ids)
        targets = _targets(rng, indicators, region_ids, actuals, plan_a.id, plan_b.id)
        periods = period_actuals(
            rng,
            indicators=indicators,
            region_ids=region_ids,
            in_rollup=in_rollup,
            years=YEARS,
            annual=annual,
        )
        copy_actuals(Actual._meta.db_table, [actuals.assign(period=12, vintage="final"), periods])
        copy_frame(
            Target._meta.db_table,
            targets.assign(
                every_year=False,
                source_quote="",
                target_type="value",
                source_kind="",
                source_doc_number="",
            ),
        )
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {MARKER_TABLE} (spec) VALUES (%s)", [SPEC])
    with connection.cursor() as cursor:
        for model in (Actual, Target, Region, Indicator):
            cursor.execute(f"ANALYZE {model._meta.db_table}")
    log(
        f"  {len(actuals):,} annual actuals, {len(periods):,} monthly and 快报 actuals, "
        f"{len(targets):,} targets"
    )


def _actuals(rng, indicators: pd.DataFrame, region_ids: np.ndarray) -> pd.DataFrame:
    """Every indicator × region × year. Additive indicators: the city's figure is the sum of
    the roll-up regions, off by up to ±2 % (so some deviate beyond the 1 % tolerance)."""
    n_ind, n_reg, n_year = len(indicators), len(region_ids), len(YEARS)
    kind = indicators["kind"].to_numpy()
    lower = indicators["direction"].to_numpy() == "lower"
    base = np.select(
        [kind == "level", kind == "stock", kind == "flow"],
        [rng.uniform(1, 80, n_ind), rng.uniform(50, 500, n_ind), rng.uniform(5, 60, n_ind)],
        default=rng.uniform(3, 15, n_ind),
    )
    trend = np.where(lower, -1, 1) * rng.uniform(0.0, 0.08, n_ind)
    spread = rng.lognormal(0.0, 0.4, size=(n_ind, n_reg))
    growth = rng.normal(1.0, 0.15, size=(n_ind, n_reg))
    step = np.arange(n_year)
    value = (
        base[:, None, None]
        * spread[:, :, None]
        * (1 + trend[:, None, None] * growth[:, :, None]) ** step[None, None, :]
        * rng.normal(1.0, 0.02, size=(n_ind, n_reg, n_year))
    )
    # Growth rates are rates, not levels: keep them around their base, noisy, sometimes negative.
    rates = base[:, None, None] + rng.normal(0, 4, size=(n_ind, n_reg, n_year))
    value = np.where((kind == "growth_rate")[:, None, None], rates, value)
    from indicators.models import Region

    additive = indicators["rollup"].to_numpy() == "sum"

    rolled = set(Region.objects.filter(in_rollup=True).values_list("id", flat=True))
    in_rollup = np.isin(region_ids, list(rolled))
    city_sum = (value * in_rollup[None, :, None]).sum(axis=1)
    city_value = city_sum * rng.uniform(0.98, 1.02, size=(n_ind, n_year))
    value[:, 0, :] = np.where(additive[:, None], city_value, value[:, 0, :])

    # States: up to 2025 approved; 2026 half submitted; 2027 a mix, with drafts and returned
    # rows the engine must not read.
    states = np.empty((n_ind, n_reg, n_year), dtype=object)
    states[:] = "approved"
    states[:, :, YEARS.index(2026)] = np.where(
        rng.random((n_ind, n_reg)) < 0.5, "submitted", "approved"
    )
    states[:, :, YEARS.index(2027)] = rng.choice(
        np.array(["submitted", "approved", "draft", "returned"], dtype=object),
        size=(n_ind, n_reg),
        p=[0.5, 0.2, 0.2, 0.1],
    )
    grid_ind, grid_reg, grid_year = np.meshgrid(
        indicators["indicator_id"].to_numpy(), region_ids, np.array(YEARS), indexing="ij"
    )
    frame = pd.DataFrame(
        {
            "indicator_id": grid_ind.ravel(),
            "region_id": grid_reg.ravel(),
            "year": grid_year.ravel(),
            "value": np.round(value.ravel(), 4),
            "state": states.ravel(),
        }
    )
    return frame, value, in_rollup


def _targets(
    rng, indicators: pd.DataFrame, region_ids: np.ndarray, actuals: pd.DataFrame, plan_a, plan_b
) -> pd.DataFrame:
    """Plan A sets 2023, 2025 and 2027 for the city and for decomposed regions: every region of
    an additive indicator, two regions in three of a level, none of a growth rate (those are
    benchmarked against the city). Plan B sets 2025 (≈) for every tenth indicator."""
    baseline = actuals.loc[actuals["year"] == 2022].set_index(["indicator_id", "region_id"])[
        "value"
    ]
    rows = []
    regions_with_own = {
        "stock": region_ids,
        "flow": region_ids,
        "level": region_ids[np.arange(len(region_ids)) % 3 != 2],
        "growth_rate": region_ids[:1],
    }
    for n, row in enumerate(indicators.itertuples(index=False)):
        regions = regions_with_own[row.kind]
        base = baseline.loc[row.indicator_id].reindex(regions).to_numpy()
        sign = -1 if row.direction == "lower" else 1
        yearly = sign * rng.uniform(0.02, 0.06)
        for year in TARGET_YEARS:
            value = base * (1 + yearly) ** (year - 2022)
            if row.kind == "growth_rate":
                value = np.full(len(regions), round(float(base[0]) + 2, 1))
            rows.append(
                _target_rows(
                    row.indicator_id, regions, year, plan_a, value, "gte" if sign > 0 else "lte"
                )
            )
        if n % 10 == 0:
            value = base * (1 + yearly * 1.1) ** 3
            rows.append(_target_rows(row.indicator_id, regions, 2025, plan_b, value, "approx"))
    return pd.concat(rows, ignore_index=True)


def _target_rows(indicator_id, regions, year, plan_id, values, comparator) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "indicator_id": indicator_id,
            "region_id": regions,
            "year": year,
            "plan_id": plan_id,
            "value": np.round(values, 4),
            "comparator": comparator,
        }
    )


def data_digest() -> str:
    """A short digest of the actuals, to show two runs generated the same data."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT md5(string_agg(indicator_id || ':' || region_id || ':' || year || '-' || period "
            "|| vintage || '=' || value || state, ',' "
            "ORDER BY indicator_id, region_id, year, period, vintage)) FROM indicators_actual"
        )
        return cursor.fetchone()[0][:12]


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    setup_django()
    force = "--force" in sys.argv
    summary = ensure_synthetic_data(force=force)
    print(summary)
    print("actuals digest", data_digest())
