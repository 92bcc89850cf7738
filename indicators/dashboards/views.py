"""Dashboard pages: plain function views that parse the request, build the page, render it.

Every page takes ``?year=`` (the year it reports on; default: the latest year with a city actual
of a key indicator) and exports any of its tables with ``?format=csv`` or ``?format=xlsx``
(``&table=<key>``; default the page's first table). Bad parameters get a 400 page that says
what was wrong, in Chinese. Every page requires a login; leadership (and every other role) may
read them all.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext

from indicators.dashboards.exports import EXPORT_FORMATS, table_response
from indicators.dashboards.pages.indicator import indicator_page
from indicators.dashboards.pages.levers import levers_page
from indicators.dashboards.pages.map_assets import geojson_url
from indicators.dashboards.pages.overview import overview_page
from indicators.dashboards.pages.parts import HTML_ROW_LIMIT, Page
from indicators.dashboards.pages.regions import counties_page, group_page, region_page
from indicators.dashboards.pages.task import task_page
from indicators.dashboards.pages.units import unit_page, units_page
from indicators.dashboards.selectors.common import (
    city_region,
    dashboard_years,
    demo_data_present,
    key_indicators,
    latest_reported_year,
)
from indicators.models import Indicator, Region, RegionGroup, Task, Unit


class BadDashboardQuery(Exception):
    """A query parameter the page cannot use; the message is shown to the user."""


def requested_year(request) -> int:
    years = dashboard_years()
    raw = request.GET.get("year", "").strip()
    if not raw:
        key_ids = [i.id for i in key_indicators()]
        latest = (
            latest_reported_year(city=city_region(), indicator_ids=key_ids) if key_ids else None
        )
        return min(max(latest or years[0] + 1, years[0]), years[-1])
    try:
        year = int(raw)
    except ValueError:
        year = None
    if year not in years:
        raise BadDashboardQuery(
            gettext("年份“%(raw)s”无效：请选择 %(years)s—%(years2)s 年之间的年份。")
            % {"raw": raw, "years": years[0], "years2": years[-1]}
        )
    return year


def dashboard_page(template: str):
    """Wrap a view that returns a Page: login, year, export, 400 on a bad parameter."""

    def decorator(build):
        @login_required
        @wraps(build)
        def view(request, *args, **kwargs):
            try:
                year = requested_year(request)
                fmt = request.GET.get("format", "").strip()
                # A page reads the first rows of a long list; its export reads them all.
                row_limit = None if fmt else HTML_ROW_LIMIT
                page = build(request, *args, year=year, row_limit=row_limit, **kwargs)
                if fmt:
                    return export(page, fmt=fmt, key=request.GET.get("table", "").strip())
            except Region.DoesNotExist:
                # No city region: the seed has not been loaded yet.
                return render(
                    request,
                    "indicators/dashboards/bad_request.html",
                    {
                        "heading": gettext("暂无数据"),
                        "message": gettext(
                            "尚未载入种子数据：请先运行 python manage.py load_seed（或 make setup）。"
                        ),
                        "back": request.path,
                    },
                    status=503,
                )
            except BadDashboardQuery as exc:
                return render(
                    request,
                    "indicators/dashboards/bad_request.html",
                    {"message": str(exc), "back": request.path},
                    status=400,
                )
            return render(request, template, page_context(request, page, year))

        return view

    return decorator


def export(page: Page, *, fmt: str, key: str):
    if fmt not in EXPORT_FORMATS:
        raise BadDashboardQuery(
            gettext("导出格式“%(fmt)s”不支持：请选择 csv 或 xlsx。") % {"fmt": fmt}
        )
    if not page.tables:
        raise BadDashboardQuery(gettext("本页没有可导出的表格。"))
    table = page.table(key) if key else page.tables[0]
    if table is None:
        keys = gettext("、").join(t.key for t in page.tables)
        raise BadDashboardQuery(
            gettext("本页没有名为“%(key)s”的表格；可导出的表格：%(keys)s。")
            % {"key": key, "keys": keys}
        )
    return table_response(table, fmt=fmt, filename=f"{page.filename}-{table.title}")


def page_context(request, page: Page, year: int) -> dict:
    """What every dashboard template gets: the page, the year links and the demo-data flag."""
    params = request.GET.copy()
    params.pop("format", None)
    params.pop("table", None)
    year_links = []
    for y in dashboard_years():
        params["year"] = str(y)
        year_links.append({"year": y, "query": params.urlencode(), "current": y == year})
    params["year"] = str(year)

    def export_query(key: str, fmt: str) -> str:
        q = params.copy()
        q["format"], q["table"] = fmt, key
        return q.urlencode()

    for table in page.tables:
        table.csv_query = export_query(table.key, "csv")
        table.xlsx_query = export_query(table.key, "xlsx")
    return {
        "page": page,
        "year": year,
        "year_links": year_links,
        "years": dashboard_years(),
        "demo_data": demo_data_present(),
        "tables": page.tables_by_key,
        "charts": page.charts_by_key,
        "other_params": [(k, v) for k, v in params.items() if k != "year"],
        **page.context,
    }


@dashboard_page("indicators/dashboards/overview.html")
def overview(request, *, year, row_limit):
    return overview_page(year=year)


@dashboard_page("indicators/dashboards/indicator.html")
def indicator(request, code, *, year, row_limit):
    obj = get_object_or_404(
        Indicator.objects.select_related("lead_unit", "lead_unit_task__plan", "plan"), code=code
    )
    pace_region = None
    code = request.GET.get("pace_region", "").strip()
    if code:
        pace_region = Region.objects.filter(code=code).first()
        if pace_region is None:
            raise BadDashboardQuery(
                gettext("区域代码“%(code)s”无效：请从序时进度表中选择区域。") % {"code": code}
            )
    return indicator_page(indicator=obj, year=year, row_limit=row_limit, pace_region=pace_region)


@dashboard_page("indicators/dashboards/counties.html")
def counties(request, *, year, row_limit):
    code = request.GET.get("indicator", "").strip()
    chosen = None
    if code:
        chosen = Indicator.objects.filter(code=code, category=Indicator.Category.KEY).first()
        if chosen is None:
            raise BadDashboardQuery(
                gettext("指标“%(code)s”不是九大重点指标之一：请从列表中选择。") % {"code": code}
            )
    return counties_page(
        year=year, indicator=chosen, geojson_url=geojson_url(), row_limit=row_limit
    )


@dashboard_page("indicators/dashboards/region.html")
def region(request, code, *, year, row_limit):
    obj = get_object_or_404(Region, code=code)
    if obj.is_city:
        # The city is what the overview shows.
        raise Http404(gettext("全市情况见总览页"))
    return region_page(region=obj, year=year)


@dashboard_page("indicators/dashboards/group.html")
def group(request, pk, *, year, row_limit):
    return group_page(group=get_object_or_404(RegionGroup, pk=pk), year=year)


@dashboard_page("indicators/dashboards/units.html")
def units(request, *, year, row_limit):
    return units_page(year=year)


@dashboard_page("indicators/dashboards/unit.html")
def unit(request, pk, *, year, row_limit):
    return unit_page(unit=get_object_or_404(Unit, pk=pk), year=year)


@dashboard_page("indicators/dashboards/levers.html")
def levers(request, *, year, row_limit):
    return levers_page(year=year)


@dashboard_page("indicators/dashboards/task.html")
def task(request, pk, *, year, row_limit):
    obj = get_object_or_404(Task.objects.select_related("plan", "lever", "parent"), pk=pk)
    return task_page(task=obj, year=year)
