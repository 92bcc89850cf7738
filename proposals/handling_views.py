"""Pages of proposal handling (/proposals/handling/) and the public page of replies
(/proposals/public/): thin function views over proposals/selectors/ and services/handling.py.

Handling pages need a login and every role reads them; each step is a POST to
`handling_step`, which reads its form and calls the step's service. The public pages need no
login and answer 404 unless WZSCI_PROPOSALS_PUBLIC is on.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from proposals.handling_forms import (
    AnswerForm,
    AssignForm,
    ClassifyForm,
    EvaluateForm,
    OpinionForm,
    ReceiveForm,
    RehandleForm,
)
from proposals.handling_rules import (
    ASSIGN_PROPOSAL,
    ENTER_CO_OPINION,
    HANDLE_PROPOSAL,
    RECEIVE_PROPOSAL,
)
from proposals.models import Handling, HandlingCoUnit, HandlingState, Reply
from proposals.models.handling import MAX_ROUNDS, OPEN_STATES
from proposals.page_actions import forbidden, run_action
from proposals.selectors import handling as selectors
from proposals.selectors import publication
from proposals.services import handling as service
from proposals.services import handling_outcome as outcome
from proposals.services.errors import PermissionDenied, ServiceError


def _int_or_none(raw) -> int | None:
    try:
        return int(raw) if raw not in (None, "") else None
    except (TypeError, ValueError):
        return None


@login_required
def handling_board(request):
    today = timezone.localdate()
    session = (request.GET.get("session") or "")[:40]
    state = request.GET.get("state") or ""
    if state not in HandlingState.values:
        state = ""
    unit_id = _int_or_none(request.GET.get("unit"))
    return render(
        request,
        "proposals/handling/board.html",
        {
            "today": today,
            "due": selectors.due_handlings(today=today, unit_id=unit_id),
            "rows": selectors.handling_list(
                today=today, session=session, state=state, unit_id=unit_id
            ),
            "counts": selectors.handling_counts(today=today, session=session),
            "columns": selectors.COUNT_COLUMNS,
            "sessions": selectors.handling_sessions(),
            "units": selectors.handling_units(),
            "states": HandlingState.choices,
            "session": session,
            "state": state,
            "unit_id": unit_id,
            "soon_days": settings.WZSCI_PROPOSAL_DUE_SOON_DAYS,
            "can_receive": request.user.has_perm(RECEIVE_PROPOSAL),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def handling_receive(request):
    if not request.user.has_perm(RECEIVE_PROPOSAL):
        return forbidden(request, _("只有审核员和系统管理员可以登记提案。"))
    form = ReceiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            handling = service.handling_receive(user=request.user, **form.cleaned_data)
        except PermissionDenied as exc:
            return forbidden(request, exc.message)
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("已登记：%(p)s。") % {"p": handling.proposal})
            return redirect("proposals:handling_detail", pk=handling.proposal_id)
    return render(
        request,
        "proposals/handling/receive.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@login_required
def handling_detail(request, pk: int):
    today = timezone.localdate()
    try:
        handling = selectors.handling_detail(proposal_id=pk, today=today)
    except Handling.DoesNotExist as exc:
        raise Http404(_("该提案没有办理记录")) from exc
    user = request.user
    co_units = list(handling.co_units.all())
    my_co_units = [c for c in co_units if user.has_perm(ENTER_CO_OPINION, c)]
    answered = {step.reply_id for step in handling.steps.all() if step.reply_id}
    answerable = [
        r
        for r in handling.proposal.replies.all()
        if r.handling_unit_id == handling.lead_unit_id and r.pk not in answered
    ]
    evaluation = next((e for e in handling.evaluations.all() if e.round == handling.round), None)
    can_assign = user.has_perm(ASSIGN_PROPOSAL, handling)
    can_handle = user.has_perm(HANDLE_PROPOSAL, handling)
    state, is_open = handling.state, handling.state in OPEN_STATES
    # Which forms the page offers; the services decide again when a form is posted.
    rehandle = (
        can_assign
        and state == HandlingState.EVALUATED
        and evaluation is not None
        and evaluation.unsatisfied
        and handling.round < MAX_ROUNDS
    )
    show = {
        "assign": can_assign and state in (HandlingState.RECEIVED, HandlingState.ASSIGNED),
        "start": can_handle and state == HandlingState.ASSIGNED,
        "opinion": is_open,
        "answer": can_handle and is_open,
        "classify": can_handle
        and state in (HandlingState.HANDLING, HandlingState.ANSWERED, HandlingState.EVALUATED),
        "evaluate": can_handle and state == HandlingState.ANSWERED,
        "rehandle": rehandle,
        "close": can_assign and state == HandlingState.EVALUATED and not rehandle,
    }
    return render(
        request,
        "proposals/handling/detail.html",
        {
            "handling": handling,
            "proposal": handling.proposal,
            "co_units": co_units,
            "my_co_units": my_co_units,
            "answerable": answerable,
            "evaluation": evaluation,
            "show": show,
            "assign_form": AssignForm(
                initial={
                    "lead_unit": handling.lead_unit_id,
                    "co_units": [c.unit_id for c in co_units],
                    "deadline": handling.deadline,
                }
            ),
            "classify_form": ClassifyForm(initial={"result_class": handling.result_class}),
            "evaluate_form": EvaluateForm(),
            "rehandle_form": RehandleForm(),
        },
    )


# --------------------------------------------------------------------------- the steps (POST)


def _assign(request, handling, data):
    form = AssignForm(data)
    if not form.is_valid():
        return form
    service.handling_assign(
        user=request.user,
        handling=handling,
        lead_unit=form.cleaned_data["lead_unit"],
        co_units=form.cleaned_data["co_units"],
        deadline=form.cleaned_data["deadline"],
    )
    return _("已交办。")


def _start(request, handling, data):
    service.handling_start(user=request.user, handling=handling)
    return _("已签收，进入办理。")


def _opinion(request, handling, data):
    form = OpinionForm(data)
    if not form.is_valid():
        return form
    co_unit = get_object_or_404(HandlingCoUnit, pk=form.cleaned_data["co_unit"], handling=handling)
    service.handling_enter_co_opinion(
        user=request.user, co_unit=co_unit, opinion=form.cleaned_data["opinion"]
    )
    return _("%(unit)s的会办意见已保存。") % {"unit": co_unit.unit}


def _answer(request, handling, data):
    form = AnswerForm(data)
    if not form.is_valid():
        return form
    reply = get_object_or_404(Reply, pk=form.cleaned_data["reply"])
    service.proposal_mark_answered(user=request.user, proposal=handling.proposal, reply=reply)
    return _("已登记答复 %(doc)s。") % {"doc": reply.doc_number}


def _classify(request, handling, data):
    form = ClassifyForm(data)
    if not form.is_valid():
        return form
    outcome.handling_classify(
        user=request.user, handling=handling, result_class=form.cleaned_data["result_class"]
    )
    return _("办理结果类别已保存。")


def _evaluate(request, handling, data):
    form = EvaluateForm(data)
    if not form.is_valid():
        return form
    outcome.handling_evaluate(user=request.user, handling=handling, **form.cleaned_data)
    return _("提案人评价已登记。")


def _rehandle(request, handling, data):
    form = RehandleForm(data)
    if not form.is_valid():
        return form
    outcome.handling_rehandle(
        user=request.user, handling=handling, deadline=form.cleaned_data["deadline"]
    )
    return _("已转入重新办理。")


def _close(request, handling, data):
    outcome.handling_close(user=request.user, handling=handling)
    return _("提案已办结。")


STEPS = {
    "assign": _assign,
    "start": _start,
    "opinion": _opinion,
    "answer": _answer,
    "classify": _classify,
    "evaluate": _evaluate,
    "rehandle": _rehandle,
    "close": _close,
}


@login_required
@require_POST
def handling_step(request, pk: int, step: str):
    """One step on a proposal's page: its form read, its service called, the page shown again."""
    if step not in STEPS:
        raise Http404(_("没有这个办理步骤"))
    handling = get_object_or_404(Handling.objects.select_related("proposal"), proposal_id=pk)
    refused = run_action(request, STEPS[step], request, handling, request.POST)
    return refused or redirect("proposals:handling_detail", pk=pk)


# --------------------------------------------------------------------------- publication


def _public_or_404():
    if not settings.WZSCI_PROPOSALS_PUBLIC:
        raise Http404()


def public_index(request):
    _public_or_404()
    return render(
        request, "proposals/public/index.html", {"sessions": publication.public_sessions()}
    )


def public_session(request, session: str):
    _public_or_404()
    entries = publication.public_session(
        session=session, full_text=settings.WZSCI_PROPOSALS_PUBLIC_FULL_TEXT
    )
    if not entries:
        raise Http404()
    return render(
        request,
        "proposals/public/session.html",
        {
            "session": session,
            "entries": entries,
            "full_text": settings.WZSCI_PROPOSALS_PUBLIC_FULL_TEXT,
        },
    )
