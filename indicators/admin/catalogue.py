"""The admin of the catalogue: plans, regions, units, levers, tasks, indicators and targets."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from indicators import models


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
