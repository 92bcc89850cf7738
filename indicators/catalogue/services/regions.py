"""Adding, correcting and deleting regions, region groups and units (who is responsible)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import transaction
from django.utils.translation import gettext

from indicators.catalogue.services.base import (
    add_problem,
    assign,
    check_rules,
    delete_row,
    recompute_everything,
    require_catalogue_editor,
    row_for_update,
    save_row,
)
from indicators.models import Region, RegionGroup, Unit

REGION_FIELDS = ("code", "name", "kind", "in_rollup", "order")
REGION_GROUP_FIELDS = ("name",)
UNIT_FIELDS = ("name", "kind", "region", "order")
# What the progress engine reads of a region: which one is the city (the benchmark) and which
# add up to it (the roll-up).
RECOMPUTED_BY = frozenset({"kind", "in_rollup"})


def _region_problems(region: Region) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if region.kind == Region.Kind.CITY:
        city = Region.objects.filter(kind=Region.Kind.CITY).exclude(pk=region.pk).first()
        if city is not None:
            add_problem(
                problems,
                "kind",
                gettext("已有市级区域“%(city)s”，只能有一个市级区域。") % {"city": city},
            )
    return problems


@transaction.atomic
def region_save(
    *, user, region: Region | None, fields: Mapping, reason: str | None = None
) -> Region:
    """Add a region (`region` None) or correct one; `fields` by REGION_FIELDS.

    A new region, or a change of its kind or of whether it counts in the city's total, changes
    the benchmark or the roll-up of every indicator: all are recomputed (on commit).
    """
    require_catalogue_editor(user)
    row = row_for_update(Region, region)
    adding = row.pk is None
    changed = assign(row, fields, REGION_FIELDS)
    if not adding and not changed:
        return row
    check_rules(row, _region_problems(row))
    save_row(row, user=user, reason=reason or ("新增区域" if adding else "修改区域"))
    if adding or changed & RECOMPUTED_BY:
        recompute_everything()
    return row


@transaction.atomic
def region_delete(*, user, region: Region, reason: str = "删除区域") -> None:
    """Delete a region; refused while targets, actuals, units or accounts name it. Every
    indicator is recomputed (the roll-up may have counted it)."""
    require_catalogue_editor(user)
    delete_row(row_for_update(Region, region), user=user, reason=reason)
    recompute_everything()


@transaction.atomic
def region_group_save(
    *,
    user,
    group: RegionGroup | None,
    fields: Mapping,
    members: Iterable[Region] | None = None,
    reason: str | None = None,
) -> RegionGroup:
    """Add a region group (`group` None) or correct one; `members`, if given, become its
    regions."""
    require_catalogue_editor(user)
    row = row_for_update(RegionGroup, group)
    adding = row.pk is None
    if assign(row, fields, REGION_GROUP_FIELDS) or adding:
        check_rules(row, {})
        save_row(
            row,
            user=user,
            reason=reason or ("新增区域组" if adding else "修改区域组"),
        )
    if members is not None:
        row.members.set([region.pk for region in members])
    return row


@transaction.atomic
def region_group_delete(*, user, group: RegionGroup, reason: str = "删除区域组") -> None:
    require_catalogue_editor(user)
    delete_row(row_for_update(RegionGroup, group), user=user, reason=reason)


@transaction.atomic
def unit_save(*, user, unit: Unit | None, fields: Mapping, reason: str | None = None) -> Unit:
    """Add a unit (`unit` None) or correct one; `fields` by UNIT_FIELDS."""
    require_catalogue_editor(user)
    row = row_for_update(Unit, unit)
    adding = row.pk is None
    if not assign(row, fields, UNIT_FIELDS) and not adding:
        return row
    check_rules(row, {})
    save_row(
        row,
        user=user,
        reason=reason or ("新增责任单位" if adding else "修改责任单位"),
    )
    return row


@transaction.atomic
def unit_delete(*, user, unit: Unit, reason: str = "删除责任单位") -> None:
    """Delete a unit; refused while tasks, indicators, reports or accounts name it."""
    require_catalogue_editor(user)
    delete_row(row_for_update(Unit, unit), user=user, reason=reason)
