"""Reads of the entry area: what a user may fill, with targets, last year's values and states.

No writes here. Which cells a user may fill is decided by the same rules the services enforce
(indicators/rules.py), so the screen, the Excel template and the import can never disagree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext

from common.numbers import target_text
from common.people import display_name
from indicators import rules as entry_rules
from indicators.entry import reporting
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


def entry_rows(
    user, *, region: Region, year: int, indicators: list[Indicator] | None = None
) -> list[EntryRow]:
    """One row per indicator the user may fill for this region and year (4 queries + rules)."""
    indicators = indicators if indicators is not None else enterable_indicators(user, region)
    ids = [i.pk for i in indicators]
    actuals = {
        (a.indicator_id, a.year): a
        for a in Actual.objects.filter(
            indicator_id__in=ids, region=region, year__in=[year, year - 1]
        ).select_related("entered_by", "reviewed_by")
    }
    targets = targets_of_year(indicators, region, year)
    rows = []
    for i in indicators:
        actual = actuals.get((i.pk, year))
        due = reporting.cell_due(i, year)
        rows.append(
            EntryRow(
                indicator=i,
                region=region,
                year=year,
                actual=actual,
                last=actuals.get((i.pk, year - 1)),
                target=targets.get(i.pk),
                due=due,
                due_state=reporting.cell_state(due, actual),
            )
        )
    return rows


def review_queue(*, year: int | None = None, region: Region | None = None):
    """Submitted actuals, oldest submission first."""
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


def last_year_value(*, indicator: Indicator, region: Region, year: int) -> Decimal | None:
    """The value entered for the year before, in any state; None when there is none."""
    return (
        Actual.objects.filter(indicator=indicator, region=region, year=year - 1)
        .values_list("value", flat=True)
        .first()
    )


def last_year_values(actuals) -> dict[tuple[int, int, int], Actual]:
    """Last year's actual for each (indicator, region, year) of the given actuals (one query)."""
    actuals = list(actuals)
    if not actuals:
        return {}
    cond = Q()
    for a in actuals:
        cond |= Q(indicator_id=a.indicator_id, region_id=a.region_id, year=a.year - 1)
    return {(a.indicator_id, a.region_id, a.year + 1): a for a in Actual.objects.filter(cond)}


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
