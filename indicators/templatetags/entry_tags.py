"""Template helpers of the entry area: numbers as people write them, workflow state badges."""

from django import template
from django.utils.html import format_html

from common.numbers import format_number
from indicators.models import WorkflowState

register = template.Library()

STATE_ICONS = {
    WorkflowState.DRAFT: "✎",
    WorkflowState.SUBMITTED: "↑",
    WorkflowState.APPROVED: "✔",
    WorkflowState.RETURNED: "↩",
}


@register.filter
def num(value):
    """3700.000000 → 3700, 2.610000 → 2.61; floats as they are; None → empty."""
    if value is None or value == "":
        return ""
    if isinstance(value, float):
        return f"{value:.6g}"
    return format_number(value)


@register.simple_tag
def state_badge(state, label=None):
    """A state as a badge with an icon and a word (never colour alone)."""
    if not state:
        return format_html('<span class="badge state-empty">{}</span>', "未填报")
    label = label or dict(WorkflowState.choices).get(state, state)
    return format_html(
        '<span class="badge state-{}"><span aria-hidden="true">{}</span> {}</span>',
        state,
        STATE_ICONS.get(state, ""),
        label,
    )


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
