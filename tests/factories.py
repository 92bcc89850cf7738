"""factory_boy factories for the domain. Names and figures are synthetic unless a test says so."""

import datetime as dt
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from indicators import models


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
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "pw-for-tests-123")
