"""The admin of indicators (with their frequency) and their targets (with a region target's
source: a notice's 文号 and date, or 县区自定). Every save and delete goes through
indicators/catalogue/services/, so a target edited here is in its history with who changed it
and the indicator's progress snapshots are recomputed."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from indicators import models
from indicators.admin.service_forms import (
    ServiceAdminMixin,
    ServiceInlineMixin,
    admin_reason,
    current,
    deleting,
    picked,
    saved_only,
)
from indicators.catalogue.services import indicators as indicator_services
from indicators.catalogue.services import targets as target_services

DELETED = "后台删除"


def _target_row(*, request, form):
    """Add, correct or delete one target from a form (the inline's row or the change page)."""
    if deleting(form):
        return target_services.target_delete(
            user=request.user, target=form.instance, reason=f"{DELETED}目标值"
        )
    return target_services.target_save(
        user=request.user,
        target=current(form),
        fields=picked(form, target_services.TARGET_FIELDS),
        reason=admin_reason(form, "目标值"),
    )


class TargetInline(ServiceInlineMixin, admin.TabularInline):
    model = models.Target
    fk_name = "indicator"  # not reference_indicator (a relative target's reference series)
    extra = 0
    autocomplete_fields = ["region"]
    save_service = "indicators.catalogue.services.targets.target_save"
    delete_service = "indicators.catalogue.services.targets.target_delete"
    run_row = staticmethod(_target_row)


@admin.register(models.Indicator)
class IndicatorAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "category",
        "unit_of_measure",
        "kind",
        "frequency",
        "direction",
        "rollup",
        "lead_unit",
    ]
    list_filter = ["category", "kind", "frequency", "direction", "plan"]
    search_fields = ["code", "name"]
    filter_horizontal = ["tasks"]
    inlines = [TargetInline]
    save_service = "indicators.catalogue.services.indicators.indicator_save"
    delete_service = "indicators.catalogue.services.indicators.indicator_delete"

    def get_inlines(self, request, obj):
        # Targets are added to a saved indicator (their checks need it).
        return saved_only(self.inlines, obj)

    def run_save(self, *, request, form):
        return indicator_services.indicator_save(
            user=request.user,
            indicator=current(form),
            fields=picked(form, indicator_services.INDICATOR_FIELDS),
            tasks=form.cleaned_data.get("tasks"),
            reason=admin_reason(form, "指标"),
        )

    def run_delete(self, *, request, obj):
        indicator_services.indicator_delete(
            user=request.user, indicator=obj, reason=f"{DELETED}指标"
        )


@admin.register(models.Target)
class TargetAdmin(ServiceAdminMixin, SimpleHistoryAdmin):
    """Targets, with their history. A revert from the history goes through save_model, so
    through target_save, like any edit."""

    list_display = [
        "indicator",
        "region",
        "year",
        "comparator",
        "value",
        "plan",
        "every_year",
        "source_kind",
        "source_doc_number",
    ]
    list_filter = ["plan", "year", "comparator", "source_kind"]
    search_fields = ["indicator__name", "indicator__code"]
    autocomplete_fields = ["indicator", "region"]
    save_service = "indicators.catalogue.services.targets.target_save"
    delete_service = "indicators.catalogue.services.targets.target_delete"
    run_save = staticmethod(_target_row)

    def run_delete(self, *, request, obj):
        target_services.target_delete(user=request.user, target=obj, reason=f"{DELETED}目标值")
