"""The reporting calendar (indicators/entry/calendar.py): due dates by frequency and vintage, and
a cell's state against a fixed clock. Pure: no database."""

import datetime as dt

import pytest

from indicators.entry import calendar as cal

RULES = cal.DueRules(period_day=15, flash_month=2, final_month=9, soon_days=14)


def test_it_dates_a_yearly_flash_at_the_end_of_february_of_the_next_year():
    # 2023's 快报 by 29 February 2024 (a leap year), 2024's by 28 February 2025
    assert cal.due_date(frequency="yearly", year=2023, rules=RULES) == dt.date(2024, 2, 29)
    assert cal.due_date(frequency="yearly", year=2024, rules=RULES) == dt.date(2025, 2, 28)


def test_it_dates_a_yearly_final_at_the_end_of_september_of_the_next_year():
    assert cal.due_date(frequency="yearly", year=2023, rules=RULES, vintage=cal.FINAL) == dt.date(
        2024, 9, 30
    )


def test_it_dates_a_monthly_figure_on_the_fifteenth_of_the_following_month():
    # 1–9月 2023 by 15 October 2023; 1–12月 2023 by 15 January 2024
    assert cal.due_date(frequency="monthly", year=2023, rules=RULES, period_end_month=9) == dt.date(
        2023, 10, 15
    )
    assert cal.due_date(
        frequency="monthly", year=2023, rules=RULES, period_end_month=12
    ) == dt.date(2024, 1, 15)


def test_it_dates_a_quarter_by_its_last_month():
    assert cal.due_date(
        frequency="quarterly", year=2024, rules=RULES, period_end_month=6
    ) == dt.date(2024, 7, 15)


def test_it_follows_other_rules_given_as_settings():
    rules = cal.DueRules(period_day=10, flash_month=3, final_month=6)
    assert cal.due_date(frequency="yearly", year=2023, rules=rules) == dt.date(2024, 3, 31)
    assert cal.due_date(frequency="monthly", year=2023, rules=rules, period_end_month=1) == dt.date(
        2023, 2, 10
    )


def test_it_refuses_a_periodic_figure_without_its_period_and_unknown_rules():
    with pytest.raises(ValueError):
        cal.due_date(frequency="monthly", year=2023, rules=RULES)
    with pytest.raises(ValueError):
        cal.due_date(frequency="weekly", year=2023, rules=RULES)
    with pytest.raises(ValueError):
        cal.DueRules(period_day=31)


@pytest.mark.parametrize(
    ("today", "handed_in", "state"),
    [
        # Given a figure due on 29 February 2024 and "due soon" meaning within 14 days
        (dt.date(2024, 2, 1), False, cal.OPEN),  # 28 days left
        (dt.date(2024, 2, 14), False, cal.OPEN),  # 15 days left
        (dt.date(2024, 2, 15), False, cal.DUE_SOON),  # 14 days left
        (dt.date(2024, 2, 29), False, cal.DUE_SOON),  # the due day itself
        (dt.date(2024, 3, 1), False, cal.OVERDUE),  # the day after
        (dt.date(2024, 3, 1), True, cal.SUBMITTED),  # handed in: nothing is due
    ],
)
def test_it_tells_open_due_soon_overdue_and_handed_in(today, handed_in, state):
    due = dt.date(2024, 2, 29)
    assert cal.due_state(due=due, today=today, handed_in=handed_in, soon_days=14) == state
