"""The steps of a proposal's handling (提案办理), each with its rules, its step row and history.

    received (待交办) → assigned (交办) → handling (办理中) → answered (已答复) → evaluated (已评价)
    → closed (办结); after a 不满意 rating, evaluated → handling again (重新办理, round 2).

Who may do each step is in proposals/handling_rules.py. Every function is keyword-only, takes
`today` (the business date the step happens on; default the local date) so that deadlines can be
tested with a fixed clock, locks the handling row, and records a `HandlingStep` with the user.
The reply's sign-off (the reply-document feature) calls `proposal_mark_answered`. What
follows the answer (class, ratings, second handling, closing) is in handling_outcome.py.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import InvalidState
from indicators.models import Unit
from proposals.handling_rules import (
    ASSIGN_PROPOSAL,
    ENTER_CO_OPINION,
    HANDLE_PROPOSAL,
    RECEIVE_PROPOSAL,
)
from proposals.models import (
    Handling,
    HandlingCoUnit,
    HandlingState,
    HandlingStep,
    Proposal,
    Reply,
)
from proposals.models.handling import OPEN_STATES
from proposals.services.errors import PermissionDenied, ValidationFailed
from proposals.services.reading import (
    TEXT_MAX,
    Problems,
    read_date,
    read_int,
    read_required_text,
)

Action = HandlingStep.Action
PROPOSAL_TEXT_MAX = 50_000


class DuplicateProposal(ValidationFailed):
    code = "duplicate_proposal"
    default_message_en = "A proposal with this session and number already exists."


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later; the month's last day where it is shorter (11-30 + 3 → 02-28)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_deadline(assigned_on: dt.date) -> dt.date:
    return add_months(assigned_on, settings.WZSCI_PROPOSAL_DEADLINE_MONTHS)


def local_today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def require(user, perm: str, obj, message: str) -> None:
    if user is None or not user.has_perm(perm, obj):
        raise PermissionDenied(message)


def require_state(handling: Handling, allowed: Iterable[str], step: str) -> None:
    if handling.state not in allowed:
        raise InvalidState(
            _("提案当前为“%(state)s”，不能%(step)s。")
            % {"state": handling.get_state_display(), "step": step}
        )


def refuse(problems: Problems) -> None:
    if problems.items:
        raise ValidationFailed(details={"problems": problems.items})


def locked(handling: Handling) -> Handling:
    return Handling.objects.select_for_update().select_related("proposal").get(pk=handling.pk)


def save_with_history(obj, *, user, reason: str, **kwargs) -> None:
    obj._history_user = user
    obj._change_reason = reason
    obj.save(**kwargs)


def record_step(handling: Handling, action: str, *, user, today: dt.date, **extra) -> HandlingStep:
    return HandlingStep.objects.create(
        handling=handling,
        action=action,
        round=handling.round,
        state_after=handling.state,
        user=user,
        at=timezone.now(),
        on=today,
        **extra,
    )


# --------------------------------------------------------------------------- receive, assign


@transaction.atomic
def handling_receive(
    *,
    user,
    session: str,
    number,
    proposer: str,
    title: str,
    text: str,
    received_on=None,
    today: dt.date | None = None,
) -> Handling:
    """A new proposal as the CPPCC sent it: the proposal and its handling, waiting for 交办."""
    require(user, RECEIVE_PROPOSAL, None, _("只有审核员和系统管理员可以登记提案。"))
    today = local_today(today)
    problems = Problems()
    session = read_required_text(session, _("会议届次"), "", problems, max_length=40)
    number = read_int(number, _("提案号"), "", problems, low=1, high=100000)
    proposer = read_required_text(proposer, _("提案人"), "", problems, max_length=60)
    title = read_required_text(title, _("提案标题"), "", problems, max_length=300)
    text = read_required_text(text, _("提案内容"), "", problems, max_length=PROPOSAL_TEXT_MAX)
    received = read_date(received_on or today, _("收到日期"), "", problems, required=True)
    if received and received > today:
        problems.add("", _("收到日期不能晚于今天"))
    refuse(problems)
    if Proposal.objects.filter(session=session, number=number).exists():
        raise DuplicateProposal(
            _("%(session)s第%(number)s号提案已经登记。") % {"session": session, "number": number}
        )
    try:
        with transaction.atomic():
            proposal = Proposal.objects.create(
                session=session, number=number, proposer=proposer, title=title
            )
    except IntegrityError as exc:  # the same proposal registered at the same moment
        raise DuplicateProposal() from exc
    handling = Handling(proposal=proposal, text=text, received_on=received)
    save_with_history(handling, user=user, reason=_("收到提案"))
    record_step(handling, Action.RECEIVE, user=user, today=today)
    return handling


@transaction.atomic
def handling_assign(
    *,
    user,
    handling: Handling,
    lead_unit: Unit,
    co_units: Iterable[Unit] = (),
    deadline: dt.date | None = None,
    today: dt.date | None = None,
) -> Handling:
    """交办: the lead unit (主办), the co-units (会办) and the deadline (default: the setting's
    months from today). Allowed again until the lead unit has signed for it."""
    require(user, ASSIGN_PROPOSAL, handling, _("只有审核员和系统管理员可以交办提案。"))
    today = local_today(today)
    handling = locked(handling)
    require_state(handling, (HandlingState.RECEIVED, HandlingState.ASSIGNED), _("交办"))
    problems = Problems()
    co_units = list({unit.pk: unit for unit in co_units}.values())
    if lead_unit is None:
        problems.add("", _("请选择主办单位"))
    elif any(unit.pk == lead_unit.pk for unit in co_units):
        problems.add("", _("主办单位不能同时是会办单位"))
    deadline = deadline or default_deadline(today)
    if deadline < today:
        problems.add("", _("答复期限不能早于交办日期"))
    refuse(problems)
    handling.state = HandlingState.ASSIGNED
    handling.lead_unit = lead_unit
    handling.assigned_on = today
    handling.deadline = deadline
    save_with_history(handling, user=user, reason=_("交办"))
    wanted = {unit.pk for unit in co_units}
    for gone in handling.co_units.exclude(unit_id__in=wanted):
        gone._history_user = user
        gone.delete()
    present = set(handling.co_units.values_list("unit_id", flat=True))
    for unit in co_units:
        if unit.pk not in present:
            save_with_history(
                HandlingCoUnit(handling=handling, unit=unit), user=user, reason=_("交办")
            )
    names = "、".join(unit.name for unit in co_units) or _("无")
    record_step(
        handling,
        Action.ASSIGN,
        user=user,
        today=today,
        unit=lead_unit,
        note=_("主办：%(lead)s；会办：%(co)s；答复期限：%(deadline)s")
        % {"lead": lead_unit.name, "co": names, "deadline": deadline.isoformat()},
    )
    return handling


# --------------------------------------------------------------------------- handle, answer


@transaction.atomic
def handling_start(*, user, handling: Handling, today: dt.date | None = None) -> Handling:
    """The lead unit signs for the proposal (签收): 交办 → 办理中."""
    require(user, HANDLE_PROPOSAL, handling, _("只有主办单位的工作人员可以签收办理。"))
    today = local_today(today)
    handling = locked(handling)
    require_state(handling, (HandlingState.ASSIGNED,), _("签收办理"))
    handling.state = HandlingState.HANDLING
    save_with_history(handling, user=user, reason=_("签收办理"))
    record_step(handling, Action.START, user=user, today=today, unit=handling.lead_unit)
    return handling


@transaction.atomic
def handling_enter_co_opinion(
    *, user, co_unit: HandlingCoUnit, opinion: str, today: dt.date | None = None
) -> HandlingCoUnit:
    """A co-unit's input (会办意见) for the lead unit, until the reply is sent; may be revised."""
    require(user, ENTER_CO_OPINION, co_unit, _("只有该会办单位的工作人员可以填写会办意见。"))
    today = local_today(today)
    handling = locked(co_unit.handling)
    require_state(handling, OPEN_STATES, _("填写会办意见"))
    problems = Problems()
    opinion = read_required_text(opinion, _("会办意见"), "", problems, max_length=TEXT_MAX)
    refuse(problems)
    co_unit = HandlingCoUnit.objects.select_for_update().get(pk=co_unit.pk)
    co_unit.opinion = opinion
    co_unit.opinion_by = user
    co_unit.opinion_at = timezone.now()
    save_with_history(co_unit, user=user, reason=_("会办意见"))
    record_step(handling, Action.CO_OPINION, user=user, today=today, unit=co_unit.unit)
    return co_unit


