"""Template filters for what every page shows the same way: a person, a moment, a number.

{% load display %}
{{ actual.entered_by|person }}   林晓 · John Smith · the username · —
{{ actual.submitted_at|local_time }}   2025-03-01 14:05 · —
{{ actual.value|num }}   3,700 · 2.61 (as entered) · —
{{ snapshot.actual_value|num:indicator.decimals }}   3.0, 2.85 (at least the indicator's decimals,
                                                   never fewer than entered: common.numbers)
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
    if value == "":
        value = None
    return display_number(value, None if decimals in (None, "") else int(decimals))
