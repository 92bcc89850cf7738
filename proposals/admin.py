from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from proposals.models import Commitment, Proposal, Reply, ReportedFigure


class ReplyInline(admin.TabularInline):
    model = Reply
    fields = ["doc_number", "handling_unit", "signed_on"]
    extra = 0
    show_change_link = True


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["session", "number", "proposer", "title"]
    list_filter = ["session"]
    search_fields = ["title", "proposer"]
    inlines = [ReplyInline]


class CommitmentInline(admin.TabularInline):
    model = Commitment
    fields = ["number", "text", "quantity", "unit_of_measure", "comparator", "deadline", "status"]
    extra = 0
    show_change_link = True


class ReportedFigureInline(admin.TabularInline):
    model = ReportedFigure
    fields = ["number", "value", "unit_of_measure", "year", "indicator", "region"]
    raw_id_fields = ["indicator"]
    extra = 0
    show_change_link = True


@admin.register(Reply)
class ReplyAdmin(admin.ModelAdmin):
    list_display = ["doc_number", "proposal", "handling_unit", "signed_on"]
    list_filter = ["handling_unit"]
    search_fields = ["doc_number", "proposal__title", "proposal__proposer"]
    date_hierarchy = "signed_on"
    readonly_fields = ["search_tokens", "created_by", "created_at"]
    inlines = [CommitmentInline, ReportedFigureInline]


@admin.register(Commitment)
class CommitmentAdmin(SimpleHistoryAdmin):
    list_display = [
        "reply",
        "number",
        "short_text",
        "quantity",
        "unit_of_measure",
        "deadline",
        "responsible_unit",
        "status",
    ]
    list_filter = ["status", "responsible_unit", "reply"]
    search_fields = ["text"]
    raw_id_fields = ["indicator", "task"]
    readonly_fields = ["status_changed_at"]

    @admin.display(description="承诺内容")
    def short_text(self, obj):
        return obj.text[:40]


@admin.register(ReportedFigure)
class ReportedFigureAdmin(admin.ModelAdmin):
    list_display = ["reply", "number", "value", "unit_of_measure", "year", "indicator", "region"]
    list_filter = ["year", "reply"]
    search_fields = ["sentence"]
    raw_id_fields = ["indicator", "task"]
