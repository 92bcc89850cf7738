"""Demo data: a clearly synthetic set of actuals for 2022–2024, and year-to-date figures of the
monthly and quarterly indicators up to 2025年1–9月 (demo_periods.py), so that a first look after
`make run` shows working dashboards and 序时进度.

* Every demo actual has origin "demo" (``Actual.Origin.DEMO``), state approved, and a source note
  that says it is synthetic; every dashboard page shows a banner while any exists.
* Values are drawn around the city's target path (printed targets, the baseline, linear
  interpolation between them), from a fixed seed: the same database gets the same numbers.
  Regions get values for the nine key indicators: additive ones as shares of the city's figure
  (so the roll-up check holds), ratios and rates around the city's figure.
* An actual whose origin is not "demo" (a seed baseline, an entered or imported figure) is never
  overwritten: that cell is skipped and counted.
* :func:`clear_demo_data` removes every demo actual, and nothing else.

Both recompute the progress snapshots of the indicators they touched.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from indicators.catalogue.demo_periods import DEMO_PARTIAL, demo_period_values
from indicators.models import Actual, Indicator, Region, Target, WorkflowState

DEMO_SEED = 20230414  # the date of 温政发〔2023〕17号
DEMO_YEARS = (2022, 2023, 2024)
DEMO_NOTE = "演示数据：系统按目标值随机生成的模拟数值，不代表真实统计，由管理员统一清除"


@dataclass
class DemoResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    kept_real: int = 0  # cells skipped because a non-demo actual is there
    indicator_ids: set[int] = field(default_factory=set)
    recomputed: bool = False

    def lines(self) -> list[str]:
        return [
            f"演示实际值：新建 {self.created}，更新 {self.updated}，未变 {self.unchanged}；"
            f"保留非演示数据 {self.kept_real} 项（不覆盖）。",
            "进度已重新计算。" if self.recomputed else "进度尚未重新计算（进度引擎不可用）。",
        ]


def _rng(*parts) -> random.Random:
    # A string seed is hashed with SHA-512 (random.seed, version 2): stable across runs and
    # platforms, and independent of the order in which cells are generated.
    return random.Random(":".join(str(p) for p in (DEMO_SEED, *parts)))


def _reference_path(
    indicator: Indicator, targets: list[Target], baseline: dict[int, float], years
) -> dict[int, float]:
    """The city's expected value per year: the preferred printed target (later plan), the
    baseline, linear interpolation between known years, a gentle ramp before the first one."""
    known: dict[int, float] = dict(baseline)
    for target in sorted(targets, key=lambda t: t.plan.issued_on):  # later plans overwrite
        known[target.year] = float(target.value)
    if not known:
        return {}
    points = sorted(known.items())
    path = {}
    for year in years:
        if year in known:
            path[year] = known[year]
            continue
        before = [(y, v) for y, v in points if y < year]
        after = [(y, v) for y, v in points if y > year]
        if before and after:
            (y0, v0), (y1, v1) = before[-1], after[0]
            path[year] = v0 + (v1 - v0) * (year - y0) / (y1 - y0)
        elif after:
            y1, v1 = after[0]
            if indicator.kind in (Indicator.Kind.STOCK, Indicator.Kind.LEVEL):
                path[year] = v1 * max(0.5, 1 - 0.07 * (y1 - year))
            else:
                path[year] = v1
        else:
            path[year] = before[-1][1]
    return path


def _region_factor(region: Region) -> float:
    """A region's standing against the city on ratio indicators, stable per region."""
    rng = _rng("region", region.code)
    if region.kind == Region.Kind.COUNTY:
        return rng.uniform(0.78, 1.06)
    if region.kind == Region.Kind.FUNCTIONAL_ZONE:
        return rng.uniform(1.0, 1.35)
    return rng.uniform(0.88, 1.25)


def _region_weights(regions: list[Region]) -> dict[int, float]:
    """Shares of the city's figure for additive indicators: the regions in the roll-up share
    it exactly; a functional zone (inside a district, outside the roll-up) gets a small share."""
    raw = {r.id: _rng("weight", r.code).uniform(0.5, 1.8) for r in regions if r.in_rollup}
    total = sum(raw.values()) or 1.0
    weights = {rid: w / total for rid, w in raw.items()}
    for region in regions:
        if not region.in_rollup:
            weights[region.id] = _rng("weight", region.code).uniform(0.02, 0.06)
    return weights


