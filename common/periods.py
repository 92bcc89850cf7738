"""How a reporting period is named for people (indicators/compute/periods.py has the rules).

A period is the month it ends with, year to date: 「2024年1–9月」, 「2024年1月」, and for the full
year 「2024年全年」. One home for the wording, so pages, exports, messages and the API agree.
"""

from django.utils.translation import gettext as _


def period_name(month: int) -> str:
    """The period without its year: 1月, 1–9月, 全年."""
    if month == 12:
        return _("全年")
    if month == 1:
        return _("1月")
    return _("1–%(month)s月") % {"month": month}


def period_label(year: int, month: int) -> str:
    """The period with its year: 2024年1–9月, 2024年全年."""
    return _("%(year)s年%(period)s") % {"year": year, "period": period_name(month)}
