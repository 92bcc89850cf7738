"""The API's representation of the progress engine's results: a snapshot, and a row of the
status endpoints."""

from __future__ import annotations

from rest_framework import serializers

from indicators.api.serializers.fields import PeriodLabelField, code_of
from indicators.models import Actual, PeriodSnapshot, ProgressSnapshot
from indicators.progress.coverage import coverage_members

VINTAGE_LABELS = dict(Actual.Vintage.choices)


def vintage_label(vintage: str) -> str:
    """快报 / 年报（正式） / 修订 for a vintage's code; blank for none."""
    return str(VINTAGE_LABELS.get(vintage, vintage or ""))


class ProgressSnapshotSerializer(serializers.ModelSerializer):
    indicator = code_of("指标代码", "indicator.code")
    region = code_of("区域代码", "region.code")
    target_plan = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True, label="目标出处方案"
    )
    other_target_plan = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True, label="另一方案"
    )

    actual_vintage_label = serializers.SerializerMethodField(
        label="年度状态所依据的数据版本名称（快报、年报、修订；无数值时为空）"
    )
    coverage = serializers.SerializerMethodField(
        label="全覆盖目标的成员：各区域是否已覆盖（其他目标类型为 null）"
    )
    # The row's flag or its indicator's mark (a recompute under way): ProgressSnapshot.pending.
    stale = serializers.BooleanField(source="pending", read_only=True, label="待更新")

    class Meta:
        model = ProgressSnapshot
        exclude = ["input_fingerprint"]

    def get_actual_vintage_label(self, snapshot) -> str:
        return vintage_label(snapshot.actual_vintage)

    def get_coverage(self, snapshot) -> list[dict] | None:
        if snapshot.target_type != ProgressSnapshot.TargetType.COVERAGE:
            return None
        members = coverage_members(indicator=snapshot.indicator, year=snapshot.year)
        return [{"region_name": name, "covered": covered} for name, covered in members]


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
    actual_vintage = serializers.CharField(
        allow_blank=True, label="数据版本（flash 快报 / final 年报 / revised 修订；空：无实际值）"
    )
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
    final_comparator = serializers.CharField(allow_blank=True, label="期末目标比较")
    target_type = serializers.ChoiceField(
        choices=ProgressSnapshot.TargetType.choices,
        label="目标类型（年均增长、相对目标、全覆盖另行评判，见 special_*）",
    )
    special_target = serializers.FloatField(
        allow_null=True, label="另行评判的目标：年均增长率（%）、参照值或应覆盖数 N"
    )
    special_actual = serializers.FloatField(
        allow_null=True, label="另行评判的实际：基期以来年均增长率（%）、实际值或已覆盖数"
    )
    special_status = serializers.ChoiceField(
        choices=ProgressSnapshot.YearStatus.choices, label="另行评判的状态"
    )
    required_annual_change = serializers.FloatField(allow_null=True, label="所需年增量")
    required_growth_rate = serializers.FloatField(allow_null=True, label="所需年增速")
    share_of_city = serializers.FloatField(allow_null=True, label="占全市比重")
    rollup_deviation = serializers.BooleanField(label="合计偏差")
    stale = serializers.BooleanField(label="待更新")
    computed_at = serializers.DateTimeField(label="计算时间")


class PeriodSnapshotSerializer(serializers.ModelSerializer):
    """序时进度 of one indicator × region × year × period (docs/progress.md)."""

    indicator = code_of("指标代码", "indicator.code")
    indicator_name = code_of("指标名称", "indicator.name")
    unit_of_measure = code_of("计量单位", "indicator.unit_of_measure")
    frequency = code_of("填报频度", "indicator.frequency")
    region = code_of("区域代码", "region.code")
    region_name = code_of("区域名称", "region.name")
    period_label = PeriodLabelField()
    actual_vintage_label = serializers.SerializerMethodField(label="数据版本名称")
    pace_status_label = serializers.CharField(
        source="get_pace_status_display", read_only=True, label="序时状态名称"
    )
    profile_label = serializers.CharField(
        source="get_profile_display", read_only=True, label="序时口径名称"
    )
    profile_years = serializers.SerializerMethodField(
        label="季节规律所依据的往年（按季节规律时；否则为空列表）"
    )

    class Meta:
        model = PeriodSnapshot
        fields = [
            "id",
            "indicator",
            "indicator_name",
            "unit_of_measure",
            "frequency",
            "region",
            "region_name",
            "year",
            "period",
            "period_label",
            "actual_value",
            "actual_provisional",
            "actual_vintage",
            "actual_vintage_label",
            "target_value",
            "target_source",
            "elapsed_share",
            "expected_value",
            "share_of_target",
            "pace_ratio",
            "pace_status",
            "pace_status_label",
            "profile",
            "profile_label",
            "profile_years",
            "computed_at",
        ]
        read_only_fields = fields

    def get_actual_vintage_label(self, snapshot) -> str:
        return vintage_label(snapshot.actual_vintage)

    def get_profile_years(self, snapshot) -> list[int]:
        return [int(year) for year in snapshot.profile_years.split(",") if year.strip()]
