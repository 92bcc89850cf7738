"""Reads of who reports what: the assigned indicators of a region, each assigned cell of a year's
period with its due date and state (the entry pages, the due API), and the completeness counts
per unit, per region and per period (the reviewers' page and its export). Writes live in services/assignments.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indicators.compute.periods import period_months, vintage_rank
from indicators.entry import calendar as cal
from indicators.models import Actual, Indicator, Region, ReportingAssignment, Unit, WorkflowState

HANDED_IN = (WorkflowState.SUBMITTED, WorkflowState.APPROVED)
STATE_LABELS = {
    cal.OVERDUE: _("已逾期"),
    cal.DUE_SOON: _("即将到期"),
    cal.OPEN: _("未到期"),
    cal.SUBMITTED: _("已报送"),
}


def due_rules() -> cal.DueRules:
    return cal.DueRules(
        period_day=settings.WZSCI_DUE_PERIOD_DAY,
        flash_month=settings.WZSCI_DUE_FLASH_MONTH,
        final_month=settings.WZSCI_DUE_FINAL_MONTH,
        soon_days=settings.WZSCI_DUE_SOON_DAYS,
    )


def indicator_frequency(indicator: Indicator) -> str:
    return getattr(indicator, "frequency", None) or cal.YEARLY


def cell_due(
    indicator: Indicator, year: int, *, period: int = 12, rules: cal.DueRules | None = None
) -> dt.date:
    """The due date of an indicator's figure of a year's period, nothing handed in yet (the full
    year by the 快报 rule, a year-to-date period by the periodic rule)."""
    return cal.period_due(
        frequency=indicator_frequency(indicator),
        year=year,
        period=period,
        rules=rules or due_rules(),
        today=timezone.localdate(),
    )[0]


def cell_due_state(
    indicator: Indicator,
    year: int,
    *,
    period: int = 12,
    records=(),
    rules: cal.DueRules | None = None,
    today: dt.date | None = None,
) -> tuple[dt.date, str]:
    """(due date, state) of a cell's period given its records (every vintage): calendar.period_due."""
    return cal.period_due(
        frequency=indicator_frequency(indicator),
        year=year,
        period=period,
        rules=rules or due_rules(),
        today=today or timezone.localdate(),
        handed_in={a.vintage for a in records if a.state in HANDED_IN},
    )


def cell_state(due: dt.date, actual: Actual | None, *, today: dt.date | None = None) -> str:
    return cal.due_state(
        due=due,
        today=today or timezone.localdate(),
        handed_in=actual is not None and actual.state in HANDED_IN,
        soon_days=settings.WZSCI_DUE_SOON_DAYS,
    )


def assigned_indicators(indicators, region: Region):
    """The indicators (a queryset) the region reports: those assigned to it, and those not yet
    assigned to anybody (open to all, services/assignments.py)."""
    rows = ReportingAssignment.objects.filter(indicator=OuterRef("pk"))
    return indicators.filter(Exists(rows.filter(region=region)) | ~Exists(rows))


@dataclass
class DueCell:
    assignment: ReportingAssignment
    year: int
    due: dt.date
    actual: Actual | None
    state: str

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])


def due_cells(
    *,
    year: int,
    region: Region | None = None,
    unit: Unit | None = None,
    state: str | None = None,
    today: dt.date | None = None,
    period: int = 12,
) -> list[DueCell]:
    """Every assigned cell of the year's period (optionally of a region, a unit, in a state), with
    its due date and state against `today` (the local date when None), by due date then
    indicator. A year-to-date period lists only the indicators whose frequency reports it;
    `actual` is the cell's latest vintage."""
    assignments = ReportingAssignment.objects.select_related("indicator", "region", "unit")
    if region is not None:
        assignments = assignments.filter(region=region)
    if unit is not None:
        assignments = assignments.filter(unit=unit)
    assignments = [
        a for a in assignments if period in period_months(indicator_frequency(a.indicator))
    ]
    records: dict[tuple[int, int], list[Actual]] = {}
    for a in Actual.objects.filter(
        year=year, period=period, indicator_id__in={row.indicator_id for row in assignments}
    ):
        records.setdefault((a.indicator_id, a.region_id), []).append(a)
    rules = due_rules()
    today = today or timezone.localdate()
    cells = []
    for row in assignments:
        cell = records.get((row.indicator_id, row.region_id), [])
        due, cell_state_ = cell_due_state(
            row.indicator, year, period=period, records=cell, rules=rules, today=today
        )
        latest = max(cell, key=lambda a: vintage_rank(a.vintage), default=None)
        cells.append(DueCell(row, year, due, latest, cell_state_))
    if state:
        cells = [c for c in cells if c.state == state]
    cells.sort(key=lambda c: (c.due, c.assignment.indicator.code, c.assignment.region.order))
    return cells


@dataclass
class CompletenessRow:
    label: str
    expected: int = 0
    entered: int = 0  # a value exists (any state)
    submitted: int = 0  # handed in: submitted or approved
    approved: int = 0

    @property
    def missing(self) -> int:
        return self.expected - self.entered


def completeness(*, year: int, period: int = 12) -> dict[str, list[CompletenessRow]]:
    """Expected, entered, submitted and approved counts of the assigned cells of the year's
    period, per unit (the unit the assignment names; 未指定 for none) and per region, with a
    total row last. A year-to-date period expects only the indicators whose frequency reports
    it; a full year counts as entered, submitted or approved when any of its vintages is."""
    assignments = [
        a
        for a in ReportingAssignment.objects.select_related("region", "unit", "indicator").order_by(
            "region__order"
        )
        if period in period_months(indicator_frequency(a.indicator))
    ]
    states: dict[tuple[int, int], set[str]] = {}
    for a in Actual.objects.filter(year=year, period=period).values(
        "indicator_id", "region_id", "state"
    ):
        states.setdefault((a["indicator_id"], a["region_id"]), set()).add(a["state"])
    by_unit: dict[object, CompletenessRow] = {}
    by_region: dict[int, CompletenessRow] = {}
    total = CompletenessRow(str(_("合计")))
    unit_order: dict[object, int] = {}
    for row in assignments:
        unit_key = row.unit_id or 0
        unit_order[unit_key] = row.unit.order if row.unit else 9999
        unit_row = by_unit.setdefault(
            unit_key, CompletenessRow(row.unit.name if row.unit else str(_("未指定")))
        )
        region_row = by_region.setdefault(row.region_id, CompletenessRow(row.region.name))
        cell = states.get((row.indicator_id, row.region_id), set())
        for counted in (unit_row, region_row, total):
            counted.expected += 1
            counted.entered += bool(cell)
            counted.submitted += bool(cell & set(HANDED_IN))
            counted.approved += WorkflowState.APPROVED in cell
    units = sorted(by_unit.items(), key=lambda item: (unit_order[item[0]], item[1].label))
    return {
        "units": [*(row for _key, row in units), total],
        "regions": [*by_region.values(), total],
    }
