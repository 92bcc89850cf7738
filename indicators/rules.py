"""Who may write what: object-level permissions with django-rules, in one place.

Every write path (the entry forms, the Excel/CSV import, the REST API, the admin) asks through
the services, which ask here:

    user.has_perm("indicators.enter_actual", (indicator, region))
    user.has_perm("indicators.review_actual", actual)
    user.has_perm("indicators.close_year", year)
    user.has_perm("indicators.write_task_report", (task, unit))
    user.has_perm("indicators.review_task_report", report)
    user.has_perm("indicators.edit_catalogue")
    user.has_perm("indicators.manage_access")

The roles are Django groups (indicators/roles.py); what a staff account is bound to (a unit for
bureau staff, a region for county staff) is on its Profile. Active superusers pass every check
(Django's own rule), which is what "administrator: everything" means; the administrator group
gives the same to a non-superuser account.
"""

from __future__ import annotations

import rules

from indicators.roles import Role, user_roles

# Names of the permissions, for callers that prefer constants to strings.
ENTER_ACTUAL = "indicators.enter_actual"
REVIEW_ACTUAL = "indicators.review_actual"
CLOSE_YEAR = "indicators.close_year"
WRITE_TASK_REPORT = "indicators.write_task_report"
REVIEW_TASK_REPORT = "indicators.review_task_report"
USE_ENTRY = "indicators.use_entry"
USE_REVIEW = "indicators.use_review"
EXPORT_ACTUALS = "indicators.export_actuals"
EDIT_CATALOGUE = "indicators.edit_catalogue"
MANAGE_ACCESS = "indicators.manage_access"


def roles_of(user) -> set[str]:
    """The user's roles, cached on the user object for the request (one query, not one per rule)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_wzsci_roles", None)
    if cached is None:
        cached = user_roles(user)
        user._wzsci_roles = cached
    return cached


def profile_of(user):
    """The user's Profile, or None (an account without one is bound to nothing)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if not hasattr(user, "_wzsci_profile"):
        from indicators.models import Profile

        user._wzsci_profile = (
            Profile.objects.select_related("unit", "region").filter(user=user).first()
        )
    return user._wzsci_profile


def _role_predicate(role: str):
    @rules.predicate(name=f"is_{role}")
    def has_role(user) -> bool:
        return role in roles_of(user)

    return has_role


is_leadership = _role_predicate(Role.LEADERSHIP)
is_bureau_staff = _role_predicate(Role.BUREAU_STAFF)
is_county_staff = _role_predicate(Role.COUNTY_STAFF)
is_reviewer = _role_predicate(Role.REVIEWER)


@rules.predicate
def is_administrator(user) -> bool:
    return bool(
        getattr(user, "is_superuser", False) and user.is_active
    ) or Role.ADMINISTRATOR in roles_of(user)


def _cell(target):
    """(indicator, region) from a tuple or from an Actual; (None, None) for anything else."""
    if isinstance(target, tuple) and len(target) == 2:
        return target
    if target is not None and hasattr(target, "indicator") and hasattr(target, "region"):
        return target.indicator, target.region
    return None, None


@rules.predicate
def leads_indicator_at_city_level(user, target) -> bool:
    """Bureau staff: the city-level figure of an indicator their unit leads (Indicator.lead_unit)."""
    indicator, region = _cell(target)
    profile = profile_of(user)
    if indicator is None or profile is None or profile.unit_id is None:
        return False
    return indicator.lead_unit_id == profile.unit_id and region.is_city


@rules.predicate
def assigned_city_figure(user, target) -> bool:
    """Bureau staff: the city-level figure of an indicator whose reporting assignment names their
    unit (docs/reporting.md), cached on the user object for the request like the roles."""
    indicator, region = _cell(target)
    profile = profile_of(user)
    if indicator is None or region is None or not region.is_city:
        return False
    if profile is None or profile.unit_id is None:
        return False
    cached = getattr(user, "_wzsci_city_assignments", None)
    if cached is None:
        from indicators.models import Region, ReportingAssignment

        cached = set(
            ReportingAssignment.objects.filter(
                unit_id=profile.unit_id, region__kind=Region.Kind.CITY
            ).values_list("indicator_id", flat=True)
        )
        user._wzsci_city_assignments = cached
    return indicator.pk in cached


@rules.predicate
def owns_region(user, target) -> bool:
    """County staff: any indicator, for the region their account is bound to."""
    _, region = _cell(target)
    profile = profile_of(user)
    if region is None or profile is None or profile.region_id is None:
        return False
    return region.id == profile.region_id


def _task_and_unit(target):
    if isinstance(target, tuple) and len(target) == 2:
        return target
    if target is not None and hasattr(target, "task") and hasattr(target, "unit"):
        return target.task, target.unit
    return None, None


@rules.predicate
def unit_responsible_for_task(user, target) -> bool:
    """Staff whose unit is a responsible unit of the task (its lead or a co-unit) report for it."""
    task, unit = _task_and_unit(target)
    profile = profile_of(user)
    if task is None or unit is None or profile is None or profile.unit_id is None:
        return False
    if unit.id != profile.unit_id:
        return False
    from indicators.models import TaskUnit

    return TaskUnit.objects.filter(task=task, unit=unit).exists()


is_staff_enterer = is_bureau_staff | is_county_staff

rules.add_perm(
    ENTER_ACTUAL,
    is_administrator
    | (is_bureau_staff & (leads_indicator_at_city_level | assigned_city_figure))
    | (is_county_staff & owns_region),
)
rules.add_perm(REVIEW_ACTUAL, is_administrator | is_reviewer)
rules.add_perm(CLOSE_YEAR, is_administrator | is_reviewer)
rules.add_perm(WRITE_TASK_REPORT, is_administrator | (is_staff_enterer & unit_responsible_for_task))
rules.add_perm(REVIEW_TASK_REPORT, is_administrator | is_reviewer)
# Page-level: whether the entry screens / the review queue are for this user at all.
rules.add_perm(USE_ENTRY, is_administrator | is_staff_enterer)
rules.add_perm(USE_REVIEW, is_administrator | is_reviewer)
# Every role reads everything, so every role may export a year's values.
rules.add_perm(EXPORT_ACTUALS, is_administrator | is_reviewer | is_leadership | is_staff_enterer)
# The catalogue (plans, regions, units, levers, tasks, indicators, targets) and who may sign in
# as what (profiles, API tokens) are the administrators' (indicators/catalogue/services/).
rules.add_perm(EDIT_CATALOGUE, is_administrator)
rules.add_perm(MANAGE_ACCESS, is_administrator)
