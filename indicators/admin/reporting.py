"""The admin of who reports what (the reporting assignment), through its service."""

from django.contrib import admin

from indicators import models
from indicators.admin.service_forms import ServiceAdminMixin, current
from indicators.entry.services import assignments


@admin.register(models.ReportingAssignment)
class ReportingAssignmentAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["indicator", "region", "unit"]
    list_filter = ["region", "unit"]
    search_fields = ["indicator__code", "indicator__name", "region__name", "unit__name"]
    save_service = "indicators.entry.services.assignments.assignment_save"
    delete_service = "indicators.entry.services.assignments.assignment_delete"

    def run_save(self, *, request, form):
        data = form.cleaned_data
        return assignments.assignment_save(
            user=request.user,
            indicator=data["indicator"],
            region=data["region"],
            unit=data.get("unit"),
            assignment=current(form),
        )

    def run_delete(self, *, request, obj):
        assignments.assignment_delete(user=request.user, assignment=obj)
