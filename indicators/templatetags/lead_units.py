"""An indicator's lead unit, never shown as if the document named it (issue 12).

The documents name the lead unit of a task ("列第一位的为牵头单位"), not of an indicator. So a
lead unit is shown with where it comes from: the task it belongs to (Indicator.lead_unit_task,
set by the seed), or an administrator; without one, 文件未明确.

{% load lead_units %}
{% lead_unit indicator %}            市经信局<span class="note" title="…">据任务12</span> · 文件未明确
{{ indicator|lead_unit_basis }}      据温政发〔2023〕17号任务12“持续提升产业竞争力”的牵头单位 · 管理员指定 · ""
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

register = template.Library()


def lead_unit_basis_text(indicator) -> str:
    """Where the lead unit comes from, in words; "" without a lead unit."""
    if indicator.lead_unit_id is None:
        return ""
    task = indicator.lead_unit_task
    if task is None:
        return gettext("管理员指定")
    return gettext("据所属任务“%(number)s. %(title)s”（%(doc)s）的牵头单位，文件未对该指标明确") % {
        "number": task.number,
        "title": task.title,
        "doc": task.plan.doc_number,
    }


def lead_unit_text(indicator) -> str:
    """The lead unit as plain text, with its basis: "市经信局（据所属任务…）", "文件未明确"."""
    if indicator.lead_unit_id is None:
        return gettext("文件未明确")
    return gettext("%(unit)s（%(basis)s）") % {
        "unit": indicator.lead_unit.name,
        "basis": lead_unit_basis_text(indicator),
    }


@register.filter
def lead_unit_basis(indicator) -> str:
    return lead_unit_basis_text(indicator)


@register.simple_tag
def lead_unit(indicator, href: str = "") -> SafeString:
    """The lead unit (a link when ``href`` is given) and a short tag saying where it comes from,
    the full basis on hover; 文件未明确 when there is none."""
    if indicator.lead_unit_id is None:
        return format_html(
            '<span class="muted" title="{}">{}</span>',
            gettext("文件未明确该指标的牵头单位，由系统管理员指定后显示。"),
            gettext("文件未明确"),
        )
    name = (
        format_html('<a href="{}">{}</a>', href, indicator.lead_unit.name)
        if href
        else indicator.lead_unit.name
    )
    task = indicator.lead_unit_task
    short = (
        gettext("管理员指定")
        if task is None
        else gettext("据任务%(number)s") % {"number": task.number}
    )
    return format_html(
        '{} <span class="note" title="{}">{}</span>', name, lead_unit_basis_text(indicator), short
    )
