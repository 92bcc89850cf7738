from django.contrib import admin, messages
from django.db import transaction
from simple_history.admin import SimpleHistoryAdmin

from indicators import models
from indicators.entry.forms import ActualAdminForm, TaskReportAdminForm


class TaskUnitInline(admin.TabularInline):
    model = models.TaskUnit
    extra = 0
    autocomplete_fields = ["unit"]


class TargetInline(admin.TabularInline):
    model = models.Target
    extra = 0
    autocomplete_fields = ["region"]


@admin.register(models.Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["doc_number", "title", "issuer", "issued_on", "start_year", "end_year"]
    search_fields = ["doc_number", "title"]


@admin.register(models.Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "in_rollup", "order"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]


@admin.register(models.RegionGroup)
class RegionGroupAdmin(admin.ModelAdmin):
    list_display = ["name"]
    filter_horizontal = ["members"]


@admin.register(models.Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "region"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(models.Lever)
class LeverAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "action", "plan"]
    list_filter = ["plan"]


@admin.register(models.Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "kind", "lever", "plan"]
    list_filter = ["plan", "kind", "lever"]
    search_fields = ["title", "text"]
    inlines = [TaskUnitInline]


@admin.register(models.Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "category",
        "unit_of_measure",
        "kind",
        "direction",
        "rollup",
        "lead_unit",
    ]
    list_filter = ["category", "kind", "direction", "plan"]
    search_fields = ["code", "name"]
    filter_horizontal = ["tasks"]
    inlines = [TargetInline]


@admin.register(models.Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "region", "year", "comparator", "value", "plan", "every_year"]
    list_filter = ["plan", "year", "comparator"]
    search_fields = ["indicator__name", "indicator__code"]
    autocomplete_fields = ["indicator", "region"]


# --- The entry area's models: every save goes through indicators.entry.services -------------------
# The admin is one more write path, so it is held to the same permission, lock, version and
# validation rules as the forms, the import and the API: the form's clean() runs the service in
# a savepoint that is always rolled back (to show its Chinese messages beside the fields), and
# save_model() runs it for real. Nothing is deleted here; a value is corrected or returned.
class _DryRun(Exception):
    pass


def _dry_run(function, **kwargs) -> None:
    try:
        with transaction.atomic():
            function(**kwargs)
            raise _DryRun
    except _DryRun:
        pass


def _add_service_errors(form, exc) -> None:
    from indicators.entry.services import ValidationFailed

    if isinstance(exc, ValidationFailed) and exc.details:
        for key, messages_ in exc.details.items():
            editable = key in form.fields and not form.fields[key].disabled
            form.add_error(key if editable else None, messages_)
    else:
        form.add_error(None, exc.message)


def _service_form(base, request, run):
    """The admin form class with a clean() that dry-runs the service for this request's user."""

    class ServiceForm(base):
        def clean(self):
            from indicators.entry.services import ServiceError

            cleaned = super().clean()
            if not self.errors:
                try:
                    _dry_run(run, request=request, form=self)
                except ServiceError as exc:
                    _add_service_errors(self, exc)
            return cleaned

    return ServiceForm


def _copy_saved(obj, saved) -> None:
    """Make the admin's object the saved row, so its log entry and redirect are right."""
    obj.__dict__.update({k: v for k, v in saved.__dict__.items() if not k.startswith("_")})
    obj._state = saved._state


def _report_action(modeladmin, request, function, done_message):
    from indicators.entry.services import ServiceError

    try:
        count = function()
    except ServiceError as exc:
        modeladmin.message_user(request, exc.message, level=messages.ERROR)
    else:
        modeladmin.message_user(request, done_message.format(count=count), level=messages.SUCCESS)


@admin.register(models.Actual)
class ActualAdmin(SimpleHistoryAdmin):
    form = ActualAdminForm
    list_display = [
        "indicator",
        "region",
        "year",
        "value",
        "state",
        "origin",
        "entered_by",
        "updated_at",
    ]
    list_filter = ["state", "origin", "year", "region"]
    search_fields = ["indicator__name", "indicator__code"]
    autocomplete_fields = ["indicator", "region"]
    readonly_fields = [
        "state",
        "origin",
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

    @staticmethod
    def _run(*, request, form):
        from indicators.entry import services

        data = form.cleaned_data
        instance = form.instance
        return services.actual_save(
            user=request.user,
            indicator=data.get("indicator") or instance.indicator,
            region=data.get("region") or instance.region,
            year=data.get("year") or instance.year,
            value=data.get("value"),
            source_note=data.get("source_note", ""),
            explanation=data.get("explanation", ""),
            expected_version=data.get("expected_version"),
            origin=models.Actual.Origin.ENTRY,
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        return _service_form(
            super().get_form(request, obj, change=change, **kwargs), request, self._run
        )

    def save_model(self, request, obj, form, change):
        _copy_saved(obj, self._run(request=request, form=form))

    def has_delete_permission(self, request, obj=None):
        return False  # values are corrected or returned, never deleted; history keeps every change

    def revert_disabled(self, request, obj=None):
        return True  # a revert would write an old version past the workflow; re-enter the value instead

    @admin.action(description="提交所选数值审核")
    def submit_selected(self, request, queryset):
        from indicators.entry import services

        def run():
            with transaction.atomic():
                for actual in queryset.order_by("pk"):
                    if actual.state in {models.WorkflowState.DRAFT, models.WorkflowState.RETURNED}:
                        services.review_submit(user=request.user, obj=actual)
                return queryset.count()

        _report_action(self, request, run, "已提交 {count} 条。")

    @admin.action(description="审核通过所选数值")
    def approve_selected(self, request, queryset):
        from indicators.entry import services

        ids = list(queryset.values_list("pk", flat=True))
        _report_action(
            self,
            request,
            lambda: len(
                services.review_many(
                    user=request.user, model=models.Actual, ids=ids, action="approve"
                )
            ),
            "已审核通过 {count} 条。退回请在“审核”页面填写意见后操作。",
        )


@admin.register(models.YearClosure)
class YearClosureAdmin(SimpleHistoryAdmin):
    list_display = ["year", "closed_by", "closed_at"]
    fields = ["year"]

    @staticmethod
    def _run(*, request, form):
        from indicators.entry import services

        return services.year_close(user=request.user, year=form.cleaned_data.get("year"))

    def get_form(self, request, obj=None, change=False, **kwargs):
        return _service_form(
            super().get_form(request, obj, change=change, **kwargs), request, self._run
        )

    def save_model(self, request, obj, form, change):
        _copy_saved(obj, self._run(request=request, form=form))

    def has_change_permission(self, request, obj=None):
        return False  # a closure has nothing to change: close, or reopen (delete)

    def delete_model(self, request, obj):
        from indicators.entry import services

        services.year_reopen(user=request.user, year=obj.year)

    def delete_queryset(self, request, queryset):
        from indicators.entry import services

        with transaction.atomic():
            for closure in queryset:
                services.year_reopen(user=request.user, year=closure.year)

    def revert_disabled(self, request, obj=None):
        return True


@admin.register(models.TaskReport)
class TaskReportAdmin(SimpleHistoryAdmin):
    form = TaskReportAdminForm
    list_display = ["task", "unit", "year", "period", "status", "percent", "state"]
    list_filter = ["state", "status", "year"]
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
    actions = ["approve_selected"]

    @staticmethod
    def _run(*, request, form):
        from indicators.entry import services

        data = form.cleaned_data
        instance = form.instance
        return services.task_report_save(
            user=request.user,
            task=data.get("task") or instance.task,
            unit=data.get("unit") or instance.unit,
            year=data.get("year") or instance.year,
            period=data.get("period") if data.get("period") is not None else instance.period,
            status=data.get("status"),
            percent=data.get("percent"),
            text=data.get("text", ""),
            expected_version=data.get("expected_version"),
        )

    def get_form(self, request, obj=None, change=False, **kwargs):
        return _service_form(
            super().get_form(request, obj, change=change, **kwargs), request, self._run
        )

    def save_model(self, request, obj, form, change):
        _copy_saved(obj, self._run(request=request, form=form))

    def has_delete_permission(self, request, obj=None):
        return False

    def revert_disabled(self, request, obj=None):
        return True

    @admin.action(description="审核通过所选报告")
    def approve_selected(self, request, queryset):
        from indicators.entry import services

        ids = list(queryset.values_list("pk", flat=True))
        _report_action(
            self,
            request,
            lambda: len(
                services.review_many(
                    user=request.user, model=models.TaskReport, ids=ids, action="approve"
                )
            ),
            "已审核通过 {count} 份。",
        )


@admin.register(models.Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "region"]
    autocomplete_fields = ["unit", "region"]


@admin.register(models.ProgressSnapshot)
class ProgressSnapshotAdmin(admin.ModelAdmin):
    list_display = [
        "indicator",
        "region",
        "year",
        "year_status",
        "outlook_status",
        "stale",
        "computed_at",
    ]
    list_filter = ["year_status", "outlook_status", "stale", "year"]

    def has_add_permission(self, request):
        return False  # written by the engine only

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the engine owns these rows; a recompute rewrites them


@admin.register(models.ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """REST API tokens (indicators/api/auth/tokens.py): the key is shown once, when the token is
    created; afterwards a token can be renamed or revoked, never read back, changed or deleted
    (a revoked token stays, so that what it did remains traceable)."""

    list_display = [
        "client_name",
        "user",
        "read_only",
        "key_prefix",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["read_only", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["client_name", "user__username", "key_prefix"]
    actions = ["revoke_tokens"]
    new_fields = ["client_name", "user", "read_only"]
    shown_fields = ["key_prefix", "created_by", "created_at", "last_used_at", "revoked_at"]

    def get_fields(self, request, obj=None):
        return self.new_fields if obj is None else self.new_fields + self.shown_fields

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else ["user", "read_only", *self.shown_fields]

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if not change:
            from indicators.api.auth.tokens import assign_new_key

            obj.created_by = request.user
            request._wzsci_new_api_key = assign_new_key(obj)
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        key = getattr(request, "_wzsci_new_api_key", None)
        if key:
            from django.contrib import messages
            from django.utils.html import format_html

            messages.warning(
                request,
                format_html(
                    "已为“{}”创建接口令牌。密钥只显示这一次，请立即复制并交给对方妥善保存："
                    '<code style="user-select:all">{}</code>'
                    "（请求头：Authorization: Token &lt;密钥&gt;）",
                    obj.client_name,
                    key,
                ),
            )
        return super().response_add(request, obj, post_url_continue)

    @admin.action(description="撤销所选令牌（立即失效）")
    def revoke_tokens(self, request, queryset):
        from indicators.api.auth.tokens import api_token_revoke

        revoked = 0
        for token in queryset.filter(revoked_at__isnull=True):
            api_token_revoke(token=token)
            revoked += 1
        self.message_user(request, f"已撤销 {revoked} 个令牌。")
