"""The Django side of the progress engine: load the inputs, run indicators.compute, write snapshots.

* :func:`recompute_progress` is the one writer of :class:`~indicators.models.ProgressSnapshot`:
  everything, some indicators, and optionally only a region / some years of them. It takes the
  locks, reads the inputs (indicators.progress.inputs), fingerprints them
  (indicators.progress.fingerprints), writes what changed (indicators.progress.store) and settles
  the stale marks.
* :func:`request_recompute` (indicators.progress.queue, importable from here too) is what every
  write path (services, import, API, admin) calls after changing actuals or targets: once the
  transaction commits, it queues one ``indicators.progress.tasks.recompute_indicator`` per
  indicator. A rolled-back save queues nothing; an unreachable broker never fails the save — the
  indicator is marked stale instead and the next ``recompute_stale_progress`` (every ten minutes)
  or nightly full recompute catches up.

docs/recompute.md describes when recomputes happen and the catch-up guarantee; docs/progress.md
the method itself.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string

from indicators.compute.progress import compute_progress
from indicators.models import ProgressSnapshot, StaleIndicator
from indicators.progress.fingerprints import current_fingerprints, input_fingerprints
from indicators.progress.inputs import (
    load_progress_inputs,
    progress_thresholds,
    progress_years,
    with_dependents,
)
from indicators.progress.locks import lock_indicators
from indicators.progress.periods import PeriodScope, pace_frame, write_periods
from indicators.progress.queue import mark_stale, request_recompute
from indicators.progress.store import Scope, write_snapshots

# Re-exported: the write paths, the demo and the docs name them from here.
__all__ = [
    "RecomputeResult",
    "current_fingerprints",
    "mark_stale",
    "recompute_marked",
    "recompute_progress",
    "recompute_stale",
    "request_recompute",
]

# The advisory locks (locks.py) serialise recomputes of the same indicator.
_lock = lock_indicators


@dataclass(frozen=True)
class RecomputeResult:
    indicators: int  # indicators in scope
    rows: int  # snapshot rows the engine produced for the scope
    written: int  # of which new, changed or stale, and so inserted or updated
    deleted: int  # snapshot rows of the scope the engine no longer produces
    seconds: float
    period_rows: int = 0  # period snapshots (序时进度) inserted or updated

    def as_dict(self) -> dict:
        return asdict(self)


def recompute_progress(
    *,
    indicator_ids: Iterable[int] | None = None,
    region_ids: Iterable[int] | None = None,
    years: Iterable[int] | None = None,
    periods: bool = True,
) -> RecomputeResult:
    """Recompute snapshots: everything, or some indicators, optionally only some regions / years.

    ``periods=False`` leaves the period snapshots (序时进度) alone: what an edit of one region's
    full-year figure asks for, with that region's period snapshots recomputed on their own
    (tasks.recompute_period_pair) — the figure changes no other region's 序时进度.

    Writes the rows that are new or whose figures changed (with stale=False, the time of this
    run and the input's fingerprint); of unchanged rows, only clears the stale flag; deletes
    the scope's rows the engine no longer produces (an actual deleted, a target withdrawn).
    Idempotent: a second run on the same input writes nothing.

    Stale marks: a whole-indicator recompute clears the marks that stood before it read its
    input; an indicator marked *while* it ran keeps its mark and its rows stay stale (that input
    may not have been read). A region or year scope clears no mark.
    """
    started = time.perf_counter()
    # A reference series' change is recomputed in the indicators judged against it.
    ids = None if indicator_ids is None else with_dependents(indicator_ids)
    regions = None if region_ids is None else sorted({int(r) for r in region_ids})
    year_list = None if years is None else sorted({int(y) for y in years})
    thresholds = progress_thresholds()
    all_years = list(progress_years())
    with transaction.atomic():
        _lock(ids)
        started_at = timezone.now()
        # The marks as they stand before the input is read: the edit behind each of them has
        # committed, so the input read next includes it. A mark made or renewed after this
        # point is not caught up by this run (compared by value, so no clock is trusted).
        marks_seen = dict(_marks(ids).values_list("indicator_id", "marked_at"))
        # The annual snapshots alone need the year-to-date figures only as "this pair has one".
        inputs = load_progress_inputs(indicator_ids=ids, year_to_date=periods)
        frame = compute_progress(
            indicators=inputs.indicators,
            targets=inputs.targets,
            actuals=inputs.actuals,
            regions=inputs.regions,
            years=all_years,
            thresholds=thresholds,
            coverage_members=inputs.coverage_members,
        )
        # 序时进度 of the same scope, from the same inputs and the year's targets just computed.
        period_frame = pace_frame(inputs, frame) if periods else None
        if ids is not None:  # not the reference series read as inputs
            frame = frame.loc[frame["indicator_id"].isin(ids)]
        if regions is not None:
            frame = frame.loc[frame["region_id"].isin(regions)]
        if year_list is not None:
            frame = frame.loc[frame["year"].isin(year_list)]
        fingerprints = input_fingerprints(inputs, thresholds=thresholds, years=all_years)
        for path in settings.WZSCI_DURING_RECOMPUTE:  # tests only: hold the run here
            import_string(path)(indicator_ids=ids)
        scope = Scope(indicator_ids=ids, region_ids=regions, years=year_list)
        written, deleted = write_snapshots(frame, fingerprints, scope=scope, computed_at=started_at)
        period_rows = 0
        if period_frame is not None:
            period_scope = PeriodScope(indicator_ids=ids, region_ids=regions, years=year_list)
            period_rows = write_periods(period_frame, scope=period_scope, computed_at=started_at)
        _settle_stale_marks(marks_seen, scope=scope)
    return RecomputeResult(
        indicators=len(inputs.indicators) if ids is None else len(ids),
        rows=len(frame),
        written=written,
        deleted=deleted,
        seconds=time.perf_counter() - started,
        period_rows=period_rows,
    )


def _marks(indicator_ids: list[int] | None) -> QuerySet:
    marks = StaleIndicator.objects.order_by()
    return marks if indicator_ids is None else marks.filter(indicator_id__in=indicator_ids)


def _settle_stale_marks(marks_seen: dict, *, scope: Scope) -> None:
    """Clear the marks this run caught up. A mark made or renewed meanwhile stays, and with it
    the indicator's 待更新 (its rows need no flag of their own: the mark stands for them)."""
    if scope.region_ids is not None or scope.years is not None:
        return
    current = dict(_marks(scope.indicator_ids).values_list("indicator_id", "marked_at"))
    for i, marked_at in current.items():
        if marks_seen.get(i) == marked_at:
            StaleIndicator.objects.filter(indicator_id=i, marked_at=marked_at).delete()


def recompute_marked(*, indicator_id: int, periods: bool = True) -> RecomputeResult:
    """One indicator's recompute as the queue runs it: marked stale first, cleared after.

    The mark (one StaleIndicator row; its snapshots show 待更新 while it stands) commits before
    the work starts, and the recompute removes it in the same transaction as its write. So a
    worker killed mid-recompute leaves the indicator stale, and ``recompute_stale`` (every ten
    minutes) or the message handed to another worker catches it up (docs/recompute.md).
    ``periods``: as recompute_progress.
    """
    with transaction.atomic():
        _lock([indicator_id])  # never mark while a running recompute of it is writing
        # A mark already standing may be a lost recompute of anything, its 序时进度 included:
        # then this run catches up the whole indicator, or it would clear what it did not redo.
        # So does one whose figures are another indicator's reference series (a relative
        # target): that indicator's targets, and so every region's 序时进度 of it, may move.
        if StaleIndicator.objects.filter(indicator_id=indicator_id).exists():
            periods = True
        if with_dependents([indicator_id]) != [indicator_id]:
            periods = True
        mark_stale(indicator_ids=[indicator_id])
    return recompute_progress(indicator_ids=[indicator_id], periods=periods)


def recompute_stale() -> RecomputeResult:
    """Recompute every indicator marked stale (a mark or a stale snapshot) and clear the marks."""
    ids = set(StaleIndicator.objects.values_list("indicator_id", flat=True))
    ids |= set(
        ProgressSnapshot.objects.filter(stale=True)
        .order_by()
        .values_list("indicator_id", flat=True)
        .distinct()
    )
    if not ids:
        return RecomputeResult(indicators=0, rows=0, written=0, deleted=0, seconds=0.0)
    return recompute_progress(indicator_ids=ids)
