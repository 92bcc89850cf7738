from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from indicators.roles import Role, user_roles

# The sections of the site, in menu order. A section whose page is not there yet is left out,
# so the frame never breaks while the areas are being built.
# An entry with roles is shown only to users holding one of them.
NAV = [
    ("home", _("首页"), None),
    ("dashboards:overview", _("总览"), None),
    ("dashboards:counties", _("县区对比"), None),
    ("dashboards:levers", _("抓手与任务"), None),
    ("dashboards:units", _("部门"), None),
    ("entry:home", _("数据填报"), {Role.BUREAU_STAFF, Role.COUNTY_STAFF, Role.ADMINISTRATOR}),
    ("entry:review_queue", _("审核"), {Role.REVIEWER, Role.ADMINISTRATOR}),
    ("proposals:list", _("提案答复"), None),
]

# The administrators' and developers' menu, apart from the leaders' main menu: tools, not pages
# that leaders read (issue 14).
TOOL_NAV = [
    ("admin:index", _("后台管理"), {Role.ADMINISTRATOR}),
    ("api_docs", _("接口文档"), {Role.ADMINISTRATOR}),
]


def site(request):
    """What every page's frame needs: the site name, the menu, the user's roles."""
    roles = user_roles(request.user) if hasattr(request, "user") else set()
    return {
        "site_name": gettext("温州科技创新目标跟踪"),
        "nav_items": _menu(NAV, roles),
        "tool_nav_items": _menu(TOOL_NAV, roles),
        "embedded_mode": settings.CELERY_TASK_ALWAYS_EAGER,
        "user_roles": roles,
    }


def _menu(entries, roles) -> list[dict]:
    items = []
    for name, label, allowed in entries:
        if allowed is not None and not roles & allowed:
            continue
        try:
            items.append({"url": reverse(name), "label": label, "name": name})
        except NoReverseMatch:
            continue
    return items
