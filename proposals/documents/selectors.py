"""Reads of the reply documents: the letter of a reply or of a draft, the drafts, and what a
sign-off proposes to save with the reply (the parser's candidates, as the import proposes them)."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from indicators.models import Unit
from proposals.documents.letter import (
    Letter,
    chinese_date,
    contact_line,
    copy_to_line,
    issuer_name,
    letter_from_text,
)
from proposals.models import Proposal, Reply, ReplyDraft
from proposals.parsing import parse_reply_text
from proposals.selectors import pickers


def reply_letter(*, reply: Reply) -> Letter:
    """A saved reply's letter, read from its printed text; its unit signs where the text does
    not print a letterhead or a signature."""
    return letter_from_text(reply.full_text, issuer=issuer_name(reply.handling_unit.name))


def draft_letter(
    *, draft: ReplyDraft, signed_on: date | None = None, issued_on: date | None = None
) -> Letter:
    """A draft's letter; dated and printed on the sign-off's dates (blank before)."""
    signed_on = signed_on or draft.signed_on
    return Letter(
        letterhead=draft.letterhead,
        doc_number=draft.doc_number,
        title=tuple(line for line in draft.title.splitlines() if line.strip()),
        salutation=draft.salutation,
        body=tuple(p.strip() for p in draft.body.splitlines() if p.strip()),
        contact=contact_line(draft.contact_name, draft.contact_phones),
        signature=draft.issuer,
        dated=chinese_date(signed_on) if signed_on else "",
        copy_to=copy_to_line(draft.copy_to),
        printed_by=f"{draft.issuer}办公室" if draft.issuer else "",
        printed_on=f"{chinese_date(issued_on or signed_on)}印发" if signed_on else "",
    )


def draft_list() -> QuerySet:
    return ReplyDraft.objects.select_related(
        "proposal", "handling_unit", "signed_by", "created_by", "reply"
    ).order_by("status", "-updated_at", "-id")


def draft_detail(*, draft_id: int) -> ReplyDraft:
    return ReplyDraft.objects.select_related(
        "proposal", "handling_unit", "signed_by", "created_by", "reply"
    ).get(pk=draft_id)


def draftable_proposals() -> QuerySet:
    return Proposal.objects.order_by("-session", "number")


def drafting_units() -> QuerySet:
    return Unit.objects.order_by("order", "name")


def candidate_rows(*, text: str, signed_on: date) -> tuple[list[dict], list[dict]]:
    """(commitments, figures) the reply parser finds in `text`, as `imports.reply_import` takes
    them and as the import's confirmation page proposes them: deadline the year the sentence
    names, else the end of the signing year; the handling unit responsible; an indicator only
    when exactly one indicator's city target (commitment) or approved city actual (figure) is
    that very number. A figure without a year is left out (it cannot be checked). Each row
    carries `label` (its position) and, for the page, `clause`."""
    parsed = parse_reply_text(text)
    commitments = []
    for n, c in enumerate(parsed.commitments, start=1):
        deadline = c.deadline or date(signed_on.year, 12, 31)
        indicator = pickers.suggest_indicator_for_commitment(
            quantity=c.quantity, unit_of_measure=c.unit, year=deadline.year
        )
        commitments.append(
            {
                "label": n,
                "text": c.sentence,
                "clause": c.clause,
                "quantity": c.quantity,
                "unit_of_measure": c.unit,
                "comparator": c.comparator,
                "deadline": deadline,
                "indicator": indicator.code if indicator else "",
                "task": pickers.task_ref(indicator.tasks.first()) if indicator else "",
            }
        )
    figures = []
    for n, f in enumerate((f for f in parsed.reported_figures if f.year), start=1):
        indicator = pickers.suggest_indicator_for_figure(
            value=f.value, unit_of_measure=f.unit, year=f.year
        )
        figures.append(
            {
                "label": n,
                "value": f.value,
                "unit_of_measure": f.unit,
                "year": f.year,
                "sentence": f.clause,
                "clause": f.clause,
                "indicator": indicator.code if indicator else "",
                "task": pickers.task_ref(indicator.tasks.first()) if indicator else "",
            }
        )
    return commitments, figures
