"""The reporting calendar as data: every assigned cell of a year with its due date and state,
so that reminders and supervision can be built on it (docs/reporting.md)."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from common.periods import period_label
from indicators.api.filters import MAX_ID
from indicators.api.serializers.fields import PeriodField
from indicators.api.views.base import ApiViewMixin
from indicators.entry import calendar as cal
from indicators.entry import reporting
from indicators.entry import selectors as entry_selectors
from indicators.models import MAX_YEAR, MIN_YEAR, Region, Unit

CODE_PATTERN = r"^[^\x00-\x1f]{1,40}$"


class DueQuery(serializers.Serializer):
    """The query string, checked: codes and ids are bounded before any lookup (no NUL reaches
    PostgreSQL, no id beyond its integers)."""

    year = serializers.IntegerField(
        required=False, min_value=MIN_YEAR, max_value=MAX_YEAR, label="年度"
    )
    region = serializers.RegexField(CODE_PATTERN, max_length=40, required=False, label="区域代码")
    unit = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, label="填报单位 ID"
    )
    status = serializers.ChoiceField(choices=list(cal.STATES), required=False, label="状态")
    period = PeriodField(required=False)

    def validate_region(self, code):
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise serializers.ValidationError(f"没有代码为“{code}”的区域。")
        return region

    def validate_unit(self, pk):
        unit = Unit.objects.filter(pk=pk).first()
        if unit is None:
            raise serializers.ValidationError(f"没有 ID 为 {pk} 的单位。")
        return unit


class DueView(ApiViewMixin, APIView):
    """报送日历：按填报分工列出某年度每个期间应报数值的截止日期和状态（overdue 已逾期、
    due_soon 即将到期、open 未到期、submitted 已报送）。例：
    `/api/v1/due/?year=2024&region=330302&status=overdue` 为鹿城区 2024 年已逾期未报送的数值。
    按月、按季、按半年填报的指标每个期间（年初至该月累计，period 为截至月份）各占一行，次月
    15 日前报送；全年数（period=12）按快报规则截止（次年 2 月底）；规则见设置 WZSCI_DUE_*。
    period 只列该期间。"""

    tabular_renderers = [JSONRenderer]

    @extend_schema(
        summary="报送日历（截止日期与状态）",
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT, description="年度，默认当前填报年度"),
            OpenApiParameter("region", OpenApiTypes.STR, description="区域代码"),
            OpenApiParameter("unit", OpenApiTypes.INT, description="填报单位 ID"),
            OpenApiParameter("status", OpenApiTypes.STR, enum=list(cal.STATES)),
            OpenApiParameter(
                "period",
                OpenApiTypes.INT,
                description="期间：截至月份 1–12（12 为全年）；不填为全年各期间",
            ),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request, *args, **kwargs):
        query = DueQuery(data=request.query_params)
        if not query.is_valid():
            error = ValidationError(query.errors)
            error.wzsci_code = "invalid_filter"
            raise error
        params = query.validated_data
        year = params.get("year") or entry_selectors.default_entry_year()
        periods = [params["period"]] if params.get("period") else range(1, 13)
        # (period, cell): a cell of reporting.due_cells is of the period it was asked for.
        cells = [
            (period, cell)
            for period in periods
            for cell in reporting.due_cells(
                year=year,
                region=params.get("region"),
                unit=params.get("unit"),
                state=params.get("status"),
                period=period,
            )
        ]
        cells.sort(
            key=lambda pc: (
                pc[1].due,
                pc[1].assignment.indicator.code,
                pc[1].assignment.region.order,
                pc[0],
            )
        )
        return Response(
            {
                "year": year,
                "count": len(cells),
                "results": [
                    {
                        "indicator": c.assignment.indicator.code,
                        "indicator_name": c.assignment.indicator.name,
                        "region": c.assignment.region.code,
                        "region_name": c.assignment.region.name,
                        "unit": c.assignment.unit_id,
                        "unit_name": c.assignment.unit.name if c.assignment.unit else None,
                        "year": c.year,
                        "period": period,
                        "period_label": period_label(c.year, period),
                        "due": c.due.isoformat(),
                        "status": c.state,
                        "status_label": c.state_label,
                        "actual_state": c.actual.state if c.actual else None,
                    }
                    for period, c in cells
                ],
            }
        )