@transaction.atomic
def proposal_mark_answered(
    *, user, proposal: Proposal, reply: Reply, today: dt.date | None = None
) -> Handling:
    """The reply has been signed off: 办理中 → 已答复 (called by the reply's sign-off).

    The reply must be one of this proposal's, by its lead unit; a second handling needs a new
    reply. From 交办 the lead unit's signing for it is recorded in the same step.
    """
    handling = Handling.objects.filter(proposal=proposal).first()
    if handling is None:
        raise InvalidState(_("该提案没有办理记录，不能登记答复。"))
    require(user, HANDLE_PROPOSAL, handling, _("只有主办单位的工作人员可以登记答复。"))
    today = local_today(today)
    handling = locked(handling)
    require_state(handling, OPEN_STATES, _("登记答复"))
    problems = Problems()
    if reply.proposal_id != handling.proposal_id:
        problems.add("", _("答复 %(doc)s 不是对这件提案的答复") % {"doc": reply.doc_number})
    if reply.handling_unit_id != handling.lead_unit_id:
        problems.add("", _("答复 %(doc)s 的承办单位不是主办单位") % {"doc": reply.doc_number})
    answered_before = handling.steps.filter(action=Action.ANSWER, reply=reply).exists()
    if answered_before:
        problems.add("", _("重新办理须有新的答复，%(doc)s 已登记过") % {"doc": reply.doc_number})
    refuse(problems)
    if handling.state == HandlingState.ASSIGNED:
        handling.state = HandlingState.HANDLING
        record_step(handling, Action.START, user=user, today=today, unit=handling.lead_unit)
    handling.state = HandlingState.ANSWERED
    handling.reply = reply
    handling.answered_on = today
    save_with_history(handling, user=user, reason=_("答复"))
    late = handling.deadline is not None and today > handling.deadline
    record_step(
        handling,
        Action.ANSWER,
        user=user,
        today=today,
        unit=handling.lead_unit,
        reply=reply,
        note=_("逾期答复") if late else "",
    )
    return handling
