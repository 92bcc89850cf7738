"""Writes of the proposals area: importing a reply, recording a commitment's status by hand.

Every write goes through here, whatever the path (the import pages, the REST API, a shell), so
the rules are enforced once: permission (proposals/rules.py), validation with a Chinese message
for every problem, and all-or-nothing saving in one transaction. Errors are the ServiceError
family of indicators/entry/services.py (stable English `code`, Chinese `message`, `details`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from common.numbers import NotANumber, parse_number
from indicators.entry.services import PermissionDenied, ServiceError, ValidationFailed
from indicators.models import MAX_YEAR, MIN_YEAR, Indicator, Region, Task, Unit
from proposals import checks
from proposals.models import Commitment, Comparator, Proposal, Reply, ReportedFigure
from proposals.rules import IMPORT_REPLY, RECORD_COMMITMENT
from proposals.search import search_tokens_for
from proposals.selectors.units import unit_by_name
from proposals.tracking import refresh_commitments

__all__ = [
    "DuplicateReply",
    "PermissionDenied",
    "ReplyImportRejected",
    "commitment_record",
    "reply_import",
]

TEXT_MAX = 2000
FULL_TEXT_MAX = 200_000


class ReplyImportRejected(ValidationFailed):
    """The reply is refused as a whole; `problems` lists every problem found, in Chinese."""

    code = "reply_import_rejected"
    default_message_en = "The reply was not saved: it has errors."

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__(
            f"答复未保存：发现 {len(self.problems)} 处问题，请修改后再确认。",
            details={"problems": self.problems},
        )


class DuplicateReply(ValidationFailed):
    code = "duplicate_doc_number"
    default_message_en = "A reply with this document number has already been imported."


# --------------------------------------------------------------------------- reading input


class _Problems:
    def __init__(self):
        self.items: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.items.append(f"{where}：{message}" if where else message)


def _text(raw, *, max_length: int) -> str:
    text = "" if raw is None else str(raw).strip()
    return text[:max_length] if max_length and len(text) > max_length else text


def _required_text(raw, label: str, where: str, problems: _Problems, *, max_length: int) -> str:
    text = "" if raw is None else str(raw).strip()
    if not text:
        problems.add(where, f"{label}不能为空")
    elif len(text) > max_length:
        problems.add(where, f"{label}过长（最多 {max_length} 个字）")
    return text


def _date(raw, label: str, where: str, problems: _Problems, *, required: bool) -> dt.date | None:
    if raw in (None, ""):
        if required:
            problems.add(where, f"{label}不能为空")
        return None
    if isinstance(raw, dt.datetime):
        raw = raw.date()
    if not isinstance(raw, dt.date):
        try:
            raw = dt.date.fromisoformat(str(raw).strip())
        except ValueError:
            problems.add(where, f"{label}“{raw}”不是有效日期（格式：2023-06-20）")
            return None
    if not MIN_YEAR <= raw.year <= MAX_YEAR:
        problems.add(where, f"{label}的年份应在 {MIN_YEAR}–{MAX_YEAR} 之间")
        return None
    return raw


def _int(raw, label: str, where: str, problems: _Problems, *, low: int, high: int) -> int | None:
    if raw in (None, ""):
        problems.add(where, f"{label}不能为空")
        return None
    try:
        value = int(str(raw).strip())
    except ValueError:
        problems.add(where, f"{label}“{raw}”不是整数")
        return None
    if not low <= value <= high:
        problems.add(where, f"{label}应在 {low}–{high} 之间")
        return None
    return value


def _decimal(raw, label: str, where: str, problems: _Problems, *, required: bool) -> Decimal | None:
    try:
        value = parse_number(raw)
    except NotANumber as exc:
        problems.add(where, f"{label}{exc.message}")
        return None
    if value is None and required:
        problems.add(where, f"{label}不能为空")
    return value


def _list(raw) -> list[str]:
    if raw in (None, ""):
        return []
    if isinstance(raw, str):
        raw = (
            raw.replace("，", ",")
            .replace("、", ",")
            .replace("；", ",")
            .replace(";", ",")
            .split(",")
        )
    return [str(item).strip() for item in raw if str(item).strip()]


def _model(model, raw, label: str, where: str, problems: _Problems, *, by):
    """An instance, a primary key, or the natural name `by(raw)` looks up; None when blank."""
    if raw in (None, ""):
        return None
    if isinstance(raw, model):
        return raw
    found = None
    if isinstance(raw, int) or (
        isinstance(raw, str) and _is_small_int(raw.strip()) and model is not Indicator
    ):
        found = model.objects.filter(pk=int(raw)).first()
    if found is None and isinstance(raw, str):
        found = by(raw.strip())
    if found is None:
        problems.add(where, f"未知{label}“{raw}”")
    return found


def _indicator_by_code(code: str):
    return Indicator.objects.filter(code=code).first()


def task_by_ref(ref: str):
    """'wzf-2023-17:7' (a plan's key task 7) or 'wzbf-2023-86:pilot:3'."""
    parts = ref.split(":")
    if len(parts) == 2:
        plan, kind, number = parts[0], Task.Kind.KEY, parts[1]
    elif len(parts) == 3:
        plan, kind, number = parts
    else:
        return None
    if not _is_small_int(number):
        return None
    return Task.objects.filter(plan__code=plan, kind=kind, number=int(number)).first()


def _is_small_int(text: str) -> bool:
    """ASCII digits that fit a database id ("²".isdigit() is true, but int("²") fails)."""
    return text.isascii() and text.isdigit() and len(text) <= 12


def _region_by_name(name: str):
    return Region.objects.filter(name=name).first() or Region.objects.filter(code=name).first()


def _check_unit_of_measure(
    indicator, unit_of_measure: str, where: str, problems: _Problems
) -> None:
    if indicator is not None and not checks.same_unit(unit_of_measure, indicator.unit_of_measure):
        problems.add(
            where,
            f"计量单位“{unit_of_measure}”与指标 {indicator.code}（{indicator.name}）的计量单位"
            f"“{indicator.unit_of_measure}”不一致，无法对照实际值",
        )


# --------------------------------------------------------------------------- import


def reply_import(
    *,
    user,
    header: Mapping,
    commitments: Iterable[Mapping],
    figures: Iterable[Mapping],
) -> Reply:
    """Save a confirmed reply with its commitments and reported figures, all or nothing.

    `header`: doc_number, session, proposal_number, proposer, title, handling_unit (a Unit, its
    id or its name, e.g. 温州市科学技术局), signed_on, issued_on, contact_name, contact_phones,
    copy_to (lists, or text separated by ，、), full_text, source_file.
    `commitments`: text, quantity, unit_of_measure, comparator (gte/approx/lte), deadline
    (default: the end of the reply's year), responsible_unit (default: the handling unit),
    indicator (code or id), task ('wzf-2023-17:13' or id), region (default: the city).
    `figures`: value, unit_of_measure, year, sentence, indicator, region (default: the city), task.
    A row may carry a `label` (its row on the confirmation page) to name it in messages.

    Raises PermissionDenied, DuplicateReply (the document number is already imported) or
    ReplyImportRejected listing every problem; nothing is saved unless everything is valid.
    """
    if user is None or not user.has_perm(IMPORT_REPLY, None):
        raise PermissionDenied("只有审核员、系统管理员和承办单位的工作人员可以导入提案答复。")
    problems = _Problems()
    head = _read_header(header, problems)
    unit = head["handling_unit"]
    if unit is not None and not user.has_perm(IMPORT_REPLY, unit):
        raise PermissionDenied(f"您只能导入本单位承办的答复，这份答复的承办单位是 {unit}。")
    if head["doc_number"] and Reply.objects.filter(doc_number=head["doc_number"]).exists():
        raise DuplicateReply(_duplicate_message(head["doc_number"]))
    reply_year = head["signed_on"].year if head["signed_on"] else None
    city = Region.objects.filter(kind=Region.Kind.CITY).first()
    commitment_rows = [
        _read_commitment(row, n, problems, reply_year=reply_year, handling_unit=unit)
        for n, row in enumerate(commitments, start=1)
    ]
    figure_rows = [
        _read_figure(row, n, problems, city=city) for n, row in enumerate(figures, start=1)
    ]
    if problems.items:
        raise ReplyImportRejected(problems.items)
    try:
        with transaction.atomic():
            reply = _save(user, head, commitment_rows, figure_rows)
            # Judged at once: a 2023 reply imported in 2026 is overdue unless its actuals say kept.
            refresh_commitments(commitment_ids=[c.id for c in reply.commitments.all()])
    except IntegrityError as exc:
        # Two people confirming the same reply at once: the second one meets the unique key.
        if Reply.objects.filter(doc_number=head["doc_number"]).exists():
            raise DuplicateReply(_duplicate_message(head["doc_number"])) from exc
        raise
    return reply


def _duplicate_message(doc_number: str) -> str:
    existing = Reply.objects.select_related("proposal").filter(doc_number=doc_number).first()
    about = f"（{existing.proposal}）" if existing else ""
    return f"文号为 {doc_number} 的答复已经录入{about}，不能重复导入。"


def _read_header(header: Mapping, problems: _Problems) -> dict:
    where = "答复信息"
    head = {
        "doc_number": _required_text(
            header.get("doc_number"), "文号", where, problems, max_length=60
        ),
        "session": _required_text(
            header.get("session"), "会议届次", where, problems, max_length=40
        ),
        "proposal_number": _int(
            header.get("proposal_number"), "提案号", where, problems, low=1, high=100000
        ),
        "proposer": _required_text(
            header.get("proposer"), "提案人", where, problems, max_length=60
        ),
        "title": _required_text(header.get("title"), "提案标题", where, problems, max_length=300),
        "signed_on": _date(header.get("signed_on"), "签发日期", where, problems, required=True),
        "issued_on": _date(header.get("issued_on"), "印发日期", where, problems, required=False),
        "contact_name": _text(header.get("contact_name"), max_length=40),
        "contact_phones": _list(header.get("contact_phones")),
        "copy_to": _list(header.get("copy_to")),
        "full_text": _required_text(
            header.get("full_text"), "答复全文", where, problems, max_length=FULL_TEXT_MAX
        ),
        "source_file": _text(header.get("source_file"), max_length=100),
    }
    raw_unit = header.get("handling_unit")
    if raw_unit in (None, ""):
        problems.add(where, "承办单位不能为空")
        head["handling_unit"] = None
    else:
        head["handling_unit"] = _model(Unit, raw_unit, "承办单位", where, problems, by=unit_by_name)
    if head["signed_on"] and head["issued_on"] and head["issued_on"] < head["signed_on"]:
        problems.add(where, "印发日期不能早于签发日期")
    return head


def _read_commitment(
    row: Mapping, n: int, problems: _Problems, *, reply_year, handling_unit
) -> dict:
    where = f"承诺 {row.get('label') or n}"
    quantity = _decimal(row.get("quantity"), "数量", where, problems, required=False)
    unit_of_measure = _text(row.get("unit_of_measure"), max_length=20)
    comparator = _text(row.get("comparator"), max_length=10)
    if quantity is not None:
        if not unit_of_measure:
            problems.add(where, "填写了数量，也请填写计量单位")
        comparator = comparator or Comparator.GTE
        if comparator not in Comparator.values:
            problems.add(where, f"比较方式“{comparator}”无效")
    else:
        comparator = ""
        if unit_of_measure:
            problems.add(where, "填写了计量单位，但没有数量")
    deadline = _date(row.get("deadline"), "完成期限", where, problems, required=False)
    if deadline is None and reply_year and row.get("deadline") in (None, ""):
        deadline = dt.date(reply_year, 12, 31)
    responsible = _model(
        Unit, row.get("responsible_unit"), "责任单位", where, problems, by=unit_by_name
    )
    indicator = _model(
        Indicator, row.get("indicator"), "指标", where, problems, by=_indicator_by_code
    )
    if quantity is not None:
        _check_unit_of_measure(indicator, unit_of_measure, where, problems)
    return {
        "number": n,
        "text": _required_text(row.get("text"), "承诺内容", where, problems, max_length=TEXT_MAX),
        "quantity": quantity,
        "unit_of_measure": unit_of_measure,
        "comparator": comparator,
        "deadline": deadline,
        "responsible_unit": responsible or handling_unit,
        "indicator": indicator,
        "task": _model(Task, row.get("task"), "任务", where, problems, by=task_by_ref),
        "region": _model(Region, row.get("region"), "区域", where, problems, by=_region_by_name),
        "status": Commitment.Status.PENDING
        if quantity is not None
        else Commitment.Status.NOT_MEASURABLE,
    }


def _read_figure(row: Mapping, n: int, problems: _Problems, *, city) -> dict:
    where = f"报告数据 {row.get('label') or n}"
    unit_of_measure = _required_text(
        row.get("unit_of_measure"), "计量单位", where, problems, max_length=20
    )
    indicator = _model(
        Indicator, row.get("indicator"), "指标", where, problems, by=_indicator_by_code
    )
    if unit_of_measure:
        _check_unit_of_measure(indicator, unit_of_measure, where, problems)
    region = _model(Region, row.get("region"), "区域", where, problems, by=_region_by_name)
    return {
        "number": n,
        "value": _decimal(row.get("value"), "数值", where, problems, required=True),
        "unit_of_measure": unit_of_measure,
        "year": _int(row.get("year"), "年份", where, problems, low=MIN_YEAR, high=MAX_YEAR),
        "sentence": _required_text(
            row.get("sentence"), "原文语句", where, problems, max_length=TEXT_MAX
        ),
        "indicator": indicator,
        "region": region or city,
        "task": _model(Task, row.get("task"), "任务", where, problems, by=task_by_ref),
    }


def _save(user, head: dict, commitment_rows: list[dict], figure_rows: list[dict]) -> Reply:
    proposal, _ = Proposal.objects.get_or_create(
        session=head["session"],
        number=head["proposal_number"],
        defaults={"proposer": head["proposer"], "title": head["title"]},
    )
    reply = Reply.objects.create(
        proposal=proposal,
        doc_number=head["doc_number"],
        handling_unit=head["handling_unit"],
        signed_on=head["signed_on"],
        issued_on=head["issued_on"],
        contact_name=head["contact_name"],
        contact_phones=head["contact_phones"],
        copy_to=head["copy_to"],
        full_text=head["full_text"],
        search_tokens=search_tokens_for(
            head["doc_number"],
            proposal.session,
            proposal.proposer,
            proposal.title,
            head["full_text"],
        ),
        source_file=head["source_file"],
        created_by=user,
    )
    for row in commitment_rows:
        commitment = Commitment(reply=reply, **row)
        commitment._history_user = user
        commitment._change_reason = "导入答复"
        commitment.save()
    ReportedFigure.objects.bulk_create(ReportedFigure(reply=reply, **row) for row in figure_rows)
    return reply


# --------------------------------------------------------------------------- by hand

MANUAL_STATUSES = (
    Commitment.Status.FULFILLED,
    Commitment.Status.PENDING,
    Commitment.Status.IN_PROGRESS,
)


@transaction.atomic
def commitment_record(*, user, commitment: Commitment, status: str, evidence: str) -> Commitment:
    """Record by hand that a commitment was kept (with evidence) or is still being worked on.

    For a commitment linked to an indicator the tracking job has the last word (it re-judges
    from the approved actuals); by hand is for the commitments no indicator measures.
    """
    if user is None or not user.has_perm(RECORD_COMMITMENT, commitment):
        raise PermissionDenied("只有审核员、系统管理员和责任单位的工作人员可以更新承诺状态。")
    problems = _Problems()
    if status not in MANUAL_STATUSES:
        problems.add("", "只能手工标记为“已兑现”“推进中”或“待跟踪”")
    evidence = _text(evidence, max_length=TEXT_MAX)
    if status == Commitment.Status.FULFILLED and not evidence:
        problems.add("", "标记为已兑现时请填写兑现依据")
    if commitment.status == Commitment.Status.NOT_MEASURABLE:
        problems.add("", "不可量化的承诺没有兑现状态")
    if problems.items:
        raise ValidationFailed(details={"status": problems.items})
    locked = Commitment.objects.select_for_update().get(pk=commitment.pk)
    if locked.status != status:
        locked.status_changed_at = timezone.now()
    locked.status = status
    locked.evidence = evidence
    locked._history_user = user
    locked._change_reason = "手工更新"
    locked.save(update_fields=["status", "evidence", "status_changed_at"])
    return locked


def service_error_payload(exc: ServiceError) -> dict:
    """The JSON an API client gets for a refused write: code + Chinese message + details."""
    return {"code": exc.code, "message": exc.message, "details": exc.details}
