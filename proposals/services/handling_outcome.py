"""What follows a proposal's answer: its class A/B/C/D, the proposer's ratings (已评价), a second
handling after 不满意 (重新办理), and closing (办结). Same conventions as handling.py: keyword-only,
`today` passed in, the handling row locked, a step recorded with its user, history kept.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from proposals.handling_rules import ASSIGN_PROPOSAL, HANDLE_PROPOSAL
from proposals.models import (
    Handling,
    HandlingEvaluation,
    HandlingState,
    ResultClass,
    Satisfaction,
)
from proposals.models.handling import MAX_ROUNDS
from proposals.services.errors import ValidationFailed
from proposals.services.handling import (
    Action,
    add_months,
    local_today,
    locked,
    record_step,
    refuse,
    require,
    require_state,
    save_with_history,
)
from proposals.services.reading import TEXT_MAX, Problems, read_text


@transaction.atomic
def handling_classify(
    *, user, handling: Handling, result_class: str, today: dt.date | None = None
) -> Handling:
    """The result's class A/B/C/D, by the lead unit (or the office), until the proposal is closed."""
    require(user, HANDLE_PROPOSAL, handling, _("只有主办单位的工作人员可以确定办理结果类别。"))
    today = local_today(today)
    handling = locked(handling)
    allowed = (HandlingState.HANDLING, HandlingState.ANSWERED, HandlingState.EVALUATED)
    require_state(handling, allowed, _("确定办理结果类别"))
    if result_class not in ResultClass.values:
        raise ValidationFailed(details={"result_class": [_("请选择A、B、C或D类")]})
    handling.result_class = result_class
    save_with_history(handling, user=user, reason=_("办理结果分类"))
    record_step(handling, Action.CLASSIFY, user=user, today=today, note=result_class)
    return handling


@transaction.atomic
def handling_evaluate(
    *,
    user,
    handling: Handling,
    attitude: str,
    result: str,
    note: str = "",
    today: dt.date | None = None,
) -> HandlingEvaluation:
    """The proposer's two ratings of this round (办理态度, 办理结果): 已答复 → 已评价."""
    require(user, HANDLE_PROPOSAL, handling, _("只有审核员和主办单位的工作人员可以登记评价。"))
    today = local_today(today)
    handling = locked(handling)
    require_state(handling, (HandlingState.ANSWERED,), _("登记提案人评价"))
    problems = Problems()
    if attitude not in Satisfaction.values:
        problems.add(_("对办理态度"), _("请选择满意、基本满意或不满意"))
    if result not in Satisfaction.values:
        problems.add(_("对办理结果"), _("请选择满意、基本满意或不满意"))
    refuse(problems)
    evaluation = HandlingEvaluation(
        handling=handling,
        round=handling.round,
        attitude=attitude,
        result=result,
        note=read_text(note, max_length=TEXT_MAX),
        recorded_by=user,
        recorded_at=timezone.now(),
    )
    save_with_history(evaluation, user=user, reason=_("提案人评价"))
    handling.state = HandlingState.EVALUATED
    save_with_history(handling, user=user, reason=_("提案人评价"))
    record_step(
        handling,
        Action.EVALUATE,
        user=user,
        today=today,
        note=_("态度：%(a)s；结果：%(r)s")
        % {"a": evaluation.get_attitude_display(), "r": evaluation.get_result_display()},
    )
    return evaluation


def current_evaluation(handling: Handling) -> HandlingEvaluation | None:
    return handling.evaluations.filter(round=handling.round).first()


@transaction.atomic
def handling_rehandle(
    *, user, handling: Handling, deadline: dt.date | None = None, today: dt.date | None = None
) -> Handling:
    """重新办理 after a 不满意 rating: back to 办理中 for the lead unit, round 2, a new deadline
    (default: the rehandling setting's months from today). Once only."""
    require(user, ASSIGN_PROPOSAL, handling, _("只有审核员和系统管理员可以要求重新办理。"))
    today = local_today(today)
    handling = locked(handling)
    require_state(handling, (HandlingState.EVALUATED,), _("重新办理"))
    evaluation = current_evaluation(handling)
    problems = Problems()
    if evaluation is None or not evaluation.unsatisfied:
        problems.add("", _("只有提案人表示不满意时才能重新办理"))
    if handling.round >= MAX_ROUNDS:
        problems.add("", _("提案已重新办理过一次"))
    deadline = deadline or add_months(today, settings.WZSCI_PROPOSAL_REHANDLING_MONTHS)
    if deadline < today:
        problems.add("", _("答复期限不能早于今天"))
    refuse(problems)
    handling.round += 1
    handling.state = HandlingState.HANDLING
    handling.deadline = deadline
    handling.reply = None
    handling.answered_on = None
    save_with_history(handling, user=user, reason=_("重新办理"))
    record_step(
        handling,
        Action.REHANDLE,
        user=user,
        today=today,
        unit=handling.lead_unit,
        note=_("答复期限：%(deadline)s") % {"deadline": deadline.isoformat()},
    )
    return handling


@transaction.atomic
def handling_close(*, user, handling: Handling, today: dt.date | None = None) -> Handling:
    """办结: once the proposer has rated it, with its class recorded; a 不满意 first round must be
    handled again first."""
    require(user, ASSIGN_PROPOSAL, handling, _("只有审核员和系统管理员可以办结提案。"))
    today = local_today(today)
    handling = locked(handling)
    require_state(handling, (HandlingState.EVALUATED,), _("办结"))
    problems = Problems()
    if not handling.result_class:
        problems.add("", _("请先确定办理结果类别（A/B/C/D）"))
    evaluation = current_evaluation(handling)
    if evaluation is not None and evaluation.unsatisfied and handling.round < MAX_ROUNDS:
        problems.add("", _("提案人不满意，应先重新办理"))
    refuse(problems)
    handling.state = HandlingState.CLOSED
    handling.closed_on = today
    save_with_history(handling, user=user, reason=_("办结"))
    record_step(handling, Action.CLOSE, user=user, today=today)
    return handling
