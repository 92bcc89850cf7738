"""A commitment's own page (/proposals/commitments/<id>/): its state, evidence and files, the
unit's report, the reviewer's confirmation, the yearly narrative, its history and the replies
that follow it up; the evidence files' download; a reply's "follows up" links. Thin views over
`proposals/services/commitment_evidence.py`.
"""

from __future__ import annotations

from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from common.errors import ServiceError
from proposals.models import Commitment, CommitmentFile, Reply
from proposals.page_actions import forbidden, run_action
from proposals.rules import CONFIRM_COMMITMENT, RECORD_COMMITMENT
from proposals.services import commitment_evidence as service
from proposals.services.errors import PermissionDenied
from proposals.tracking import is_measured


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe); the service checks each."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class ReportForm(forms.Form):
    kept_on = forms.DateField(
        label=gettext_lazy("落实日期"), widget=forms.DateInput(attrs={"type": "date"})
    )
    evidence = forms.CharField(
        label=gettext_lazy("落实依据"), widget=forms.Textarea(attrs={"rows": 3})
    )
    files = MultipleFileField(
        label=gettext_lazy("佐证材料（pdf、docx、xlsx、jpg、png）"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.jpg,.jpeg,.png"}),
    )


class NarrativeForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=2000, max_value=2100)
    text = forms.CharField(
        label=gettext_lazy("本年度推进情况"), widget=forms.Textarea(attrs={"rows": 3})
    )


@login_required
def commitment_detail(request, pk: int):
    commitment = get_object_or_404(
        Commitment.objects.select_related(
            "reply",
            "reply__proposal",
            "responsible_unit",
            "indicator",
            "task",
            "region",
            "reported_by",
            "confirmed_by",
        ),
        pk=pk,
    )
    user = request.user
    measured = is_measured(commitment)
    can_record = user.has_perm(RECORD_COMMITMENT, commitment)
    can_confirm = (
        user.has_perm(CONFIRM_COMMITMENT, commitment)
        and commitment.status == Commitment.Status.REPORTED
        and commitment.reported_by_id != user.pk
    )
    return render(
        request,
        "proposals/commitment.html",
        {
            "c": commitment,
            "measured": measured,
            "files": commitment.files.defer("content").select_related("uploaded_by"),
            "narratives": commitment.narratives.select_related("written_by").order_by("-year"),
            "history": commitment.history.select_related("history_user")[:30],
            "followed_up_by": commitment.followed_up_by.select_related("proposal"),
            "can_report": can_record and not measured and commitment.status in service.REPORTABLE,
            "can_confirm": can_confirm,
            "reported_by_me": commitment.status == Commitment.Status.REPORTED
            and commitment.reported_by_id == user.pk,
            "can_narrate": can_record,
            "report_form": ReportForm(initial={"kept_on": timezone.localdate()}),
            "narrative_form": NarrativeForm(initial={"year": timezone.localdate().year}),
        },
    )


def _report(request, commitment):
    form = ReportForm(request.POST, request.FILES)
    if not form.is_valid():
        return form
    service.commitment_report(
        user=request.user,
        commitment=commitment,
        kept_on=form.cleaned_data["kept_on"],
        evidence=form.cleaned_data["evidence"],
        files=request.FILES.getlist("files"),
    )
    return _("已报告落实情况，待审核员确认。")


def _confirm(request, commitment):
    service.commitment_confirm(user=request.user, commitment=commitment)
    return _("已确认落实。")


def _return(request, commitment):
    service.commitment_return(
        user=request.user, commitment=commitment, note=request.POST.get("note", "")
    )
    return _("已退回落实报告。")


def _narrate(request, commitment):
    form = NarrativeForm(request.POST)
    if not form.is_valid():
        return form
    service.commitment_narrate(
        user=request.user,
        commitment=commitment,
        year=form.cleaned_data["year"],
        text=form.cleaned_data["text"],
    )
    return _("已保存年度推进情况。")


ACTIONS = {"report": _report, "confirm": _confirm, "return": _return, "narrate": _narrate}


@login_required
@require_POST
def commitment_action(request, pk: int, action: str):
    """One action on a commitment's page: its form read, its service called, the page again."""
    if action not in ACTIONS:
        raise Http404(_("没有这个操作"))
    commitment = get_object_or_404(Commitment, pk=pk)
    refused = run_action(request, ACTIONS[action], request, commitment)
    return refused or redirect("proposals:commitment", pk=pk)


@login_required
def commitment_file(request, pk: int):
    """An evidence file, downloaded (never shown inline: a file is data, not a page)."""
    stored = get_object_or_404(CommitmentFile, pk=pk)
    response = HttpResponse(bytes(stored.content), content_type=stored.content_type)
    response["Content-Disposition"] = _attachment(stored.name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _attachment(name: str) -> str:
    return f"attachment; filename*=UTF-8''{quote(name)}"


@login_required
@require_POST
def reply_follow_up(request, pk: int):
    """A reviewer sets which earlier commitments this reply follows up."""
    reply = get_object_or_404(Reply, pk=pk)
    try:
        service.reply_follow_up(
            user=request.user, reply=reply, commitment_ids=request.POST.getlist("commitments")
        )
    except PermissionDenied as exc:
        return forbidden(request, exc.message)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已保存本答复跟进的承诺。"))
    return redirect(f"{_reply_url(reply)}#follows-up")


def _reply_url(reply) -> str:
    return reverse("proposals:detail", args=[reply.pk])
