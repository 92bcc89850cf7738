"""Template filters for what every page shows the same way: a person, a moment, a number.

{% load display %}
{{ actual.entered_by|person }}   林晓 · John Smith · the username · —
{{ actual.submitted_at|local_time }}   2025-03-01 14:05 · —
{{ actual.value|num }}   3,700 · 2.61 (as entered) · —
{{ snapshot.actual_value|num:indicator.decimals }}   3.0, 2.85 (at least the indicator's decimals,
                                                   never fewer than entered: common.numbers)
{{ actual.value|num:actual.indicator }}   the same, given the indicator itself: a figure reads the
                                          same on the entry pages as on the dashboards and in
                                          their downloads (3.70 on a two-decimal indicator)
"""

from django import template

from common.numbers import display_number
from common.people import display_name
from common.timefmt import local_time as local_time_text

register = template.Library()


@register.filter
def person(user):
    return display_name(user)


@register.filter
def local_time(moment):
    return local_time_text(moment)


@register.filter
def num(value, decimals=None):
    """A figure by the one rule (common.numbers.display_number); ``decimals`` is the indicator's
    precision: a number, or anything with a ``decimals`` attribute (an Indicator)."""
    if value == "":
        value = None
    return display_number(value, figure_precision(decimals))


def figure_precision(decimals) -> int | None:
    """The least decimals a figure shows: an Indicator's ``decimals``, a number, or None."""
    decimals = getattr(decimals, "decimals", decimals)
    if decimals in (None, ""):
        return None
    try:
        return int(decimals)
    except (TypeError, ValueError):
        return None  # a template variable that did not resolve: the figure as entered
