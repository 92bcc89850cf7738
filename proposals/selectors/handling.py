"""Reads of proposal handling: the list, one proposal's page, what is due, and the board's counts.

Every function that speaks of deadlines takes `today`, so that "due within 15 days" and
"overdue" are the same at every call of one request and fixed in tests.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Min, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from indicators.models import Unit
from proposals.models import (
    Handling,
    HandlingCoUnit,
    HandlingEvaluation,
    HandlingState,
    HandlingStep,
    Proposal,
    ResultClass,
    Satisfaction,
)
from proposals.models.handling import OPEN_STATES

OVERDUE = "overdue"
DUE_SOON = "due_soon"
DUE_LABELS = {OVERDUE: _("已逾期"), DUE_SOON: _("即将到期")}


def due_status(handling: Handling, *, today: dt.date, soon_days: int | None = None) -> str:
    """ "overdue" past the deadline, "due_soon" within `soon_days` (the setting) of it, else "".

    Only while a reply is owed (交办, 办理中): an answered proposal is never due.
    """
    if handling.state not in OPEN_STATES or handling.deadline is None:
        return ""
    soon = settings.WZSCI_PROPOSAL_DUE_SOON_DAYS if soon_days is None else soon_days
    left = (handling.deadline - today).days
    if left < 0:
        return OVERDUE
    return DUE_SOON if left <= soon else ""


def _annotate_due(handling: Handling, today: dt.date) -> Handling:
    handling.due = due_status(handling, today=today)
    handling.due_label = DUE_LABELS.get(handling.due, "")
    handling.days_left = (handling.deadline - today).days if handling.deadline else None
    handling.overdue_days = -handling.days_left if handling.due == OVERDUE else 0
    return handling


def handling_list(
    *, today: dt.date, session: str = "", state: str = "", unit_id: int | None = None
) -> list[Handling]:
    """Proposals under handling, filtered by session, state and unit (lead or co-unit)."""
    rows = Handling.objects.select_related("proposal", "lead_unit", "reply").prefetch_related(
        Prefetch("co_units", queryset=HandlingCoUnit.objects.select_related("unit"))
    )
    if session:
        rows = rows.filter(proposal__session=session)
    if state:
        rows = rows.filter(state=state)
    if unit_id:
        rows = rows.filter(Q(lead_unit_id=unit_id) | Q(co_units__unit_id=unit_id))
    rows = [_annotate_due(h, today) for h in rows.distinct()]
    rank = session_order({h.proposal.session for h in rows})
    rows.sort(key=lambda h: (rank[h.proposal.session], h.proposal.number))
    return rows


def due_handlings(*, today: dt.date, unit_id: int | None = None) -> list[Handling]:
    """Open proposals overdue or due within the setting's days (lead or co-unit `unit_id`),
    the most urgent first."""
    horizon = today + dt.timedelta(days=settings.WZSCI_PROPOSAL_DUE_SOON_DAYS)
    rows = Handling.objects.filter(state__in=OPEN_STATES, deadline__lte=horizon).select_related(
        "proposal", "lead_unit"
    )
    if unit_id:
        rows = rows.filter(Q(lead_unit_id=unit_id) | Q(co_units__unit_id=unit_id))
    rows = rows.distinct().order_by("deadline", "proposal__session", "proposal__number")
    return [_annotate_due(h, today) for h in rows]


def session_order(sessions: Iterable[str] | QuerySet | None = None) -> dict[str, int]:
    """Sessions newest first, as rank by name. Their names do not sort by time (as text
    十二届三次 comes before 十二届二次), so each is dated by its earliest proposal received or
    reply signed."""
    rows = Proposal.objects.values("session").annotate(
        received=Min("handling__received_on"), signed=Min("replies__signed_on")
    )
    if sessions is not None:
        rows = rows.filter(
            session__in=sessions if isinstance(sessions, QuerySet) else list(sessions)
        )
    first = {}
    for row in rows.order_by():
        days = [d for d in (row["received"], row["signed"]) if d is not None]
        first[row["session"]] = min(days) if days else dt.date.min
    ordered = sorted(first, key=lambda session: (first[session], session), reverse=True)
    return {session: rank for rank, session in enumerate(ordered)}


def handling_sessions() -> list[str]:
    """Sessions with proposals under handling, newest first."""
    answered = Proposal.objects.filter(handling__isnull=False).values_list("session", flat=True)
    return list(session_order(answered))


def handling_units() -> QuerySet:
    return Unit.objects.filter(led_handlings__isnull=False).distinct().order_by("order", "name")


def handling_detail(*, proposal_id: int, today: dt.date) -> Handling:
    """One proposal's handling with its co-units, ratings, steps and replies (DoesNotExist)."""
    handling = (
        Handling.objects.select_related("proposal", "lead_unit", "reply")
        .prefetch_related(
            Prefetch(
                "co_units",
                queryset=HandlingCoUnit.objects.select_related("unit", "opinion_by"),
            ),
            Prefetch(
                "evaluations", queryset=HandlingEvaluation.objects.select_related("recorded_by")
            ),
            Prefetch(
                "steps", queryset=HandlingStep.objects.select_related("user", "unit", "reply")
            ),
            "proposal__replies",
        )
        .get(proposal_id=proposal_id)
    )
    return _annotate_due(handling, today)


