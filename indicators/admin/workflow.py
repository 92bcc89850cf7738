"""The admin of the entry area's rows: actuals and task reports through one review-workflow
mixin, and closed years. Every save goes through indicators.entry.services; nothing is deleted
here (a value is corrected or returned, a year is reopened)."""

from django.contrib import admin
from django.db import transaction
from simple_history.admin import SimpleHistoryAdmin

from indicators import models
from indicators.admin.service_forms import ServiceAdminMixin, report_action
from indicators.entry import services
from indicators.entry.forms import ActualAdminForm, TaskReportAdminForm


class ReviewWorkflowAdminMixin(ServiceAdminMixin):
    """The admin of a Reviewable model, written once for Actual and TaskReport.

    The form (a ReviewableAdminForm) is checked by dry-running the same "save, then submit"
    service the entry page and the import use; save_model runs it for real. The actions submit
    or approve the selected rows through the workflow services; returning needs a comment, so it
    is done on the review page. No delete, no revert past the workflow.
    """

    origin: str | None = None  # an actual's path (Actual.Origin), kept on it and in its history
    count_word = "条"
    readonly_fields = [
        "state",
        "version",
        "entered_by",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
        "review_comment",
        "created_at",
        "updated_at",
    ]
    actions = ["submit_selected", "approve_selected"]
    save_service = "indicators.entry.services.save_and_submit"

    def save_changes(self, data: dict, instance) -> dict:
        """The keyword arguments of the model's save service, from the form's cleaned data and
        the instance (whose naming fields the form fixes once the row exists)."""
        raise NotImplementedError

    def run_save(self, *, request, form):
        data = form.cleaned_data
        return services.save_and_submit(
            user=request.user,
            model=self.model,
            current=form.instance if form.instance.pk else None,
            changes=self.save_changes(data, form.instance),
            submit=bool(data.get("submit_for_review")),
            expected_version=data.get("expected_version"),
            origin=self.origin,
        ).obj

    def has_delete_permission(self, request, obj=None):
        return False  # corrected or returned, never deleted; history keeps every change

    def revert_disabled(self, request, obj=None):
        return True  # a revert would write an old version past the workflow; re-enter instead

    @admin.action(description="提交所选%(verbose_name_plural)s审核")
    def submit_selected(self, request, queryset):
        def run():
            with transaction.atomic(), services.recompute_batch():
                return sum(
                    services.save_and_submit(
                        user=request.user, model=self.model, current=obj, submit=True
                    ).submitted
                    for obj in queryset.order_by("pk")
                )

        report_action(self, request, run, f"已提交 {{count}} {self.count_word}。")

    @admin.action(description="审核通过所选%(verbose_name_plural)s")
    def approve_selected(self, request, queryset):
        ids = list(queryset.values_list("pk", flat=True))
        report_action(
            self,
            request,
            lambda: len(
                services.review_many(user=request.user, model=self.model, ids=ids, action="approve")
            ),
            f"已审核通过 {{count}} {self.count_word}。退回请在“审核”页面填写意见后操作。",
        )


@admin.register(models.Actual)
class ActualAdmin(ReviewWorkflowAdminMixin, SimpleHistoryAdmin):
    form = ActualAdminForm
    origin = models.Actual.Origin.ENTRY
    list_display = [
        "indicator",
        "region",
        "year",
        "period",
        "vintage",
        "value",
        "state",
        "origin",
        "entered_by",
        "updated_at",
    ]
    list_filter = ["state", "origin", "year", "period", "vintage", "region"]
    search_fields = ["indicator__name", "indicator__code"]
    autocomplete_fields = ["indicator", "region"]
    readonly_fields = ["origin", *ReviewWorkflowAdminMixin.readonly_fields]

    def save_changes(self, data, instance):
        return {
            "indicator": data.get("indicator") or instance.indicator,
            "region": data.get("region") or instance.region,
            "year": data.get("year") or instance.year,
            "period": data.get("period") or instance.period,
            "vintage": data.get("vintage") or instance.vintage,
            "value": data.get("value"),
            "source_note": data.get("source_note", ""),
            "explanation": data.get("explanation", ""),
        }


@admin.register(models.TaskReport)
class TaskReportAdmin(ReviewWorkflowAdminMixin, SimpleHistoryAdmin):
    form = TaskReportAdminForm
    count_word = "份"
    list_display = ["task", "unit", "year", "period", "status", "percent", "state"]
    list_filter = ["state", "status", "year"]

    def save_changes(self, data, instance):
        return {
            "task": data.get("task") or instance.task,
            "unit": data.get("unit") or instance.unit,
            "year": data.get("year") or instance.year,
            "period": data.get("period") if data.get("period") is not None else instance.period,
            "status": data.get("status"),
            "percent": data.get("percent"),
            "text": data.get("text", ""),
        }


@admin.register(models.YearClosure)
class YearClosureAdmin(ServiceAdminMixin, SimpleHistoryAdmin):
    list_display = ["year", "closed_by", "closed_at"]
    fields = ["year"]
    save_service = "indicators.entry.services.year_close"
    delete_service = "indicators.entry.services.year_reopen"

    @staticmethod
    def run_save(*, request, form):
        return services.year_close(user=request.user, year=form.cleaned_data.get("year"))

    @staticmethod
    def run_delete(*, request, obj):
        services.year_reopen(user=request.user, year=obj.year)

    def has_change_permission(self, request, obj=None):
        return False  # a closure has nothing to change: close, or reopen (delete)

    def revert_disabled(self, request, obj=None):
        return True
