"""Template helpers of the proposals area, so that other areas' pages can include its partials
with nothing but a unit or an indicator in their context:

    {% include "proposals/_unit_commitments.html" with unit=unit %}
    {% include "proposals/_task_commitments.html" with task=task %}
    {% include "proposals/_indicator_figures.html" with indicator=indicator %}
"""

from django import template

from proposals import checks
from proposals.documents.letter_blocks import letter_blocks
from proposals.selectors import board, disagreements

register = template.Library()

STATUS_ICONS = {
    "pending": "○",
    "in_progress": "◐",
    "reported": "◑",
    "fulfilled": "✔",
    "overdue": "✖",
    "not_measurable": "↻",
}


@register.simple_tag
def unit_commitments_of(unit):
    """A unit's commitments and counts by status (board.unit_commitments)."""
    if unit is None:
        return None
    return board.unit_commitments(unit=unit)


@register.simple_tag
def task_commitments_of(task):
    """The commitments linked to a task (board.task_commitments)."""
    if task is None:
        return []
    return board.task_commitments(task=task)


@register.simple_tag
def indicator_figure_checks(indicator):
    """The reported figures linked to an indicator, each beside its approved actual."""
    if indicator is None:
        return []
    return disagreements.figure_checks(indicator=indicator)


@register.filter
def status_icon(status: str) -> str:
    return STATUS_ICONS.get(status, "")


@register.filter
def plain_number(value) -> str:
    """180.000000 → 180; 2.610000 → 2.61; None → ''."""
    if value is None or value == "":
        return ""
    return checks.shown(value)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter(name="letter_blocks")
def letter_blocks_of(text) -> list:
    """A reply's text as the blocks of a letter (proposals/documents/letter_blocks.py), for a
    page that shows it without marks: "{% for block in reply.full_text|letter_blocks %}"."""
    return letter_blocks(text or "")
