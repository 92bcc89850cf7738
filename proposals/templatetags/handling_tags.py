"""Template helpers of proposal handling, so that other pages can include its partials with
nothing but a unit or a proposal in their context:

    {% include "proposals/handling/_unit_due.html" with unit=unit %}        the unit's due proposals
    {% include "proposals/handling/_co_opinions.html" with proposal=p %}    co-units' input, for drafting
"""

from django import template
from django.utils import timezone

from proposals.selectors import handling as selectors

register = template.Library()


@register.simple_tag
def due_handlings_of(unit):
    """Open proposals of the unit (lead or co-unit) overdue or due soon, as of today."""
    if unit is None:
        return []
    return selectors.due_handlings(today=timezone.localdate(), unit_id=unit.pk)


@register.simple_tag
def co_opinions_of(proposal):
    if proposal is None:
        return []
    return selectors.co_opinions(proposal=proposal)


@register.filter
def count_of(counter, key) -> int:
    """counter[key], 0 when absent (a Counter or a dict)."""
    return (counter or {}).get(key, 0)
