"""The database refuses bad rows on its own, whatever path writes them (SQLite and PostgreSQL)."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from indicators.models import Indicator, TaskUnit
from tests.factories import (
    ActualFactory,
    IndicatorFactory,
    PlanFactory,
    RegionFactory,
    TargetFactory,
    UnitFactory,
)

pytestmark = pytest.mark.django_db


def test_it_refuses_a_second_actual_for_the_same_indicator_region_and_year():
    # Given an actual for an indicator, region and year
    first = ActualFactory(year=2023, value=Decimal("10"))
    # When a second row is written for the same cell, Then the database refuses it
    with pytest.raises(IntegrityError), transaction.atomic():
        ActualFactory(
            indicator=first.indicator, region=first.region, year=2023, value=Decimal("11")
        )


def test_it_allows_the_same_indicator_and_region_in_another_year():
    first = ActualFactory(year=2023)
    ActualFactory(indicator=first.indicator, region=first.region, year=2024)


@pytest.mark.parametrize("year", [1999, 2101, 0])
def test_it_refuses_an_actual_for_a_year_out_of_range(year):
    with pytest.raises(IntegrityError), transaction.atomic():
        ActualFactory(year=year)


@pytest.mark.parametrize("year", [1999, 2101])
def test_it_refuses_a_target_for_a_year_out_of_range(year):
    with pytest.raises(IntegrityError), transaction.atomic():
        TargetFactory(year=year)


def test_it_refuses_an_indicator_without_a_unit_of_measure():
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorFactory(unit_of_measure="")


def test_it_refuses_a_duplicate_target_from_the_same_plan_but_keeps_another_plans():
    # Given a target of plan A for an indicator-region-year
    target = TargetFactory(year=2025, value=Decimal("3.0"))
    # When plan B sets the same indicator-region-year, Then both are kept
    TargetFactory(
        indicator=target.indicator,
        region=target.region,
        year=2025,
        plan=PlanFactory(),
        value=Decimal("3.1"),
    )
    # When plan A sets it a second time, Then the database refuses
    with pytest.raises(IntegrityError), transaction.atomic():
        TargetFactory(indicator=target.indicator, region=target.region, year=2025, plan=target.plan)


def test_it_refuses_a_key_order_on_an_indicator_that_is_not_key():
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorFactory(category=Indicator.Category.TASK, key_order=3)


def test_it_refuses_a_lead_unit_that_is_not_listed_first():
    from indicators.models import Task

    plan = PlanFactory()
    task = Task.objects.create(plan=plan, number=1, title="测试任务", text="…")
    TaskUnit.objects.create(task=task, unit=UnitFactory(), position=1, is_lead=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        TaskUnit.objects.create(task=task, unit=UnitFactory(), position=2, is_lead=True)


def test_it_refuses_a_second_city_region():
    from indicators.models import Region

    RegionFactory(name="温州市", kind=Region.Kind.CITY)
    with pytest.raises(IntegrityError), transaction.atomic():
        RegionFactory(name="另一个市", kind=Region.Kind.CITY)
