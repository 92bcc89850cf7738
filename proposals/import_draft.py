"""A parsed reply as the import's confirmation page keeps it: plain JSON in the session (parsed
once when the text arrives), with the form's starting values proposed from the parse."""

from __future__ import annotations

from datetime import date

from proposals.parsing import HEADER_LABELS
from proposals.selectors import pickers, units


def parsed_draft(parsed) -> dict:
    """What the confirmation page needs of a parse, as the session keeps it (plain JSON)."""
    return {
        "doc_number": parsed.doc_number or "",
        "missing": list(parsed.missing),
        "warnings": list(parsed.warnings),
        "commitment_count": len(parsed.commitments),
        "figure_count": len(parsed.reported_figures),
        "found_fields": [
            label
            for name, label in HEADER_LABELS.items()
            if getattr(parsed, name) not in (None, [])
        ],
        "initial": initial_from_parse(parsed),
    }


def initial_from_parse(parsed) -> dict:
    """The confirmation form's starting values: the parser's findings plus sensible defaults.

    Deadline: the year the sentence names, else the end of the reply's year. Responsible unit:
    the handling unit. Indicator: the one whose printed target (commitment) or approved actual
    (figure) is exactly this number in this unit and year, if there is exactly one.
    """
    unit = units.unit_by_name(parsed.handling_unit)
    unit_name = unit.name if unit else (parsed.handling_unit or "")
    dated = parsed.signed_on or parsed.issued_on
    year = dated.year if dated else None
    header = {
        "doc_number": parsed.doc_number or "",
        "session": parsed.session or "",
        "proposal_number": parsed.proposal_number or "",
        "proposer": parsed.proposer or "",
        "title": parsed.title or "",
        "handling_unit": unit_name,
        "signed_on": parsed.signed_on.isoformat() if parsed.signed_on else "",
        "issued_on": parsed.issued_on.isoformat() if parsed.issued_on else "",
        "contact_name": parsed.contact_name or "",
        "contact_phones": "，".join(parsed.contact_phones),
        "copy_to": "，".join(parsed.copy_to),
    }
    commitments = []
    for c in parsed.commitments:
        deadline = c.deadline or (date(year, 12, 31) if year else None)
        indicator = (
            pickers.suggest_indicator_for_commitment(
                quantity=c.quantity, unit_of_measure=c.unit, year=deadline.year
            )
            if deadline
            else None
        )
        commitments.append(
            {
                "keep": True,
                "text": c.sentence,
                "clause": c.clause,
                "quantity": format(c.quantity.normalize(), "f"),
                "unit_of_measure": c.unit,
                "comparator": c.comparator,
                "deadline": deadline.isoformat() if deadline else "",
                "responsible_unit": unit_name,
                "indicator": indicator.code if indicator else "",
                "task": pickers.task_ref(indicator.tasks.first()) if indicator else "",
                "region": "",
            }
        )
    figures = []
    for f in parsed.reported_figures:
        indicator = (
            pickers.suggest_indicator_for_figure(value=f.value, unit_of_measure=f.unit, year=f.year)
            if f.year
            else None
        )
        figures.append(
            {
                # A figure without a year cannot be checked against anything: left for staff to decide.
                "keep": f.year is not None,
                "value": format(f.value.normalize(), "f"),
                "unit_of_measure": f.unit,
                "year": f.year or "",
                "sentence": f.clause,
                "indicator": indicator.code if indicator else "",
                "region": "",
                "task": pickers.task_ref(indicator.tasks.first()) if indicator else "",
            }
        )
    return {"header": header, "commitments": commitments, "figures": figures}
