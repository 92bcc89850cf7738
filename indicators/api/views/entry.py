"""The API's data entry: actuals and task reports, read and written with their review workflow.

Views stay thin: every write calls the one service function the pages call too
(indicators.entry.services), with origin "api", so the same permissions, workflow, validation
and history apply; submit, approve and return come from ReviewWorkflowViewMixin (workflow.py).
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action

from indicators.api.filters import ActualFilter, TaskReportFilter
from indicators.api.serializers.entry import (
    ActualSaveSerializer,
    ActualSerializer,
    ActualUpdateSerializer,
    TaskReportSaveSerializer,
    TaskReportSerializer,
    TaskReportUpdateSerializer,
)
from indicators.api.views.base import HEADER_PARAMETER, ID_REGEX, ApiViewMixin, validated
from indicators.api.views.workflow import ReviewWorkflowViewMixin
from indicators.entry import selectors as entry_selectors
from indicators.entry import services
from indicators.models import Actual, TaskReport


@extend_schema_view(
    list=extend_schema(summary="实际值列表", parameters=[HEADER_PARAMETER]),
    retrieve=extend_schema(summary="单个实际值", parameters=[HEADER_PARAMETER]),
)
class ActualViewSet(
    ApiViewMixin,
    ReviewWorkflowViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """实际值：指标 × 区域 × 年度 × 期间 × 数据版本，附填报流程状态（草稿 → 已提交 → 已审核，
    或已退回）。期间 period 为截至月份：按月、按季填报的指标报年初至该月的累计数（9 为 1–9月），
    12 为全年；全年数按数据版本（快报、年报、修订）各为一条记录。可按 period、vintage 筛选。

    写入与页面填报走同一套规则：部门填报员填报本单位牵头指标的全市数值，县区填报员填报本区域数值，
    审核员审核或退回；已审核的数值锁定，已关闭的年度不能修改。"""

    queryset = Actual.objects.select_related(
        "indicator", "region", "entered_by", "reviewed_by"
    ).order_by("indicator_id", "region__order", "year", "period", "pk")
    serializer_class = ActualSerializer
    filterset_class = ActualFilter
    lookup_value_regex = ID_REGEX
    http_method_names = ["get", "post", "patch", "head", "options"]
    workflow_origin = Actual.Origin.API

    @extend_schema(
        summary="新建或修改草稿",
        description="按 指标代码 × 区域代码 × 年份 × 期间 × 数据版本 保存为草稿：expected_version "
        "为 0 或不填时新建（201），若此时已有数值则拒绝（409 edit_conflict，附现有数值）；填读取时的 "
        "version 则修改已有数值（200）。已提交、已退回的数值修改后回到草稿，需重新提交。"
        "期间 period 为截至月份（年初至该月累计，须为指标填报频度的期间；不填为 12，即全年）；"
        "数据版本 vintage 为 flash 快报、final 年报（正式，默认）或 revised 修订，只用于全年数："
        "新的版本是与旧版本并存的新记录，同样经过审核。",
        request=ActualSaveSerializer,
        responses={
            201: ActualSerializer,
            200: ActualSerializer,
        },
    )
    def create(self, request, *args, **kwargs):
        data = validated(ActualSaveSerializer, request)
        # No version, or 0: the client saw no value, so a value stored meanwhile is a conflict.
        seen = data.get("expected_version") or 0
        actual = services.actual_save(
            user=request.user,
            indicator=data["indicator"],
            region=data["region"],
            year=data["year"],
            period=data["period"],
            vintage=data["vintage"],
            value=data["value"],
            source_note=data["source_note"],
            explanation=data["explanation"],
            expected_version=seen,
            origin=Actual.Origin.API,
        )
        return self.respond(actual, status.HTTP_201_CREATED if seen == 0 else status.HTTP_200_OK)

    @extend_schema(
        summary="修改草稿",
        description="修改数值或说明（未给出的字段保持不变）。",
        request=ActualUpdateSerializer,
        responses={200: ActualSerializer},
    )
    def partial_update(self, request, *args, **kwargs):
        actual = self.get_object()
        data = validated(ActualUpdateSerializer, request)
        actual = services.actual_save(
            user=request.user,
            indicator=actual.indicator,
            region=actual.region,
            year=actual.year,
            period=actual.period,
            vintage=actual.vintage,
            value=data.get("value", actual.value),
            source_note=data.get("source_note", actual.source_note),
            explanation=data.get("explanation", actual.explanation),
            expected_version=data.get("expected_version"),
            origin=Actual.Origin.API,
        )
        return self.respond(actual)

    @extend_schema(
        summary="待审核队列（已提交，最早提交的在前）",
        parameters=[HEADER_PARAMETER],
        responses=ActualSerializer(many=True),
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
    ReviewWorkflowViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """任务进展报告：任务 × 报告单位 × 年度（全年或上、下半年），与实际值同一套填报和审核流程。
    牵头单位的报告即任务的报告，配合单位报告其承担的部分。"""

    queryset = TaskReport.objects.select_related(
        "task", "unit", "entered_by", "reviewed_by"
    ).order_by("task_id", "year", "period", "unit_id", "pk")
    serializer_class = TaskReportSerializer
    filterset_class = TaskReportFilter
    lookup_value_regex = ID_REGEX
    http_method_names = ["get", "post", "patch", "head", "options"]

    @extend_schema(
        summary="新建或修改进展报告草稿",
        description="按 任务 × 报告单位 × 年份 × 期间 保存为草稿：expected_version 为 0 或不填时新建"
        "（201），若已有报告则拒绝（409 edit_conflict）；填读取时的 version 则修改（200）。",
        request=TaskReportSaveSerializer,
        responses={
            201: TaskReportSerializer,
            200: TaskReportSerializer,
        },
    )
    def create(self, request, *args, **kwargs):
        data = validated(TaskReportSaveSerializer, request)
        seen = data.get("expected_version") or 0  # as for actuals: none or 0 saw no report
        report = services.task_report_save(
            user=request.user,
            task=data["task"],
            unit=data["unit"],
            year=data["year"],
            period=data["period"],
            status=data["status"],
            percent=data["percent"],
            text=data["text"],
            expected_version=seen,
        )
        return self.respond(report, status.HTTP_201_CREATED if seen == 0 else status.HTTP_200_OK)

    @extend_schema(
        summary="修改进展报告草稿",
        request=TaskReportUpdateSerializer,
        responses={200: TaskReportSerializer},
    )
    def partial_update(self, request, *args, **kwargs):
        report = self.get_object()
        data = validated(TaskReportUpdateSerializer, request)
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
        summary="待审核的进展报告（最早提交的在前）",
        parameters=[HEADER_PARAMETER],
        responses=TaskReportSerializer(many=True),
    )
    @action(detail=False, url_path="review-queue", url_name="review-queue")
    def review_queue(self, request, *args, **kwargs):
        queryset = self.filter_queryset(
            entry_selectors.report_review_queue().select_related("reviewed_by")
        )
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
