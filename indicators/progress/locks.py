"""Serialising recomputes: PostgreSQL advisory locks per indicator, shared by the writers of
progress snapshots (recompute.py) and period snapshots (periods.py)."""

from __future__ import annotations

from django.db import connection

# Advisory-lock namespace (pg_advisory_xact_lock(namespace, key)): key 0 is "every indicator",
# taken exclusively by a full recompute and shared by a scoped one; a scoped recompute also takes
# each of its indicators exclusively, in id order so that two of them cannot deadlock.
LOCK_NAMESPACE = 0x7A5C
ALL_INDICATORS_LOCK = 0


def lock_indicators(indicator_ids: list[int] | None) -> None:
    """Serialise recomputes of the same indicator (PostgreSQL), so that a recompute that read
    older input cannot commit after one that read newer input. Inside a transaction."""
    if connection.vendor != "postgresql":
        return  # SQLite writes one transaction at a time anyway
    with connection.cursor() as cursor:
        if indicator_ids is None:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, ALL_INDICATORS_LOCK]
            )
            return
        cursor.execute(
            "SELECT pg_advisory_xact_lock_shared(%s, %s)", [LOCK_NAMESPACE, ALL_INDICATORS_LOCK]
        )
        for indicator_id in sorted(indicator_ids):
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, indicator_id])
