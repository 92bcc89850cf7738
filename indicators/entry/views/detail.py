"""What a value's page shows beside the value itself: last year's figure of the same period,
the year's target, every vintage of its cell's full year with the change between them and the
one that counts, and every period's figure of the year for a periodic indicator."""

from __future__ import annotations

from common.display import change_text, is_percentage, year_change_text
from common.numbers import figure_decimals
from common.periods import period_label, period_name
from indicators.compute.periods import vintage_rank
from indicators.entry import selectors as entry_selectors
from indicators.models import Actual


def vintage_rows(records: list[Actual], unit: str, decimals: int) -> list[dict]:
    """The vintages of one cell's full year, 快报 first, each with its change from the vintage
    before it: in the indicator's unit (个百分点 for a percentage) and, for anything but a
    percentage, relative too; `counts`: the latest approved vintage, the one progress uses."""
    records = sorted(records, key=lambda a: vintage_rank(a.vintage))
    counting = entry_selectors.counting_vintage(records)
    rows, previous = [], None
    for record in records:
        change = relative = ""
        if previous is not None:
            places = max(figure_decimals(record.value), figure_decimals(previous.value), decimals)
            change = change_text(record.value - previous.value, unit, places)
            if not is_percentage(unit):
                relative = year_change_text(record.value, previous.value, unit)
        rows.append(
            {
                "actual": record,
                "change": change,
                "relative": relative,
                "counts": counting is not None and record.pk == counting.pk,
            }
        )
        previous = record
    return rows


def period_rows(actual: Actual) -> list[dict]:
    """Every period's figure of the value's year and region (the latest vintage of the full
    year), in the order of the year, for an indicator reporting during the year."""
    if actual.indicator.frequency == "yearly":
        return []
    records = Actual.objects.filter(
        indicator=actual.indicator, region=actual.region, year=actual.year
    ).select_related("indicator")
    latest = entry_selectors.latest_vintages(records)
    return [
        {"name": period_name(record.period), "actual": record, "current": record.pk == actual.pk}
        for _key, record in sorted(latest.items(), key=lambda item: item[0][3])
    ]


def detail_context(actual: Actual) -> dict:
    indicator = actual.indicator
    last_records = Actual.objects.filter(
        indicator=indicator, region=actual.region, year=actual.year - 1, period=actual.period
    )
    last = next(iter(entry_selectors.latest_vintages(last_records).values()), None)
    target = entry_selectors.targets_of_year([indicator], actual.region, actual.year).get(
        indicator.pk
    )
    vintages = []
    if actual.period == 12:
        cell = list(
            Actual.objects.filter(
                indicator=indicator, region=actual.region, year=actual.year, period=12
            ).select_related("entered_by", "reviewed_by")
        )
        vintages = vintage_rows(cell, indicator.unit_of_measure, indicator.decimals or 0)
    return {
        "actual": actual,
        "period_text": period_name(actual.period),
        "period_full": period_label(actual.year, actual.period),
        "last_period_full": period_label(actual.year - 1, actual.period),
        "last": last,
        "target": target,
        "vintages": vintages,
        "periods": period_rows(actual),
    }
