"""The REST API, version 1 (/api/v1/): reads of the whole domain, writes through the services.

Views stay thin: reads are querysets with their filters; every write calls the one service
function the pages call too (indicators.entry.services), with origin "api", so the same permissions,
workflow, validation and history apply. The docstrings below are the API documentation
(drf-spectacular), hence in Chinese.
"""

from __future__ import annotations

import functools
import hashlib
import operator

from django.http import HttpResponseNotModified, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import http_date, parse_http_date_safe
from django.views.decorators.csrf import csrf_exempt
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.generics import ListAPIView
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from indicators.api import filters, serializers
from indicators.api.exceptions import error_body
from indicators.api.pagination import UncountedPagination
from indicators.api.renderers import CSVRenderer, PlainJSONRenderer, XLSXRenderer
from indicators.api.status_query import StatusRows
from indicators.entry import selectors as entry_selectors
from indicators.entry import services
from indicators.models import (
    Actual,
    Indicator,
    Lever,
    Plan,
    ProgressSnapshot,
    Region,
    Target,
    Task,
    TaskReport,
    Unit,
)
from indicators.roles import user_roles
from proposals.models import Commitment, Proposal, Reply, ReportedFigure

TABULAR_ACTIONS = {"list", "retrieve", "review_queue"}
ID_REGEX = r"[0-9]{1,15}"
# A code in a path: no slash, no control character (PostgreSQL refuses NUL in text).
CODE_REGEX = r"[^/\x00-\x1f]{1,40}"

HEADER_PARAMETER = OpenApiParameter(
    "header",
    OpenApiTypes.STR,
    enum=["label", "key"],
    description="仅用于 csv / xlsx：表头用中文名称（label，默认）或字段名（key）。",
)


class ApiViewMixin:
    """What every API view shares: JSON, plus CSV and Excel for the tables; errors always JSON."""

    tabular_renderers = [JSONRenderer, CSVRenderer, XLSXRenderer]

    def get_renderers(self):
        action_name = getattr(self, "action", None)
        method = getattr(getattr(self, "request", None), "method", "GET")
        tabular = action_name in TABULAR_ACTIONS if action_name else method in ("GET", "HEAD")
        return [r() for r in self.tabular_renderers] if tabular else [JSONRenderer()]

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        # An error is JSON even when the client asked for CSV or Excel: one shape for every 4xx.
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = "application/json"
        return response


def read_only_viewset_schema(noun: str, lookup: str):
    return extend_schema_view(
        list=extend_schema(summary=f"{noun}列表", parameters=[HEADER_PARAMETER]),
        retrieve=extend_schema(summary=f"单个{noun}（按{lookup}）", parameters=[HEADER_PARAMETER]),
    )


@read_only_viewset_schema("规划方案", "代码")
class PlanViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """规划方案：温政发〔2023〕17号、温政办〔2023〕86号等，按代码（code）查询。"""

    queryset = Plan.objects.order_by("issued_on", "pk")
    serializer_class = serializers.PlanSerializer
    filterset_class = filters.PlanFilter
    lookup_field = "code"
    lookup_value_regex = CODE_REGEX


@read_only_viewset_schema("区域", "行政区划代码")
class RegionViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """区域：温州市及各县（市、区）、功能区，按代码（行政区划代码，功能区为字母代码）查询。"""

    queryset = Region.objects.prefetch_related("groups").order_by("order", "pk")
    serializer_class = serializers.RegionSerializer
    filterset_class = filters.RegionFilter
    lookup_field = "code"
    lookup_value_regex = CODE_REGEX


@read_only_viewset_schema("责任单位", "ID")
class UnitViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """责任单位：市级部门、县（市、区）政府、管委会、高校、实验室等。"""

    queryset = Unit.objects.select_related("region").order_by("order", "name", "pk")
    serializer_class = serializers.UnitSerializer
    filterset_class = filters.UnitFilter
    lookup_value_regex = ID_REGEX


