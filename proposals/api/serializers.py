"""The proposals API's representation of proposals, replies, commitments and reported figures."""

from __future__ import annotations

from django.urls import reverse
from rest_framework import serializers

from common.people import display_name
from indicators.api.serializers.fields import PlainDecimalField, code_of
from proposals.models import (
    Commitment,
    CommitmentFile,
    CommitmentNarrative,
    Proposal,
    Reply,
    ReportedFigure,
)


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


class CommitmentFileSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(label="下载地址")

    class Meta:
        model = CommitmentFile
        fields = ["id", "name", "content_type", "size", "uploaded_at", "url"]

    def get_url(self, obj) -> str:
        return reverse("proposals:commitment_file", args=[obj.pk])


class CommitmentNarrativeSerializer(serializers.ModelSerializer):
    class Meta:
        model = CommitmentNarrative
        fields = ["year", "text", "written_at"]


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
    reported_by = serializers.SerializerMethodField(label="报告人")
    confirmed_by = serializers.SerializerMethodField(label="确认人")
    evidence_files = CommitmentFileSerializer(
        source="files", many=True, read_only=True, label="佐证材料（元数据）"
    )
    narratives = CommitmentNarrativeSerializer(many=True, read_only=True, label="年度推进情况")
    followed_up_by = serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, label="跟进本承诺的后续答复"
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
            "kept_on",
            "reported_by",
            "reported_at",
            "confirmed_by",
            "confirmed_at",
            "evidence_files",
            "narratives",
            "followed_up_by",
        ]

    def get_reported_by(self, obj) -> str:
        return display_name(obj.reported_by, nobody="")

    def get_confirmed_by(self, obj) -> str:
        return display_name(obj.confirmed_by, nobody="")


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
