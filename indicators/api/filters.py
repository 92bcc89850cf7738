"""Filters and orderings of the list endpoints (django-filter).

Every numeric parameter is bounded, so that no query string can reach the database as an
overflow; a bad value is a 400 with the parameter named (code "invalid_filter"), an unknown code
in a code filter simply matches nothing.
"""

from __future__ import annotations

import copy

import django_filters as df
from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict, ErrorList
from django.http import QueryDict
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import exceptions

from indicators.api.serializers.fields import PERIOD_MESSAGE, VINTAGE_MESSAGE
from indicators.models import (
    MAX_YEAR,
    MIN_YEAR,
    Actual,
    Indicator,
    Lever,
    PeriodSnapshot,
    Plan,
    ProgressSnapshot,
    Region,
    Target,
    Task,
    TaskReport,
    Unit,
    WorkflowState,
)

MAX_ID = 2**53  # beyond any row id, inside every database's integer range


class FilterBackend(DjangoFilterBackend):
    """django-filter, with its refusals in the API's error shape."""

    def filter_queryset(self, request, queryset, view):
        try:
            return super().filter_queryset(request, queryset, view)
        except exceptions.ValidationError as exc:
            exc.wzsci_code = "invalid_filter"
            raise


class CheckedParameters:
    """What django-filter asks of its form — is_valid(), cleaned_data, errors — without a form.

    Each parameter is read by its field's widget (so "a,b" lists and "true"/"false" are read as
    django-filter reads them) and cleaned by its field, with the same messages.
    """

    def __init__(self, fields: dict, data):
        self.cleaned_data: dict = {}
        self.errors = ErrorDict()
        for name, field in fields.items():
            try:
                self.cleaned_data[name] = field.clean(
                    field.widget.value_from_datadict(data, {}, name)
                )
            except ValidationError as exc:
                self.errors[name] = ErrorList(exc.error_list)

    def is_valid(self) -> bool:
        return not self.errors


class ApiFilterSet(df.FilterSet):
    """django-filter's FilterSet, cheaper per request, for endpoints that are polled.

    django-filter deep-copies every filter, creates a new form class and then a form (which
    deep-copies every field again) on each request: together more than the status endpoint's
    query. Our filters and their form fields hold no per-request state (no queryset depends on
    the user), so the filters are copied shallowly, their fields are made once per FilterSet
    class, and the query string is checked field by field (CheckedParameters): the same
    validation, the same messages, the same filtering.
    """

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {name: copy.copy(filter_) for name, filter_ in self.base_filters.items()}
        for filter_ in self.filters.values():
            filter_.model = queryset.model
            filter_.parent = self
            if filter_.method:
                filter_.method = filter_.method  # rebinds the method to this copy, not the original

    @classmethod
    def form_fields(cls) -> dict:
        fields = cls.__dict__.get("_form_fields")
        if fields is None:
            fields = {name: copy.deepcopy(f).field for name, f in cls.base_filters.items()}
            cls._form_fields = fields
        return fields

    @property
    def form(self):
        if not hasattr(self, "_form"):
            self._form = CheckedParameters(self.form_fields(), self.data)
        return self._form