@read_only_viewset_schema("抓手", "ID")
class LeverViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """“八大抓手”：每个抓手及其对应的行动。"""

    queryset = Lever.objects.select_related("plan").order_by("plan__issued_on", "number", "pk")
    serializer_class = serializers.LeverSerializer
    filterset_class = filters.LeverFilter
    lookup_value_regex = ID_REGEX


@read_only_viewset_schema("任务", "ID")
class TaskViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """重点任务与改革试点任务，含责任单位（列第一位的为牵头单位）和相关指标。"""

    queryset = (
        Task.objects.select_related("plan")
        .prefetch_related("task_units__unit", "indicators")
        .order_by("plan__issued_on", "kind", "number", "pk")
    )
    serializer_class = serializers.TaskSerializer
    filterset_class = filters.TaskFilter
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
    serializer_class = serializers.IndicatorSerializer
    filterset_class = filters.IndicatorFilter
    lookup_field = "code"
    lookup_value_regex = CODE_REGEX


@read_only_viewset_schema("目标值", "ID")
class TargetViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """目标值：指标 × 区域 × 年度，附比较方式（≥ ≈ ≤）和出处方案。两个方案对同一年度都定了目标时，两条都列出。"""

    queryset = Target.objects.select_related("indicator", "region", "plan").order_by(
        "indicator_id", "region__order", "year", "plan__issued_on", "pk"
    )
    serializer_class = serializers.TargetSerializer
    filterset_class = filters.TargetFilter
    lookup_value_regex = ID_REGEX


