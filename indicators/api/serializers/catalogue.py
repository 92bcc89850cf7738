"""The API's representation of the catalogue: plans, regions, units, levers, tasks, indicators
and targets."""

from __future__ import annotations

from rest_framework import serializers

from indicators.api.serializers.fields import PlainDecimalField, code_of
from indicators.models import Indicator, Lever, Plan, Region, Target, Task, TaskUnit, Unit


class PlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = Plan
        fields = ["code", "doc_number", "title", "issuer", "issued_on", "start_year", "end_year"]


class RegionSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True, label="类型名称")
    groups = serializers.SlugRelatedField(
        slug_field="name", many=True, read_only=True, label="区域组"
    )

    class Meta:
        model = Region
        fields = ["code", "name", "kind", "kind_label", "in_rollup", "order", "groups"]


class UnitSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True, label="类型名称")
    region = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True, label="区域代码"
    )

    class Meta:
        model = Unit
        fields = ["id", "name", "kind", "kind_label", "region", "order"]


class LeverSerializer(serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(slug_field="code", read_only=True, label="方案代码")

    class Meta:
        model = Lever
        fields = ["id", "plan", "number", "name", "action"]


class TaskUnitSerializer(serializers.ModelSerializer):
    unit_name = serializers.CharField(source="unit.name", read_only=True, label="单位名称")

    class Meta:
        model = TaskUnit
        fields = ["unit", "unit_name", "position", "is_lead"]


class TaskSerializer(serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(slug_field="code", read_only=True, label="方案代码")
    kind_label = serializers.CharField(source="get_kind_display", read_only=True, label="类型名称")
    units = TaskUnitSerializer(
        source="task_units", many=True, read_only=True, label="责任单位（牵头在前）"
    )
    indicators = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True, label="相关指标代码"
    )

    class Meta:
        model = Task
        fields = [
            "id",
            "plan",
            "lever",
            "kind",
            "kind_label",
            "number",
            "parent",
            "title",
            "text",
            "units",
            "indicators",
        ]


class IndicatorSerializer(serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(slug_field="code", read_only=True, label="出处方案代码")
    lead_unit_name = serializers.CharField(
        source="lead_unit.name", read_only=True, allow_null=True, label="牵头单位名称"
    )
    kind_label = serializers.CharField(source="get_kind_display", read_only=True, label="类型名称")

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "category",
            "key_order",
            "unit_of_measure",
            "kind",
            "kind_label",
            "direction",
            "decimals",
            "rollup",
            "plan",
            "lead_unit",
            "lead_unit_name",
            "tasks",
            "source_quote",
        ]


class TargetSerializer(serializers.ModelSerializer):
    indicator = code_of("指标代码", "indicator.code")
    indicator_name = code_of("指标名称", "indicator.name")
    region = code_of("区域代码", "region.code")
    region_name = code_of("区域名称", "region.name")
    plan = code_of("出处方案代码", "plan.code")
    plan_doc_number = code_of("出处文号", "plan.doc_number")
    value = PlainDecimalField(read_only=True, label="目标值")
    comparator_symbol = serializers.CharField(
        source="get_comparator_display", read_only=True, label="比较符号"
    )

    class Meta:
        model = Target
        fields = [
            "id",
            "indicator",
            "indicator_name",
            "region",
            "region_name",
            "year",
            "plan",
            "plan_doc_number",
            "value",
            "comparator",
            "comparator_symbol",
            "every_year",
            "source_quote",
        ]
