"""Importing a reply: header, commitments and reported figures saved all at once, or nothing."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import IntegrityError, transaction
from django.utils.translation import gettext

from indicators.models import Region
from proposals.documents import lifecycle
from proposals.models import Commitment, Proposal, Reply, ReportedFigure
from proposals.rules import IMPORT_REPLY
from proposals.search import reply_search_tokens
from proposals.services.commitment_evidence import reply_follow_up
from proposals.services.errors import (
    DuplicateReply,
    PermissionDenied,
    ReplyImportRejected,
    ValidationFailed,
)
from proposals.services.reading import (
    Problems,
    read_commitment,
    read_doc_number,
    read_figure,
    read_proposal,
    read_reply,
)
from proposals.tracking import refresh_commitments


def reply_import(
    *,
    user,
    header: Mapping,
    commitments: Iterable[Mapping],
    figures: Iterable[Mapping],
    follows_up: Iterable = (),
) -> Reply:
    """Save a confirmed reply with its commitments and reported figures, all or nothing.

    `header`: doc_number, session, proposal_number, proposer, title, handling_unit (a Unit, its
    id or its name, e.g. 温州市科学技术局), signed_on, issued_on, contact_name, contact_phones,
    copy_to (lists, or text separated by ，、), full_text, source_file.
    `commitments`: text, quantity, unit_of_measure, comparator (gte/approx/lte), deadline
    (default: the end of the reply's year), responsible_unit (default: the handling unit),
    indicator (code or id), task ('wzf-2023-17:13' or id), region (default: the city).
    `figures`: value, unit_of_measure, year, sentence, indicator, region (default: the city), task.
    A row may carry a `label` (its row on the confirmation page) to name it in messages.
    `follows_up`: ids of earlier replies' commitments this reply follows up (a reviewer's
    choice, `commitment_evidence.reply_follow_up`); a wrong one refuses the whole import.

    When the proposal has a handling still owed a reply and the reply is by its lead unit, the
    handling moves to 已答复 in the same transaction; a proposal without a handling gets none.

    Raises PermissionDenied, DuplicateReply (the document number is already imported) or
    ReplyImportRejected listing every problem; nothing is saved unless everything is valid.
    """
    if user is None or not user.has_perm(IMPORT_REPLY, None):
        raise PermissionDenied(
            gettext("只有审核员、系统管理员和承办单位的工作人员可以导入提案答复。")
        )
    problems = Problems()
    head = _read_header(header, problems)
    unit = head["handling_unit"]
    if unit is not None and not user.has_perm(IMPORT_REPLY, unit):
        raise PermissionDenied(
            gettext("您只能导入本单位承办的答复，这份答复的承办单位是 %(unit)s。") % {"unit": unit}
        )
    if head["doc_number"] and Reply.objects.filter(doc_number=head["doc_number"]).exists():
        raise DuplicateReply(_duplicate_message(head["doc_number"]))
    reply_year = head["signed_on"].year if head["signed_on"] else None
    city = Region.objects.filter(kind=Region.Kind.CITY).first()
    commitment_rows = [
        read_commitment(row, n, problems, reply_year=reply_year, handling_unit=unit)
        for n, row in enumerate(commitments, start=1)
    ]
    figure_rows = [
        read_figure(row, n, problems, city=city) for n, row in enumerate(figures, start=1)
    ]
    if problems.items:
        raise ReplyImportRejected(problems.items)
    try:
        with transaction.atomic():
            reply = _save(user, head, commitment_rows, figure_rows)
            # Judged at once: a 2023 reply imported in 2026 is overdue unless its actuals say kept.
            refresh_commitments(commitment_ids=[c.id for c in reply.commitments.all()])
            follows_up = [c for c in follows_up or [] if c not in (None, "")]
            if follows_up:
                try:
                    reply_follow_up(user=user, reply=reply, commitment_ids=follows_up)
                except ValidationFailed as exc:
                    raise ReplyImportRejected(exc.details.get("follows_up", [exc.message])) from exc
            # A proposal received and assigned in wzsci is now answered (已答复).
            lifecycle.mark_answered_if_possible(user=user, proposal=reply.proposal, reply=reply)
    except IntegrityError as exc:
        # Two people confirming the same reply at once: the second one meets the unique key.
        if Reply.objects.filter(doc_number=head["doc_number"]).exists():
            raise DuplicateReply(_duplicate_message(head["doc_number"])) from exc
        raise
    return reply


def _duplicate_message(doc_number: str) -> str:
    existing = Reply.objects.select_related("proposal").filter(doc_number=doc_number).first()
    about = f"（{existing.proposal}）" if existing else ""
    return gettext("文号为 %(doc_number)s 的答复已经录入%(about)s，不能重复导入。") % {
        "doc_number": doc_number,
        "about": about,
    }


def _read_header(header: Mapping, problems: Problems) -> dict:
    where = gettext("答复信息")
    return {
        "doc_number": read_doc_number(header, where, problems),
        **read_proposal(header, where, problems),
        **read_reply(header, where, problems),
    }


def _save(user, head: dict, commitment_rows: list[dict], figure_rows: list[dict]) -> Reply:
    proposal, _ = Proposal.objects.get_or_create(
        session=head["session"],
        number=head["proposal_number"],
        defaults={"proposer": head["proposer"], "title": head["title"]},
    )
    reply = Reply.objects.create(
        proposal=proposal,
        doc_number=head["doc_number"],
        handling_unit=head["handling_unit"],
        signed_on=head["signed_on"],
        issued_on=head["issued_on"],
        contact_name=head["contact_name"],
        contact_phones=head["contact_phones"],
        copy_to=head["copy_to"],
        full_text=head["full_text"],
        search_tokens=reply_search_tokens(
            doc_number=head["doc_number"], proposal=proposal, full_text=head["full_text"]
        ),
        source_file=head["source_file"],
        created_by=user,
    )
    for row in commitment_rows:
        commitment = Commitment(reply=reply, **row)
        commitment._history_user = user
        commitment._change_reason = "导入答复"
        commitment.save()
    ReportedFigure.objects.bulk_create(ReportedFigure(reply=reply, **row) for row in figure_rows)
    return reply