def _round(value: float, decimals: int) -> Decimal:
    return Decimal(str(round(value, decimals)))


def demo_values(*, years=DEMO_YEARS) -> dict[tuple[int, int, int], Decimal]:
    """(indicator_id, region_id, year) → the demo value, for every cell demo data would fill.

    Cells that already hold a non-demo actual are included here (the loader skips them), so
    the numbers never depend on what the database holds besides plans, targets and baselines.
    """
    city = Region.objects.get(kind=Region.Kind.CITY)
    regions = list(Region.objects.exclude(kind=Region.Kind.CITY).order_by("order"))
    weights = _region_weights(regions)
    indicators = Indicator.objects.prefetch_related(
        Prefetch(
            "targets",
            # a figure to follow: a value, or an average growth rate (for the yearly rates)
            queryset=Target.objects.filter(
                region=city,
                target_type__in=[Target.TargetType.VALUE, Target.TargetType.AVERAGE_GROWTH],
            ).select_related("plan"),
            to_attr="city_targets",
        ),
        Prefetch(
            "actuals",
            queryset=Actual.objects.filter(region=city, period=12).exclude(
                origin=Actual.Origin.DEMO
            ),
            to_attr="real_city_actuals",
        ),
    ).order_by("id")
    values: dict[tuple[int, int, int], Decimal] = {}
    for indicator in indicators:
        baseline = {
            a.year: float(a.value)
            for a in indicator.real_city_actuals
            if a.state == WorkflowState.APPROVED and a.origin == Actual.Origin.SEED
        }
        path = _reference_path(indicator, indicator.city_targets, baseline, years)
        if not path:
            continue
        # Each indicator leans a little ahead or behind, so the dashboards show every status.
        lean = _rng("lean", indicator.code).uniform(-0.07, 0.05)
        city_values: dict[int, float] = {}
        for year in years:
            if year in baseline:
                city_values[year] = baseline[year]
                continue
            noise = _rng("city", indicator.code, year).gauss(0, 0.025)
            value = path[year] * (1 + lean + noise)
            if indicator.kind == Indicator.Kind.STOCK and city_values:
                value = max(value, max(city_values.values()))  # a cumulative count never falls
            city_values[year] = value
            values[(indicator.id, city.id, year)] = _round(value, indicator.decimals)
        if indicator.category != Indicator.Category.KEY:
            continue
        for region in regions:
            for year in years:
                city_value = city_values[year]
                if indicator.rollup == Indicator.Rollup.SUM:
                    value = city_value * weights[region.id]
                else:
                    noise = _rng("region", indicator.code, region.code, year).gauss(0, 0.03)
                    value = city_value * _region_factor(region) * (1 + noise)
                values[(indicator.id, region.id, year)] = _round(value, indicator.decimals)
    return values


def demo_cells(
    *, years=DEMO_YEARS, partial=DEMO_PARTIAL
) -> dict[tuple[int, int, int, int], Decimal]:
    """(indicator_id, region_id, year, period) → the demo value of every cell demo data fills:
    the full years (period 12) of `years`, and the year-to-date figures of the monthly and
    quarterly indicators in those years and in `partial` (year, last month), whose full year is
    not stored. None for `partial`: the full years and their periods only."""
    partial_year, partial_month = partial if partial else (None, 0)
    course = demo_values(years=(*years, partial_year) if partial else years)
    annual = {key: value for key, value in course.items() if key[2] in years}
    partial_annual = {key: value for key, value in course.items() if key[2] == partial_year}
    # The seed's printed baselines are full years too: their periods follow them.
    baselines = {
        (a.indicator_id, a.region_id, a.year): a.value
        for a in Actual.objects.filter(
            origin=Actual.Origin.SEED, period=12, year__in=list(years)
        ).only("indicator_id", "region_id", "year", "value")
    }
    periods = demo_period_values(
        rng_for=_rng,
        annual={**baselines, **annual},
        partial_annual=partial_annual,
        indicators={i.id: i for i in Indicator.objects.all()},
        region_codes=dict(Region.objects.values_list("id", "code")),
        partial_month=partial_month,
    )
    return {(*key, 12): value for key, value in annual.items()} | periods


