"""Reporting periods and vintages: the pure vocabulary every room shares (docs/progress.md,
"Reporting periods and 序时进度").

A period is named by the month it ends with, year to date, as the figures are published:
``9`` is 1–9月 (前三季度), ``12`` the full year (年度). An indicator's frequency says which
months it reports. An annual figure arrives in vintages (快报, 年报/正式, 修订), each a record of
its own; the latest approved one counts.
"""

FREQUENCIES = ("monthly", "quarterly", "half_yearly", "yearly")
FULL_YEAR = 12

_MONTHS = {
    "monthly": tuple(range(1, 13)),
    "quarterly": (3, 6, 9, 12),
    "half_yearly": (6, 12),
    "yearly": (12,),
}

# Ordered: a later vintage supersedes an earlier one of the same period.
VINTAGES = ("flash", "final", "revised")
DEFAULT_VINTAGE = "final"


def period_months(frequency: str) -> tuple[int, ...]:
    """The period-end months an indicator of this frequency reports, in order."""
    try:
        return _MONTHS[frequency]
    except KeyError:
        raise ValueError(f"unknown frequency: {frequency!r}") from None


def is_period_of(frequency: str, month: int) -> bool:
    return month in period_months(frequency)


def is_full_year(month: int) -> bool:
    return month == FULL_YEAR


def elapsed_share(month: int) -> float:
    """The share of the year elapsed at the end of a period (linear calendar)."""
    if not 1 <= month <= FULL_YEAR:
        raise ValueError(f"period month out of range: {month!r}")
    return month / FULL_YEAR


def vintage_rank(vintage: str) -> int:
    """Order of vintages: a higher rank supersedes a lower one."""
    try:
        return VINTAGES.index(vintage)
    except ValueError:
        raise ValueError(f"unknown vintage: {vintage!r}") from None
