"""The admin of the progress engine's snapshots: read only, the engine owns them."""

from django.contrib import admin

from indicators import models


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
