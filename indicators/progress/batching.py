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
_pending_annual: ContextVar[set[int] | None] = ContextVar("wzsci_pending_annual", default=None)
_pending_pairs: ContextVar[set[tuple[int, int]] | None] = ContextVar(
    "wzsci_pending_period_pairs", default=None
)


def recompute(
    *,
    indicator_ids: Iterable[int] = (),
    pairs: Iterable[tuple[int, int]] = (),
    annual_ids: Iterable[int] = (),
) -> None:
    """Ask for a recompute (on commit), or add the request to the current batch.

    ``indicator_ids``: those indicators whole — annual and period snapshots, every region (a
    target's change, a catalogue change). ``annual_ids``: their annual snapshots only, what an
    edited full-year figure changes beside its own region's 序时进度 (which it asks for as a
    pair). ``pairs`` (indicator_id, region_id): only those regions' 序时进度, what an edit of a
    year-to-date figure (period < 12) changes (queue.request_period_recompute).
    In a batch, an indicator asked for whole covers its annual request and its pairs."""
    pending = _pending_recompute.get()
    if pending is None:
        whole = {int(i) for i in indicator_ids}
        annual = {int(i) for i in annual_ids} - whole
        if whole:
            request_recompute(indicator_ids=sorted(whole))
        if annual:
            request_recompute(indicator_ids=sorted(annual), periods=False)
        request_period_recompute(pairs=[(i, r) for i, r in pairs if int(i) not in whole])
    else:
        pending.update(int(i) for i in indicator_ids)
        _pending_annual.get().update(int(i) for i in annual_ids)
        _pending_pairs.get().update((int(i), int(r)) for i, r in pairs)


@contextlib.contextmanager
def recompute_batch() -> Iterator[None]:
    """Collect the recompute requests of the writes inside; send them once at the end (on commit
    of the surrounding transaction, as `request_recompute` does). Nested batches join the outer."""
    if _pending_recompute.get() is not None:
        yield
        return
    pending: set[int] = set()
    pending_annual: set[int] = set()
    pending_pairs: set[tuple[int, int]] = set()
    tokens = (
        _pending_recompute.set(pending),
        _pending_annual.set(pending_annual),
        _pending_pairs.set(pending_pairs),
    )
    try:
        yield
    finally:
        for var, token in zip(
            (_pending_recompute, _pending_annual, _pending_pairs), tokens, strict=True
        ):
            var.reset(token)
    if pending:
        request_recompute(indicator_ids=sorted(pending))
    if pending_annual - pending:
        request_recompute(indicator_ids=sorted(pending_annual - pending), periods=False)
    request_period_recompute(pairs=[p for p in pending_pairs if p[0] not in pending])
