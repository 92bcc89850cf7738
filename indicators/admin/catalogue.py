"""The admin of the catalogue: plans, levers, tasks (with their units), regions, region groups
and units. Every save and delete goes through indicators/catalogue/services/; indicators and
targets are in targets.py."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from indicators import models
from indicators.admin.service_forms import (
    ServiceAdminMixin,
    admin_reason,
    current,
    dry_run,
    picked,
)
from indicators.catalogue.services import plans, regions, tasks
from indicators.entry.services import ServiceError

DELETED = "后台删除"


@admin.register(models.Plan)
class PlanAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["doc_number", "title", "issuer", "issued_on", "start_year", "end_year"]
    search_fields = ["doc_number", "title"]
    save_service = "indicators.catalogue.services.plans.plan_save"
    delete_service = "indicators.catalogue.services.plans.plan_delete"

    def run_save(self, *, request, form):
        return plans.plan_save(
            user=request.user,
            plan=current(form),
            fields=picked(form, plans.PLAN_FIELDS),
            reason=admin_reason(form, "规划方案"),
        )

    def run_delete(self, *, request, obj):
        plans.plan_delete(user=request.user, plan=obj, reason=f"{DELETED}规划方案")


@admin.register(models.Lever)
class LeverAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["number", "name", "action", "plan"]
    list_filter = ["plan"]
    save_service = "indicators.catalogue.services.plans.lever_save"
    delete_service = "indicators.catalogue.services.plans.lever_delete"

    def run_save(self, *, request, form):
        return plans.lever_save(
            user=request.user,
            lever=current(form),
            fields=picked(form, plans.LEVER_FIELDS),
            reason=admin_reason(form, "抓手"),
        )

    def run_delete(self, *, request, obj):
        plans.lever_delete(user=request.user, lever=obj, reason=f"{DELETED}抓手")


class TaskUnitFormSet(forms.BaseInlineFormSet):
    """A task's responsible units, saved together by `tasks.task_units_set`: the rows' order
    (by 排序, then as listed) is what counts; positions are renumbered 1, 2, … and the first
    unit leads. `request` is set by TaskUnitInline."""

    request = None

    def ordered_units(self) -> list:
        rows = [
            (row.cleaned_data.get("position") or 0, index, row.cleaned_data["unit"])
            for index, row in enumerate(self.forms)
            if row.cleaned_data.get("unit") is not None
            and not (self.can_delete and self._should_delete_form(row))
        ]
        return [unit for _, _, unit in sorted(rows, key=lambda r: r[:2])]

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        units = self.ordered_units()
        try:
            if self.instance.pk is not None:
                dry_run(
                    tasks.task_units_set, user=self.request.user, task=self.instance, units=units
                )
            elif problems := tasks.task_unit_problems(units):
                raise ValidationError([m for ms in problems.values() for m in ms])
        except ServiceError as exc:
            raise ValidationError(exc.message) from exc

    def save_through_service(self, request):
        before = {link.unit_id: link for link in self.instance.task_units.all()}
        saved = tasks.task_units_set(
            user=request.user, task=self.instance, units=self.ordered_units()
        )
        after = {link.unit_id: link for link in saved}
        # What the admin's change message reads.
        self.new_objects = [link for unit, link in after.items() if unit not in before]
        self.deleted_objects = [link for unit, link in before.items() if unit not in after]
        self.changed_objects = [
            (link, ["position"])
            for unit, link in after.items()
            if unit in before and before[unit].position != link.position
        ]


class TaskUnitInline(admin.TabularInline):
    model = models.TaskUnit
    formset = TaskUnitFormSet
    fields = ["unit", "position", "is_lead"]
    readonly_fields = ["is_lead"]  # the first in order leads (the database's rule)
    save_service = "indicators.catalogue.services.tasks.task_units_set"
    extra = 0
    autocomplete_fields = ["unit"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.request = request
        return formset


@admin.register(models.Task)
class TaskAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["number", "title", "kind", "lever", "plan"]
    list_filter = ["plan", "kind", "lever"]
    search_fields = ["title", "text"]
    inlines = [TaskUnitInline]
    save_service = "indicators.catalogue.services.tasks.task_save"
    delete_service = "indicators.catalogue.services.tasks.task_delete"

    def run_save(self, *, request, form):
        return tasks.task_save(
            user=request.user,
            task=current(form),
            fields=picked(form, tasks.TASK_FIELDS),
            reason=admin_reason(form, "任务"),
        )

    def run_delete(self, *, request, obj):
        tasks.task_delete(user=request.user, task=obj, reason=f"{DELETED}任务")


@admin.register(models.Region)
class RegionAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["name", "code", "kind", "in_rollup", "order"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    save_service = "indicators.catalogue.services.regions.region_save"
    delete_service = "indicators.catalogue.services.regions.region_delete"

    def run_save(self, *, request, form):
        return regions.region_save(
            user=request.user,
            region=current(form),
            fields=picked(form, regions.REGION_FIELDS),
            reason=admin_reason(form, "区域"),
        )

    def run_delete(self, *, request, obj):
        regions.region_delete(user=request.user, region=obj, reason=f"{DELETED}区域")


@admin.register(models.RegionGroup)
class RegionGroupAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["name"]
    filter_horizontal = ["members"]
    save_service = "indicators.catalogue.services.regions.region_group_save"
    delete_service = "indicators.catalogue.services.regions.region_group_delete"

    def run_save(self, *, request, form):
        return regions.region_group_save(
            user=request.user,
            group=current(form),
            fields=picked(form, regions.REGION_GROUP_FIELDS),
            members=form.cleaned_data.get("members"),
            reason=admin_reason(form, "区域组"),
        )

    def run_delete(self, *, request, obj):
        regions.region_group_delete(user=request.user, group=obj, reason=f"{DELETED}区域组")


@admin.register(models.Unit)
class UnitAdmin(ServiceAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "region"]
    list_filter = ["kind"]
    search_fields = ["name"]
    save_service = "indicators.catalogue.services.regions.unit_save"
    delete_service = "indicators.catalogue.services.regions.unit_delete"

    def run_save(self, *, request, form):
        return regions.unit_save(
            user=request.user,
            unit=current(form),
            fields=picked(form, regions.UNIT_FIELDS),
            reason=admin_reason(form, "责任单位"),
        )

    def run_delete(self, *, request, obj):
        regions.unit_delete(user=request.user, unit=obj, reason=f"{DELETED}责任单位")
