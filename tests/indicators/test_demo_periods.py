"""Demo data by period: the monthly and quarterly indicators get year-to-date figures consistent
with their demo annual figures (flows reach the year's figure in December, the regions add up to
the city), up to 2025年1–9月 for the year in progress, so the 序时进度 has something to show."""

from decimal import Decimal

import pytest

from indicators.catalogue.demo import DEMO_NOTE, clear_demo_data, demo_cells, load_demo_data
from indicators.catalogue.demo_periods import DEMO_PARTIAL
from indicators.models import Actual, Indicator, Region, WorkflowState

pytestmark = pytest.mark.django_db


@pytest.fixture
def cells(seeded):
    return demo_cells()


def by_code(code: str) -> Indicator:
    return Indicator.objects.get(code=code)


def test_only_periodic_indicators_get_year_to_date_figures_of_their_frequency(cells):
    frequency = dict(Indicator.objects.values_list("id", "frequency"))
    periods: dict[str, set[int]] = {}
    for indicator_id, _region, _year, period in cells:
        if period < 12:
            periods.setdefault(frequency[indicator_id], set()).add(period)

    assert set(periods) == {"monthly", "quarterly"}
    assert periods["monthly"] == set(range(1, 12))
    assert periods["quarterly"] == {3, 6, 9}


def test_a_flow_accumulates_to_its_annual_figure(cells):
    # Given K8 (new incubator space, a flow, quarterly) in 温州市 2023
    k8, city = by_code("K8"), Region.objects.get(kind=Region.Kind.CITY)
    annual = cells[(k8.id, city.id, 2023, 12)]
    ytd = [cells[(k8.id, city.id, 2023, m)] for m in (3, 6, 9)]
    # Then 1–3月 ≤ 1–6月 ≤ 1–9月 ≤ 1–12月, which is the annual figure itself
    assert ytd == sorted(ytd)
    assert ytd[0] > 0 and ytd[-1] <= annual
    # And 1–9月 is a plausible three quarters of the year
    assert Decimal("0.55") < ytd[-1] / annual < Decimal("0.9")


def test_the_seed_baseline_year_has_its_periods_too(cells):
    k8, city = by_code("K8"), Region.objects.get(kind=Region.Kind.CITY)
    # 2022's full year is the printed baseline (152), not a demo figure
    assert (k8.id, city.id, 2022, 12) not in cells
    assert cells[(k8.id, city.id, 2022, 9)] < Decimal("152")


def test_the_regions_year_to_date_figures_add_up_to_the_citys(cells):
    k7, city = by_code("K7"), Region.objects.get(kind=Region.Kind.CITY)
    in_rollup = set(Region.objects.filter(in_rollup=True).values_list("id", flat=True))
    for year, period in ((2023, 6), (2024, 9), (2025, 3)):
        total = sum(
            v
            for (i, r, y, p), v in cells.items()
            if (i, y, p) == (k7.id, year, period) and r in in_rollup
        )
        city_value = cells[(k7.id, city.id, year, period)]
        assert abs(total - city_value) / city_value < Decimal("0.02"), (year, period)


def test_a_rate_for_the_period_stays_near_the_years_rate(cells):
    # K9 (high-tech investment growth, %, monthly): each 1–m月 rate within a few points of the year's
    k9, city = by_code("K9"), Region.objects.get(kind=Region.Kind.CITY)
    annual = cells[(k9.id, city.id, 2024, 12)]
    for month in range(1, 12):
        assert abs(cells[(k9.id, city.id, 2024, month)] - annual) <= annual * Decimal("0.25")
    assert abs(cells[(k9.id, city.id, 2024, 11)] - annual) <= annual * Decimal("0.03")


def test_the_year_in_progress_has_periods_up_to_a_recent_month_and_no_full_year(cells):
    year, month = DEMO_PARTIAL
    k9 = by_code("K9")
    periods = {p for (i, _r, y, p) in cells if (i, y) == (k9.id, year)}
    assert periods == set(range(1, month + 1))
    assert not any(y == year and p == 12 for (_i, _r, y, p) in cells)


def test_the_loader_stores_them_as_approved_demo_figures_and_clears_them(seeded):
    result = load_demo_data(recompute=False)
    ytd = Actual.objects.filter(origin=Actual.Origin.DEMO, period__lt=12)

    assert ytd.exists() and result.created == Actual.objects.filter(origin="demo").count()
    assert set(ytd.values_list("state", "vintage", "source_note").distinct()) == {
        (WorkflowState.APPROVED, "final", DEMO_NOTE)
    }
    # A 1–6月 figure is reported in July, after its period
    july = ytd.filter(period=6, year=2024).first()
    assert (july.submitted_at.year, july.submitted_at.month) == (2024, 7)
    # Loading again changes nothing; clearing removes them all
    assert load_demo_data(recompute=False).created == 0
    clear_demo_data(recompute=False)
    assert not Actual.objects.filter(origin=Actual.Origin.DEMO).exists()


def test_the_loader_leaves_an_entered_year_to_date_figure_alone(seeded):
    # Given 鹿城区's own 1–6月 figure of K9 for 2024
    lucheng = Region.objects.get(name="鹿城区")
    entered = Actual.objects.create(
        indicator=by_code("K9"),
        region=lucheng,
        year=2024,
        period=6,
        value=Decimal("17.5"),
        state=WorkflowState.SUBMITTED,
        origin=Actual.Origin.ENTRY,
    )
    # When demo data is loaded
    result = load_demo_data(recompute=False)
    # Then it stands, counted as kept, and no demo figure sits beside it
    entered.refresh_from_db()
    assert (entered.value, entered.origin) == (Decimal("17.5"), Actual.Origin.ENTRY)
    assert result.kept_real == 1
    assert (
        Actual.objects.filter(indicator__code="K9", region=lucheng, year=2024, period=6).count()
        == 1
    )
