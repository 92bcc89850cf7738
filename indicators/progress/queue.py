"""Queueing recomputes: on commit, one task per indicator; the indicators marked stale when the
broker cannot be reached, for the periodic catch-up (docs/recompute.md)."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import DatabaseError, transaction
from django.utils import timezone

from indicators.models import Indicator, StaleIndicator

# The progress engine's Django side logs under one name, which operators and tests filter on.
logger = logging.getLogger("indicators.progress.recompute")


def _publish_errors() -> tuple[type[BaseException], ...]:
    """What a publish to an unreachable broker raises (kombu wraps most; not always)."""
    from kombu.exceptions import OperationalError as KombuOperationalError

    errors: list[type[BaseException]] = [
        KombuOperationalError,
        ConnectionError,
        TimeoutError,
        OSError,
    ]
    try:
        from redis.exceptions import RedisError
    except ImportError:  # pragma: no cover - redis comes with celery[redis]
        pass
    else:
        errors.append(RedisError)
    return tuple(errors)


def request_recompute(*, indicator_ids: Iterable[int], periods: bool = True) -> None:
    """Queue a recompute of these indicators once the current transaction commits.

    ``periods=False``: their annual snapshots only, not their period snapshots (序时进度) — for
    an edited full-year figure, whose region's 序时进度 the caller asks for as a pair.
    Never raises to the caller: the caller's save has committed by the time the queueing runs.
    If the broker cannot be reached, the indicators are marked stale and a warning is logged.
    """
    ids = sorted({int(i) for i in indicator_ids})
    if ids:
        transaction.on_commit(lambda: _enqueue(ids, periods=periods))


def request_period_recompute(*, pairs: Iterable[tuple[int, int]]) -> None:
    """Queue a recompute of these (indicator_id, region_id) pairs' period snapshots (序时进度)
    once the current transaction commits: what an edit of a year-to-date figure (period < 12)
    changes, far cheaper than the whole indicator. Never raises; if the broker cannot be reached
    the indicators are marked stale (their whole recompute then catches up)."""
    wanted = sorted({(int(i), int(r)) for i, r in pairs})
    if wanted:
        transaction.on_commit(lambda: _enqueue_pairs(wanted))


def _enqueue_pairs(pairs: list[tuple[int, int]]) -> None:
    from indicators.progress.tasks import recompute_period_pair
    from wzsci.celery import app as celery_app

    eager = celery_app.conf.task_always_eager
    publish_errors = _publish_errors()
    for position, (indicator_id, region_id) in enumerate(pairs):
        try:
            recompute_period_pair.delay(indicator_id, region_id)
        except Exception as exc:
            if not eager and isinstance(exc, publish_errors):
                rest = sorted({i for i, _ in pairs[position:]})
                logger.warning(
                    "Broker unreachable (%s: %s); indicators %s marked stale for the next catch-up",
                    type(exc).__name__,
                    exc,
                    rest,
                )
                mark_stale(indicator_ids=rest)
                return
            what = "In-process period recompute" if eager else "Queueing the period recompute"
            logger.exception("%s of indicator %s failed; marked stale", what, indicator_id)
            mark_stale(indicator_ids=[indicator_id])


def _enqueue(indicator_ids: list[int], *, periods: bool = True) -> None:
    """Publish one task per indicator (or, in-process mode, run it). Never raises: the save
    this follows has committed, and a failure here must not turn it into an error page."""
    from indicators.progress.tasks import recompute_indicator
    from wzsci.celery import app as celery_app

    eager = celery_app.conf.task_always_eager
    publish_errors = _publish_errors()
    for position, indicator_id in enumerate(indicator_ids):
        try:
            if periods:
                recompute_indicator.delay(indicator_id)
            else:
                recompute_indicator.delay(indicator_id, periods=False)
        except Exception as exc:
            if not eager and isinstance(exc, publish_errors):
                # The rest would time out the same way: mark them all and return to the user.
                rest = indicator_ids[position:]
                logger.warning(
                    "Broker unreachable (%s: %s); indicators %s marked stale for the next catch-up",
                    type(exc).__name__,
                    exc,
                    rest,
                )
                mark_stale(indicator_ids=rest)
                return
            what = "In-process recompute" if eager else "Queueing the recompute"
            logger.exception("%s of indicator %s failed; marked stale", what, indicator_id)
            mark_stale(indicator_ids=[indicator_id])


def mark_stale(*, indicator_ids: Iterable[int]) -> None:
    """Mark these indicators stale (one StaleIndicator row each) for the catch-up.

    The mark alone makes every snapshot of the indicator show 待更新 (ProgressSnapshot.pending):
    the snapshots themselves are not rewritten, so marking costs one row, not 18,000."""
    ids = sorted({int(i) for i in indicator_ids})
    if not ids:
        return
    now = timezone.now()
    try:
        with transaction.atomic():
            existing = set(Indicator.objects.filter(id__in=ids).values_list("id", flat=True))
            StaleIndicator.objects.bulk_create(
                [StaleIndicator(indicator_id=i, marked_at=now) for i in ids if i in existing],
                update_conflicts=True,
                unique_fields=["indicator"],
                update_fields=["marked_at"],
            )
    except DatabaseError:
        # Nothing more can be done here; the nightly full recompute still catches up.
        logger.exception("Could not mark indicators %s stale", ids)
