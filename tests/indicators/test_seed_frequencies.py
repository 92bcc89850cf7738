"""The seed's frequencies: the flows and rates published during the year as 1–m月 figures are
monthly or quarterly, everything else yearly; the printed figures do not change."""

from decimal import Decimal

import pytest

from indicators.catalogue.seed import load_seed
from indicators.models import Actual, Indicator, Region

pytestmark = pytest.mark.django_db

MONTHLY = {"K3", "K6", "K9", "R-2"}
QUARTERLY = {"K7", "K8", "G-13"}


def test_it_seeds_the_frequency_of_the_figures_published_during_the_year(seeded):
    frequencies = dict(Indicator.objects.values_list("code", "frequency"))

    assert {c for c, f in frequencies.items() if f == "monthly"} == MONTHLY
    assert {c for c, f in frequencies.items() if f == "quarterly"} == QUARTERLY
    # Every other indicator — stocks, R&D intensity, counts — stays yearly
    assert {f for c, f in frequencies.items() if c not in MONTHLY | QUARTERLY} == {"yearly"}
    assert {c for c, f in frequencies.items() if f == "half_yearly"} == set()


def test_the_seeded_frequencies_are_flows_and_rates_never_stocks(seeded):
    periodic = Indicator.objects.exclude(frequency=Indicator.Frequency.YEARLY)

    assert Indicator.Kind.STOCK not in set(periodic.values_list("kind", flat=True))


def test_a_frequency_changed_by_hand_is_set_back_by_the_next_seed_load(seeded):
    # Given K9's frequency changed to yearly, and its printed baseline of 2022
    Indicator.objects.filter(code="K9").update(frequency=Indicator.Frequency.YEARLY)
    city = Region.objects.get(kind=Region.Kind.CITY)
    # When the seed is loaded (as `make setup` does after each release)
    report = load_seed()
    # Then K9 is monthly again, and that is the only change
    assert Indicator.objects.get(code="K9").frequency == "monthly"
    assert report.changed == 1, report.lines()
    baseline = Actual.objects.get(indicator__code="K9", region=city, year=2022)
    assert (baseline.period, baseline.vintage, baseline.value) == (12, "final", Decimal("9.6"))


def test_a_year_to_date_figure_beside_a_baseline_leaves_the_baseline_alone(seeded):
    # Given a 1–9月 figure of K9 for 2022 entered beside the printed full-year baseline
    city = Region.objects.get(kind=Region.Kind.CITY)
    k9 = Indicator.objects.get(code="K9")
    Actual.objects.create(
        indicator=k9, region=city, year=2022, period=9, value=Decimal("11.2"), state="approved"
    )
    # When the seed is loaded again
    report = load_seed()
    # Then nothing changed: the baseline is the full year's figure, the 1–9月 one stays beside it
    assert report.changed == 0, report.lines()
    assert not report.notes
    assert {
        (a.period, a.value) for a in Actual.objects.filter(indicator=k9, region=city, year=2022)
    } == {(9, Decimal("11.2")), (12, Decimal("9.6"))}
