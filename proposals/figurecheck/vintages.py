"""Which vintage of a full year's figure a reply's figure is compared with: the one that existed
when the reply was written, where that can be known; otherwise the current one, and which.

An annual figure arrives in vintages (快报, 年报, 修订; indicators/compute/periods.py), each a
record of its own. A reply signed on 26 June 2024 could only quote what was approved by then:
the 2023 快报, say, not the 年报 approved in September. The history of each record
(simple_history) says what it held and in which state at any moment, so:

- with a date: for each record of the cell, its last historical state at the end of that day;
  those approved then are the vintages that existed, and the latest of them (修订 > 年报 > 快报)
  is the one compared (`as_of_date`);
- no record was approved by then (the seed's and the demo's figures were loaded later, or the
  figure came after the reply), or no date is given: the latest approved vintage now
  (`current`), and the check says so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from common.numbers import format_number
from indicators.compute.periods import vintage_rank
from indicators.models import Actual, WorkflowState

Cell = tuple[int, int, int]  # indicator id, region id, year
PeriodCell = tuple[int, int, int, int]  # indicator id, region id, year, period (12: full year)

AS_OF_DATE = "as_of_date"  # the vintage that existed on the reply's date
CURRENT = "current"  # today's latest approved vintage
VINTAGE_LABELS = dict(Actual.Vintage.choices)


@dataclass(frozen=True)
class PickedFigure:
    """The full year's figure a reply's figure is compared with."""

    actual_id: int
    value: Decimal
    vintage: str
    reviewed_at: dt.datetime | None
    source_note: str
    basis: str  # AS_OF_DATE or CURRENT
    as_of: dt.date | None  # the reply's date, when one was given

    @property
    def vintage_label(self) -> str:
        return str(VINTAGE_LABELS.get(self.vintage, self.vintage))

    @property
    def basis_note(self) -> str:
        """What the comparison rests on, for people: which vintage, and why that one."""
        if self.basis == AS_OF_DATE:
            return _("按答复日期（%(date)s）时已审核的%(vintage)s比对") % {
                "date": self.as_of.isoformat(),
                "vintage": self.vintage_label,
            }
        if self.as_of is not None:
            return _("答复日期（%(date)s）时尚无已审核数值记录，按当前的%(vintage)s比对") % {
                "date": self.as_of.isoformat(),
                "vintage": self.vintage_label,
            }
        return _("按当前的%(vintage)s比对") % {"vintage": self.vintage_label}

    @property
    def shown(self) -> str:
        return format_number(self.value)


def _end_of(day: dt.date) -> dt.datetime:
    """The first moment after `day`, local time: what existed "on" a day existed before it."""
    return timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def _cells_filter(cells: set[PeriodCell]) -> Q:
    where = Q()
    for indicator_id, region_id, year, period in cells:
        where |= Q(indicator_id=indicator_id, region_id=region_id, year=year, period=period)
    return where


def _latest(rows: Iterable) -> dict[PeriodCell, object]:
    best: dict[PeriodCell, object] = {}
    for row in rows:
        cell = (row.indicator_id, row.region_id, row.year, row.period)
        if cell not in best or vintage_rank(row.vintage) > vintage_rank(best[cell].vintage):
            best[cell] = row
    return best


def full_year_figures(
    cells: Iterable[Cell], *, as_of: dt.date | None = None
) -> dict[Cell, PickedFigure]:
    """For each cell with an approved full-year figure, the one a text written on `as_of` is
    compared with (see the module's docstring); cells with none are left out."""
    picked = period_figures(((*cell, 12) for cell in cells), as_of=as_of)
    return {cell[:3]: figure for cell, figure in picked.items()}


def period_figures(
    cells: Iterable[PeriodCell], *, as_of: dt.date | None = None
) -> dict[PeriodCell, PickedFigure]:
    """As full_year_figures, for cells of any period: a year-to-date record (1–9月) is a cell
    of its own, never taken for the year."""
    cells = {cell for cell in cells if None not in cell}
    if not cells:
        return {}
    where = _cells_filter(cells)
    now = {
        cell: PickedFigure(a.id, a.value, a.vintage, a.reviewed_at, a.source_note, CURRENT, as_of)
        for cell, a in _latest(Actual.objects.filter(where, state=WorkflowState.APPROVED)).items()
    }
    if as_of is None:
        return now
    # Each record's last state before the end of the day, then those approved then.
    then: dict[int, object] = {}
    for record in (
        Actual.history.filter(where, history_date__lt=_end_of(as_of))
        .order_by("id", "history_date", "history_id")
        .only(
            "id",
            "indicator_id",
            "region_id",
            "year",
            "period",
            "vintage",
            "value",
            "state",
            "reviewed_at",
            "source_note",
            "history_type",
        )
    ):
        then[record.id] = record
    existed = [
        r for r in then.values() if r.history_type != "-" and r.state == WorkflowState.APPROVED
    ]
    picked = dict(now)
    for cell, r in _latest(existed).items():
        picked[cell] = PickedFigure(
            r.id, r.value, r.vintage, r.reviewed_at, r.source_note, AS_OF_DATE, as_of
        )
    return picked
