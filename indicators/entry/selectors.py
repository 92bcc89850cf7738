"""Reads of the entry area: what a user may fill, with targets, last year's values and states.

No writes here. Which cells a user may fill is decided by the same rules the services enforce
(indicators/rules.py), so the screen, the Excel template and the import can never disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext

from common.numbers import target_text
from common.people import display_name
from indicators import rules as entry_rules
from indicators.compute.periods import period_months, vintage_rank
from indicators.entry import reporting

# A cell's reads across periods and vintages live in cell_selectors.py; callers find them here.
from indicators.entry.cell_selectors import counting_vintage as counting_vintage
from indicators.entry.cell_selectors import earlier_vintages as earlier_vintages
from indicators.entry.cell_selectors import last_year_value as last_year_value
from indicators.entry.cell_selectors import last_year_values as last_year_values
from indicators.entry.cell_selectors import latest_vintages
from indicators.models import (
    Actual,
    Indicator,
    ProgressSnapshot,
    Region,
    Target,
    Task,
    TaskReport,
    TaskUnit,
    WorkflowState,
    YearClosure,
)
from indicators.roles import Role

CATEGORY_ORDER = {Indicator.Category.KEY: 0, Indicator.Category.GOAL: 1, Indicator.Category.TASK: 2}


def entry_years() -> list[int]:
    """Years offered for entry: from the baseline year to the current year, newest first."""
    latest = timezone.localdate().year
    return list(range(latest, settings.WZSCI_BASELINE_YEAR - 1, -1))


def default_entry_year() -> int:
    """Last year: a year's figures are reported in the following year."""
    return timezone.localdate().year - 1


def entry_regions(user) -> list[Region]:
    """Regions the user may enter at least one indicator for."""
    roles = entry_rules.roles_of(user)
    profile = entry_rules.profile_of(user)
    if entry_rules.is_administrator(user):
        candidates = list(Region.objects.order_by("order"))
    else:
        candidates = []
        if Role.BUREAU_STAFF in roles and profile and profile.unit_id:
            candidates += list(Region.objects.filter(kind=Region.Kind.CITY))
        if Role.COUNTY_STAFF in roles and profile and profile.region_id:
            candidates += [profile.region]
    indicators = list(Indicator.objects.all())
    out = []
    for region in candidates:
        if region not in out and any(
            user.has_perm(entry_rules.ENTER_ACTUAL, (i, region)) for i in indicators
        ):
            out.append(region)
    return out


def enterable_indicators(user, region: Region) -> list[Indicator]:
    # Only what the region is asked for (who reports what, docs/reporting.md).
    indicators = reporting.assigned_indicators(
        Indicator.objects.select_related("lead_unit", "plan"), region
    )
    chosen = [i for i in indicators if user.has_perm(entry_rules.ENTER_ACTUAL, (i, region))]
    chosen.sort(
        key=lambda i: (CATEGORY_ORDER.get(i.category, 9), i.key_order or 0, _code_key(i.code))
    )
    return chosen


def _code_key(code: str):
    """K2 before K10, T2-1 before T10-1."""
    import re

    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", code)]


@dataclass
class TargetOfYear:
    value: Decimal | float
    comparator: str  # ≥ ≈ ≤
    source: str  # the plan's document number, or a note
    interpolated: bool = False
    benchmark: bool = False  # a region benchmarked against the city's target
    others: list[str] = field(default_factory=list)  # other plans' targets for the same year


@dataclass
class EntryRow:
    indicator: Indicator
    region: Region
    year: int
    actual: Actual | None
    last: Actual | None
    target: TargetOfYear | None
    due: dt.date | None = None  # the reporting calendar (entry/calendar.py)
    due_state: str = ""
    period: int = 12  # the month the year-to-date period ends with; 12: the full year
    vintage: str = Actual.Vintage.FINAL  # the record's vintage, or the one a new value gets
    vintages: list[Actual] = field(default_factory=list)  # every record of the cell × period

    @property
    def vintage_label(self) -> str:
        return str(Actual.Vintage(self.vintage).label)

    @property
    def other_vintages(self) -> list[Actual]:
        return [a for a in self.vintages if self.actual is None or a.pk != self.actual.pk]

    @property
    def due_state_label(self) -> str:
        return str(reporting.STATE_LABELS.get(self.due_state, ""))

    @property
    def editable(self) -> bool:
        # A submitted value is read-only until withdrawn (撤回); an approved one is locked.
        return self.actual is None or self.actual.state not in {
            WorkflowState.APPROVED,
            WorkflowState.SUBMITTED,
        }

    @property
    def version(self) -> int:
        return self.actual.version if self.actual else 0