def co_opinions(*, proposal: Proposal) -> list[HandlingCoUnit]:
    """The co-units' input for the lead unit's reply (empty when the proposal has no handling)."""
    return list(
        HandlingCoUnit.objects.filter(handling__proposal=proposal)
        .select_related("unit", "opinion_by")
        .order_by("unit__order", "unit__name")
    )


# --------------------------------------------------------------------------- the board's counts


@dataclass
class HandlingCounts:
    """Counts of one group (a unit or a session): by state, by class, by the two ratings."""

    label: str
    total: int = 0
    by_state: Counter = field(default_factory=Counter)
    by_class: Counter = field(default_factory=Counter)
    by_attitude: Counter = field(default_factory=Counter)
    by_result: Counter = field(default_factory=Counter)
    overdue: int = 0
    due_soon: int = 0


COUNT_COLUMNS = {
    "states": HandlingState.choices,
    "classes": [(value, value) for value in ResultClass.values] + [("", _("未分类"))],
    "ratings": [*Satisfaction.choices, ("", _("未评价"))],
}


def handling_counts(*, today: dt.date, session: str = "") -> dict[str, list[HandlingCounts]]:
    """The board's tables: per lead unit and per session, counts by state, class A/B/C/D and
    the proposer's ratings of the current round (attitude and result; "" = not rated yet)."""
    rows = Handling.objects.select_related("proposal", "lead_unit").prefetch_related("evaluations")
    if session:
        rows = rows.filter(proposal__session=session)
    per_unit: dict[object, HandlingCounts] = {}
    per_session: dict[str, HandlingCounts] = {}
    for handling in rows:
        unit_label = handling.lead_unit.name if handling.lead_unit else _("未交办")
        unit_key = (
            (handling.lead_unit.order, handling.lead_unit.name)
            if handling.lead_unit
            else (10**6, "")
        )
        evaluation = next(
            (e for e in handling.evaluations.all() if e.round == handling.round), None
        )
        due = due_status(handling, today=today)
        for groups, key, label in (
            (per_unit, unit_key, unit_label),
            (per_session, handling.proposal.session, handling.proposal.session),
        ):
            counts = groups.setdefault(key, HandlingCounts(label=label))
            counts.total += 1
            counts.by_state[handling.state] += 1
            counts.by_class[handling.result_class] += 1
            counts.by_attitude[evaluation.attitude if evaluation else ""] += 1
            counts.by_result[evaluation.result if evaluation else ""] += 1
            counts.overdue += due == OVERDUE
            counts.due_soon += due == DUE_SOON
    rank = session_order(per_session)
    return {
        "units": [per_unit[key] for key in sorted(per_unit)],
        "sessions": [per_session[key] for key in sorted(per_session, key=rank.__getitem__)],
    }
