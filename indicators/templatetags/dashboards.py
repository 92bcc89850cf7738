"""Template tags of the dashboards: a status badge and a table body, rendered in Python.

A dashboard table can have a couple of thousand cells; a template loop with a tag per cell,
or Django's format_html per attribute, cost more than the rest of the page. The HTML is built
here with the standard library's escape (quotes included), once per cell.
"""

from html import escape

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from common.display import PROVISIONAL_HINT, PROVISIONAL_MARK
from indicators.compute.charts.styles import StatusStyle

register = template.Library()

_badge_cache: dict[tuple, str] = {}


def badge_html(
    style: StatusStyle, extra: str = "", count: int | None = None, *, provisional: bool = False
) -> str:
    """An icon, a word and a colour: the three cues of a status (never colour alone).

    A provisional status (judged on a submitted, not yet approved figure) is outlined instead
    of filled, marked 暂, and explained on hover, so that it never looks final.
    """
    key = (style.code, style.icon, style.word, extra, provisional)
    html = _badge_cache.get(key) if count is None else None
    if html is None:
        classes = f"badge st-{escape(style.code)}" + (f" {escape(extra)}" if extra else "")
        mark = ""
        if provisional:
            classes += " provisional"
            title = f' title="{escape(str(PROVISIONAL_HINT))}"'
            mark = f'<span class="mark">{escape(str(PROVISIONAL_MARK))}</span>'
        else:
            title = f' title="{escape(style.word)}"' if count is not None else ""
        suffix = f" {count}" if count is not None else ""
        html = (
            f'<span class="{classes}"{title}><span class="icon" aria-hidden="true">'
            f"{escape(style.icon)}</span>{escape(style.word)}{mark}{suffix}</span>"
        )
        if count is None:
            _badge_cache[key] = html
    return html


@register.simple_tag
def status_badge(
    style: StatusStyle | None, extra: str = "", provisional: bool = False
) -> SafeString:
    if style is None:
        return mark_safe("—")
    return mark_safe(badge_html(style, extra, provisional=bool(provisional)))  # escaped parts


def cell_html(cell) -> str:
    """One table cell (indicators.dashboards.exports.Cell) as <td> / <th scope="row">."""
    if cell.status is not None:
        inner = badge_html(cell.status, provisional=cell.provisional)
    elif cell.badges:
        inner = " ".join(
            badge_html(style, "small", count, provisional=provisional)
            for style, count, provisional in cell.badges
        )
    else:
        inner = escape(str(cell.text))
    if cell.href:
        inner = f'<a href="{escape(cell.href)}">{inner}</a>'
    if cell.note:
        inner = f'{inner} <span class="note">{escape(cell.note)}</span>'
    attrs = ""
    classes = " ".join(c for c, on in (("num", cell.numeric), ("nowrap", cell.nowrap)) if on)
    if classes:
        attrs += f' class="{classes}"'
    if cell.rowspan > 1:
        attrs += f' rowspan="{int(cell.rowspan)}"'
    if cell.hint:
        attrs += f' title="{escape(cell.hint)}"'
    if cell.header:
        return f'<th scope="row"{attrs}>{inner}</th>'
    return f"<td{attrs}>{inner}</td>"


@register.simple_tag
def dashboard_cell(cell) -> SafeString:
    return mark_safe(cell_html(cell))  # built from escaped parts


@register.simple_tag
def dashboard_table_body(table) -> SafeString:
    """The <tbody> rows of a dashboard table: group headings, then the drawn cells."""
    width = len(table.html_columns)
    out = []
    for heading, row in table.grouped():
        if heading:
            anchor = f' id="{escape(row.anchor)}"' if row.anchor else ""
            out.append(
                f'<tr class="group"{anchor}><th colspan="{width}" scope="colgroup">{escape(heading)}</th></tr>'
            )
        out.append("<tr>" + "".join(cell_html(c) for c in row.cells if not c.hidden) + "</tr>")
    if not out:
        out.append(
            gettext('<tr><td colspan="%(width)s" class="empty">暂无数据</td></tr>')
            % {"width": width}
        )
    return mark_safe("\n".join(out))  # built from escaped parts