def targets_of_year(
    indicators: list[Indicator], region: Region, year: int
) -> dict[int, TargetOfYear]:
    """The target of the year per indicator: the progress snapshot's if there is one (it knows
    interpolated years and the city benchmark), else the printed target (the later plan first)."""
    ids = [i.pk for i in indicators]
    out: dict[int, TargetOfYear] = {}
    printed: dict[int, list[Target]] = {}
    for target in (
        Target.objects.filter(
            indicator_id__in=ids, region=region, year=year, target_type=Target.TargetType.VALUE
        )
        .select_related("plan")
        .order_by("indicator_id", "-plan__issued_on")
    ):
        printed.setdefault(target.indicator_id, []).append(target)
    snapshots = {
        s.indicator_id: s
        for s in ProgressSnapshot.objects.filter(
            indicator_id__in=ids, region=region, year=year, target_value__isnull=False
        ).select_related("target_plan")
    }
    for indicator_id in ids:
        targets = printed.get(indicator_id, [])
        others = [
            gettext("%(doc)s：%(target)s")
            % {"doc": t.plan.doc_number, "target": target_text(t.value, t.get_comparator_display())}
            for t in targets[1:]
        ]
        snapshot = snapshots.get(indicator_id)
        if snapshot is not None:
            out[indicator_id] = TargetOfYear(
                value=snapshot.target_value,
                comparator=Target.Comparator(snapshot.target_comparator or "gte").label,
                source=snapshot.target_plan.doc_number if snapshot.target_plan else "",
                interpolated=snapshot.target_interpolated,
                benchmark=snapshot.target_source == ProgressSnapshot.TargetSource.CITY_BENCHMARK,
                others=others,
            )
        elif targets:
            first = targets[0]
            out[indicator_id] = TargetOfYear(
                value=first.value,
                comparator=first.get_comparator_display(),
                source=first.plan.doc_number,
                others=others,
            )
    return out


def entry_periods(indicators: list[Indicator]) -> list[int]:
    """The periods the entry page offers for these indicators: every period-end month one of
    them reports (1–m月 by its frequency), the full year (12) always last."""
    months = {m for i in indicators for m in period_months(i.frequency)} | {12}
    return sorted(months)


def entry_rows(
    user,
    *,
    region: Region,
    year: int,
    indicators: list[Indicator] | None = None,
    period: int = 12,
    vintage: str | None = None,
) -> list[EntryRow]:
    """One row per indicator the user may fill for this region, year and period (4 queries +
    rules): for a year-to-date period only the indicators whose frequency reports it.

    For the full year a row shows one vintage's record: `vintage` when given (a new vintage is
    an empty row beside the records already there), else the cell's latest vintage (or none, a
    new value being saved as 年报（正式）). `vintages` on the row lists every record of the cell.
    """
    indicators = indicators if indicators is not None else enterable_indicators(user, region)
    indicators = [i for i in indicators if period in period_months(i.frequency)]
    ids = [i.pk for i in indicators]
    records = list(
        Actual.objects.filter(
            indicator_id__in=ids, region=region, year__in=[year, year - 1], period=period
        ).select_related("entered_by", "reviewed_by")
    )
    latest = latest_vintages(records)
    this_year: dict[int, list[Actual]] = {}
    for a in records:
        if a.year == year:
            this_year.setdefault(a.indicator_id, []).append(a)
    targets = targets_of_year(indicators, region, year)
    rules = reporting.due_rules()
    rows = []
    for i in indicators:
        cell = sorted(this_year.get(i.pk, []), key=lambda a: vintage_rank(a.vintage))
        if vintage:
            actual = next((a for a in cell if a.vintage == vintage), None)
        else:
            actual = latest.get((i.pk, region.pk, year, period))
        due, state = reporting.cell_due_state(i, year, period=period, records=cell, rules=rules)
        rows.append(
            EntryRow(
                indicator=i,
                region=region,
                year=year,
                actual=actual,
                last=latest.get((i.pk, region.pk, year - 1, period)),
                target=targets.get(i.pk),
                due=due,
                due_state=state,
                period=period,
                vintage=actual.vintage if actual else (vintage or Actual.Vintage.FINAL),
                vintages=cell,
            )
        )
    return rows


def review_queue(*, year: int | None = None, region: Region | None = None):
    """Submitted actuals (every period and vintage), oldest submission first."""
    queue = Actual.objects.filter(state=WorkflowState.SUBMITTED).select_related(
        "indicator", "region", "entered_by"
    )
    if year:
        queue = queue.filter(year=year)
    if region:
        queue = queue.filter(region=region)
    return queue.order_by("submitted_at", "id")


