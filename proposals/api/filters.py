"""Filters and orderings of the proposals API's lists, on the shared API filter classes."""

from __future__ import annotations

import django_filters as df

from indicators.api.filters import (
    ApiFilterSet,
    CodeInFilter,
    IdFilter,
    StableOrderingFilter,
    YearFilter,
    YearFilterSet,
)
from proposals.models import Commitment, Proposal, Reply, ReportedFigure


class ProposalFilter(ApiFilterSet):
    session = df.CharFilter(label="会议届次")
    ordering = StableOrderingFilter(
        fields=(("session", "session"), ("number", "number")), label="排序"
    )

    class Meta:
        model = Proposal
        fields = ["session"]


class ReplyFilter(ApiFilterSet):
    q = df.CharFilter(method="filter_text", label="全文检索（中文分词）", max_length=200)
    handling_unit = IdFilter(field_name="handling_unit_id", label="承办单位 ID")
    proposal = IdFilter(field_name="proposal_id", label="提案 ID")
    year = YearFilter(field_name="signed_on__year", label="签发年份")
    ordering = StableOrderingFilter(
        fields=(("signed_on", "signed_on"), ("doc_number", "doc_number")), label="排序"
    )

    class Meta:
        model = Reply
        fields = ["handling_unit", "proposal"]

    def filter_text(self, queryset, name, value):
        from proposals.search import filter_by_text

        return filter_by_text(queryset, value)


class CommitmentFilter(ApiFilterSet):
    reply = IdFilter(field_name="reply_id", label="答复 ID")
    responsible_unit = IdFilter(field_name="responsible_unit_id", label="责任单位 ID")
    status = df.ChoiceFilter(choices=Commitment.Status.choices, label="状态")
    indicator = CodeInFilter(field_name="indicator__code", label="关联指标代码")
    deadline_year = YearFilter(field_name="deadline__year", label="完成期限年份")
    ordering = StableOrderingFilter(
        fields=(("deadline", "deadline"), ("number", "number")), label="排序"
    )

    class Meta:
        model = Commitment
        fields = ["reply", "responsible_unit", "status", "indicator"]


class ReportedFigureFilter(YearFilterSet):
    reply = IdFilter(field_name="reply_id", label="答复 ID")
    indicator = CodeInFilter(field_name="indicator__code", label="关联指标代码")
    region = CodeInFilter(field_name="region__code", label="区域代码")
    ordering = StableOrderingFilter(fields=(("year", "year"), ("number", "number")), label="排序")

    class Meta:
        model = ReportedFigure
        fields = ["reply", "indicator", "region"]
