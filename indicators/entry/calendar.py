"""The reporting calendar: when a figure is due, and whether it is due soon or overdue.

Pure Python (no Django): the rules come in as a `DueRules` built from the WZSCI_DUE_* settings
(docs/reporting.md), the clock as a `today` argument, so the tests fix both.

- monthly, quarterly, half-yearly figures (a period ending in month m of the year): day
  `period_day` of the month after m (the 15th: January's figure by 15 February, December's by
  15 January of the next year);
- yearly figures: the 快报 (flash) by the last day of `flash_month` of the next year (end of
  February), the 年报 (final) by the last day of `final_month` of the next year (end of
  September).

A cell's period (`period_due`): a year-to-date period of a monthly, quarterly or half-yearly
indicator is due by the periodic rule; the full year of every indicator (whatever its frequency)
by the annual rules, vintage by vintage: the 快报 until one is handed in, then the 年报. A handed-in
年报 or 修订 leaves nothing due.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

YEARLY = "yearly"
PERIODIC = ("monthly", "quarterly", "half_yearly")
FLASH = "flash"  # 快报
FINAL = "final"  # 年报

# A cell's state against its due date.
SUBMITTED = "submitted"  # handed in (submitted or approved): nothing is due
OVERDUE = "overdue"  # not handed in and the due date has passed
DUE_SOON = "due_soon"  # not handed in, due within the next `soon_days` days (today included)
OPEN = "open"  # not handed in, due later
STATES = (OVERDUE, DUE_SOON, OPEN, SUBMITTED)


@dataclass(frozen=True)
class DueRules:
    period_day: int = 15  # day of the month after a monthly/quarterly/half-year period
    flash_month: int = 2  # 快报: end of this month of the next year
    final_month: int = 9  # 年报: end of this month of the next year
    soon_days: int = 14  # "due soon": due within this many days

    def __post_init__(self):
        if not 1 <= self.period_day <= 28:
            raise ValueError("period_day must be 1–28 (a day every month has)")
        for month in (self.flash_month, self.final_month):
            if not 1 <= month <= 12:
                raise ValueError("flash_month and final_month must be 1–12")
        if self.soon_days < 0:
            raise ValueError("soon_days must not be negative")


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def due_date(
    *,
    frequency: str,
    year: int,
    rules: DueRules,
    period_end_month: int | None = None,
    vintage: str = FLASH,
) -> dt.date:
    """The day a figure of `year` is due.

    `frequency`: "yearly", or "monthly"/"quarterly"/"half_yearly" with `period_end_month` (1–12,
    the last month of the period: 9 for 1–9月 or the third quarter). `vintage`: for a yearly
    figure, FLASH (快报) or FINAL (年报). A periodic figure whose period ends in December is the
    year's figure of a monthly indicator, due by the same monthly rule (15 January).
    """
    if frequency == YEARLY:
        if vintage == FLASH:
            return month_end(year + 1, rules.flash_month)
        if vintage == FINAL:
            return month_end(year + 1, rules.final_month)
        raise ValueError(f"unknown vintage {vintage!r}")
    if frequency in PERIODIC:
        if period_end_month is None or not 1 <= period_end_month <= 12:
            raise ValueError("a periodic figure needs its period's last month (1–12)")
        if period_end_month == 12:
            return dt.date(year + 1, 1, rules.period_day)
        return dt.date(year, period_end_month + 1, rules.period_day)
    raise ValueError(f"unknown frequency {frequency!r}")


def due_state(*, due: dt.date, today: dt.date, handed_in: bool, soon_days: int) -> str:
    """SUBMITTED, OVERDUE (after the due day), DUE_SOON (due in 0..soon_days days) or OPEN."""
    if handed_in:
        return SUBMITTED
    days_left = (due - today).days
    if days_left < 0:
        return OVERDUE
    if days_left <= soon_days:
        return DUE_SOON
    return OPEN


def period_due(
    *,
    frequency: str,
    year: int,
    period: int,
    rules: DueRules,
    today: dt.date,
    handed_in: frozenset[str] | set[str] = frozenset(),
) -> tuple[dt.date, str]:
    """(due date, state) of one cell's period.

    `period`: the month the period ends with (12: the full year). `handed_in`: the vintages
    ("flash", "final", "revised") of the period's records handed in (submitted or approved); a
    year-to-date period has one record, of vintage "final".

    - 1–m月 (m < 12) of a periodic indicator: day `period_day` of month m + 1, handed in once
      its record is;
    - the full year: the 快报's date while no vintage is handed in; once a 快报 is, the 年报's
      date and the state against it; a 年报 or 修订 handed in: SUBMITTED (the 快报's date
      shown, or the 年报's once a 快报 was handed in).
    """
    if period != 12:
        due = due_date(frequency=frequency, year=year, rules=rules, period_end_month=period)
        state = due_state(
            due=due, today=today, handed_in=bool(handed_in), soon_days=rules.soon_days
        )
        return due, state
    final_in = bool(set(handed_in) & {FINAL, "revised"})
    if FLASH in handed_in:
        due = due_date(frequency=YEARLY, year=year, rules=rules, vintage=FINAL)
    else:
        due = due_date(frequency=YEARLY, year=year, rules=rules, vintage=FLASH)
    return due, due_state(due=due, today=today, handed_in=final_in, soon_days=rules.soon_days)


def current_period(*, frequency: str, year: int, today: dt.date) -> int | None:
    """The latest year-to-date period (not the full year) of `year` that has ended by `today`,
    for an indicator of this frequency: on 20 July 2024 a monthly indicator's 1–6月, a quarterly
    one's 1–6月, none for a yearly one or for a year already over (its full year is due)."""
    if frequency not in PERIODIC or year != today.year:
        return None
    months = {"monthly": range(1, 12), "quarterly": (3, 6, 9), "half_yearly": (6,)}[frequency]
    ended = [m for m in months if m < today.month]
    return max(ended) if ended else None
