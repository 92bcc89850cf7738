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

from indicators.api.filters import MAX_ID
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
    """报送日历：按填报分工列出某年度每个应报数值的截止日期和状态（overdue 已逾期、
    due_soon 即将到期、open 未到期、submitted 已报送）。例：
    `/api/v1/due/?year=2024&region=330302&status=overdue` 为鹿城区 2024 年已逾期未报送的数值。
    年度数值按快报规则截止（次年 2 月底）；规则见设置 WZSCI_DUE_*。"""

    tabular_renderers = [JSONRenderer]

    @extend_schema(
        summary="报送日历（截止日期与状态）",
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT, description="年度，默认当前填报年度"),
            OpenApiParameter("region", OpenApiTypes.STR, description="区域代码"),
            OpenApiParameter("unit", OpenApiTypes.INT, description="填报单位 ID"),
            OpenApiParameter("status", OpenApiTypes.STR, enum=list(cal.STATES)),
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
        cells = reporting.due_cells(
            year=year,
            region=params.get("region"),
            unit=params.get("unit"),
            state=params.get("status"),
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
                        "due": c.due.isoformat(),
                        "status": c.state,
                        "status_label": c.state_label,
                        "actual_state": c.actual.state if c.actual else None,
                    }
                    for c in cells
                ],
            }
        )
