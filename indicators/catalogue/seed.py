"""Load the seed data in fixtures/ (docs/fixtures.md) into the database, idempotently.

Rows are matched on natural keys; a second run changes nothing, and a run after a fixture edit
updates exactly the rows that changed. Seed baselines become approved actuals of origin "seed";
a value someone entered through the workflow is never overwritten by the seed (it is reported).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string

from indicators.catalogue.seed_assignments import load_assignments
from indicators.models import (
    Actual,
    Indicator,
    Lever,
    Plan,
    Region,
    RegionGroup,
    Target,
    Task,
    TaskUnit,
    Unit,
    WorkflowState,
)

FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"
SOURCES_DIR = FIXTURES_DIR / "sources"
COUNTY_GOVERNMENTS_TOKEN = "各县（市、区）政府"
CITY_NAME = "温州市"


@dataclass
class SeedReport:
    counts: Counter = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)

    def record(self, model: str, outcome: str) -> None:
        self.counts[(model, outcome)] += 1

    @property
    def changed(self) -> int:
        return sum(n for (_, outcome), n in self.counts.items() if outcome != "unchanged")

    def lines(self) -> list[str]:
        models = sorted({m for m, _ in self.counts})
        out = []
        for model in models:
            parts = [
                f"{outcome} {self.counts[(model, outcome)]}"
                for outcome in ("created", "updated", "deleted", "unchanged")
                if self.counts[(model, outcome)]
            ]
            out.append(f"{model}: {', '.join(parts)}")
        return out + self.notes


def read_yaml(path: Path) -> dict:
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh) or {}


def upsert(report: SeedReport, model, lookup: dict, values: dict):
    """Create or update one row by its natural key; record what happened."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**lookup, **values)
        report.record(model.__name__, "created")
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        report.record(model.__name__, "updated")
    else:
        report.record(model.__name__, "unchanged")
    return obj


def as_decimal(raw) -> Decimal:
    return Decimal(str(raw))


@transaction.atomic
def load_seed(*, fixtures_dir: Path = FIXTURES_DIR) -> SeedReport:
    report = SeedReport()
    load_regions(report, read_yaml(fixtures_dir / "regions.yaml"))
    load_units(report, read_yaml(fixtures_dir / "units.yaml"))
    plan_files = [read_yaml(p) for p in sorted((fixtures_dir / "plans").glob("*.yaml"))]
    plan_files.sort(key=lambda data: str(data["plan"]["issued_on"]))
    # Indicators first (a plan's targets may name another plan's indicator), then targets.
    plans = [load_plan(report, data) for data in plan_files]
    for plan, data in zip(plans, plan_files, strict=True):
        load_targets(report, plan, data.get("targets", []))
    # Who reports what, from each indicator's scope (seed_assignments.py).
    load_assignments(report)
    # Other apps seed what hangs off the catalogue (the proposals' replies), named in settings so
    # that this app never imports them.
    for path in settings.WZSCI_SEED_EXTENSIONS:
        import_string(path)(report=report, fixtures_dir=fixtures_dir)
    return report


def load_regions(report: SeedReport, data: dict) -> None:
    for order, row in enumerate(data["regions"], start=1):
        upsert(
            report,
            Region,
            {"name": row["name"]},
            {
                "code": row["code"],
                "kind": row["kind"],
                "in_rollup": row["in_rollup"],
                "order": order,
            },
        )
    for row in data.get("groups", []):
        group = upsert(report, RegionGroup, {"name": row["name"]}, {})
        wanted = set(Region.objects.filter(name__in=row["members"]).values_list("id", flat=True))
        if len(wanted) != len(row["members"]):
            raise ValueError(f"区域组 {row['name']} 含未知区域：{row['members']}")
        if set(group.members.values_list("id", flat=True)) != wanted:
            group.members.set(wanted)
            report.record("RegionGroup.members", "updated")


def load_units(report: SeedReport, data: dict) -> None:
    regions = {r.name: r for r in Region.objects.all()}
    for order, row in enumerate(data["units"], start=1):
        region = regions[row["region"]] if row.get("region") else None
        upsert(
            report,
            Unit,
            {"name": row["name"]},
            {"kind": row["kind"], "region": region, "order": order},
        )


