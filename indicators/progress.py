"""The Django side of the progress engine: load inputs, run indicators.compute, write snapshots.

`request_recompute` is what every write path (services, import, API, admin, seed) calls after
changing actuals or targets. It is completed by the progress-engine issue.
"""

from collections.abc import Iterable


def request_recompute(*, indicator_ids: Iterable[int]) -> None:
    """Queue a recompute of these indicators once the current transaction commits."""
    # Filled in by the progress engine: enqueue indicators.tasks.recompute_indicator on commit,
    # and mark the snapshots stale if the broker cannot be reached.
    return None
