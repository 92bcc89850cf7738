"""Serializers: the API's representation of the domain, and the shape of what clients send.

They only translate. Whether a write is allowed and valid is decided by indicators.entry.services;
these classes check that the request is well-formed (types, lengths, known codes) and no more.
"""

from __future__ import annotations

from decimal import Decimal

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from indicators.models import (
    MAX_YEAR,
    MIN_YEAR,
    Actual,
    Indicator,
    Lever,
    Plan,
    ProgressSnapshot,
    Region,
    Target,
    Task,
    TaskReport,
    TaskUnit,
    Unit,
)
from proposals.models import Commitment, Proposal, Reply, ReportedFigure

MAX_TEXT = 10_000
MAX_VERSION = 2**31 - 1


class PlainDecimalField(serializers.DecimalField):
    """A decimal as a string without padding zeros: "3700", "2.61" — not "3700.000000"."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 20)
        kwargs.setdefault("decimal_places", 6)
        super().__init__(**kwargs)

    def to_representation(self, value):
        if value is None:
            return None
        text = super().to_representation(value)
        return format(Decimal(text).normalize(), "f")


@extend_schema_field({"oneOf": [{"type": "number"}, {"type": "string", "maxLength": 40}]})
class RawNumberField(serializers.Field):
    """A number as the client sent it (JSON number or text such as "3,700"): the services read it,
    with the same rules and messages as a form field; here only its type and length are checked."""

    default_error_messages = {"invalid": "应为数字或数字文本。"}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | float | str):
            self.fail("invalid")
        if isinstance(data, str) and len(data) > 40:
            self.fail("invalid")
        return data

    def to_representation(self, value):
        return value


def code_of(field_label: str, source: str) -> serializers.CharField:
    return serializers.CharField(source=source, read_only=True, label=field_label)


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


class ActualSerializer(serializers.ModelSerializer):
    indicator = code_of("指标代码", "indicator.code")
    indicator_name = code_of("指标名称", "indicator.name")
    unit_of_measure = code_of("计量单位", "indicator.unit_of_measure")
    region = code_of("区域代码", "region.code")
    region_name = code_of("区域名称", "region.name")
    value = PlainDecimalField(read_only=True, label="实际值")
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


class CodeRelatedField(serializers.SlugRelatedField):
    """A row named by its code; text no code can be (too long, control characters) is refused
    before it reaches the database (PostgreSQL rejects NUL in text outright)."""

    def to_internal_value(self, data):
        if not isinstance(data, str) or len(data) > 40 or any(ord(ch) < 32 for ch in data):
            self.fail("does_not_exist", slug_name=self.slug_field, value=str(data)[:40])
        return super().to_internal_value(data)


class ActualSaveSerializer(ExpectedVersionMixin):
    """Create or update the draft of one indicator × region × year."""

    indicator = CodeRelatedField(
        slug_field="code", queryset=Indicator.objects.all(), label="指标代码"
    )
    region = CodeRelatedField(slug_field="code", queryset=Region.objects.all(), label="区域代码")
    year = serializers.IntegerField(min_value=MIN_YEAR, max_value=MAX_YEAR, label="年份")
    value = RawNumberField(label="实际值")
    source_note = serializers.CharField(
        required=False, allow_blank=True, max_length=MAX_TEXT, default="", label="数据来源说明"
    )
    explanation = serializers.CharField(
        required=False, allow_blank=True, max_length=MAX_TEXT, default="", label="变动说明"
    )


class ActualUpdateSerializer(ExpectedVersionMixin):
    """Change the value or notes of an existing actual (its indicator, region and year stay)."""

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


class BoundedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """A row id; anything that is not a positive id of sane size is refused before the database."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type", data_type=type(data).__name__)
        try:
            pk = int(data)
        except ValueError:
            self.fail("incorrect_type", data_type=type(data).__name__)
        if not 1 <= pk <= 2**53:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(pk)


class TaskReportSaveSerializer(ExpectedVersionMixin):
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


class ProgressSnapshotSerializer(serializers.ModelSerializer):
    indicator = code_of("指标代码", "indicator.code")
    region = code_of("区域代码", "region.code")
    target_plan = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True, label="目标出处方案"
    )
    other_target_plan = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True, label="另一方案"
    )

    class Meta:
        model = ProgressSnapshot
        exclude = ["input_fingerprint"]