class YearFilter(df.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", MIN_YEAR)
        kwargs.setdefault("max_value", MAX_YEAR)
        super().__init__(*args, **kwargs)


class IdFilter(df.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


PERIOD_HELP = "期间：截至月份 1–12，年初至该月的累计（9 为 1–9月，12 为全年）"


class PeriodFilter(df.NumberFilter):
    """A reporting period by the month it ends with (indicators/compute/periods.py): 1..12."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", 12)
        kwargs.setdefault("label", "期间（截至月份）")
        kwargs.setdefault("help_text", PERIOD_HELP)
        kwargs.setdefault(
            "error_messages",
            {key: PERIOD_MESSAGE for key in ("invalid", "min_value", "max_value")},
        )
        super().__init__(*args, **kwargs)


class VintageFilter(df.ChoiceFilter):
    """A vintage of an annual figure: flash 快报, final 年报（正式）, revised 修订."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", Actual.Vintage.choices)
        kwargs.setdefault("label", "数据版本")
        kwargs.setdefault("help_text", "flash 快报、final 年报（正式）、revised 修订")
        kwargs.setdefault(
            "error_messages",
            {"invalid_choice": VINTAGE_MESSAGE},
        )
        super().__init__(*args, **kwargs)


class CodeInFilter(df.BaseInFilter, df.CharFilter):
    """One code or several, comma-separated: `?region=330302,330303`."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("lookup_expr", "in")
        kwargs.setdefault("help_text", f"{kwargs.get('label', '')}；多个以英文逗号分隔")
        super().__init__(*args, **kwargs)


ORDERING_LABELS = {
    "issued_on": "成文日期",
    "code": "代码",
    "order": "排序",
    "name": "名称",
    "number": "序号",
    "plan": "方案",
    "key_order": "重点指标序号",
    "year": "年份",
    "period": "期间",
    "indicator": "指标",
    "region": "区域",
    "submitted_at": "提交时间",
    "updated_at": "更新时间",
    "task": "任务",
    "attainment": "完成率",
    "gap": "差距",
    "progress_to_goal": "目标进度",
    "computed_at": "计算时间",
    "session": "会议届次",
    "signed_on": "签发日期",
    "doc_number": "文号",
    "deadline": "完成期限",
}


class StableOrderingFilter(df.OrderingFilter):
    """Ordering with the primary key last, so that offset pages never overlap or skip rows."""

    descending_fmt = "%s（降序）"

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", "排序字段，多个以英文逗号分隔；前加 - 为降序")
        fields = self.normalize_fields(kwargs.get("fields", ()))
        kwargs.setdefault("field_labels", {f: ORDERING_LABELS.get(p, p) for f, p in fields.items()})
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        params = [param for param in value or () if param]
        if not params:
            return qs
        return qs.order_by(*[self.get_ordering_value(param) for param in params], "pk")


class YearFilterSet(ApiFilterSet):
    year = YearFilter(field_name="year", label="年份")
    year_min = YearFilter(field_name="year", lookup_expr="gte", label="起始年份（含）")
    year_max = YearFilter(field_name="year", lookup_expr="lte", label="终止年份（含）")


class PlanFilter(ApiFilterSet):
    ordering = StableOrderingFilter(
        fields=(("issued_on", "issued_on"), ("code", "code")), label="排序"
    )

    class Meta:
        model = Plan
        fields = []


class RegionFilter(ApiFilterSet):
    kind = df.ChoiceFilter(choices=Region.Kind.choices, label="类型")
    group = df.CharFilter(field_name="groups__name", label="区域组名称（如 山区5县）")
    in_rollup = df.BooleanFilter(label="计入全市合计")
    ordering = StableOrderingFilter(
        fields=(("order", "order"), ("code", "code"), ("name", "name")), label="排序"
    )

    class Meta:
        model = Region
        fields = ["kind", "group", "in_rollup"]


class UnitFilter(ApiFilterSet):
    kind = df.ChoiceFilter(choices=Unit.Kind.choices, label="类型")
    region = CodeInFilter(field_name="region__code", label="区域代码")
    ordering = StableOrderingFilter(fields=(("order", "order"), ("name", "name")), label="排序")

    class Meta:
        model = Unit
        fields = ["kind", "region"]


class LeverFilter(ApiFilterSet):
    plan = CodeInFilter(field_name="plan__code", label="方案代码")
    ordering = StableOrderingFilter(fields=(("number", "number"),), label="排序")

    class Meta:
        model = Lever
        fields = ["plan"]


class TaskFilter(ApiFilterSet):
    plan = CodeInFilter(field_name="plan__code", label="方案代码")
    lever = IdFilter(field_name="lever_id", label="抓手 ID")
    kind = df.ChoiceFilter(choices=Task.Kind.choices, label="类型")
    unit = IdFilter(
        field_name="task_units__unit_id", label="责任单位 ID（牵头或配合）", distinct=True
    )
    lead_unit = IdFilter(method="filter_lead_unit", label="牵头单位 ID")
    ordering = StableOrderingFilter(
        fields=(("number", "number"), ("plan__issued_on", "plan")), label="排序"
    )

    class Meta:
        model = Task
        fields = ["plan", "lever", "kind", "unit", "lead_unit"]

    def filter_lead_unit(self, queryset, name, value):
        return queryset.filter(task_units__unit_id=value, task_units__is_lead=True).distinct()


class IndicatorFilter(ApiFilterSet):
    code = CodeInFilter(field_name="code", label="指标代码")
    category = df.ChoiceFilter(choices=Indicator.Category.choices, label="类别")
    kind = df.ChoiceFilter(choices=Indicator.Kind.choices, label="类型")
    plan = CodeInFilter(field_name="plan__code", label="出处方案代码")
    lead_unit = IdFilter(field_name="lead_unit_id", label="牵头单位 ID")
    task = IdFilter(field_name="tasks", label="相关任务 ID")
    ordering = StableOrderingFilter(
        fields=(("key_order", "key_order"), ("code", "code"), ("name", "name")), label="排序"
    )

    class Meta:
        model = Indicator
        fields = ["code", "category", "kind", "plan", "lead_unit", "task"]


class TargetFilter(YearFilterSet):
    indicator = CodeInFilter(field_name="indicator__code", label="指标代码")
    region = CodeInFilter(field_name="region__code", label="区域代码")
    plan = CodeInFilter(field_name="plan__code", label="出处方案代码")
    comparator = df.ChoiceFilter(choices=Target.Comparator.choices, label="比较")
    ordering = StableOrderingFilter(
        fields=(("year", "year"), ("indicator__code", "indicator"), ("region__order", "region")),
        label="排序",
    )

    class Meta:
        model = Target
        fields = ["indicator", "region", "plan", "comparator"]


class ActualFilter(YearFilterSet):
    indicator = CodeInFilter(field_name="indicator__code", label="指标代码")
    region = CodeInFilter(field_name="region__code", label="区域代码")
    state = df.ChoiceFilter(choices=WorkflowState.choices, label="流程状态")
    origin = df.ChoiceFilter(choices=Actual.Origin.choices, label="来源")
    period = PeriodFilter(field_name="period")
    vintage = VintageFilter(field_name="vintage")
    ordering = StableOrderingFilter(
        fields=(
            ("year", "year"),
            ("period", "period"),
            ("indicator__code", "indicator"),
            ("region__order", "region"),
            ("submitted_at", "submitted_at"),
            ("updated_at", "updated_at"),
        ),
        label="排序",
    )

    class Meta:
        model = Actual
        fields = ["indicator", "region", "state", "origin", "period", "vintage"]


class TaskReportFilter(YearFilterSet):
    task = IdFilter(field_name="task_id", label="任务 ID")
    unit = IdFilter(field_name="unit_id", label="报告单位 ID")
    period = df.ChoiceFilter(choices=TaskReport.Period.choices, label="期间")
    status = df.ChoiceFilter(choices=TaskReport.Status.choices, label="进展")
    state = df.ChoiceFilter(choices=WorkflowState.choices, label="流程状态")
    ordering = StableOrderingFilter(
        fields=(("year", "year"), ("task__number", "task"), ("submitted_at", "submitted_at")),
        label="排序",
    )

    class Meta:
        model = TaskReport
        fields = ["task", "unit", "period", "status", "state"]


class SnapshotFilter(YearFilterSet):
    indicator = CodeInFilter(field_name="indicator__code", label="指标代码")
    region = CodeInFilter(field_name="region__code", label="区域代码")
    category = df.ChoiceFilter(
        field_name="indicator__category", choices=Indicator.Category.choices, label="指标类别"
    )
    year_status = df.ChoiceFilter(choices=ProgressSnapshot.YearStatus.choices, label="年度状态")
    outlook_status = df.ChoiceFilter(choices=ProgressSnapshot.Outlook.choices, label="趋势研判")
    # 待更新: the row's flag or its indicator's mark (ProgressSnapshot.objects.with_marks()).
    stale = df.BooleanFilter(method="filter_stale", label="待更新")
    ordering = StableOrderingFilter(
        fields=(
            ("indicator_id", "indicator"),
            ("region_id", "region"),
            ("year", "year"),
            ("attainment", "attainment"),
            ("gap", "gap"),
            ("progress_to_goal", "progress_to_goal"),
            ("computed_at", "computed_at"),
        ),
        label="排序",
    )

    class Meta:
        model = ProgressSnapshot
        fields = ["indicator", "region", "category", "year_status", "outlook_status", "stale"]

    def filter_stale(self, queryset, name, value):
        if "shown_stale" not in queryset.query.annotations:
            queryset = queryset.with_marks()
        return queryset.filter(shown_stale=value)


class PeriodSnapshotFilter(YearFilterSet):
    indicator = CodeInFilter(field_name="indicator__code", label="指标代码")
    region = CodeInFilter(field_name="region__code", label="区域代码")
    category = df.ChoiceFilter(
        field_name="indicator__category", choices=Indicator.Category.choices, label="指标类别"
    )
    period = PeriodFilter(field_name="period")
    pace_status = df.ChoiceFilter(choices=PeriodSnapshot.PaceStatus.choices, label="序时状态")
    ordering = StableOrderingFilter(
        fields=(
            ("indicator_id", "indicator"),
            ("region_id", "region"),
            ("year", "year"),
            ("period", "period"),
            ("computed_at", "computed_at"),
        ),
        label="排序",
    )

    class Meta:
        model = PeriodSnapshot
        fields = ["indicator", "region", "category", "period", "pace_status"]