def county_government_names() -> list[str]:
    counties = Region.objects.filter(
        kind__in=[Region.Kind.DISTRICT, Region.Kind.COUNTY_CITY, Region.Kind.COUNTY]
    ).order_by("order")
    return [f"{region.name}政府" for region in counties]


def expand_units(names: list[str]) -> list[str]:
    expanded: list[str] = []
    for name in names:
        expanded.extend(county_government_names() if name == COUNTY_GOVERNMENTS_TOKEN else [name])
    return expanded


def load_plan(report: SeedReport, data: dict) -> Plan:
    meta = data["plan"]
    issued_on = meta["issued_on"]
    if isinstance(issued_on, str):
        issued_on = dt.date.fromisoformat(issued_on)
    plan = upsert(
        report,
        Plan,
        {"code": meta["code"]},
        {
            "doc_number": meta["doc_number"],
            "title": meta["title"],
            "issuer": meta["issuer"],
            "issued_on": issued_on,
            "start_year": meta["start_year"],
            "end_year": meta["end_year"],
            "source_file": meta.get("source", ""),
        },
    )
    levers = {
        row["number"]: upsert(
            report,
            Lever,
            {"plan": plan, "number": row["number"]},
            {"name": row["name"], "action": row["action"]},
        )
        for row in data.get("levers", [])
    }
    units = {u.name: u for u in Unit.objects.all()}
    tasks: dict[tuple[str, int], Task] = {}
    # Key tasks before pilots: a pilot names its key task as parent.
    for row in sorted(
        data.get("tasks", []), key=lambda r: (r.get("kind", "key") != "key", r["number"])
    ):
        kind = row.get("kind", "key")
        parent = tasks[("key", row["parent"])] if row.get("parent") else None
        task = upsert(
            report,
            Task,
            {"plan": plan, "kind": kind, "number": row["number"]},
            {
                "lever": levers[row["lever"]] if row.get("lever") else None,
                "parent": parent,
                "title": row["title"],
                "text": row["text"].strip(),
            },
        )
        tasks[(kind, row["number"])] = task
        set_task_units(report, task, expand_units(row["units"]), units)

    for row in data.get("indicators", []):
        linked = [tasks[("key", n)] for n in row.get("tasks", [])]
        linked += [tasks[("pilot", n)] for n in row.get("pilots", [])]
        lead_unit, lead_task = indicator_lead(row, tasks, linked, units)
        indicator = upsert(
            report,
            Indicator,
            {"code": row["code"]},
            {
                "name": row["name"],
                "category": row["category"],
                "key_order": row.get("key_order"),
                "unit_of_measure": row["unit_of_measure"],
                "kind": row["kind"],
                "direction": row.get("direction", "higher"),
                "decimals": row.get("decimals", 0),
                "rollup": row.get("rollup", "none"),
                "plan": plan,
                "lead_unit": lead_unit,
                "lead_unit_task": lead_task,
                "source_quote": row.get("source_quote", ""),
                "scope": row.get("scope", Indicator.Scope.WITH_ZONES),
                # How often it is published, year to date (docs/fixtures.md); left out, yearly.
                "frequency": row.get("frequency", Indicator.Frequency.YEARLY),
            },
        )
        wanted = {task.id for task in linked}
        if set(indicator.tasks.values_list("id", flat=True)) != wanted:
            indicator.tasks.set(wanted)
            report.record("Indicator.tasks", "updated")
    return plan


def indicator_lead(row: dict, tasks: dict, linked: list[Task], units: dict[str, Unit]):
    """An indicator's lead unit and the task it is taken from (docs/fixtures.md).

    The documents name the lead unit of a task, not of an indicator: `lead_unit_task: N` takes
    the lead of this plan's key task N; `lead_unit: name` must lead one of the indicator's
    tasks, and is linked to the first it leads (a seeded lead unit always has a source the
    pages can name). Neither: no lead unit (文件未明确).
    """
    if row.get("lead_unit_task"):
        task = tasks[("key", row["lead_unit_task"])]
        return task.lead_unit, task
    if not row.get("lead_unit"):
        return None, None
    unit = units[row["lead_unit"]]
    task = next((t for t in linked if t.lead_unit == unit), None)
    if task is None:
        raise ValueError(
            f"指标 {row['code']} 的牵头单位“{unit.name}”不是其相关任务的牵头单位："
            "文件只明确任务的牵头单位，请用 lead_unit_task 指明依据的任务，或不填。"
        )
    return unit, task


