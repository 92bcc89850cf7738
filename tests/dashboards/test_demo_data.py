"""Demo data: clearly synthetic, reproducible, announced on every page, never over real figures,
and removed by one command."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from indicators.catalogue.demo import (
    DEMO_NOTE,
    clear_demo_data,
    demo_cells,
    demo_values,
    load_demo_data,
)
from indicators.models import Actual, Indicator, ProgressSnapshot, Region, WorkflowState

pytestmark = pytest.mark.django_db


def demo_actuals():
    return Actual.objects.filter(origin=Actual.Origin.DEMO)


def test_it_creates_approved_demo_actuals_for_2022_to_2024_across_the_regions(seeded):
    result = load_demo_data()
    assert result.created == demo_actuals().count() > 0
    full_years = demo_actuals().filter(period=12)
    assert set(full_years.values_list("year", flat=True)) == {2022, 2023, 2024}
    # 2025 is the year in progress: year-to-date figures only (tests/indicators/test_demo_periods.py)
    assert set(demo_actuals().filter(year=2025).values_list("period", flat=True)) <= set(
        range(1, 10)
    )
    assert set(demo_actuals().values_list("state", flat=True)) == {WorkflowState.APPROVED}
    assert set(demo_actuals().values_list("source_note", flat=True)) == {DEMO_NOTE}
    # The nine key indicators have a figure in the city and in all 14 other regions, every year
    k1 = Indicator.objects.get(code="K1")
    assert demo_actuals().filter(indicator=k1, year=2023, period=12).count() == 15
    # And the engine has turned them into snapshots
    assert ProgressSnapshot.objects.filter(indicator=k1, year=2023).count() == 15


def test_it_draws_the_same_numbers_every_time(seeded):
    first, cells = demo_values(), demo_cells()
    load_demo_data(recompute=False)
    clear_demo_data(recompute=False)
    assert demo_values() == first
    assert demo_cells() == cells
    again = load_demo_data(recompute=False)
    assert again.created == len(cells)


def test_it_keeps_values_plausible_around_the_targets(seeded):
    # Given the city's 2023 targets; When demo values are drawn; Then each lies within 15 % of it
    city = Region.objects.get(kind=Region.Kind.CITY)
    values = demo_values()
    for code, target in (("K1", 2.7), ("K2", 120), ("K4", 4300), ("K7", 330), ("K9", 15)):
        indicator = Indicator.objects.get(code=code)
        value = float(values[(indicator.id, city.id, 2023)])
        assert abs(value - target) / target < 0.15, (code, value)


def test_it_shares_additive_figures_so_that_the_regions_add_up_to_the_city(seeded):
    values = demo_values()
    city = Region.objects.get(kind=Region.Kind.CITY)
    in_rollup = set(Region.objects.filter(in_rollup=True).values_list("id", flat=True))
    for code in ("K4", "K5", "K7", "K8"):
        indicator = Indicator.objects.get(code=code)
        for year in (2023, 2024):
            total = sum(
                v
                for (i, r, y), v in values.items()
                if i == indicator.id and y == year and r in in_rollup
            )
            city_value = values[(indicator.id, city.id, year)]
            assert abs(total - city_value) / city_value < Decimal("0.01"), (code, year)


def test_it_never_overwrites_a_seed_baseline_or_an_entered_figure(seeded):
    # Given the seed's 2022 baseline of R&D intensity and an entered 2023 figure for 鹿城区
    k1 = Indicator.objects.get(code="K1")
    city = Region.objects.get(kind=Region.Kind.CITY)
    lucheng = Region.objects.get(name="鹿城区")
    baseline = Actual.objects.get(indicator=k1, region=city, year=2022)
    entered = Actual.objects.create(
        indicator=k1,
        region=lucheng,
        year=2023,
        value=Decimal("3.33"),
        state=WorkflowState.SUBMITTED,
        origin=Actual.Origin.ENTRY,
    )
    # When demo data is loaded, twice
    result = load_demo_data(recompute=False)
    load_demo_data(recompute=False)
    # Then both are untouched, and the loader says it kept the entered one
    baseline.refresh_from_db()
    entered.refresh_from_db()
    assert (baseline.value, baseline.origin) == (Decimal("2.6"), Actual.Origin.SEED)
    assert (entered.value, entered.origin, entered.state) == (
        Decimal("3.33"),
        Actual.Origin.ENTRY,
        WorkflowState.SUBMITTED,
    )
    assert result.kept_real == 1
    # And clearing the demo data removes only demo actuals
    clear_demo_data(recompute=False)
    assert not demo_actuals().exists()
    assert Actual.objects.filter(pk__in=[baseline.pk, entered.pk]).count() == 2
    assert Actual.objects.filter(origin=Actual.Origin.SEED).count() == 9


def test_it_announces_demo_values_on_every_dashboard_until_they_are_cleared(leader_client, seeded):
    urls = [
        reverse("dashboards:overview"),
        reverse("dashboards:indicator", args=["K1"]),
        reverse("dashboards:counties"),
        reverse("dashboards:levers"),
        reverse("dashboards:units"),
    ]
    for url in urls:
        assert "banner-demo" not in leader_client.get(url).content.decode(), url
    load_demo_data()
    for url in urls:
        html = leader_client.get(url).content.decode()
        assert 'class="banner-demo"' in html and "演示数据" in html, url
    clear_demo_data()
    assert "banner-demo" not in leader_client.get(urls[0]).content.decode()
    # The snapshots followed: no demo figure is left in them
    assert not ProgressSnapshot.objects.filter(
        region__kind=Region.Kind.DISTRICT, actual_value__isnull=False
    ).exists()


def test_it_has_commands_to_load_and_clear(seeded):
    out = StringIO()
    with override_settings(DEBUG=True):
        call_command("load_demo_data", stdout=out)
    assert "演示实际值：新建" in out.getvalue()
    assert demo_actuals().exists()
    call_command("clear_demo_data", stdout=out)
    assert "已删除演示实际值" in out.getvalue()
    assert not demo_actuals().exists()


def test_it_loads_nothing_in_production_unless_forced(seeded):
    from django.core.management.base import CommandError

    out = StringIO()
    with override_settings(DEBUG=False):
        with pytest.raises(CommandError, match="未载入演示数据"):
            call_command("load_demo_data", stdout=out)
        assert not demo_actuals().exists()
        call_command("load_demo_data", "--force", stdout=out)
    assert demo_actuals().exists()


def test_it_asks_for_the_seed_first(db):
    from django.core.management.base import CommandError

    with override_settings(DEBUG=True), pytest.raises(CommandError, match="尚未载入种子数据"):
        call_command("load_demo_data", stdout=StringIO())
    assert not Actual.objects.exists()
