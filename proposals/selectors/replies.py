"""Replies listed (newest first, filtered and searched) and one reply with its rows."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from proposals.models import Reply
from proposals.search import filter_by_text


def reply_list(*, query: str = "", unit_id: int | None = None, year: int | None = None) -> QuerySet:
    """Replies, newest first, with their commitment counts; filtered by the search box."""
    replies = (
        Reply.objects.select_related("proposal", "handling_unit")
        .annotate(
            commitment_count=Count("commitments", distinct=True),
            figure_count=Count("reported_figures", distinct=True),
        )
        .order_by("-signed_on", "doc_number")
    )
    if unit_id:
        replies = replies.filter(handling_unit_id=unit_id)
    if year:
        replies = replies.filter(signed_on__year=year)
    return filter_by_text(replies, query)


def reply_years() -> list[int]:
    return sorted({d.year for d in Reply.objects.dates("signed_on", "year")}, reverse=True)


def reply_detail(*, reply_id: int) -> Reply:
    return Reply.objects.select_related("proposal", "handling_unit", "created_by").get(pk=reply_id)


def reply_commitments(*, reply: Reply) -> QuerySet:
    return (
        reply.commitments.select_related("responsible_unit", "indicator", "task", "region")
        .prefetch_related("followed_up_by")
        .order_by("number")
    )


def reply_figures(*, reply: Reply) -> QuerySet:
    return reply.reported_figures.select_related("indicator", "region", "task").order_by("number")
