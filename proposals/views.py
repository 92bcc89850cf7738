"""Pages of the proposals area (/proposals/): thin function views over selectors and services.

Every page needs a login; every role reads. Importing a reply is for reviewers, administrators
and the handling unit's staff (proposals/rules.py). The import draft lives in the session
between the two steps: the text, the file name and what the parser found in it (the form's
starting values and a summary), parsed once when the text arrives, not on every reload.
Nothing reaches the domain tables until staff confirm, and then everything is saved at once by
`imports.reply_import`.
"""

from __future__ import annotations

import secrets
import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_http_methods, require_POST

from indicators.models import Unit
from proposals.forms import (
    CommitmentFormSet,
    CommitmentRecordForm,
    FigureFormSet,
    HeaderForm,
    ImportStartForm,
    kept_rows,
    region_choices,
)
from proposals.import_draft import parsed_draft
from proposals.models import Commitment, Reply
from proposals.parsing import parse_reply_text
from proposals.rules import CONFIRM_COMMITMENT, IMPORT_REPLY, RECORD_COMMITMENT
from proposals.search import query_tokens
from proposals.selectors import board, disagreements, highlighting, pickers, replies
from proposals.services import commitments as commitment_service
from proposals.services import imports
from proposals.services.errors import (
    DuplicateReply,
    PermissionDenied,
    ReplyImportRejected,
    ValidationFailed,
)

DRAFTS_KEY = "proposals_import_drafts"
MAX_DRAFTS = 5


def _forbidden(request, message: str) -> HttpResponse:
    return render(request, "proposals/forbidden.html", {"message": message}, status=403)


def _int_or_none(raw) -> int | None:
    try:
        return int(raw) if raw not in (None, "") else None
    except (TypeError, ValueError):
        return None


# --------------------------------------------------------------------------- reading


@login_required
def reply_list(request):
    query = (request.GET.get("q") or "").strip()[:100]
    unit_id = _int_or_none(request.GET.get("unit"))
    year = _int_or_none(request.GET.get("year"))
    found = replies.reply_list(query=query, unit_id=unit_id, year=year)
    return render(
        request,
        "proposals/list.html",
        {
            "replies": found,
            "query": query,
            "unit_id": unit_id,
            "year": year,
            "years": replies.reply_years(),
            "units": Unit.objects.filter(proposal_replies__isnull=False).distinct(),
            "query_tokens": query_tokens(query) if query else [],
            "can_import": request.user.has_perm(IMPORT_REPLY, None),
        },
    )


@login_required
def reply_detail(request, pk: int):
    try:
        reply = replies.reply_detail(reply_id=pk)
    except Reply.DoesNotExist as exc:
        raise Http404(gettext("答复不存在")) from exc
    commitments = list(replies.reply_commitments(reply=reply))
    figures = list(replies.reply_figures(reply=reply))
    checks = {
        c.figure.id: c for c in disagreements.figure_checks(figures=reply.reported_figures.all())
    }
    flagged = {fid for fid, c in checks.items() if c.disagrees}
    letter, not_found = highlighting.highlighted_letter(
        reply=reply, commitments=commitments, figures=figures, flagged_ids=flagged
    )
    for figure in figures:
        figure.check = checks.get(figure.id)
    for commitment in commitments:
        commitment.can_record = (
            commitment.status != Commitment.Status.NOT_MEASURABLE
            and request.user.has_perm(RECORD_COMMITMENT, commitment)
        )
    return render(
        request,
        "proposals/detail.html",
        {
            "reply": reply,
            "commitments": commitments,
            "figures": figures,
            "letter": letter,
            "not_found": not_found,
            "disagreement_count": len(flagged),
            "record_form": CommitmentRecordForm(),
            **_follow_up_context(request.user, reply),
        },
    )


def _follow_up_choices(user, *, before=None):
    """The commitments a reviewer may link a reply to (those of replies signed `before`)."""
    if not user.has_perm(CONFIRM_COMMITMENT, None):
        return None
    choices = Commitment.objects.select_related("reply").order_by(
        "-reply__signed_on", "reply__doc_number", "number"
    )
    return choices.filter(reply__signed_on__lt=before) if before else choices


def _follow_up_context(user, reply: Reply) -> dict:
    """What the "跟进的承诺" part needs: a reviewer picks among earlier replies' commitments."""
    choices = _follow_up_choices(user, before=reply.signed_on)
    if choices is None:
        return {}
    return {
        "follow_up_choices": choices,
        "followed_ids": set(reply.follows_up.values_list("pk", flat=True)),
    }


@login_required
def commitment_board(request):
    unit_id = _int_or_none(request.GET.get("unit"))
    status = request.GET.get("status") or ""
    if status not in Commitment.Status.values:
        status = ""
    year = _int_or_none(request.GET.get("year"))
    rows = board.commitment_board(unit_id=unit_id, status=status, year=year)
    table, totals = board.board_counts(rows)
    groups: dict[int, dict] = {}
    for commitment in rows:
        group = groups.setdefault(
            commitment.responsible_unit_id, {"unit": commitment.responsible_unit, "rows": []}
        )
        group["rows"].append(commitment)
    profile_unit = getattr(getattr(request.user, "profile", None), "unit", None)
    return render(
        request,
        "proposals/board.html",
        {
            "groups": list(groups.values()),
            "table": table,
            "totals": totals,
            "statuses": Commitment.Status.choices,
            "units": board.units_with_commitments(),
            "years": board.commitment_years(),
            "unit_id": unit_id,
            "status": status,
            "year": year,
            "my_unit": profile_unit,
        },
    )


