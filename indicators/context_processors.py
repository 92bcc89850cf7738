from django.conf import settings
from django.urls import NoReverseMatch, reverse

from .roles import user_roles

# The sections of the site, in menu order. A section whose page is not there yet is left out,
# so the frame never breaks while the areas are being built.
NAV = [
    ("home", "首页"),
    ("dashboards:overview", "总览"),
    ("dashboards:counties", "县区对比"),
    ("dashboards:levers", "抓手与任务"),
    ("dashboards:units", "部门"),
    ("entry:home", "数据填报"),
    ("entry:review_queue", "审核"),
    ("proposals:list", "提案答复"),
    ("api_docs", "接口文档"),
]


def site(request):
    """What every page's frame needs: the site name, the menu, the user's roles."""
    items = []
    for name, label in NAV:
        try:
            items.append({"url": reverse(name), "label": label, "name": name})
        except NoReverseMatch:
            continue
    return {
        "site_name": "温州科技创新目标跟踪",
        "nav_items": items,
        "embedded_mode": settings.CELERY_TASK_ALWAYS_EAGER,
        "user_roles": user_roles(request.user) if hasattr(request, "user") else set(),
    }
