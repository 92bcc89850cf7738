"""Load the reviewed proposal replies in fixtures/proposals/*.yaml (docs/proposals.md).

Called by `indicators.catalogue.seed.load_seed` after the plans (a commitment names a plan's indicators and
tasks), in the same transaction and with the same `SeedReport` and `upsert`, so that a second
load changes nothing and a fixture edit updates exactly that row. Natural keys: a proposal's
session + number, a reply's document number, a commitment's reply + number, a reported figure's
reply + position in the file (its `number`, 1-based).

A commitment's status belongs to tracking (proposals/tracking.py) once the row exists: a reload
sets it only when the fixture changes whether the commitment is measurable at all.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from indicators.catalogue.seed import CITY_NAME, SeedReport, read_yaml, upsert
from indicators.models import Indicator, Region, Task
from proposals.models import Commitment, Proposal, Reply, ReportedFigure
from proposals.search import reply_search_tokens
from proposals.selectors.units import unit_by_name


class ProposalSeedError(ValueError):
    """A fixture names something that is not in the database (a unit, an indicator, a task)."""


def load_proposals(*, report: SeedReport, fixtures_dir: Path) -> None:
    lookups = _Lookups()
    for path in sorted((fixtures_dir / "proposals").glob("*.yaml")):
        load_reply_file(
            report=report,
            data=read_yaml(path),
            sources_dir=fixtures_dir / "sources",
            lookups=lookups,
        )


class _Lookups:
    """Indicators, tasks and regions by their fixture names, read once per load."""

    def __init__(self):
        self.indicators = {i.code: i for i in Indicator.objects.all()}
        self.regions = {r.name: r for r in Region.objects.all()}
        self.units: dict[str, object] = {}
        self.tasks = {
            (t.plan.code, t.kind, t.number): t for t in Task.objects.select_related("plan")
        }

    def unit(self, name: str, where: str):
        if name not in self.units:
            unit = unit_by_name(name)
            if unit is None:
                raise ProposalSeedError(f"{where}：单位 {name} 未在 units.yaml 中登记")
            self.units[name] = unit
        return self.units[name]

    def indicator(self, code, where: str):
        if code in (None, ""):
            return None
        if code not in self.indicators:
            raise ProposalSeedError(f"{where}：未知指标 {code}")
        return self.indicators[code]

    def task(self, ref, where: str):
        """'wzf-2023-17:7' (a key task) or 'wzbf-2023-86:pilot:3'."""
        if ref in (None, ""):
            return None
        parts = str(ref).split(":")
        plan, kind, number = (parts[0], "key", parts[1]) if len(parts) == 2 else parts
        key = (plan, kind, int(number))
        if key not in self.tasks:
            raise ProposalSeedError(f"{where}：未知任务 {ref}")
        return self.tasks[key]

    def region(self, name, where: str):
        name = name or CITY_NAME
        if name not in self.regions:
            raise ProposalSeedError(f"{where}：未知区域 {name}")
        return self.regions[name]


def _date(raw) -> dt.date | None:
    if raw in (None, ""):
        return None
    return raw if isinstance(raw, dt.date) else dt.date.fromisoformat(str(raw))


def _decimal(raw) -> Decimal | None:
    return None if raw in (None, "") else Decimal(str(raw))


def _id(obj) -> int | None:
    # Rows are compared and written by foreign-key id: no query per row to fetch the related one.
    return obj.id if obj is not None else None


def load_reply_file(
    *, report: SeedReport, data: dict, sources_dir: Path, lookups: _Lookups
) -> Reply:
    meta, head = data["proposal"], data["reply"]
    doc = head["doc_number"]
    proposal = upsert(
        report,
        Proposal,
        {"session": meta["session"], "number": int(meta["number"])},
        {"proposer": meta["proposer"], "title": meta["title"]},
    )
    full_text = (sources_dir / head["source"]).read_text(encoding="utf-8")
    reply = upsert(
        report,
        Reply,
        {"doc_number": doc},
        {
            "proposal_id": proposal.id,
            "handling_unit_id": lookups.unit(head["handling_unit"], doc).id,
            "signed_on": _date(head["signed_on"]),
            "issued_on": _date(head.get("issued_on")),
            "contact_name": head.get("contact_name") or "",
            "contact_phones": [str(p) for p in head.get("contact_phones") or []],
            "copy_to": list(head.get("copy_to") or []),
            "full_text": full_text,
            "search_tokens": reply_search_tokens(
                doc_number=doc, proposal=proposal, full_text=full_text
            ),
            "source_file": head["source"],
        },
    )
    _load_commitments(report, reply, data.get("commitments") or [], lookups)
    _load_figures(report, reply, data.get("reported_figures") or [], lookups)
    return reply


def _load_commitments(
    report: SeedReport, reply: Reply, rows: list[dict], lookups: _Lookups
) -> None:
    numbers = []
    for row in rows:
        where = f"{reply.doc_number} 承诺 {row['number']}"
        wanted_status = row.get("status") or Commitment.Status.PENDING
        values = {
            "text": row["text"].strip(),
            "quantity": _decimal(row.get("quantity")),
            "unit_of_measure": row.get("unit_of_measure") or "",
            "comparator": row.get("comparator") or "",
            "deadline": _date(row.get("deadline")),
            "responsible_unit_id": lookups.unit(row["responsible_unit"], where).id,
            "indicator_id": _id(lookups.indicator(row.get("indicator"), where)),
            "task_id": _id(lookups.task(row.get("task"), where)),
            "region_id": _id(lookups.region(row["region"], where) if row.get("region") else None),
        }
        existing = Commitment.objects.filter(reply=reply, number=row["number"]).first()
        not_measurable = Commitment.Status.NOT_MEASURABLE
        if existing is None or (existing.status == not_measurable) != (
            wanted_status == not_measurable
        ):
            values["status"] = wanted_status
        upsert(report, Commitment, {"reply": reply, "number": row["number"]}, values)
        numbers.append(row["number"])
    _delete_missing(report, Commitment.objects.filter(reply=reply).exclude(number__in=numbers))


def _load_figures(report: SeedReport, reply: Reply, rows: list[dict], lookups: _Lookups) -> None:
    for number, row in enumerate(rows, start=1):
        where = f"{reply.doc_number} 报告数据第 {number} 条"
        upsert(
            report,
            ReportedFigure,
            {"reply": reply, "number": number},
            {
                "value": _decimal(row["value"]),
                "unit_of_measure": row["unit"],
                "year": int(row["year"]),
                "sentence": row["sentence"].strip(),
                "indicator_id": _id(lookups.indicator(row.get("indicator"), where)),
                "region_id": lookups.region(row.get("region"), where).id,
                "task_id": _id(lookups.task(row.get("task"), where)),
            },
        )
    stale = ReportedFigure.objects.filter(reply=reply, number__gt=len(rows))
    _delete_missing(report, stale)


def _delete_missing(report: SeedReport, stale) -> None:
    """A row removed from its reply's fixture is removed from the database."""
    for obj in stale:
        report.record(type(obj).__name__, "deleted")
    stale.delete()
