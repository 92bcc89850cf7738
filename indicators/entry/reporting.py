"""Reads of who reports what: the assigned indicators of a region, each assigned cell of a year
with its due date and state (the entry pages, the due API), and the completeness counts per unit
and per region (the reviewers' page and its export). Writes live in services/assignments.py."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
    """Today every indicator is yearly; once indicators declare a frequency, it is theirs."""
    return getattr(indicator, "frequency", None) or cal.YEARLY


def cell_due(indicator: Indicator, year: int, *, rules: cal.DueRules | None = None) -> dt.date:
    """The due date of an indicator's figure of a year (a year's value by the 快报 rule)."""
    return cal.due_date(
        frequency=indicator_frequency(indicator),
        year=year,
        rules=rules or due_rules(),
        period_end_month=12,
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
) -> list[DueCell]:
    """Every assigned cell of the year (optionally of a region, a unit, in a state), with its due
    date and state against `today` (the local date when None), by due date then indicator."""
    assignments = ReportingAssignment.objects.select_related("indicator", "region", "unit")
    if region is not None:
        assignments = assignments.filter(region=region)
    if unit is not None:
        assignments = assignments.filter(unit=unit)
    assignments = list(assignments)
    actuals = {
        (a.indicator_id, a.region_id): a
        for a in Actual.objects.filter(
            year=year, indicator_id__in={row.indicator_id for row in assignments}
        )
    }
    rules = due_rules()
    today = today or timezone.localdate()
    cells = []
    for row in assignments:
        actual = actuals.get((row.indicator_id, row.region_id))
        due = cell_due(row.indicator, year, rules=rules)
        cells.append(DueCell(row, year, due, actual, cell_state(due, actual, today=today)))
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


def completeness(*, year: int) -> dict[str, list[CompletenessRow]]:
    """Expected, entered, submitted and approved counts of the year's assigned cells, per unit
    (the unit the assignment names; 未指定 for none) and per region, with a total row last."""
    assignments = ReportingAssignment.objects.select_related("region", "unit").order_by(
        "region__order"
    )
    states = dict(
        ((a["indicator_id"], a["region_id"]), a["state"])
        for a in Actual.objects.filter(year=year).values("indicator_id", "region_id", "state")
    )
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
        state = states.get((row.indicator_id, row.region_id))
        for counted in (unit_row, region_row, total):
            counted.expected += 1
            counted.entered += state is not None
            counted.submitted += state in HANDED_IN
            counted.approved += state == WorkflowState.APPROVED
    units = sorted(by_unit.items(), key=lambda item: (unit_order[item[0]], item[1].label))
    return {
        "units": [*(row for _key, row in units), total],
        "regions": [*by_region.values(), total],
    }
