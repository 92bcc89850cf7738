"""Celery tasks of the progress engine: thin, by id, idempotent; they own their retry policy.

Each calls one function of indicators.progress.recompute. A database that is briefly unreachable (a
restart, a fail-over) is retried with exponential backoff; anything else is a bug and fails
loudly. The beat schedule that runs the periodic two is declared in wzsci/settings.py.
"""

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils.module_loading import import_string

from indicators.models import ProgressSnapshot
from indicators.progress import periods
from indicators.progress import recompute as progress

DATABASE_RETRY = {
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": 2,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 5,
}


def _after_recompute(*, indicator_ids: list[int] | None) -> None:
    """Let other apps follow a recompute (settings.WZSCI_AFTER_RECOMPUTE), e.g. re-judge the
    proposals' commitments; named in settings so that this app never imports them."""
    for path in settings.WZSCI_AFTER_RECOMPUTE:
        import_string(path)(indicator_ids=indicator_ids)


@shared_task(**DATABASE_RETRY)
def recompute_indicator(indicator_id: int, periods: bool = True) -> dict:
    """Bring one indicator's snapshots (every region and year) up to date; its period snapshots
    (序时进度) too unless ``periods`` is false (an edited full-year figure: its region's are
    recomputed by recompute_period_pair, no other region's change).

    The indicator is marked stale before the work and the mark removed with the write, so a
    worker killed mid-task leaves it stale for the catch-up; the message itself goes back to the
    queue (CELERY_TASK_REJECT_ON_WORKER_LOST, CELERY_TASK_ACKS_LATE).
    The proposal commitments linked to it are judged again from the same actuals, so a kept
    promise shows as fulfilled as soon as its figure is approved.
    """
    result = progress.recompute_marked(indicator_id=indicator_id, periods=periods).as_dict()
    _after_recompute(indicator_ids=[indicator_id])
    return result


@shared_task(**DATABASE_RETRY)
def recompute_period_pair(indicator_id: int, region_id: int) -> dict:
    """Bring one region's 序时进度 of one indicator up to date: what an edited year-to-date
    figure changes. A region with no annual snapshot of the indicator yet gets them too (a
    region that has only year-to-date figures is still a row of the year, without a figure)."""
    period_rows = periods.recompute_periods(pairs=[(indicator_id, region_id)])
    result = {"period_rows": period_rows}
    if not ProgressSnapshot.objects.filter(indicator_id=indicator_id, region_id=region_id).exists():
        result.update(
            progress.recompute_progress(
                indicator_ids=[indicator_id], region_ids=[region_id]
            ).as_dict()
        )
    return result


@shared_task(**DATABASE_RETRY)
def recompute_all_progress() -> dict:
    """The nightly full recompute: catches up anything a lost message or a down broker missed."""
    result = progress.recompute_progress().as_dict()
    _after_recompute(indicator_ids=None)
    return result


@shared_task(**DATABASE_RETRY)
def recompute_stale_progress() -> dict:
    """Recompute the indicators marked stale (broker unreachable at save time); clear the marks."""
    return progress.recompute_stale().as_dict()
