"""Who reports what: the check every write of an actual passes, and the administrators' edits
of the assignment (indicator × region, and the unit that enters it). See docs/reporting.md."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext, gettext_lazy

from common.errors import ServiceError, ValidationFailed
from indicators import rules as entry_rules
from indicators.entry.services.checks import require
from indicators.models import Indicator, Region, ReportingAssignment, Unit


class NotAssigned(ServiceError):
    """A figure asked of nobody: the region does not report this indicator."""

    code = "not_assigned"
    default_message = gettext_lazy("该指标未分配给本区域填报。")
    default_message_en = "This indicator is not assigned to this region."


def is_assigned(*, indicator: Indicator, region: Region) -> bool:
    """Whether the region reports the indicator. An indicator with no assignment at all is not
    yet divided up and is open to every region (as before assignments existed)."""
    rows = ReportingAssignment.objects.filter(indicator=indicator)
    return rows.filter(region=region).exists() or not rows.exists()


def require_assigned(*, indicator: Indicator, region: Region) -> None:
    """NotAssigned unless the region reports the indicator."""
    if not is_assigned(indicator=indicator, region=region):
        raise NotAssigned(
            gettext(
                "“%(region)s”不填报“%(name)s”：按填报分工，该指标不由本区域填报。如确需填报，请联系系统管理员调整填报分工。"
            )
            % {"region": region, "name": indicator.name},
            message_en=f"{indicator.code} is not assigned to region {region.code}.",
        )


def _require_admin(user) -> None:
    require(
        user,
        entry_rules.EDIT_CATALOGUE,
        None,
        gettext("只有系统管理员可以调整填报分工。"),
        "Only administrators may change who reports what.",
    )


@transaction.atomic
def assignment_save(
    *,
    user,
    indicator: Indicator,
    region: Region,
    unit: Unit | None = None,
    assignment: ReportingAssignment | None = None,
) -> ReportingAssignment:
    """Assign the indicator to the region (and the unit that enters it), or change an existing
    assignment (`assignment`). One assignment per indicator × region."""
    _require_admin(user)
    if unit is not None and unit.region_id and unit.region_id != region.pk and not region.is_city:
        raise ValidationFailed(
            details={
                "unit": [
                    gettext("“%(unit)s”属于“%(region)s”，不能填报“%(region2)s”的数值。")
                    % {"unit": unit, "region": unit.region, "region2": region}
                ]
            }
        )
    clash = ReportingAssignment.objects.filter(indicator=indicator, region=region)
    if assignment is not None and assignment.pk:
        clash = clash.exclude(pk=assignment.pk)
    if clash.exists():
        raise ValidationFailed(
            details={
                "region": [
                    gettext("“%(name)s”已分配给“%(region)s”，不能重复分配。")
                    % {"name": indicator.name, "region": region}
                ]
            }
        )
    row = assignment or ReportingAssignment()
    row.indicator, row.region, row.unit = indicator, region, unit
    row.save()
    return row


@transaction.atomic
def assignment_delete(*, user, assignment: ReportingAssignment) -> None:
    """Take the indicator off the region's list; its figures already entered stay readable."""
    _require_admin(user)
    assignment.delete()
