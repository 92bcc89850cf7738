"""The period phases of the engine benchmark (序时进度; run by bench/bench_progress.py).

On the synthetic data's 20 monthly indicators (3.96 million year-to-date values at national
scale, bench/synthetic_periods.py), each phase in a fresh process:

* floor_periods   — the raw floor of the period recompute: the monthly indicators' targets and
                    actuals read with one query, as many rows as the engine produces written with
                    one binary COPY into the emptied period snapshot table (rolled back);
* periods_cold    — ``recompute_periods()`` into an empty period snapshot table (rolled back);
* periods_nightly — ``recompute_periods()`` again on unchanged input;
* edit_monthly    — one edited year-to-date value of a flow (seasonal profile) and a growth
                    rate (compared directly), median of 7, by two paths: the row saved and its
                    (indicator, region) pair's recompute asked for (batching.recompute(pairs=…));
                    and, where the entry service takes a period, saved and submitted through it
                    with the recompute it triggers. Recomputes run in-process, on commit.

The period recompute is ``indicators.progress.periods.recompute_periods`` (the engine's); a
phase reports ``{"skipped": …}`` while the engine has none.
"""

from __future__ import annotations

import inspect
import statistics
import time
from pathlib import Path

import numpy as np
import pandas as pd

from bench import floor

EDITS = 7
EDIT_YEAR = 2025  # three earlier years (2022–2024): the seasonal profile's case
EDIT_PERIOD = 9  # 1–9月
REASON = "基准测试：合成数据的修改"


def rss_mb() -> float:
    """This process's peak resident set size (VmHWM). Not ru_maxrss: Linux carries that over
    an exec, so every phase would report the parent's peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _engine():
    from bench.synthetic import period_engine

    return period_engine()


def _monthly_ids() -> list[int]:
    from indicators.models import Indicator

    return list(Indicator.objects.filter(frequency="monthly").values_list("id", flat=True))


def phase_floor_periods() -> dict:
    from django.db import connection, transaction

    from indicators.models import Actual, PeriodSnapshot

    table = PeriodSnapshot._meta.db_table
    n_rows = PeriodSnapshot.objects.count()
    if not n_rows:  # no engine output to match yet: the year-to-date cells
        n_rows = (
            Actual.objects.filter(period__lt=12, state__in=["approved", "submitted"])
            .values("indicator_id", "region_id", "year", "period")
            .distinct()
            .count()
        )

    def keys(inputs: pd.DataFrame) -> dict:
        # Every indicator × region × year of the year-to-date inputs × 12 periods, as many as
        # the engine's rows (periods 1–11 first: the engine's own rows when it writes no 12).
        cells = inputs.loc[inputs["period"] < 12, ["indicator_id", "region_id", "year"]]
        cells = cells.drop_duplicates().to_numpy()
        periods = np.arange(1, 13)
        return {
            "indicator_id": np.tile(cells[:, 0], len(periods))[:n_rows],
            "region_id": np.tile(cells[:, 1], len(periods))[:n_rows],
            "year": np.tile(cells[:, 2], len(periods))[:n_rows],
            "period": np.repeat(periods, len(cells))[:n_rows],
        }

    ids = ", ".join(str(i) for i in _monthly_ids())
    # The period engine's inputs: the monthly indicators' targets and their approved or
    # submitted actuals, year to date and annual (the seasonal profile's earlier years).
    query = (
        "SELECT 't', indicator_id, region_id, year, 12, value::float8, comparator, '' "
        f"FROM indicators_target WHERE indicator_id IN ({ids}) UNION ALL "
        "SELECT 'a', indicator_id, region_id, year, period, value::float8, state, vintage "
        f"FROM indicators_actual WHERE indicator_id IN ({ids}) "
        "AND state IN ('approved', 'submitted')"
    )
    names = ["source", "indicator_id", "region_id", "year", "period", "value", "code", "vintage"]
    with transaction.atomic(), connection.cursor() as cursor:
        result = floor.timed_floor(cursor, table=table, query=query, names=names, make_keys=keys)
        transaction.set_rollback(True)
    return {**result, "peak_rss_mb": rss_mb()}


def phase_periods(*, empty_first: bool = False) -> dict:
    from django.db import connection, transaction

    from indicators.models import PeriodSnapshot

    recompute_periods = _engine()
    if recompute_periods is None:
        return {"skipped": "indicators.progress.periods.recompute_periods is not there yet"}
    with transaction.atomic():
        if empty_first:
            with connection.cursor() as cursor:
                cursor.execute(f"TRUNCATE {PeriodSnapshot._meta.db_table}")
        started = time.perf_counter()
        written = recompute_periods()
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        seconds = time.perf_counter() - started
        rows = PeriodSnapshot.objects.count()
        transaction.set_rollback(empty_first)
    return {"seconds": seconds, "rows": rows, "written": written, "peak_rss_mb": rss_mb()}


# --- One edited year-to-date value -----------------------------------------------------------


def _users():
    """Two administrators: one enters, the other returns (four eyes). Bench database only."""
    from django.contrib.auth import get_user_model

    users = []
    for username in ("bench-entry", "bench-review"):
        user, created = get_user_model().objects.get_or_create(
            username=username, defaults={"is_superuser": True, "is_staff": True}
        )
        if created:
            user.set_unusable_password()
            user.save()
        users.append(user)
    return users


def _through_service() -> bool:
    """Whether the entry service saves a period's value (a `period` argument)."""
    from indicators.entry.services.actuals import actual_save

    return "period" in inspect.signature(actual_save).parameters


