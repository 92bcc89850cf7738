"""The roles of wzsci, as Django groups. A staff account's unit or region is on its Profile."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    LEADERSHIP = "leadership", _("领导")
    BUREAU_STAFF = "bureau_staff", _("部门填报员")
    COUNTY_STAFF = "county_staff", _("县区填报员")
    REVIEWER = "reviewer", _("审核员")
    ADMINISTRATOR = "administrator", _("系统管理员")


def user_roles(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    names = {g.name for g in user.groups.all()}
    if user.is_superuser:
        names.add(Role.ADMINISTRATOR)
    return names & set(Role.values)
