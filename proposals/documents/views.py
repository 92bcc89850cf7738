"""Pages of the reply drafts (/proposals/drafts/) and the .docx downloads: thin views over
documents/selectors.py and documents/services.py.

Every logged-in role reads drafts and downloads letters; writing, deleting and signing a draft
are for reviewers, administrators and the handling unit's staff (the services decide).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from common.errors import ServiceError
from common.spreadsheets import content_disposition
from proposals.documents import selectors, services
from proposals.documents.docx_letter import letter_docx
from proposals.documents.forms import DraftCreateForm, DraftForm, SignOffForm
from proposals.documents.letter import letter_text
from proposals.figurecheck.check import figure_check
from proposals.figurecheck.presenting import COLUMNS, rows
from proposals.models import Reply, ReplyDraft
from proposals.rules import IMPORT_REPLY
from proposals.services.errors import PermissionDenied, ReplyImportRejected

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _forbidden(request, message: str) -> HttpResponse:
    return render(request, "proposals/forbidden.html", {"message": message}, status=403)


def _draft_or_404(pk: int) -> ReplyDraft:
    try:
        return selectors.draft_detail(draft_id=pk)
    except ReplyDraft.DoesNotExist as exc:
        raise Http404(_("答复稿不存在")) from exc


def _problems(exc: ServiceError) -> list[str]:
    if isinstance(exc, ReplyImportRejected):
        return exc.problems
    listed = exc.details.get("problems") if exc.details else None
    return list(listed) if listed else [exc.message]


def _docx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(filename, fallback="reply")
    return response


@login_required
def draft_list(request):
    profile_unit = getattr(getattr(request.user, "profile", None), "unit", None)
    return render(
        request,
        "proposals/documents/draft_list.html",
        {
            "drafts": selectors.draft_list(),
            "form": DraftCreateForm(initial={"handling_unit": profile_unit}),
            "can_draft": request.user.has_perm(IMPORT_REPLY, None),
        },
    )


@login_required
@require_POST
def draft_create(request):
    form = DraftCreateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择提案和承办单位。"))
        return redirect("proposals:drafts")
    try:
        draft = services.reply_draft_create(
            user=request.user,
            proposal=form.cleaned_data["proposal"],
            handling_unit=form.cleaned_data["handling_unit"],
        )
    except PermissionDenied as exc:
        return _forbidden(request, exc.message)
    except ServiceError as exc:
        messages.error(request, "；".join(_problems(exc)))
        return redirect("proposals:drafts")
    return redirect("proposals:draft", pk=draft.pk)


@login_required
@require_http_methods(["GET", "POST"])
def draft_edit(request, pk: int):
    draft = _draft_or_404(pk)
    form = DraftForm.for_draft(draft, request.POST or None)
    problems: list[str] = []
    if request.method == "POST":
        if form.is_valid():
            try:
                draft = services.reply_draft_save(
                    user=request.user, draft=draft, fields=form.cleaned_data
                )
            except PermissionDenied as exc:
                return _forbidden(request, exc.message)
            except ServiceError as exc:
                problems = _problems(exc)
            else:
                messages.success(request, _("答复稿已保存。"))
                if request.POST.get("then") == "sign":
                    return redirect("proposals:draft_sign", pk=draft.pk)
                return redirect("proposals:draft", pk=draft.pk)
        else:
            problems = [_("表单内容有误，请检查标红的字段。")]
    letter = selectors.draft_letter(draft=draft)
    report = figure_check(text=letter_text(letter), as_of_year=timezone.localdate().year)
    return render(
        request,
        "proposals/documents/draft_edit.html",
        {
            "draft": draft,
            "form": form,
            "problems": problems,
            "letter": letter,
            "report": report,
            "rows": rows(report),
            "columns": COLUMNS,
            "can_edit": not draft.is_signed
            and request.user.has_perm(IMPORT_REPLY, draft.handling_unit),
        },
        status=400 if problems else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def draft_sign(request, pk: int):
    draft = _draft_or_404(pk)
    if draft.is_signed:
        messages.info(request, _("这份答复稿已签发。"))
        return redirect("proposals:draft", pk=draft.pk)
    if not request.user.has_perm(IMPORT_REPLY, draft.handling_unit):
        return _forbidden(request, _("只有审核员、系统管理员和承办单位的工作人员可以签发答复。"))
    form = SignOffForm(request.POST or None)
    signed_on = timezone.localdate()
    if form.is_valid():
        signed_on = form.cleaned_data["signed_on"]
    letter = selectors.draft_letter(draft=draft, signed_on=signed_on)
    text = letter_text(letter)
    commitments, figures = selectors.candidate_rows(text=text, signed_on=signed_on)
    problems: list[str] = []
    differing: list[dict] = []
    # A first visit keeps every candidate; a POST keeps what was ticked.
    kept_c = {c["label"] for c in commitments if _kept(request, "keep_c", c["label"])}
    kept_f = {f["label"] for f in figures if _kept(request, "keep_f", f["label"])}
    if request.method == "POST" and form.is_valid():
        try:
            reply = services.reply_draft_sign_off(
                user=request.user,
                draft=draft,
                signed_on=form.cleaned_data["signed_on"],
                issued_on=form.cleaned_data["issued_on"],
                commitments=[c for c in commitments if c["label"] in kept_c],
                figures=[f for f in figures if f["label"] in kept_f],
                accept_differences=form.cleaned_data["accept_differences"],
            )
        except PermissionDenied as exc:
            return _forbidden(request, exc.message)
        except services.FiguresDiffer as exc:
            problems = [exc.message]
            differing = exc.details["figures"]
        except ServiceError as exc:
            problems = _problems(exc)
        else:
            messages.success(
                request,
                _("答复 %(doc)s 已签发：承诺 %(c)s 项，报告数据 %(f)s 条。")
                % {
                    "doc": reply.doc_number,
                    "c": reply.commitments.count(),
                    "f": reply.reported_figures.count(),
                },
            )
            return redirect("proposals:detail", pk=reply.pk)
    elif request.method == "POST":
        problems = [_("请填写有效的签发日期。")]
    report = figure_check(text=text, as_of_year=signed_on.year, as_of=signed_on)
    return render(
        request,
        "proposals/documents/draft_sign.html",
        {
            "draft": draft,
            "form": form,
            "letter": letter,
            "report": report,
            "rows": rows(report),
            "columns": COLUMNS,
            "commitments": commitments,
            "figures": figures,
            "problems": problems,
            "differing": differing,
            "kept_c": kept_c,
            "kept_f": kept_f,
        },
        status=400 if problems else 200,
    )


def _kept(request, prefix: str, label: int) -> bool:
    return request.method != "POST" or f"{prefix}_{label}" in request.POST


@login_required
@require_POST
def draft_delete(request, pk: int):
    draft = _draft_or_404(pk)
    try:
        services.reply_draft_delete(user=request.user, draft=draft)
    except PermissionDenied as exc:
        return _forbidden(request, exc.message)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("proposals:draft", pk=draft.pk)
    messages.success(request, _("答复稿已删除。"))
    return redirect("proposals:drafts")


@login_required
def draft_docx(request, pk: int):
    draft = _draft_or_404(pk)
    letter = selectors.draft_letter(draft=draft)
    name = draft.doc_number or _("答复稿")
    return _docx_response(letter_docx(letter), f"{name}.docx")


@login_required
def reply_docx(request, pk: int):
    reply = get_object_or_404(Reply.objects.select_related("handling_unit"), pk=pk)
    return _docx_response(
        letter_docx(selectors.reply_letter(reply=reply)), f"{reply.doc_number}.docx"
    )