def _service_edit(actual, value: float, *, entry, review) -> float:
    """Return the approved value for correction (not timed), then time what a county does:
    save the corrected value and submit it, one service call, and the recompute it triggers
    on commit (in-process)."""
    from indicators.entry.services.workflow import review_return, save_and_submit
    from indicators.models import Actual

    if actual.state in ("approved", "submitted"):
        actual = review_return(user=review, obj=actual, comment=REASON)
    changes = {
        "indicator": actual.indicator,
        "region": actual.region,
        "year": actual.year,
        "period": actual.period,
        "value": f"{value:.4f}",
        "source_note": REASON,
        "explanation": REASON,
    }
    started = time.perf_counter()
    save_and_submit(user=entry, model=Actual, changes=changes, current=actual, submit=True)
    return time.perf_counter() - started


def _direct_edit(actual, value: float) -> float:
    """The row saved as the service saves it (a new version), and the recompute of its
    (indicator, region) pair asked for as the service asks (batching.recompute(pairs=…): on
    commit, the queue's recompute_period_pair, in-process here); while the queue has no pairs,
    the agreed recompute_periods(pairs=…) on commit."""
    from django.db import transaction

    from indicators.models import Actual
    from indicators.progress import batching

    by_queue = "pairs" in inspect.signature(batching.recompute).parameters
    recompute_periods = _engine()
    started = time.perf_counter()
    with transaction.atomic():
        row = Actual.objects.select_for_update().get(id=actual.id)
        row.value = round(value, 4)
        row.version += 1
        row.save(update_fields=["value", "version", "updated_at"])
        pair = (row.indicator_id, row.region_id)
        if by_queue:
            batching.recompute(pairs=[pair])
        else:
            transaction.on_commit(lambda: recompute_periods(pairs=[pair]))
    return time.perf_counter() - started


def _edits(indicator, region, *, service: bool, entry=None, review=None) -> dict:
    """EDITS timed edits of one year-to-date value, each checked in its snapshot; the value
    is put back (and, through the service, approved again) at the end."""
    from indicators.entry.services.workflow import review_approve
    from indicators.models import Actual, PeriodSnapshot

    cell = {"indicator": indicator, "region": region, "year": EDIT_YEAR, "period": EDIT_PERIOD}
    actual = Actual.objects.select_related("indicator", "region").get(**cell, vintage="final")
    original = float(actual.value)
    timings = []
    for n in range(EDITS + 1):  # the last one puts the generated value back
        value = original * (1.05 if n % 2 == 0 else 0.95) if n < EDITS else original
        if service:
            seconds = _service_edit(actual, value, entry=entry, review=review)
        else:
            seconds = _direct_edit(actual, value)
        actual = Actual.objects.select_related("indicator", "region").get(id=actual.id)
        snapshot = PeriodSnapshot.objects.get(**cell)
        assert abs(snapshot.actual_value - round(value, 4)) < 1e-9, "snapshot not updated"
        if n < EDITS:
            timings.append(seconds)
    if service:
        review_approve(user=review, obj=actual)  # as generated: approved
    return {
        "median_seconds": statistics.median(timings),
        "max_seconds": max(timings),
        "runs": len(timings),
        "code": indicator.code,
    }


def phase_edit_monthly() -> dict:
    """Both paths where both exist: the agreed recompute of the edited (indicator, region)
    (`pairs`), and the entry service with whatever recompute it triggers (`service`)."""
    from indicators.models import Indicator, Region

    if _engine() is None:
        return {"skipped": "indicators.progress.periods.recompute_periods is not there yet"}
    entry, review = _users()
    region = Region.objects.exclude(kind="city").order_by("order")[10]
    paths = ["pairs"] + (["service"] if _through_service() else [])
    results = {}
    for path in paths:
        for code, kind in (("BX071", "flow"), ("BX091", "growth_rate")):
            indicator = Indicator.objects.get(code=code)
            results[f"{kind}, {path}"] = _edits(
                indicator, region, service=path == "service", entry=entry, review=review
            )
    return {
        "edits": results,
        "path": "pairs: direct save + batching.recompute(pairs=…)"
        + ("; service: save_and_submit and its recompute" if "service" in paths else ""),
        "peak_rss_mb": rss_mb(),
    }


PHASES = {
    "floor_periods": phase_floor_periods,
    "periods_cold": lambda: phase_periods(empty_first=True),
    "periods_nightly": phase_periods,
    "edit_monthly": phase_edit_monthly,
}