def report_review_queue(*, year: int | None = None):
    queue = TaskReport.objects.filter(state=WorkflowState.SUBMITTED).select_related(
        "task", "unit", "entered_by"
    )
    if year:
        queue = queue.filter(year=year)
    return queue.order_by("submitted_at", "id")


def queue_targets(actuals) -> dict[tuple[int, int, int], TargetOfYear]:
    """The target of the year of each queued actual, by (indicator, region, year): the same
    target the entry page shows beside the value (`targets_of_year`), one lookup per region
    and year in the queue."""
    groups: dict[tuple[Region, int], list[Indicator]] = {}
    for a in actuals:
        groups.setdefault((a.region, a.year), []).append(a.indicator)
    out: dict[tuple[int, int, int], TargetOfYear] = {}
    for (region, year), indicators in groups.items():
        for indicator_id, target in targets_of_year(indicators, region, year).items():
            out[(indicator_id, region.pk, year)] = target
    return out


@dataclass
class YearRow:
    year: int
    closure: YearClosure | None
    counts: dict[str, int]
    report_counts: dict[str, int]

    @property
    def pending(self) -> int:
        return self.counts.get(WorkflowState.SUBMITTED, 0) + self.report_counts.get(
            WorkflowState.SUBMITTED, 0
        )


def year_rows() -> list[YearRow]:
    years = entry_years()
    closures = {c.year: c for c in YearClosure.objects.select_related("closed_by")}
    counts: dict[int, dict[str, int]] = {y: {} for y in years}
    for row in (
        Actual.objects.filter(year__in=years).values("year", "state").annotate(n=Count("id"))
    ):
        counts[row["year"]][row["state"]] = row["n"]
    report_counts: dict[int, dict[str, int]] = {y: {} for y in years}
    for row in (
        TaskReport.objects.filter(year__in=years).values("year", "state").annotate(n=Count("id"))
    ):
        report_counts[row["year"]][row["state"]] = row["n"]
    return [YearRow(y, closures.get(y), counts[y], report_counts[y]) for y in years]


def actual_history(actual: Actual) -> list[dict]:
    """Every change of a value, newest first: who, when, old → new value, state, reason."""
    records = list(
        actual.history.order_by("history_date", "history_id").select_related("history_user")
    )
    return _history_rows(records, fields=("value", "state"))


def report_history(report: TaskReport) -> list[dict]:
    records = list(
        report.history.order_by("history_date", "history_id").select_related("history_user")
    )
    return _history_rows(records, fields=("status", "percent", "state"))


def _history_rows(records, *, fields) -> list[dict]:
    rows = []
    previous = None
    for record in records:
        changes = {}
        for name in fields:
            new = getattr(record, name)
            old = getattr(previous, name) if previous is not None else None
            changes[name] = (old, new, previous is None or old != new)
        user = record.history_user
        rows.append(
            {
                "record": record,
                "who": display_name(user, nobody=gettext("系统")),
                "when": record.history_date,
                "type": {"+": gettext("新建"), "~": gettext("修改"), "-": gettext("删除")}.get(
                    record.history_type, record.history_type
                ),
                "changes": changes,
                "state_label": dict(WorkflowState.choices).get(record.state, record.state),
                "reason": record.history_change_reason or "",
            }
        )
        previous = record
    rows.reverse()
    return rows


def task_units_for_user(user):
    """Tasks × units the user may report on (their unit's tasks), lead tasks first."""
    profile = entry_rules.profile_of(user)
    links = TaskUnit.objects.select_related("task", "task__plan", "task__lever", "unit")
    if entry_rules.is_administrator(user):
        return links.filter(is_lead=True).order_by(
            "task__plan__issued_on", "task__kind", "task__number"
        )
    if profile is None or profile.unit_id is None:
        return links.none()
    links = links.filter(unit_id=profile.unit_id).order_by(
        "-is_lead", "task__plan__issued_on", "task__kind", "task__number"
    )
    return [
        link
        for link in links
        if user.has_perm(entry_rules.WRITE_TASK_REPORT, (link.task, link.unit))
    ]


def task_reports_for(
    task: Task, *, year: int, period: int
) -> list[tuple[TaskUnit, TaskReport | None]]:
    """Every responsible unit of the task, lead first, with its report for the period (or None)."""
    reports = {
        r.unit_id: r
        for r in TaskReport.objects.filter(task=task, year=year, period=period).select_related(
            "entered_by", "reviewed_by"
        )
    }
    return [
        (link, reports.get(link.unit_id))
        for link in task.task_units.select_related("unit").order_by("position")
    ]
