"""Celery task of proposal tracking: thin; it calls proposals.tracking and owns its retries.

Run daily by the beat entry "refresh-commitments" (wzsci/settings.py), so that a deadline
passing turns a commitment overdue even when no actual changed that day; the progress engine's
recompute may also call it with the indicators it recomputed.
"""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from proposals import tracking


@shared_task(
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=2,
    retry_backoff_max=300,
    retry_jitter=True,
    max_retries=5,
)
def refresh_commitments(indicator_ids: list[int] | None = None) -> dict:
    """Re-judge the commitments (all, or those linked to `indicator_ids`); return the counts."""
    return tracking.refresh_commitments(indicator_ids=indicator_ids)
