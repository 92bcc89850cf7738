"""Recompute requests of the entry writes: sent at once, or collected over a batch and sent once.

Inside `recompute_batch()`, the writes' recompute requests are collected and sent once, for the
distinct indicators, when the batch ends: an import of 1,200 rows asks for at most one
recompute per indicator, not one per row.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from contextvars import ContextVar

from indicators.progress.queue import request_recompute

_pending_recompute: ContextVar[set[int] | None] = ContextVar(
    "wzsci_pending_recompute", default=None
)


def recompute(*, indicator_ids: Iterable[int]) -> None:
    """Ask for a recompute of these indicators (on commit), or add them to the current batch."""
    pending = _pending_recompute.get()
    if pending is None:
        request_recompute(indicator_ids=list(indicator_ids))
    else:
        pending.update(int(i) for i in indicator_ids)


@contextlib.contextmanager
def recompute_batch() -> Iterator[None]:
    """Collect the recompute requests of the writes inside; send them once at the end (on commit
    of the surrounding transaction, as `request_recompute` does). Nested batches join the outer."""
    if _pending_recompute.get() is not None:
        yield
        return
    pending: set[int] = set()
    token = _pending_recompute.set(pending)
    try:
        yield
    finally:
        _pending_recompute.reset(token)
    if pending:
        request_recompute(indicator_ids=sorted(pending))