def validated(serializer_class, request, **kwargs) -> dict:
    serializer = serializer_class(data=request.data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


@extend_schema_view(
    list=extend_schema(summary="实际值列表", parameters=[HEADER_PARAMETER]),
    retrieve=extend_schema(summary="单个实际值", parameters=[HEADER_PARAMETER]),
)
class ActualViewSet(
    ApiViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """实际值：指标 × 区域 × 年度，附填报流程状态（草稿 → 已提交 → 已审核，或已退回）。

    写入与页面填报走同一套规则：部门填报员填报本单位牵头指标的全市数值，县区填报员填报本区域数值，
    审核员审核或退回；已审核的数值锁定，已关闭的年度不能修改。"""

    queryset = Actual.objects.select_related(
        "indicator", "region", "entered_by", "reviewed_by"
    ).order_by("indicator_id", "region__order", "year", "pk")
    serializer_class = serializers.ActualSerializer
    filterset_class = filters.ActualFilter
    lookup_value_regex = ID_REGEX
    http_method_names = ["get", "post", "patch", "head", "options"]

    def respond(self, actual: Actual, status_code=status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=actual.pk)
        return Response(serializers.ActualSerializer(fresh).data, status=status_code)

    @extend_schema(
        summary="新建或修改草稿",
        description="按 指标代码 × 区域代码 × 年份 保存为草稿：没有则新建（201），已有则修改（200）。"
        "已提交、已退回的数值修改后回到草稿，需重新提交。",
        request=serializers.ActualSaveSerializer,
        responses={
            201: serializers.ActualSerializer,
            200: serializers.ActualSerializer,
        },
    )
    def create(self, request, *args, **kwargs):
        data = validated(serializers.ActualSaveSerializer, request)
        existed = Actual.objects.filter(
            indicator=data["indicator"], region=data["region"], year=data["year"]
        ).exists()
        actual = services.actual_save(
            user=request.user,
            indicator=data["indicator"],
            region=data["region"],
            year=data["year"],
            value=data["value"],
            source_note=data["source_note"],
            explanation=data["explanation"],
            expected_version=data.get("expected_version"),
            origin=Actual.Origin.API,
        )
        return self.respond(actual, status.HTTP_200_OK if existed else status.HTTP_201_CREATED)

    @extend_schema(
        summary="修改草稿",
        description="修改数值或说明（未给出的字段保持不变）。",
        request=serializers.ActualUpdateSerializer,
        responses={200: serializers.ActualSerializer},
    )
    def partial_update(self, request, *args, **kwargs):
        actual = self.get_object()
        data = validated(serializers.ActualUpdateSerializer, request)
        actual = services.actual_save(
            user=request.user,
            indicator=actual.indicator,
            region=actual.region,
            year=actual.year,
            value=data.get("value", actual.value),
            source_note=data.get("source_note", actual.source_note),
            explanation=data.get("explanation", actual.explanation),
            expected_version=data.get("expected_version"),
            origin=Actual.Origin.API,
        )
        return self.respond(actual)

    @extend_schema(
        summary="提交审核",
        request=serializers.SubmitSerializer,
        responses={200: serializers.ActualSerializer},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, *args, **kwargs):
        actual = self.get_object()
        data = validated(serializers.SubmitSerializer, request)
        actual = services.actual_submit(
            user=request.user,
            actual=actual,
            expected_version=data.get("expected_version"),
            origin=Actual.Origin.API,
        )
        return self.respond(actual)

    @extend_schema(
        summary="审核通过（审核员）",
        request=serializers.SubmitSerializer,
        responses={200: serializers.ActualSerializer},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, *args, **kwargs):
        actual = self.get_object()
        data = validated(serializers.SubmitSerializer, request)
        actual = services.actual_approve(
            user=request.user, actual=actual, expected_version=data.get("expected_version")
        )
        return self.respond(actual)

    @extend_schema(
        summary="退回（审核员，须填写意见）",
        request=serializers.ReturnSerializer,
        responses={200: serializers.ActualSerializer},
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, *args, **kwargs):
        actual = self.get_object()
        data = validated(serializers.ReturnSerializer, request)
        actual = services.actual_return(
            user=request.user,
            actual=actual,
            comment=data["comment"],
            expected_version=data.get("expected_version"),
        )
        return self.respond(actual)

    @extend_schema(
        summary="待审核队列（已提交，最早提交的在前）",
        parameters=[HEADER_PARAMETER],
        responses=serializers.ActualSerializer(many=True),
    )
    @action(detail=False, url_path="review-queue", url_name="review-queue")
    def review_queue(self, request, *args, **kwargs):
        queryset = self.filter_queryset(
            entry_selectors.review_queue().select_related("reviewed_by")
        )
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema_view(
    list=extend_schema(summary="任务进展报告列表", parameters=[HEADER_PARAMETER]),
    retrieve=extend_schema(summary="单份任务进展报告", parameters=[HEADER_PARAMETER]),
)
class TaskReportViewSet(
    ApiViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """任务进展报告：任务 × 报告单位 × 年度（全年或上、下半年），与实际值同一套填报和审核流程。
    牵头单位的报告即任务的报告，配合单位报告其承担的部分。"""

    queryset = TaskReport.objects.select_related(
        "task", "unit", "entered_by", "reviewed_by"
    ).order_by("task_id", "year", "period", "unit_id", "pk")
    serializer_class = serializers.TaskReportSerializer
    filterset_class = filters.TaskReportFilter
    lookup_value_regex = ID_REGEX
    http_method_names = ["get", "post", "patch", "head", "options"]

    def respond(self, report: TaskReport, status_code=status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=report.pk)
        return Response(serializers.TaskReportSerializer(fresh).data, status=status_code)

    @extend_schema(
        summary="新建或修改进展报告草稿",
        description="按 任务 × 报告单位 × 年份 × 期间 保存为草稿：没有则新建（201），已有则修改（200）。",
        request=serializers.TaskReportSaveSerializer,
        responses={
            201: serializers.TaskReportSerializer,
            200: serializers.TaskReportSerializer,
        },
    )
    def create(self, request, *args, **kwargs):
        data = validated(serializers.TaskReportSaveSerializer, request)
        existed = TaskReport.objects.filter(
            task=data["task"], unit=data["unit"], year=data["year"], period=data["period"]
        ).exists()
        report = services.task_report_save(
            user=request.user,
            task=data["task"],
            unit=data["unit"],
            year=data["year"],
            period=data["period"],
            status=data["status"],
            percent=data["percent"],
            text=data["text"],
            expected_version=data.get("expected_version"),
        )
        return self.respond(report, status.HTTP_200_OK if existed else status.HTTP_201_CREATED)

    @extend_schema(
        summary="修改进展报告草稿",
        request=serializers.TaskReportUpdateSerializer,
        responses={200: serializers.TaskReportSerializer},
    )
    def partial_update(self, request, *args, **kwargs):
        report = self.get_object()
        data = validated(serializers.TaskReportUpdateSerializer, request)
        report = services.task_report_save(
            user=request.user,
            task=report.task,
            unit=report.unit,
            year=report.year,
            period=report.period,
            status=data.get("status", report.status),
            percent=data.get("percent", report.percent),
            text=data.get("text", report.text),
            expected_version=data.get("expected_version"),
        )
        return self.respond(report)

    @extend_schema(
        summary="提交审核",
        request=serializers.SubmitSerializer,
        responses={200: serializers.TaskReportSerializer},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, *args, **kwargs):
        report = self.get_object()
        data = validated(serializers.SubmitSerializer, request)
        report = services.task_report_submit(
            user=request.user, report=report, expected_version=data.get("expected_version")
        )
        return self.respond(report)

    @extend_schema(
        summary="审核通过（审核员）",
        request=serializers.SubmitSerializer,
        responses={200: serializers.TaskReportSerializer},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, *args, **kwargs):
        report = self.get_object()
        data = validated(serializers.SubmitSerializer, request)
        report = services.task_report_approve(
            user=request.user, report=report, expected_version=data.get("expected_version")
        )
        return self.respond(report)

    @extend_schema(
        summary="退回（审核员，须填写意见）",
        request=serializers.ReturnSerializer,
        responses={200: serializers.TaskReportSerializer},
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, *args, **kwargs):
        report = self.get_object()
        data = validated(serializers.ReturnSerializer, request)
        report = services.task_report_return(
            user=request.user,
            report=report,
            comment=data["comment"],
            expected_version=data.get("expected_version"),
        )
        return self.respond(report)

    @extend_schema(
        summary="待审核的进展报告（最早提交的在前）",
        parameters=[HEADER_PARAMETER],
        responses=serializers.TaskReportSerializer(many=True),
    )
    @action(detail=False, url_path="review-queue", url_name="review-queue")
    def review_queue(self, request, *args, **kwargs):
        queryset = self.filter_queryset(
            entry_selectors.report_review_queue().select_related("reviewed_by")
        )
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@read_only_viewset_schema("进度快照", "ID")
class ProgressSnapshotViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """进度快照：进度计算引擎为每个 指标 × 区域 × 年度 算出的全部结果（目标、完成率、差距、
    年度状态、趋势研判、所需进度、区域合计核对）。只读；由后台任务在数据变化后重算。"""

    queryset = ProgressSnapshot.objects.select_related(
        "indicator", "region", "target_plan", "other_target_plan"
    ).order_by("indicator_id", "region_id", "year")
    serializer_class = serializers.ProgressSnapshotSerializer
    filterset_class = filters.SnapshotFilter
    lookup_value_regex = ID_REGEX


# --- Proposal replies --------------------------------------------------------------------------
@read_only_viewset_schema("提案", "ID")
class ProposalViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """政协提案：会议届次、提案号、提案人、标题。"""

    queryset = Proposal.objects.order_by("session", "number", "pk")
    serializer_class = serializers.ProposalSerializer
    filterset_class = filters.ProposalFilter
    lookup_value_regex = ID_REGEX


@read_only_viewset_schema("提案答复", "ID")
class ReplyViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """科技局的提案答复：文号、签发日期、联系人、抄送、全文，及其承诺事项数和报告数据数。
    `q` 为全文检索（中文分词）。"""

    queryset = (
        Reply.objects.select_related("proposal", "handling_unit")
        .prefetch_related("commitments", "reported_figures")
        .order_by("-signed_on", "doc_number", "pk")
    )
    serializer_class = serializers.ReplySerializer
    filterset_class = filters.ReplyFilter
    lookup_value_regex = ID_REGEX


@read_only_viewset_schema("承诺事项", "ID")
class CommitmentViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """答复中的承诺事项：内容、数量与比较方式、完成期限、责任单位、关联指标或任务、兑现状态。"""

    queryset = Commitment.objects.select_related(
        "reply", "responsible_unit", "indicator", "region"
    ).order_by("reply__signed_on", "reply_id", "number", "pk")
    serializer_class = serializers.CommitmentSerializer
    filterset_class = filters.CommitmentFilter
    lookup_value_regex = ID_REGEX


@read_only_viewset_schema("报告数据", "ID")
class ReportedFigureViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """答复中报告为已实现的数据：数值、单位、年份、原文语句、关联指标和区域。"""

    queryset = ReportedFigure.objects.select_related("reply", "indicator", "region").order_by(
        "reply__signed_on", "reply_id", "number", "pk"
    )
    serializer_class = serializers.ReportedFigureSerializer
    filterset_class = filters.ReportedFigureFilter
    lookup_value_regex = ID_REGEX


# ---------------------------------------------------------------------------------------------
# The status endpoints: polled by other systems, so built for speed — one query for the page
# (no COUNT), rows turned into dicts without a serializer, and conditional requests (ETag /
# Last-Modified → 304) so that an unchanged page costs neither serialization nor transfer.
# ---------------------------------------------------------------------------------------------
STATUS_COLUMNS = (
    # (key in the response, path in the ORM)
    ("indicator", "indicator__code"),
    ("indicator_name", "indicator__name"),
    ("unit_of_measure", "indicator__unit_of_measure"),
    ("region", "region__code"),
    ("region_name", "region__name"),
    ("year", "year"),
    ("target_value", "target_value"),
    ("target_comparator", "target_comparator"),
    ("target_interpolated", "target_interpolated"),
    ("target_source", "target_source"),
    ("target_plan", "target_plan__code"),
    ("actual_value", "actual_value"),
    ("actual_provisional", "actual_provisional"),
    ("attainment", "attainment"),
    ("gap", "gap"),
    ("progress_to_goal", "progress_to_goal"),
    ("year_status", "year_status"),
    ("outlook_status", "outlook_status"),
    ("outlook_ratio", "outlook_ratio"),
    ("projected_final_value", "projected_final_value"),
    ("final_year", "final_year"),
    ("final_goal", "final_goal"),
    ("required_annual_change", "required_annual_change"),
    ("required_growth_rate", "required_growth_rate"),
    ("share_of_city", "share_of_city"),
    ("rollup_deviation", "rollup_deviation"),
    ("stale", "stale"),
    ("computed_at", "computed_at"),
)
STATUS_KEYS = tuple(key for key, _ in STATUS_COLUMNS)
STATUS_PATHS = tuple(path for _, path in STATUS_COLUMNS)
YEAR_STATUS_AT = STATUS_KEYS.index("year_status")
OUTLOOK_AT = STATUS_KEYS.index("outlook_status")
COMPUTED_AT = STATUS_KEYS.index("computed_at")


@functools.cache
def status_labels(language: str) -> tuple[dict, dict]:
    """The statuses' labels in a language (made once per language, not per request)."""
    with translation.override(language):
        return (
            {value: str(label) for value, label in ProgressSnapshot.YearStatus.choices},
            {value: str(label) for value, label in ProgressSnapshot.Outlook.choices},
        )


def status_dicts(rows: list[tuple]) -> list[dict]:
    """Query rows → the documented dicts (serializers.StatusRowSerializer), with Chinese labels."""
    year_labels, outlook_labels = status_labels(translation.get_language() or "zh-hans")
    tz = timezone.get_current_timezone()
    out = []
    for row in rows:
        item = dict(zip(STATUS_KEYS, row, strict=True))
        item["year_status_label"] = year_labels.get(row[YEAR_STATUS_AT], row[YEAR_STATUS_AT])
        item["outlook_status_label"] = outlook_labels.get(row[OUTLOOK_AT], row[OUTLOOK_AT])
        computed_at = row[COMPUTED_AT]
        item["computed_at"] = computed_at.astimezone(tz).isoformat() if computed_at else None
        out.append(item)
    return out


ETAG_FIELDS = operator.itemgetter(
    *(
        STATUS_KEYS.index(key)
        for key in ("indicator", "indicator_name", "region", "region_name", "year", "stale")
    )
)


def etag_key(row: tuple) -> tuple:
    """What of a row the ETag covers: its key, names, stale flag and computed_at (as a number:
    a datetime's repr costs more than the rest of the row together)."""
    computed_at = row[COMPUTED_AT]
    return (*ETAG_FIELDS(row), computed_at.timestamp() if computed_at else None)


def page_validators(request, rows: list[tuple], has_next: bool) -> tuple[str, object]:
    """ETag and Last-Modified of a page of status rows.

    The page's newest computed_at is its Last-Modified. The ETag digests the request (path,
    filters, format), the rows' count, whether more follow, and of each row its key, names,
    stale flag and computed_at: the engine stamps every row it writes with a new computed_at and
    marking a row stale sets its flag, so the ETag changes whenever a row's figures change, a row
    appears or goes, or the page shifts — without hashing every figure of every row.
    """
    digest = hashlib.sha256()
    digest.update(request.get_full_path().encode())
    digest.update(
        f"|{getattr(request.accepted_renderer, 'format', '')}|{len(rows)}|{has_next}|".encode()
    )
    digest.update(repr([etag_key(row) for row in rows]).encode())
    stamps = [row[COMPUTED_AT] for row in rows if row[COMPUTED_AT] is not None]
    return f'W/"{digest.hexdigest()[:32]}"', (max(stamps) if stamps else None)


def etag_matches(header: str, etag: str) -> bool:
    opaque = etag.removeprefix("W/")
    for candidate in header.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == opaque:
            return True
    return False


def not_modified(request, etag: str, last_modified) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:  # RFC 9110: If-None-Match wins over If-Modified-Since
        return etag_matches(if_none_match, etag)
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return (
        since is not None and last_modified is not None and int(last_modified.timestamp()) <= since
    )


CONDITIONAL_PARAMETERS = [
    OpenApiParameter(
        "If-None-Match",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        description="上次响应的 ETag；数据未变时返回 304，无响应体。",
    ),
    OpenApiParameter(
        "If-Modified-Since",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        description="上次响应的 Last-Modified（HTTP 日期）；此后未重算时返回 304。",
    ),
    HEADER_PARAMETER,
]


@extend_schema(
    summary="进展状态（各指标 × 区域 × 年度）",
    parameters=CONDITIONAL_PARAMETERS,
    responses={
        200: serializers.StatusRowSerializer(many=True),
        304: OpenApiResponse(description="未变化（If-None-Match / If-Modified-Since 命中）"),
    },
)
class StatusView(ApiViewMixin, ListAPIView):
    """进展状态：供其他系统轮询。例：`/api/v1/status/?year=2023&category=key` 为九项重点指标
    2023 年在各区域的状态。

    分页不计总数（无 count）：有下一页时给出 next。响应带 ETag 和 Last-Modified；
    请求时带上 If-None-Match（或 If-Modified-Since），数据未重算则返回 304。"""

    # In the order of the unique index (indicator, region, year): a page is an index walk.
    # Built once; DRF's get_queryset() hands each request a copy (.all()).
    queryset = ProgressSnapshot.objects.order_by("indicator_id", "region_id", "year").values_list(
        *STATUS_PATHS
    )
    serializer_class = serializers.StatusRowSerializer
    filterset_class = filters.SnapshotFilter
    pagination_class = UncountedPagination
    tabular_renderers = [PlainJSONRenderer, CSVRenderer, XLSXRenderer]
    export_name = "status"

    def status_rows(self, indicator_id: int | None = None) -> StatusRows:
        """The query string checked by the FilterSet, as for every list; the rows then come
        from the written-out SQL of status_query (the FilterSet's ORM path, same result)."""
        filterset = self.filterset_class(
            self.request.query_params, queryset=self.get_queryset(), request=self.request
        )
        if not filterset.is_valid():
            error = translate_validation(filterset.errors)
            error.wzsci_code = "invalid_filter"
            raise error
        return StatusRows(cleaned=filterset.form.cleaned_data, indicator_id=indicator_id)

    def list(self, request, *args, **kwargs):
        rows = self.paginate_queryset(self.status_rows())
        has_next = bool(getattr(self.paginator, "has_next", False)) and not self.paginator.export
        etag, last_modified = page_validators(request, rows, has_next)
        headers = {
            "ETag": etag,
            "Cache-Control": "private, no-cache",
            "Vary": "Accept, Authorization, Cookie",
        }
        if last_modified is not None:
            headers["Last-Modified"] = http_date(last_modified.timestamp())
        if not_modified(request, etag, last_modified):
            response = HttpResponseNotModified()
            for name, value in headers.items():
                response[name] = value
            return response
        response = self.get_paginated_response(status_dicts(rows))
        for name, value in headers.items():
            response[name] = value
        return response


@extend_schema(
    summary="单项指标的进展状态（各区域 × 年度）",
    parameters=CONDITIONAL_PARAMETERS,
    responses={
        200: serializers.StatusRowSerializer(many=True),
        304: OpenApiResponse(description="未变化（If-None-Match / If-Modified-Since 命中）"),
    },
)
class IndicatorStatusView(StatusView):
    """单项指标在各区域、各年度的进展状态，例：`/api/v1/indicators/K1/status/?year=2023`。
    与 `/api/v1/status/` 相同的字段、分页和条件请求。"""

    def status_rows(self, indicator_id=None) -> StatusRows:
        indicator = get_object_or_404(Indicator.objects.only("pk"), code=self.kwargs["code"])
        return super().status_rows(indicator_id=indicator.pk)

    @property
    def export_name(self):
        return f"status-{self.kwargs.get('code', '')}"


class MeView(ApiViewMixin, APIView):
    """当前调用者：用户名、角色、所属单位和区域；以令牌调用时附令牌信息（是否只读）。"""

    @extend_schema(summary="当前调用者", responses=serializers.MeSerializer)
    def get(self, request, *args, **kwargs):
        from indicators.models import ApiToken, Profile

        profile = Profile.objects.select_related("unit", "region").filter(user=request.user).first()
        token = request.auth if isinstance(request.auth, ApiToken) else None
        data = {
            "username": request.user.get_username(),
            "roles": sorted(user_roles(request.user)),
            "unit": profile.unit.name if profile and profile.unit else None,
            "region": profile.region.code if profile and profile.region else None,
            "token": {"client_name": token.client_name, "read_only": token.read_only}
            if token
            else None,
        }
        return Response(serializers.MeSerializer(data).data)


class ApiRootView(ApiViewMixin, APIView):
    """The entry point: where each collection is."""

    permission_classes = [AllowAny]
    schema = None

    def get(self, request, *args, **kwargs):
        names = [
            "status",
            "indicator-list",
            "target-list",
            "actual-list",
            "snapshot-list",
            "region-list",
            "unit-list",
            "plan-list",
            "lever-list",
            "task-list",
            "taskreport-list",
            "proposal-list",
            "reply-list",
            "commitment-list",
            "reportedfigure-list",
            "me",
            "schema",
        ]
        links = {
            name.removesuffix("-list"): request.build_absolute_uri(reverse(f"api:{name}"))
            for name in names
        }
        links["docs"] = request.build_absolute_uri(reverse("api_docs"))
        return Response(links)


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 schema; public, like the documentation page (it holds no data)."""

    permission_classes = [AllowAny]


class DocsView(SpectacularSwaggerView):
    """The documentation page (Swagger UI, assets served locally by drf-spectacular-sidecar)."""

    permission_classes = [AllowAny]
    url_name = "api:schema"
    title = "wzsci 接口文档"


@csrf_exempt
def api_not_found(request, *args, **kwargs):
    """Any other address under /api/: the API's 404, in the API's shape."""
    return JsonResponse(
        error_body("not_found"), status=404, json_dumps_params={"ensure_ascii": False}
    )