def set_task_units(
    report: SeedReport, task: Task, names: list[str], units: dict[str, Unit]
) -> None:
    missing = [n for n in names if n not in units]
    if missing:
        raise ValueError(f"任务 {task} 的责任单位未在 units.yaml 中登记：{missing}")
    wanted = [units[n].id for n in names]
    current = list(task.task_units.order_by("position").values_list("unit_id", flat=True))
    if current == wanted:
        report.record("TaskUnit", "unchanged")
        return
    task.task_units.all().delete()
    TaskUnit.objects.bulk_create(
        TaskUnit(task=task, unit_id=unit_id, position=i, is_lead=(i == 1))
        for i, unit_id in enumerate(wanted, 1)
    )
    report.record("TaskUnit", "updated")


def load_targets(report: SeedReport, plan: Plan, rows: list[dict]) -> None:
    """A plan's targets. A row may give `target_type` (average_growth, relative, coverage;
    docs/fixtures.md), a relative target's `reference` (an indicator code) and a coverage
    target's `coverage_group` (a region group's name)."""
    regions = {r.name: r for r in Region.objects.all()}
    groups = {g.name: g for g in RegionGroup.objects.all()}
    indicators = {i.code: i for i in Indicator.objects.all()}
    seen: set[int] = set()
    for row in rows:
        indicator = indicators[row["indicator"]]
        region = regions[row.get("region", CITY_NAME)]
        value = as_decimal(row["value"])
        if row.get("baseline"):
            load_baseline(
                report, indicator, region, row["year"], value, row.get("source_quote", ""), plan
            )
            continue
        years = range(row["year"], plan.end_year + 1) if row.get("every_year") else [row["year"]]
        for year in years:
            target_type = row.get("target_type", Target.TargetType.VALUE)
            target = upsert(
                report,
                Target,
                {
                    "indicator": indicator,
                    "region": region,
                    "year": year,
                    "plan": plan,
                    "target_type": target_type,
                },
                {
                    "reference_indicator": indicators[row["reference"]]
                    if row.get("reference")
                    else None,
                    "coverage_group": groups[row["coverage_group"]]
                    if row.get("coverage_group")
                    else None,
                    "value": value,
                    "comparator": row.get("comparator", "gte"),
                    "every_year": bool(row.get("every_year")),
                    "source_quote": row.get("source_quote", ""),
                },
            )
            seen.add(target.id)
    # A target removed from the plan's fixture is removed from the database.
    stale = Target.objects.filter(plan=plan).exclude(id__in=seen)
    for _ in range(stale.count()):
        report.record("Target", "deleted")
    stale.delete()


def load_baseline(report, indicator, region, year, value, quote, plan) -> None:
    """A printed baseline: the full year's figure (period 12), as the plan prints it (年报)."""
    cell = {"period": 12, "vintage": Actual.Vintage.FINAL}
    existing = Actual.objects.filter(indicator=indicator, region=region, year=year, **cell).first()
    if existing and existing.origin != Actual.Origin.SEED:
        # Someone's entered figure wins; the seed never silently overwrites it.
        report.record("Actual", "unchanged")
        if existing.value != value:
            report.notes.append(
                f"注意：{indicator.code} {region} {year} 已有填报值 {existing.value}，与方案原文 {value} 不同，未覆盖。"
            )
        return
    upsert(
        report,
        Actual,
        {"indicator": indicator, "region": region, "year": year, **cell},
        {
            "value": value,
            "state": WorkflowState.APPROVED,
            "origin": Actual.Origin.SEED,
            "source_note": f"{plan.doc_number}：{quote}",
        },
    )
