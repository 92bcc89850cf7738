"""Corrections of a proposal and of a reply after the import (the admin's edits), and deletions.

The import's rules hold (proposals/services/reading.py), and what depends on the corrected fields
follows at once: a reply's search index (`search_tokens`, proposals/search.py) holds its document
number, full text and its proposal's session, proposer and title, so it is rebuilt whenever one of
them changes; tracking counts actuals from the reply's year on, so a new signing date re-judges
its commitments.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import transaction
from django.utils.translation import gettext

from proposals.models import Commitment, Proposal, Reply
from proposals.rules import EDIT_PROPOSAL, EDIT_REPLY
from proposals.search import reply_search_tokens
from proposals.services.errors import PermissionDenied, ValidationFailed
from proposals.services.reading import (
    Problems,
    read_doc_number,
    read_model,
    read_proposal,
    read_reply,
)
from proposals.tracking import refresh_commitments

# What a form may set on a reply; search_tokens, created_by and created_at are the service's.
REPLY_FIELDS = (
    "doc_number",
    "proposal",
    "handling_unit",
    "signed_on",
    "issued_on",
    "contact_name",
    "contact_phones",
    "copy_to",
    "full_text",
    "source_file",
)


def require_reply_editor(user, unit) -> None:
    """Raise PermissionDenied unless `user` may correct the replies `unit` handled."""
    if user is None or not user.has_perm(EDIT_REPLY, unit):
        raise PermissionDenied(
            gettext("只有审核员、系统管理员和承办单位的工作人员可以修改提案答复。")
        )


def _require_proposal_editor(user, proposal) -> None:
    if user is None or not user.has_perm(EDIT_PROPOSAL, proposal):
        raise PermissionDenied(gettext("只有审核员和系统管理员可以修改提案。"))


def _refuse(problems: Problems) -> None:
    if problems.items:
        raise ValidationFailed(details={"problems": problems.items})


def _reindex(replies: Iterable[Reply]) -> None:
    for reply in replies:
        reply.search_tokens = reply_search_tokens(
            doc_number=reply.doc_number, proposal=reply.proposal, full_text=reply.full_text
        )
        reply.save(update_fields=["search_tokens"])


# --------------------------------------------------------------------------- proposals


@transaction.atomic
def proposal_save(
    *,
    user,
    proposal: Proposal | None = None,
    session: str,
    number: int,
    proposer: str,
    title: str,
) -> Proposal:
    """Create a proposal, or correct one (`proposal`); its replies' search index follows."""
    _require_proposal_editor(user, proposal)
    problems = Problems()
    where = gettext("提案")
    data = read_proposal(
        {"session": session, "proposal_number": number, "proposer": proposer, "title": title},
        where,
        problems,
    )
    same_key = Proposal.objects.filter(session=data["session"], number=data["proposal_number"])
    if proposal is not None:
        same_key = same_key.exclude(pk=proposal.pk)
    if data["session"] and data["proposal_number"] and same_key.exists():
        problems.add(
            where,
            gettext("%(data)s第%(data2)s号提案已经存在")
            % {"data": data["session"], "data2": data["proposal_number"]},
        )
    _refuse(problems)
    saved = (
        Proposal() if proposal is None else Proposal.objects.select_for_update().get(pk=proposal.pk)
    )
    saved.session, saved.number = data["session"], data["proposal_number"]
    saved.proposer, saved.title = data["proposer"], data["title"]
    saved.save()
    _reindex(saved.replies.select_related("proposal"))
    return saved


@transaction.atomic
def proposal_delete(*, user, proposal: Proposal) -> None:
    """Delete a proposal that has no reply (a reply protects its proposal)."""
    _require_proposal_editor(user, proposal)
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if locked.replies.exists():
        raise ValidationFailed(gettext("该提案已有答复，不能删除；请先删除其答复。"))
    locked.delete()


# --------------------------------------------------------------------------- replies


@transaction.atomic
def reply_save(*, user, reply: Reply | None = None, fields: Mapping) -> Reply:
    """Create a reply from a form (`fields` by REPLY_FIELDS), or correct one (`reply`: fields
    left out keep their value). Its search index is rebuilt; a new signing date re-judges its
    commitments. A whole reply with its commitments is imported instead (imports.py)."""
    current = None
    if reply is not None and reply.pk is not None:
        current = Reply.objects.select_for_update().select_related("proposal").get(pk=reply.pk)
        require_reply_editor(user, current.handling_unit)
    else:
        require_reply_editor(user, None)  # a unit's staff at all; their own unit is checked below
    raw = {name: fields.get(name, getattr(current, name, None)) for name in REPLY_FIELDS}
    problems = Problems()
    where = gettext("答复信息")
    data = {"doc_number": read_doc_number(raw, where, problems), **read_reply(raw, where, problems)}
    data["proposal"] = read_model(
        Proposal, raw["proposal"], gettext("提案"), where, problems, by=_no_name
    )
    if raw["proposal"] in (None, ""):
        problems.add(where, gettext("提案不能为空"))
    unit = data["handling_unit"]
    if unit is not None and (current is None or unit.pk != current.handling_unit_id):
        require_reply_editor(user, unit)
    same_number = Reply.objects.filter(doc_number=data["doc_number"])
    if current is not None:
        same_number = same_number.exclude(pk=current.pk)
    if data["doc_number"] and same_number.exists():
        problems.add(
            where, gettext("文号 %(data)s 已被另一份答复使用") % {"data": data["doc_number"]}
        )
    _refuse(problems)
    saved = current or Reply(created_by=user)
    signed_before = current.signed_on if current is not None else None
    for name, value in data.items():
        setattr(saved, name, value)
    saved.search_tokens = reply_search_tokens(
        doc_number=saved.doc_number, proposal=saved.proposal, full_text=saved.full_text
    )
    saved.save()
    if current is not None and saved.signed_on != signed_before:
        refresh_commitments(commitment_ids=list(saved.commitments.values_list("id", flat=True)))
    return saved


def _no_name(_name: str) -> None:
    return None  # a proposal is picked by its id; it has no single printed name


@transaction.atomic
def reply_delete(*, user, reply: Reply) -> None:
    """Delete a reply with its commitments (their history records who) and reported figures."""
    locked = Reply.objects.select_for_update().select_related("handling_unit").get(pk=reply.pk)
    require_reply_editor(user, locked.handling_unit)
    for commitment in Commitment.objects.filter(reply=locked):
        commitment._history_user = user
        commitment._change_reason = "删除答复"
        commitment.delete()
    locked.delete()
