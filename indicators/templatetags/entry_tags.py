"""Template helpers of the entry area: workflow state badges, a dict lookup.

Numbers, people and moments are shown through the `display` library (common/templatetags)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext

from indicators.models import WorkflowState

register = template.Library()

STATE_ICONS = {
    WorkflowState.DRAFT: "✎",
    WorkflowState.SUBMITTED: "↑",
    WorkflowState.APPROVED: "✔",
    WorkflowState.RETURNED: "↩",
}


@register.simple_tag
def state_badge(state, label=None):
    """A state as a badge with an icon and a word (never colour alone)."""
    if not state:
        return format_html('<span class="badge state-empty">{}</span>', gettext("未填报"))
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
