"""How a moment is shown wherever people read it: one format, in the site's time zone."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

# Minutes, not seconds: the history, the review queue, the dashboards and the exports all show
# the same text for the same moment.
LOCAL_TIME_FORMAT = "%Y-%m-%d %H:%M"


def local_time(moment: dt.datetime | None, *, empty: str = "—") -> str:
    """`moment` as "2025-03-01 14:05" in settings.TIME_ZONE; `empty` when there is none.

    An aware datetime is converted to the site's zone; a naive one is taken as already local.
    """
    if moment is None:
        return empty
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.strftime(LOCAL_TIME_FORMAT)
