"""What the pages of the entry area share: the tabs, the forbidden page, the year parameter,
redirects, and a ServiceError turned into messages beside the fields they concern."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext

from common.periods import period_name
from indicators import rules as entry_rules
from indicators.entry import selectors as entry_selectors
from indicators.entry import services
from indicators.roles import Role

ROLE_LABELS = dict(Role.choices)


def forbidden(request, message: str):
    return render(
        request,
        "indicators/entry/forbidden.html",
        page_context(request, message=message),
        status=403,
    )


def role_text(user) -> str:
    roles = entry_rules.roles_of(user)
    return gettext("、").join(str(ROLE_LABELS[r]) for r in roles) or gettext("未分配角色")


def year_param(request, default: int) -> int:
    years = entry_selectors.entry_years()
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or default)
    except ValueError:
        return default
    return year if year in years else default


def period_param(request, allowed=range(1, 13), default: int = 12) -> int:
    """The period asked for (?period=9: 1–9月), among `allowed`; else `default` (the full year)."""
    try:
        period = int(request.GET.get("period") or request.POST.get("period") or default)
    except ValueError:
        return default
    return period if period in allowed else default


def period_choices(periods) -> list[tuple[int, str]]:
    """(month, 「1–9月」) of each period, for a selector."""
    return [(m, period_name(m)) for m in periods]


def _tabs(user) -> list[dict]:
    tabs = []
    if user.has_perm(entry_rules.USE_ENTRY):
        tabs += [
            {"name": "entry:home", "label": gettext("指标填报")},
            {"name": "entry:import", "label": gettext("Excel 导入")},
        ]
    tabs.append({"name": "entry:tasks", "label": gettext("任务进展")})
    if user.has_perm(entry_rules.USE_REVIEW):
        tabs += [
            {"name": "entry:review_queue", "label": gettext("审核")},
            {"name": "entry:years", "label": gettext("年度关闭")},
            {"name": "entry:targets", "label": gettext("分解目标")},
            {"name": "entry:completeness", "label": gettext("完成情况")},
        ]
    tabs.append({"name": "entry:export", "label": gettext("导出")})
    for tab in tabs:
        tab["url"] = reverse(tab["name"])
    return tabs


def page_context(request, **extra) -> dict:
    return {
        "entry_tabs": _tabs(request.user),
        "outlier_share": settings.WZSCI_OUTLIER_SHARE,
        **extra,
    }


def redirect_to(name: str, **params) -> HttpResponseRedirect:
    url = reverse(name)
    params = {k: v for k, v in params.items() if v not in (None, "")}
    return HttpResponseRedirect(f"{url}?{urlencode(params)}" if params else url)


def field_messages(exc: services.ServiceError, fields: set[str]) -> dict[str, list[str]]:
    """A ServiceError as {field: [messages]} for a form with these fields; errors about the
    whole form (or a field it does not show) go under "general"."""
    if (
        isinstance(exc, services.ValidationFailed)
        and exc.details
        and not isinstance(exc, services.InvalidState)
    ):
        out: dict[str, list[str]] = {}
        for key, values in exc.details.items():
            out.setdefault(key if key in fields else "general", []).extend(values)
        return out
    return {"general": [exc.message]}
