"""The API's representation of actuals and task reports, and the shape of what clients send to
write them (checked for form only: the services decide what is allowed)."""

from __future__ import annotations

from rest_framework import serializers

from indicators.api.serializers.fields import (
    MAX_TEXT,
    MAX_VERSION,
    BoundedPrimaryKeyField,
    CodeRelatedField,
    PeriodField,
    PeriodLabelField,
    PlainDecimalField,
    RawNumberField,
    VintageField,
    code_of,
)
from indicators.models import MAX_YEAR, MIN_YEAR, Actual, Indicator, Region, Task, TaskReport, Unit


class ActualSerializer(serializers.ModelSerializer):
    indicator = code_of("指标代码", "indicator.code")
    indicator_name = code_of("指标名称", "indicator.name")
    unit_of_measure = code_of("计量单位", "indicator.unit_of_measure")
    region = code_of("区域代码", "region.code")
    region_name = code_of("区域名称", "region.name")
    value = PlainDecimalField(read_only=True, label="实际值")
    period_label = PeriodLabelField()
    vintage_label = serializers.CharField(
        source="get_vintage_display", read_only=True, label="数据版本名称"
    )
    state_label = serializers.CharField(
        source="get_state_display", read_only=True, label="状态名称"
    )
    entered_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True, label="填报人", help_text="用户名"
    )
    reviewed_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True, label="审核人", help_text="用户名"
    )

    class Meta:
        model = Actual
        fields = [
            "id",
            "indicator",
            "indicator_name",
            "unit_of_measure",
            "region",
            "region_name",
            "year",
            "period",
            "period_label",
            "vintage",
            "vintage_label",
            "value",
            "state",
            "state_label",
            "origin",
            "source_note",
            "explanation",
            "review_comment",
            "entered_by",
            "submitted_at",
            "reviewed_by",
            "reviewed_at",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ExpectedVersionMixin(serializers.Serializer):
    expected_version = serializers.IntegerField(
        min_value=1,
        max_value=MAX_VERSION,
        required=False,
        allow_null=True,
        label="期望版本",
        help_text="乐观并发：填写读取时的 version；若他人已修改，请求被拒（409 edit_conflict）。",
    )


class CreateVersionMixin(serializers.Serializer):
    """The version a create saw: 0 (or none) for "there was no value", which a value stored
    meanwhile turns into a 409 edit_conflict; n to change the value at version n."""

    expected_version = serializers.IntegerField(
        min_value=0,
        max_value=MAX_VERSION,
        required=False,
        allow_null=True,
        label="期望版本",
        help_text="乐观并发：新建时填 0 或不填，表示读取时尚无数值；若此时已有数值，请求被拒"
        "（409 edit_conflict，details.current 为现有数值）。修改已有数值时填读取时的 version。",
    )


class ActualSaveSerializer(CreateVersionMixin):
    """Create or update the draft of one indicator × region × year × period × vintage."""

    indicator = CodeRelatedField(
        slug_field="code", queryset=Indicator.objects.all(), label="指标代码"
    )
    region = CodeRelatedField(slug_field="code", queryset=Region.objects.all(), label="区域代码")
    year = serializers.IntegerField(min_value=MIN_YEAR, max_value=MAX_YEAR, label="年份")
    period = PeriodField(required=False, default=12)
    vintage = VintageField(required=False, default=Actual.Vintage.FINAL)
    value = RawNumberField(label="实际值")
    source_note = serializers.CharField(
        required=False, allow_blank=True, max_length=MAX_TEXT, default="", label="数据来源说明"
    )
    explanation = serializers.CharField(
        required=False, allow_blank=True, max_length=MAX_TEXT, default="", label="变动说明"
    )


class ActualUpdateSerializer(ExpectedVersionMixin):
    """Change the value or notes of an existing actual (its indicator, region, year, period and
    vintage stay: another period or vintage is another record, created with POST)."""

    value = RawNumberField(required=False, label="实际值")
    source_note = serializers.CharField(
        required=False, allow_blank=True, max_length=MAX_TEXT, label="数据来源说明"
    )
    explanation = serializers.CharField(
        required=False, allow_blank=True, max_length=MAX_TEXT, label="变动说明"
    )


class SubmitSerializer(ExpectedVersionMixin):
    pass


class ReturnSerializer(ExpectedVersionMixin):
    comment = serializers.CharField(max_length=MAX_TEXT, label="退回意见")


class TaskReportSerializer(serializers.ModelSerializer):
    task_title = code_of("任务名称", "task.title")
    unit_name = code_of("报告单位名称", "unit.name")
    period_label = serializers.CharField(
        source="get_period_display", read_only=True, label="期间名称"
    )
    status_label = serializers.CharField(
        source="get_status_display", read_only=True, label="进展名称"
    )
    state_label = serializers.CharField(
        source="get_state_display", read_only=True, label="状态名称"
    )
    entered_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True, label="填报人", help_text="用户名"
    )
    reviewed_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True, label="审核人", help_text="用户名"
    )

    class Meta:
        model = TaskReport
        fields = [
            "id",
            "task",
            "task_title",
            "unit",
            "unit_name",
            "year",
            "period",
            "period_label",
            "status",
            "status_label",
            "percent",
            "text",
            "state",
            "state_label",
            "review_comment",
            "entered_by",
            "submitted_at",
            "reviewed_by",
            "reviewed_at",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class TaskReportSaveSerializer(CreateVersionMixin):
    task = BoundedPrimaryKeyField(queryset=Task.objects.all(), label="任务 ID")
    unit = BoundedPrimaryKeyField(queryset=Unit.objects.all(), label="报告单位 ID")
    year = serializers.IntegerField(min_value=MIN_YEAR, max_value=MAX_YEAR, label="年份")
    period = serializers.ChoiceField(
        choices=TaskReport.Period.choices, default=TaskReport.Period.YEAR, label="期间"
    )
    status = serializers.ChoiceField(choices=TaskReport.Status.choices, label="进展")
    percent = RawNumberField(label="完成百分比（0—100）")
    text = serializers.CharField(
        required=False, allow_blank=True, max_length=MAX_TEXT, default="", label="进展说明"
    )


class TaskReportUpdateSerializer(ExpectedVersionMixin):
    status = serializers.ChoiceField(
        choices=TaskReport.Status.choices, required=False, label="进展"
    )
    percent = RawNumberField(required=False, label="完成百分比（0—100）")
    text = serializers.CharField(
        required=False, allow_blank=True, max_length=MAX_TEXT, label="进展说明"
    )