class StatusRowSerializer(serializers.Serializer):
    """One indicator × region × year as the status endpoints return it (documentation only:
    the rows are built straight from one query, see views.StatusView)."""

    indicator = serializers.CharField(label="指标代码")
    indicator_name = serializers.CharField(label="指标名称")
    unit_of_measure = serializers.CharField(label="计量单位")
    region = serializers.CharField(label="区域代码")
    region_name = serializers.CharField(label="区域名称")
    year = serializers.IntegerField(label="年份")
    target_value = serializers.FloatField(allow_null=True, label="年度目标")
    target_comparator = serializers.CharField(allow_blank=True, label="目标比较")
    target_interpolated = serializers.BooleanField(label="插值目标")
    target_source = serializers.ChoiceField(
        choices=ProgressSnapshot.TargetSource.choices, label="目标来源"
    )
    target_plan = serializers.CharField(allow_null=True, label="目标出处方案")
    actual_value = serializers.FloatField(allow_null=True, label="实际值")
    actual_provisional = serializers.BooleanField(label="未审核")
    attainment = serializers.FloatField(allow_null=True, label="完成率")
    gap = serializers.FloatField(allow_null=True, label="差距")
    progress_to_goal = serializers.FloatField(allow_null=True, label="目标进度")
    year_status = serializers.ChoiceField(
        choices=ProgressSnapshot.YearStatus.choices, label="年度状态"
    )
    year_status_label = serializers.CharField(label="年度状态名称")
    outlook_status = serializers.ChoiceField(
        choices=ProgressSnapshot.Outlook.choices, label="趋势研判"
    )
    outlook_status_label = serializers.CharField(label="趋势研判名称")
    outlook_ratio = serializers.FloatField(allow_null=True, label="趋势比值")
    projected_final_value = serializers.FloatField(allow_null=True, label="预计期末值")
    final_year = serializers.IntegerField(allow_null=True, label="目标年")
    final_goal = serializers.FloatField(allow_null=True, label="期末目标")
    required_annual_change = serializers.FloatField(allow_null=True, label="所需年增量")
    required_growth_rate = serializers.FloatField(allow_null=True, label="所需年增速")
    share_of_city = serializers.FloatField(allow_null=True, label="占全市比重")
    rollup_deviation = serializers.BooleanField(label="合计偏差")
    stale = serializers.BooleanField(label="待更新")
    computed_at = serializers.DateTimeField(label="计算时间")


class TokenInfoSerializer(serializers.Serializer):
    client_name = serializers.CharField(label="客户端名称")
    read_only = serializers.BooleanField(label="只读")


class MeSerializer(serializers.Serializer):
    username = serializers.CharField(label="用户名")
    roles = serializers.ListField(child=serializers.CharField(), label="角色")
    unit = serializers.CharField(allow_null=True, label="所属单位")
    region = serializers.CharField(allow_null=True, label="所属区域代码")
    token = TokenInfoSerializer(allow_null=True, label="接口令牌")


# --- Proposal replies (proposals app) ---------------------------------------------------------
class ProposalSerializer(serializers.ModelSerializer):
    class Meta:
        model = Proposal
        fields = ["id", "session", "number", "proposer", "title"]


class ReplySerializer(serializers.ModelSerializer):
    proposal = ProposalSerializer(read_only=True, label="提案")
    handling_unit_name = code_of("承办单位名称", "handling_unit.name")
    commitment_count = serializers.SerializerMethodField(label="承诺事项数")
    figure_count = serializers.SerializerMethodField(label="报告数据数")

    class Meta:
        model = Reply
        fields = [
            "id",
            "doc_number",
            "proposal",
            "handling_unit",
            "handling_unit_name",
            "signed_on",
            "issued_on",
            "contact_name",
            "contact_phones",
            "copy_to",
            "full_text",
            "commitment_count",
            "figure_count",
        ]

    def get_commitment_count(self, reply) -> int:
        return len(reply.commitments.all())

    def get_figure_count(self, reply) -> int:
        return len(reply.reported_figures.all())


class CommitmentSerializer(serializers.ModelSerializer):
    reply_doc_number = code_of("答复文号", "reply.doc_number")
    quantity = PlainDecimalField(read_only=True, allow_null=True, label="数量")
    comparator_symbol = serializers.CharField(
        source="get_comparator_display", read_only=True, label="比较符号"
    )
    responsible_unit_name = code_of("责任单位名称", "responsible_unit.name")
    indicator = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True, label="关联指标代码"
    )
    region = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True, label="区域代码（空为全市）"
    )
    status_label = serializers.CharField(
        source="get_status_display", read_only=True, label="状态名称"
    )

    class Meta:
        model = Commitment
        fields = [
            "id",
            "reply",
            "reply_doc_number",
            "number",
            "text",
            "quantity",
            "unit_of_measure",
            "comparator",
            "comparator_symbol",
            "deadline",
            "responsible_unit",
            "responsible_unit_name",
            "indicator",
            "region",
            "task",
            "status",
            "status_label",
            "evidence",
            "status_changed_at",
        ]


class ReportedFigureSerializer(serializers.ModelSerializer):
    reply_doc_number = code_of("答复文号", "reply.doc_number")
    value = PlainDecimalField(read_only=True, label="数值")
    indicator = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True, label="关联指标代码"
    )
    region = serializers.SlugRelatedField(slug_field="code", read_only=True, label="区域代码")

    class Meta:
        model = ReportedFigure
        fields = [
            "id",
            "reply",
            "reply_doc_number",
            "number",
            "value",
            "unit_of_measure",
            "year",
            "sentence",
            "indicator",
            "region",
            "task",
        ]