def _submitted_at(year: int, index: int, period: int = 12) -> dt.datetime:
    if period < 12:
        # A year-to-date figure: reported early the month after its period.
        day = dt.datetime(year, period + 1, 3, 9, 0) + dt.timedelta(
            days=index % 10, minutes=7 * (index % 60)
        )
        return timezone.make_aware(day)
    # A full year: reported early the next year, spread over a few weeks.
    day = dt.datetime(year + 1, 2, 1, 9, 0) + dt.timedelta(
        days=index % 40, minutes=7 * (index % 60)
    )
    return timezone.make_aware(day)


@transaction.atomic
def load_demo_data(*, years=DEMO_YEARS, partial=DEMO_PARTIAL, recompute: bool = True) -> DemoResult:
    """Create or refresh the demo actuals; never touch a non-demo actual. Recompute progress.

    A cell is indicator × region × year × period; the demo's figure is its 年报 (final) record,
    and any non-demo record of the cell (whatever its vintage) keeps the demo out of it."""
    result = DemoResult()
    values = demo_cells(years=years, partial=partial)
    indicator_ids = {key[0] for key in values}
    all_years = sorted({key[2] for key in values})
    existing: dict[tuple, Actual] = {}
    real: set[tuple] = set()
    for a in Actual.objects.filter(indicator_id__in=indicator_ids, year__in=all_years):
        key = (a.indicator_id, a.region_id, a.year, a.period)
        if a.origin != Actual.Origin.DEMO:
            real.add(key)
        elif a.vintage == Actual.Vintage.FINAL:
            existing[key] = a
    to_create, to_update = [], []
    for index, (key, value) in enumerate(sorted(values.items())):
        indicator_id, region_id, year, period = key
        current = existing.get(key)
        if key in real:
            result.kept_real += 1
            continue
        submitted = _submitted_at(year, index, period)
        if current is None:
            to_create.append(
                Actual(
                    indicator_id=indicator_id,
                    region_id=region_id,
                    year=year,
                    period=period,
                    vintage=Actual.Vintage.FINAL,
                    value=value,
                    state=WorkflowState.APPROVED,
                    origin=Actual.Origin.DEMO,
                    source_note=DEMO_NOTE,
                    submitted_at=submitted,
                    reviewed_at=submitted + dt.timedelta(days=3),
                )
            )
        elif (
            current.value != value
            or current.state != WorkflowState.APPROVED
            or current.source_note != DEMO_NOTE  # an older wording of the note
        ):
            current.value = value
            current.state = WorkflowState.APPROVED
            current.source_note = DEMO_NOTE
            current.version += 1
            to_update.append(current)
        else:
            result.unchanged += 1
            continue
        result.indicator_ids.add(indicator_id)
    if to_create:
        bulk_create_with_history(
            to_create, Actual, batch_size=500, default_change_reason="演示数据"
        )
    if to_update:
        bulk_update_with_history(
            to_update,
            Actual,
            ["value", "state", "source_note", "version"],
            batch_size=500,
            default_change_reason="演示数据",
        )
    result.created, result.updated = len(to_create), len(to_update)
    if recompute:
        result.recomputed = _recompute(sorted(indicator_ids))
    return result


@transaction.atomic
def clear_demo_data(*, recompute: bool = True) -> DemoResult:
    """Delete every demo actual (and only those); recompute the indicators they belonged to."""
    demo = Actual.objects.filter(origin=Actual.Origin.DEMO)
    result = DemoResult(indicator_ids=set(demo.values_list("indicator_id", flat=True)))
    # One by one, so that simple-history records each deletion like any other.
    deleted = 0
    for actual in demo.iterator():
        actual._change_reason = "删除演示数据"
        actual.delete()
        deleted += 1
    result.updated = deleted
    if recompute and result.indicator_ids:
        result.recomputed = _recompute(sorted(result.indicator_ids))
    return result


def _recompute(indicator_ids: list[int]) -> bool:
    """Rewrite these indicators' snapshots now (synchronously: the command waits for it); the
    engine writes their 序时进度 (period snapshots) in the same recompute."""
    try:
        from indicators.progress.recompute import recompute_progress
    except ImportError:
        return False
    recompute_progress(indicator_ids=indicator_ids)
    return True
