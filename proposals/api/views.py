"""The proposals' API, read-only: proposals, the bureau's replies, their commitments and the
figures they report. Built on the shared API infrastructure of indicators.api."""

from __future__ import annotations

from django.db.models import Prefetch
from rest_framework import viewsets

from indicators.api.views.base import ID_REGEX, ApiViewMixin, read_only_viewset_schema
from proposals.api.filters import (
    CommitmentFilter,
    ProposalFilter,
    ReplyFilter,
    ReportedFigureFilter,
)
from proposals.api.serializers import (
    CommitmentSerializer,
    ProposalSerializer,
    ReplySerializer,
    ReportedFigureSerializer,
)
from proposals.models import Commitment, CommitmentFile, Proposal, Reply, ReportedFigure


@read_only_viewset_schema("提案", "ID")
class ProposalViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """政协提案：会议届次、提案号、提案人、标题。"""

    queryset = Proposal.objects.order_by("session", "number", "pk")
    serializer_class = ProposalSerializer
    filterset_class = ProposalFilter
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
    serializer_class = ReplySerializer
    filterset_class = ReplyFilter
    lookup_value_regex = ID_REGEX


@read_only_viewset_schema("承诺事项", "ID")
class CommitmentViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """答复中的承诺事项：内容、数量与比较方式、完成期限、责任单位、关联指标或任务、落实状态，
    以及落实依据（落实日期、报告人与确认人、佐证材料的元数据、年度推进情况、后续答复）。"""

    queryset = (
        Commitment.objects.select_related(
            "reply", "responsible_unit", "indicator", "region", "reported_by", "confirmed_by"
        )
        .prefetch_related(
            Prefetch("files", queryset=CommitmentFile.objects.defer("content")),
            "narratives",
            "followed_up_by",
        )
        .order_by("reply__signed_on", "reply_id", "number", "pk")
    )
    serializer_class = CommitmentSerializer
    filterset_class = CommitmentFilter
    lookup_value_regex = ID_REGEX


@read_only_viewset_schema("报告数据", "ID")
class ReportedFigureViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """答复中报告为已实现的数据：数值、单位、年份、原文语句、关联指标和区域。"""

    queryset = ReportedFigure.objects.select_related("reply", "indicator", "region").order_by(
        "reply__signed_on", "reply_id", "number", "pk"
    )
    serializer_class = ReportedFigureSerializer
    filterset_class = ReportedFigureFilter
    lookup_value_regex = ID_REGEX
