"""Every write of a reply drafted in wzsci: create, save, delete, and sign off.

Who: those who may bring a reply of the handling unit in (proposals/rules.py `import_reply`:
reviewers, administrators, the unit's own staff). A signed draft is never changed again.

Signing off (`reply_draft_sign_off`) is where a draft becomes a reply:
1. the letter's figures are checked (proposals/figurecheck) on the text as it will be signed;
   a figure that differs from an approved actual, a target or an earlier reported figure stops
   the sign-off (`FiguresDiffer`, each one listed) unless the signer accepts them, and the
   accepted ones are kept in the draft's `check_summary`;
2. the reply is saved through the reply import (`imports.reply_import`), the one path by which a
   reply, its commitments and its reported figures come in;
3. who signed and when is recorded on the draft (with its history), and the proposal's handling
   is told (`lifecycle.mark_answered`).
All in one transaction: a refusal at any step saves nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from common.errors import InvalidState, PermissionDenied, ValidationFailed
from indicators.models import Unit
from proposals.documents import lifecycle
from proposals.documents.letter import default_title, issuer_name, letter_text
from proposals.documents.selectors import draft_letter
from proposals.figurecheck.check import figure_check
from proposals.figurecheck.presenting import result_row
from proposals.models import Proposal, Reply, ReplyDraft
from proposals.rules import IMPORT_REPLY
from proposals.selectors.units import unit_by_name
from proposals.services.imports import reply_import
from proposals.services.reading import (
    FULL_TEXT_MAX,
    Problems,
    read_date,
    read_list,
    read_model,
    read_required_text,
    read_text,
)

DEFAULT_COPY_TO = ["市府办", "市政协提案委"]
# What a form may set on a draft.
DRAFT_FIELDS = (
    "letterhead",
    "doc_number",
    "title",
    "salutation",
    "body",
    "contact_name",
    "contact_phones",
    "copy_to",
    "issuer",
)


class FiguresDiffer(ValidationFailed):
    """Sign-off refused: figures of the letter differ from the data; `details["figures"]` lists
    each (the sentence, the figure, the value it differs from and its source)."""

    code = "figures_differ"
    default_message_en = "Figures in the reply differ from the data; review them before signing."


def _require_drafter(user, unit) -> None:
    if user is None or not user.has_perm(IMPORT_REPLY, unit):
        raise PermissionDenied(_("只有审核员、系统管理员和承办单位的工作人员可以起草和签发答复。"))


def _require_drafting(draft: ReplyDraft) -> None:
    if draft.status != ReplyDraft.Status.DRAFTING:
        raise InvalidState(_("这份答复稿已签发，不能再修改。"))


@transaction.atomic
def reply_draft_create(*, user, proposal: Proposal, handling_unit: Unit | str | None = None):
    """A new draft for `proposal`, with the letter's usual parts filled in: the unit's
    letterhead and name, the title and salutation from the proposal, the usual copy-to list."""
    problems = Problems()
    unit = read_model(Unit, handling_unit, _("承办单位"), "", problems, by=unit_by_name)
    if unit is None:
        profile = getattr(user, "profile", None)
        unit = getattr(profile, "unit", None)
    _require_drafter(user, unit)
    if unit is None:
        problems.add("", _("请选择承办单位"))
    if problems.items:
        raise ValidationFailed(details={"problems": problems.items})
    issuer = issuer_name(unit.name)
    draft = ReplyDraft(
        proposal=proposal,
        handling_unit=unit,
        letterhead=f"{issuer}文件",
        title=default_title(proposal.session, proposal.number),
        salutation=f"{proposal.proposer}委员：",
        copy_to=list(DEFAULT_COPY_TO),
        issuer=issuer,
        created_by=user,
    )
    draft._history_user = user
    draft.save()
    return draft


@transaction.atomic
def reply_draft_save(*, user, draft: ReplyDraft, fields: Mapping) -> ReplyDraft:
    """Save what was typed (fields left out keep their value); every problem in Chinese."""
    current = ReplyDraft.objects.select_for_update().get(pk=draft.pk)
    _require_drafter(user, current.handling_unit)
    _require_drafting(current)
    raw = {name: fields.get(name, getattr(current, name)) for name in DRAFT_FIELDS}
    problems = Problems()
    data = _read_draft(raw, problems)
    if problems.items:
        raise ValidationFailed(details={"problems": problems.items})
    for name, value in data.items():
        setattr(current, name, value)
    current._history_user = user
    current.save()
    return current


def _read_draft(raw: Mapping, problems: Problems) -> dict:
    where = _("答复稿")
    return {
        "letterhead": read_text(raw["letterhead"], max_length=60),
        "doc_number": read_text(raw["doc_number"], max_length=60),
        "title": read_required_text(raw["title"], _("标题"), where, problems, max_length=300),
        "salutation": read_required_text(
            raw["salutation"], _("称谓"), where, problems, max_length=80
        ),
        "body": _read_body(raw["body"], where, problems),
        "contact_name": read_text(raw["contact_name"], max_length=40),
        "contact_phones": read_list(raw["contact_phones"]),
        "copy_to": read_list(raw["copy_to"]),
        "issuer": read_required_text(raw["issuer"], _("落款单位"), where, problems, max_length=80),
    }


def _read_body(raw, where: str, problems: Problems) -> str:
    body = "" if raw is None else str(raw).replace("\r\n", "\n").strip()
    if len(body) > FULL_TEXT_MAX:
        problems.add(where, _("正文过长（最多 %(max)s 个字）") % {"max": FULL_TEXT_MAX})
    return body


@transaction.atomic
def reply_draft_delete(*, user, draft: ReplyDraft) -> None:
    """Delete a draft not signed yet (its history keeps who deleted it)."""
    current = ReplyDraft.objects.select_for_update().get(pk=draft.pk)
    _require_drafter(user, current.handling_unit)
    _require_drafting(current)
    current._history_user = user
    current.delete()


@transaction.atomic
def reply_draft_sign_off(
    *,
    user,
    draft: ReplyDraft,
    signed_on: date | str | None,
    issued_on: date | str | None = None,
    commitments: Iterable[Mapping] = (),
    figures: Iterable[Mapping] = (),
    accept_differences: bool = False,
) -> Reply:
    """Sign the draft off: check its figures, save the reply with `commitments` and `figures`
    (rows as `imports.reply_import` takes them), record who signed and when, and tell the
    proposal's handling. Raises PermissionDenied, InvalidState (signed already),
    ValidationFailed (a part missing), FiguresDiffer, or the import's own refusals."""
    current = (
        ReplyDraft.objects.select_for_update()
        .select_related("proposal", "handling_unit")
        .get(pk=draft.pk)
    )
    _require_drafter(user, current.handling_unit)
    _require_drafting(current)
    problems = Problems()
    where = _("签发")
    signed = read_date(signed_on, _("签发日期"), where, problems, required=True)
    issued = read_date(issued_on, _("印发日期"), where, problems, required=False) or signed
    if not current.doc_number:
        problems.add(where, _("请先填写文号"))
    if not current.body.strip():
        problems.add(where, _("正文不能为空"))
    if signed and issued and issued < signed:
        problems.add(where, _("印发日期不能早于签发日期"))
    if problems.items:
        raise ValidationFailed(details={"problems": problems.items})

    letter = draft_letter(draft=current, signed_on=signed, issued_on=issued)
    text = letter_text(letter)
    report = figure_check(text=text, as_of_year=signed.year)
    differing = [_differing(result) for result in report.differing]
    if differing and not accept_differences:
        raise FiguresDiffer(
            _("有 %(n)s 个数据与已有数据不一致，请核对修改；确需按原文签发，请勾选确认。")
            % {"n": len(differing)},
            details={"figures": differing},
        )
    proposal = current.proposal
    reply = reply_import(
        user=user,
        header={
            "doc_number": current.doc_number,
            "session": proposal.session,
            "proposal_number": proposal.number,
            "proposer": proposal.proposer,
            "title": proposal.title,
            "handling_unit": current.handling_unit,
            "signed_on": signed,
            "issued_on": issued,
            "contact_name": current.contact_name,
            "contact_phones": current.contact_phones,
            "copy_to": current.copy_to,
            "full_text": text,
            "source_file": "",
        },
        commitments=commitments,
        figures=figures,
    )
    current.status = ReplyDraft.Status.SIGNED
    current.signed_on = signed
    current.signed_by = user
    current.signed_at = timezone.now()
    current.reply = reply
    current.check_summary = {
        "counts": report.counts,
        "accepted_differences": differing,
        "checked_at": current.signed_at.isoformat(),
    }
    current._history_user = user
    current._change_reason = _("签发")
    current.save()
    lifecycle.mark_answered(user=user, proposal=proposal, reply=reply)
    return reply


def _differing(result) -> dict:
    row = result_row(result)
    return {
        "number": row.number,
        "printed": row.printed,
        "sentence": row.sentence,
        "against": row.against,
        "source": row.source,
        "difference": row.difference,
    }