@login_required
def unit_commitments(request, pk: int):
    unit = get_object_or_404(Unit, pk=pk)
    return render(request, "proposals/unit.html", {"unit": unit})


@login_required
@require_POST
def commitment_record(request, pk: int):
    commitment = get_object_or_404(Commitment.objects.select_related("reply"), pk=pk)
    form = CommitmentRecordForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("请选择状态。"))
    else:
        try:
            commitment_service.commitment_record(
                user=request.user,
                commitment=commitment,
                status=form.cleaned_data["status"],
                evidence=form.cleaned_data["evidence"],
            )
        except PermissionDenied as exc:
            return _forbidden(request, exc.message)
        except ValidationFailed as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request, gettext("承诺 %(number)s 的状态已更新。") % {"number": commitment.number}
            )
    return redirect(
        f"{reverse('proposals:detail', args=[commitment.reply_id])}#c{commitment.number}"
    )


# --------------------------------------------------------------------------- import


def _drafts(request) -> dict:
    return request.session.get(DRAFTS_KEY, {})


@login_required
@require_http_methods(["GET", "POST"])
def import_start(request):
    if not request.user.has_perm(IMPORT_REPLY, None):
        return _forbidden(
            request, gettext("只有审核员、系统管理员和承办单位的工作人员可以导入提案答复。")
        )
    form = ImportStartForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        token = secrets.token_urlsafe(12)
        drafts = _drafts(request)
        # Keep the few newest drafts only: an abandoned import must not grow the session.
        for old in sorted(drafts, key=lambda k: drafts[k]["created"])[
            : max(0, len(drafts) - MAX_DRAFTS + 1)
        ]:
            drafts.pop(old)
        text = form.cleaned_data["reply_text"]
        drafts[token] = {
            "text": text,
            "source_file": form.cleaned_data["source_file"],
            "created": time.time(),
            "parsed": parsed_draft(parse_reply_text(text)),
        }
        request.session[DRAFTS_KEY] = drafts
        return redirect("proposals:import_confirm", token=token)
    return render(request, "proposals/import_start.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def import_confirm(request, token: str):
    if not request.user.has_perm(IMPORT_REPLY, None):
        return _forbidden(
            request, gettext("只有审核员、系统管理员和承办单位的工作人员可以导入提案答复。")
        )
    draft = _drafts(request).get(token)
    if draft is None:
        messages.warning(
            request, gettext("导入草稿已失效（可能已保存或会话已过期），请重新粘贴或上传答复。")
        )
        return redirect("proposals:import")
    parsed = draft.get("parsed")
    if parsed is None:  # a draft stored before drafts kept their parse
        parsed = draft["parsed"] = parsed_draft(parse_reply_text(draft["text"]))
        request.session.modified = True
    regions = region_choices()
    problems: list[str] = []
    if request.method == "POST":
        header_form = HeaderForm(request.POST, prefix="h")
        commitment_set = CommitmentFormSet(
            request.POST, prefix="c", form_kwargs={"regions": regions}
        )
        figure_set = FigureFormSet(request.POST, prefix="f", form_kwargs={"regions": regions})
        forms_valid = header_form.is_valid() & commitment_set.is_valid() & figure_set.is_valid()
        if forms_valid:
            header = {
                **header_form.cleaned_data,
                "full_text": draft["text"],
                "source_file": draft["source_file"],
            }
            try:
                reply = imports.reply_import(
                    user=request.user,
                    header=header,
                    commitments=kept_rows(commitment_set),
                    figures=kept_rows(figure_set),
                    follows_up=request.POST.getlist("follows_up"),
                )
            except PermissionDenied as exc:
                return _forbidden(request, exc.message)
            except DuplicateReply as exc:
                problems = [exc.message]
            except ReplyImportRejected as exc:
                problems = exc.problems
            else:
                drafts = _drafts(request)
                drafts.pop(token, None)
                request.session[DRAFTS_KEY] = drafts
                messages.success(
                    request,
                    gettext(
                        "答复 %(doc_number)s 已保存：承诺 %(count)s 项，报告数据 %(count2)s 条。"
                    )
                    % {
                        "doc_number": reply.doc_number,
                        "count": reply.commitments.count(),
                        "count2": reply.reported_figures.count(),
                    },
                )
                return redirect("proposals:detail", pk=reply.pk)
        else:
            problems = [gettext("表单内容有误，请检查标红的字段。")]
    else:
        initial = parsed["initial"]
        header_form = HeaderForm(initial=initial["header"], prefix="h")
        commitment_set = CommitmentFormSet(
            initial=initial["commitments"], prefix="c", form_kwargs={"regions": regions}
        )
        figure_set = FigureFormSet(
            initial=initial["figures"], prefix="f", form_kwargs={"regions": regions}
        )
    return render(
        request,
        "proposals/import_confirm.html",
        {
            "token": token,
            "draft": draft,
            "parsed": parsed,
            "header_form": header_form,
            "commitment_set": commitment_set,
            "figure_set": figure_set,
            "problems": problems,
            "options": pickers.picker_options(),
            "follow_up_choices": _follow_up_choices(request.user),
            "followed_ids": {int(i) for i in request.POST.getlist("follows_up") if i.isdigit()},
            "found_fields": parsed["found_fields"],
        },
        status=400 if problems else 200,
    )
