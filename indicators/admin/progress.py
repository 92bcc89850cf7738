"""The admin of the progress engine's snapshots: read only, the engine owns them."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from indicators import models


class ShownStaleFilter(admin.SimpleListFilter):
    """待更新 as the pages show it: the row's flag or its indicator's mark (StaleIndicator)."""

    title = _("待更新")
    parameter_name = "shown_stale"

    def lookups(self, request, model_admin):
        return [("1", _("是")), ("0", _("否"))]

    def queryset(self, request, queryset):
        if self.value() in ("0", "1"):
            return queryset.filter(shown_stale=self.value() == "1")
        return queryset


@admin.register(models.ProgressSnapshot)
class ProgressSnapshotAdmin(admin.ModelAdmin):
    list_display = [
        "indicator",
        "region",
        "year",
        "year_status",
        "outlook_status",
        "shown_stale",
        "computed_at",
    ]
    list_filter = ["year_status", "outlook_status", ShownStaleFilter, "year"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_marks()

    @admin.display(boolean=True, description=_("待更新"), ordering="shown_stale")
    def shown_stale(self, obj):
        return obj.pending

    def has_add_permission(self, request):
        return False  # written by the engine only

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the engine owns these rows; a recompute rewrites them
