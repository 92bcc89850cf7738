"""The API's catalogue collections, read-only: plans, regions, units, levers, tasks, indicators
and targets."""

from __future__ import annotations

from rest_framework import viewsets

from indicators.api.filters import (
    IndicatorFilter,
    LeverFilter,
    PlanFilter,
    RegionFilter,
    TargetFilter,
    TaskFilter,
    UnitFilter,
)
from indicators.api.serializers.catalogue import (
    IndicatorSerializer,
    LeverSerializer,
    PlanSerializer,
    RegionSerializer,
    TargetSerializer,
    TaskSerializer,
    UnitSerializer,
)
from indicators.api.views.base import (
    CODE_REGEX,
    ID_REGEX,
    ApiViewMixin,
    read_only_viewset_schema,
)
from indicators.models import Indicator, Lever, Plan, Region, Target, Task, Unit


@read_only_viewset_schema("规划方案", "代码")
class PlanViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """规划方案：温政发〔2023〕17号、温政办〔2023〕86号等，按代码（code）查询。"""

    queryset = Plan.objects.order_by("issued_on", "pk")
    serializer_class = PlanSerializer
    filterset_class = PlanFilter
    lookup_field = "code"
    lookup_value_regex = CODE_REGEX


@read_only_viewset_schema("区域", "行政区划代码")
class RegionViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """区域：温州市及各县（市、区）、功能区，按代码（行政区划代码，功能区为字母代码）查询。"""

    queryset = Region.objects.prefetch_related("groups").order_by("order", "pk")
    serializer_class = RegionSerializer
    filterset_class = RegionFilter
    lookup_field = "code"
    lookup_value_regex = CODE_REGEX


@read_only_viewset_schema("责任单位", "ID")
class UnitViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """责任单位：市级部门、县（市、区）政府、管委会、高校、实验室等。"""

    queryset = Unit.objects.select_related("region").order_by("order", "name", "pk")
    serializer_class = UnitSerializer
    filterset_class = UnitFilter
    lookup_value_regex = ID_REGEX


@read_only_viewset_schema("抓手", "ID")
class LeverViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """“八大抓手”：每个抓手及其对应的行动。"""

    queryset = Lever.objects.select_related("plan").order_by("plan__issued_on", "number", "pk")
    serializer_class = LeverSerializer
    filterset_class = LeverFilter
    lookup_value_regex = ID_REGEX


@read_only_viewset_schema("任务", "ID")
class TaskViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """重点任务与改革试点任务，含责任单位（列第一位的为牵头单位）和相关指标。"""

    queryset = (
        Task.objects.select_related("plan")
        .prefetch_related("task_units__unit", "indicators")
        .order_by("plan__issued_on", "kind", "number", "pk")
    )
    serializer_class = TaskSerializer
    filterset_class = TaskFilter
    lookup_value_regex = ID_REGEX


@read_only_viewset_schema("指标", "指标代码")
class IndicatorViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """指标：九项重点指标（category=key）、总体目标和任务指标。各区域、各年度的进展状态见
    `/api/v1/indicators/{code}/status/` 和 `/api/v1/status/`。"""

    queryset = (
        Indicator.objects.select_related("plan", "lead_unit")
        .prefetch_related("tasks")
        .order_by("category", "key_order", "code")
    )
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilter
    lookup_field = "code"
    lookup_value_regex = CODE_REGEX


@read_only_viewset_schema("目标值", "ID")
class TargetViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """目标值：指标 × 区域 × 年度，附比较方式（≥ ≈ ≤）和出处方案。两个方案对同一年度都定了目标时，两条都列出。"""

    queryset = Target.objects.select_related("indicator", "region", "plan").order_by(
        "indicator_id", "region__order", "year", "plan__issued_on", "pk"
    )
    serializer_class = TargetSerializer
    filterset_class = TargetFilter
    lookup_value_regex = ID_REGEX
