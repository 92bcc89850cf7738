"""The calendar and completeness per period (issue 13, item 5): a year-to-date period is due by
the periodic rule (1–6月 by 15 July), the full year by the 快报 rule and, once a 快报 is handed
in, by the 年报's; the entry page shows each period's due date and state; completeness counts
the cells of a period."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from indicators.entry import calendar as cal
from indicators.entry import reporting, services
from indicators.models import Indicator, ReportingAssignment
from tests.indicators.entry_world import YEAR, make_world

RULES = cal.DueRules()  # the defaults: the 15th, end of February, end of September, 14 days


def on(monkeypatch, day: dt.date):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)


# --- the pure rule ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "frequency, period, due",
    [
        ("monthly", 6, dt.date(2024, 7, 15)),  # 1–6月 by 15 July
        ("quarterly", 6, dt.date(2024, 7, 15)),
        ("half_yearly", 6, dt.date(2024, 7, 15)),
        ("monthly", 1, dt.date(2024, 2, 15)),
        ("quarterly", 9, dt.date(2024, 10, 15)),
        ("monthly", 11, dt.date(2024, 12, 15)),
    ],
)
def test_a_year_to_date_period_is_due_on_the_15th_of_the_month_after(frequency, period, due):
    got, state = cal.period_due(
        frequency=frequency, year=2024, period=period, rules=RULES, today=dt.date(2024, 7, 16)
    )
    assert got == due
    assert state == (cal.OVERDUE if due < dt.date(2024, 7, 16) else cal.OPEN)


def test_1_to_6_is_due_soon_on_the_day_and_handed_in_once_submitted():
    assert cal.period_due(
        frequency="monthly", year=2024, period=6, rules=RULES, today=dt.date(2024, 7, 15)
    ) == (dt.date(2024, 7, 15), cal.DUE_SOON)
    assert cal.period_due(
        frequency="monthly",
        year=2024,
        period=6,
        rules=RULES,
        today=dt.date(2024, 8, 1),
        handed_in={"final"},
    ) == (dt.date(2024, 7, 15), cal.SUBMITTED)


@pytest.mark.parametrize("frequency", ["monthly", "quarterly", "yearly"])
def test_the_full_year_is_due_by_the_flash_rule_then_by_the_final_one(frequency):
    today = dt.date(2025, 3, 10)
    # Nothing handed in: the 快报, due 28 February 2025, is overdue
    assert cal.period_due(frequency=frequency, year=2024, period=12, rules=RULES, today=today) == (
        dt.date(2025, 2, 28),
        cal.OVERDUE,
    )
    # The 快报 handed in: the 年报 is due by 30 September 2025
    assert cal.period_due(
        frequency=frequency, year=2024, period=12, rules=RULES, today=today, handed_in={"flash"}
    ) == (dt.date(2025, 9, 30), cal.OPEN)
    # A 年报 (or 修订) handed in: nothing is due
    for vintage in ("final", "revised"):
        assert (
            cal.period_due(
                frequency=frequency,
                year=2024,
                period=12,
                rules=RULES,
                today=today,
                handed_in={vintage},
            )[1]
            == cal.SUBMITTED
        )


def test_the_current_period_is_the_latest_one_ended():
    day = dt.date(2024, 7, 20)
    assert cal.current_period(frequency="monthly", year=2024, today=day) == 6
    assert cal.current_period(frequency="quarterly", year=2024, today=day) == 6
    assert cal.current_period(frequency="half_yearly", year=2024, today=day) == 6
    assert cal.current_period(frequency="quarterly", year=2024, today=dt.date(2024, 3, 31)) is None
    assert cal.current_period(frequency="yearly", year=2024, today=day) is None
    assert cal.current_period(frequency="monthly", year=2023, today=day) is None  # year over


# --- on the pages ----------------------------------------------------------------------------
@pytest.fixture
def w(db):
    world = make_world()
    world.money.frequency = Indicator.Frequency.QUARTERLY
    world.money.save()
    world.growth.frequency = Indicator.Frequency.MONTHLY
    world.growth.save()
    return world


def test_the_entry_page_shows_each_periods_due_date_and_state(client, w, monkeypatch):
    # On 20 July 2024, 鹿城区's 1–6月 page: due 15 July, overdue
    on(monkeypatch, dt.date(2024, 7, 20))
    client.force_login(w.county)
    page = client.get(reverse("entry:home"), {"year": YEAR, "period": 6}).content.decode()
    assert page.count('data-due="2024-07-15"') == 2  # K7 and K9
    assert "已逾期" in page
    # Its 1–9月 page: due 15 October, not yet
    page = client.get(reverse("entry:home"), {"year": YEAR, "period": 9}).content.decode()
    assert 'data-due="2024-10-15"' in page
    assert "已逾期" not in page


def test_completeness_counts_the_cells_of_a_period(w):
    # Given K7 (quarterly), K9 (monthly) and K4 (yearly) assigned to the city and 鹿城区
    for indicator in (w.money, w.growth, w.count):
        for region, unit in ((w.city, w.bureau_unit), (w.county_region, None)):
            ReportingAssignment.objects.create(indicator=indicator, region=region, unit=unit)

    def save(indicator, region, value, period, user):
        return services.actual_save(
            user=user,
            indicator=indicator,
            region=region,
            year=YEAR,
            value=value,
            period=period,
        )

    # 1–6月: the city's K7 approved, 鹿城区's K7 submitted, 鹿城区's K9 a draft
    approved = services.review_submit(user=w.bureau, obj=save(w.money, w.city, 40, 6, w.bureau))
    services.review_approve(user=w.reviewer, obj=approved)
    services.review_submit(user=w.county, obj=save(w.money, w.county_region, 10, 6, w.county))
    save(w.growth, w.county_region, 12, 6, w.county)
    # 1–5月: only K9 reports it; nothing entered
    # the full year: 鹿城区's K4 as 快报
    services.actual_save(
        user=w.county,
        indicator=w.count,
        region=w.county_region,
        year=YEAR,
        value=3700,
        vintage="flash",
    )

    def totals(period):
        total = reporting.completeness(year=YEAR, period=period)["regions"][-1]
        return (total.expected, total.entered, total.submitted, total.approved, total.missing)

    # 1–6月 expects K7 and K9 of both regions (4 cells), not the yearly K4
    assert totals(6) == (4, 3, 2, 1, 1)
    by_region = {r.label: r for r in reporting.completeness(year=YEAR, period=6)["regions"]}
    assert (by_region["鹿城区"].expected, by_region["鹿城区"].entered) == (2, 2)
    # 1–5月 expects K9 only
    assert totals(5) == (2, 0, 0, 0, 2)
    # The full year expects all six cells; 鹿城区's K4 快报 is entered
    assert totals(12) == (6, 1, 0, 0, 5)


def test_the_completeness_page_takes_a_period(client, w):
    ReportingAssignment.objects.create(indicator=w.growth, region=w.city, unit=w.bureau_unit)
    client.force_login(w.reviewer)
    response = client.get(reverse("entry:completeness"), {"year": YEAR, "period": 6})
    assert response.status_code == 200
    assert "2024年1–6月填报完成情况" in response.content.decode()
    csv = client.get(reverse("entry:completeness"), {"year": YEAR, "period": 6, "format": "csv"})
    assert csv.status_code == 200
