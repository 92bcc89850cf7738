"""Recompute requests of the entry writes: sent at once, or collected over a batch and sent once.

Inside `recompute_batch()`, the writes' recompute requests are collected and sent once, for the
distinct indicators, when the batch ends: an import of 1,200 rows asks for at most one
recompute per indicator, not one per row.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from contextvars import ContextVar

from indicators.progress.queue import request_period_recompute, request_recompute

_pending_recompute: ContextVar[set[int] | None] = ContextVar(
    "wzsci_pending_recompute", default=None
)
_pending_pairs: ContextVar[set[tuple[int, int]] | None] = ContextVar(
    "wzsci_pending_period_pairs", default=None
)


def recompute(*, indicator_ids: Iterable[int] = (), pairs: Iterable[tuple[int, int]] = ()) -> None:
    """Ask for a recompute of these indicators (on commit), or add them to the current batch.

    ``pairs`` (indicator_id, region_id) ask only for those regions' 序时进度: what an edit of a
    year-to-date figure (period < 12) changes (queue.request_period_recompute). A pair whose
    indicator is recomputed whole in the same batch is covered by it."""
    pending, pending_pairs = _pending_recompute.get(), _pending_pairs.get()
    if pending is None:
        request_recompute(indicator_ids=list(indicator_ids))
        request_period_recompute(pairs=list(pairs))
    else:
        pending.update(int(i) for i in indicator_ids)
        pending_pairs.update((int(i), int(r)) for i, r in pairs)


@contextlib.contextmanager
def recompute_batch() -> Iterator[None]:
    """Collect the recompute requests of the writes inside; send them once at the end (on commit
    of the surrounding transaction, as `request_recompute` does). Nested batches join the outer."""
    if _pending_recompute.get() is not None:
        yield
        return
    pending: set[int] = set()
    pending_pairs: set[tuple[int, int]] = set()
    token = _pending_recompute.set(pending)
    pairs_token = _pending_pairs.set(pending_pairs)
    try:
        yield
    finally:
        _pending_recompute.reset(token)
        _pending_pairs.reset(pairs_token)
    if pending:
        request_recompute(indicator_ids=sorted(pending))
    request_period_recompute(pairs=[p for p in pending_pairs if p[0] not in pending])
