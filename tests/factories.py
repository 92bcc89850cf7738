"""factory_boy factories for the domain, and the one builder of the tests' people.

Names and figures are synthetic unless a test says so.
"""

import datetime as dt
import itertools
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from indicators import models
from indicators.roles import Role


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Plan
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"plan-{n}")
    doc_number = factory.Sequence(lambda n: f"测试〔2023〕{n}号")
    title = "测试方案"
    issuer = "温州市人民政府"
    issued_on = dt.date(2023, 4, 14)
    start_year = 2023
    end_year = 2027


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Region
        django_get_or_create = ["name"]

    code = factory.Sequence(lambda n: f"R{n:05d}")
    name = factory.Sequence(lambda n: f"测试区{n}")
    kind = models.Region.Kind.DISTRICT
    in_rollup = True


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Unit
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"测试单位{n}")
    kind = models.Unit.Kind.BUREAU


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Indicator

    code = factory.Sequence(lambda n: f"X{n}")
    name = factory.Sequence(lambda n: f"测试指标{n}")
    category = models.Indicator.Category.TASK
    unit_of_measure = "家"
    kind = models.Indicator.Kind.STOCK
    direction = models.Indicator.Direction.HIGHER
    decimals = 0
    rollup = models.Indicator.Rollup.SUM
    plan = factory.SubFactory(PlanFactory)


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Target

    indicator = factory.SubFactory(IndicatorFactory)
    region = factory.SubFactory(RegionFactory)
    year = 2025
    plan = factory.SelfAttribute("indicator.plan")
    value = Decimal("100")
    comparator = models.Target.Comparator.GTE


class ActualFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Actual

    indicator = factory.SubFactory(IndicatorFactory)
    region = factory.SubFactory(RegionFactory)
    year = 2023
    value = Decimal("100")
    state = models.WorkflowState.APPROVED


class UserFactory(factory.django.DjangoModelFactory):
    """A plain account with no role (for people with a role: `make_person`)."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "pw-for-tests-123")


# The standard people of the tests (fixtures of the same names in tests/conftest.py). A unit or a
# region is named, and looked up when the person is made: the seed and the entry tests' small
# world (tests/indicators/entry_world.py) both have 市科技局 and 鹿城区.
PERSONAS: dict[str, dict] = {
    "leader": {"username": "leader", "role": Role.LEADERSHIP},
    "bureau": {"username": "bureau", "role": Role.BUREAU_STAFF, "unit": "市科技局"},
    "county": {"username": "county", "role": Role.COUNTY_STAFF, "region": "鹿城区"},
    "reviewer": {"username": "reviewer", "role": Role.REVIEWER, "unit": "市科技局"},
    "admin": {"username": "administrator", "role": Role.ADMINISTRATOR},
    "outsider": {"username": "outsider", "role": None},  # logged in, with no role
}

_anonymous_people = itertools.count(1)


def make_person(
    username: str | None = None,
    role: str | None = None,
    *,
    unit: "models.Unit | str | None" = None,
    region: "models.Region | str | None" = None,
    password: str | None = None,
    **fields,
):
    """An account as wzsci knows people: its role as its Django group, its unit or region on its
    Profile (every account made here has one, bound to nothing when neither is given).

    `unit` and `region` are objects or names. Without a password the account cannot log in
    through the login form (tests use force_login or a token) and nothing is hashed.
    Other keyword arguments are fields of the user (is_staff, first_name, …).
    """
    if username is None:
        username = f"{role or 'person'}-{next(_anonymous_people)}"
    if isinstance(unit, str):
        unit = _named(models.Unit, unit)
    if isinstance(region, str):
        region = _named(models.Region, region)
    user = get_user_model()(username=username, **fields)
    if password is not None:
        user.set_password(password)
    user.save()
    if role:
        user.groups.add(Group.objects.get_or_create(name=str(role))[0])
    models.Profile.objects.update_or_create(user=user, defaults={"unit": unit, "region": region})
    return user


def make_persona(name: str):
    """One of PERSONAS: leader, bureau, county, reviewer, admin or outsider."""
    return make_person(**PERSONAS[name])


def _named(model, name: str):
    try:
        return model.objects.get(name=name)
    except model.DoesNotExist:
        raise LookupError(
            f"{model.__name__} {name!r} is not in the database: "
            "load the seed (the `seeded` fixture) or build a world first"
        ) from None
