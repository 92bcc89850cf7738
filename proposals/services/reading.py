"""Reading what a person typed (or a form cleaned) into a proposals row, every problem in Chinese.

Shared by the services: the reply import and the corrections made later (the admin) read a
proposal, a reply's header, a commitment or a reported figure with the same function, so the
same rules hold whatever the path. Each reader takes raw values or model instances.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from django.utils.translation import gettext

from common.numbers import NotANumber, parse_number
from indicators.models import MAX_YEAR, MIN_YEAR, Indicator, Region, Task, Unit
from proposals import checks
from proposals.models import Commitment, Comparator
from proposals.selectors.units import unit_by_name

TEXT_MAX = 2000
FULL_TEXT_MAX = 200_000


class Problems:
    """The problems found so far, each a Chinese sentence prefixed with where it is."""

    def __init__(self):
        self.items: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.items.append(f"{where}：{message}" if where else message)


def read_text(raw, *, max_length: int) -> str:
    text = "" if raw is None else str(raw).strip()
    return text[:max_length] if max_length and len(text) > max_length else text


def read_required_text(raw, label: str, where: str, problems: Problems, *, max_length: int) -> str:
    text = "" if raw is None else str(raw).strip()
    if not text:
        problems.add(where, gettext("%(label)s不能为空") % {"label": label})
    elif len(text) > max_length:
        problems.add(
            where,
            gettext("%(label)s过长（最多 %(max_length)s 个字）")
            % {"label": label, "max_length": max_length},
        )
    return text


def read_date(raw, label: str, where: str, problems: Problems, *, required: bool) -> dt.date | None:
    if raw in (None, ""):
        if required:
            problems.add(where, gettext("%(label)s不能为空") % {"label": label})
        return None
    if isinstance(raw, dt.datetime):
        raw = raw.date()
    if not isinstance(raw, dt.date):
        try:
            raw = dt.date.fromisoformat(str(raw).strip())
        except ValueError:
            problems.add(
                where,
                gettext("%(label)s“%(raw)s”不是有效日期（格式：2023-06-20）")
                % {"label": label, "raw": raw},
            )
            return None
    if not MIN_YEAR <= raw.year <= MAX_YEAR:
        problems.add(
            where,
            gettext("%(label)s的年份应在 %(MIN_YEAR)s–%(MAX_YEAR)s 之间")
            % {"label": label, "MIN_YEAR": MIN_YEAR, "MAX_YEAR": MAX_YEAR},
        )
        return None
    return raw


def read_int(raw, label: str, where: str, problems: Problems, *, low: int, high: int) -> int | None:
    if raw in (None, ""):
        problems.add(where, gettext("%(label)s不能为空") % {"label": label})
        return None
    try:
        value = int(str(raw).strip())
    except ValueError:
        problems.add(where, gettext("%(label)s“%(raw)s”不是整数") % {"label": label, "raw": raw})
        return None
    if not low <= value <= high:
        problems.add(
            where,
            gettext("%(label)s应在 %(low)s–%(high)s 之间")
            % {"label": label, "low": low, "high": high},
        )
        return None
    return value


def read_decimal(
    raw, label: str, where: str, problems: Problems, *, required: bool
) -> Decimal | None:
    try:
        value = parse_number(raw)
    except NotANumber as exc:
        problems.add(where, f"{label}{exc.message}")
        return None
    if value is None and required:
        problems.add(where, gettext("%(label)s不能为空") % {"label": label})
    return value


def read_list(raw) -> list[str]:
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


def read_model(model, raw, label: str, where: str, problems: Problems, *, by):
    """An instance, a primary key, or the natural name `by(raw)` looks up; None when blank."""
    if raw in (None, ""):
        return None
    if isinstance(raw, model):
        return raw
    found = None
    if isinstance(raw, int) or (
        isinstance(raw, str) and is_small_int(raw.strip()) and model is not Indicator
    ):
        found = model.objects.filter(pk=int(raw)).first()
    if found is None and isinstance(raw, str):
        found = by(raw.strip())
    if found is None:
        problems.add(where, gettext("未知%(label)s“%(raw)s”") % {"label": label, "raw": raw})
    return found


def indicator_by_code(code: str):
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
    if not is_small_int(number):
        return None
    return Task.objects.filter(plan__code=plan, kind=kind, number=int(number)).first()


def is_small_int(text: str) -> bool:
    """ASCII digits that fit a database id ("²".isdigit() is true, but int("²") fails)."""
    return text.isascii() and text.isdigit() and len(text) <= 12


def region_by_name(name: str):
    return Region.objects.filter(name=name).first() or Region.objects.filter(code=name).first()


def check_unit_of_measure(indicator, unit_of_measure: str, where: str, problems: Problems) -> None:
    if indicator is not None and not checks.same_unit(unit_of_measure, indicator.unit_of_measure):
        problems.add(
            where,
            gettext(
                "计量单位“%(unit_of_measure)s”与指标 %(code)s（%(name)s）的计量单位“%(unit_of_measure2)s”不一致，无法对照实际值"
            )
            % {
                "unit_of_measure": unit_of_measure,
                "code": indicator.code,
                "name": indicator.name,
                "unit_of_measure2": indicator.unit_of_measure,
            },
        )


def read_doc_number(raw: Mapping, where: str, problems: Problems) -> str:
    return read_required_text(
        raw.get("doc_number"), gettext("文号"), where, problems, max_length=60
    )


def read_proposal(raw: Mapping, where: str, problems: Problems) -> dict:
    """session, proposal_number, proposer and title, as a reply's header prints them."""
    return {
        "session": read_required_text(
            raw.get("session"), gettext("会议届次"), where, problems, max_length=40
        ),
        "proposal_number": read_int(
            raw.get("proposal_number"), gettext("提案号"), where, problems, low=1, high=100000
        ),
        "proposer": read_required_text(
            raw.get("proposer"), gettext("提案人"), where, problems, max_length=60
        ),
        "title": read_required_text(
            raw.get("title"), gettext("提案标题"), where, problems, max_length=300
        ),
    }


def read_reply(raw: Mapping, where: str, problems: Problems) -> dict:
    """A reply's fields other than its document number and proposal: dates, contact, copy-to
    list, full text, source file and handling unit (a Unit, its id or its printed name)."""
    reply = {
        "signed_on": read_date(
            raw.get("signed_on"), gettext("签发日期"), where, problems, required=True
        ),
        "issued_on": read_date(
            raw.get("issued_on"), gettext("印发日期"), where, problems, required=False
        ),
        "contact_name": read_text(raw.get("contact_name"), max_length=40),
        "contact_phones": read_list(raw.get("contact_phones")),
        "copy_to": read_list(raw.get("copy_to")),
        "full_text": read_required_text(
            raw.get("full_text"), gettext("答复全文"), where, problems, max_length=FULL_TEXT_MAX
        ),
        "source_file": read_text(raw.get("source_file"), max_length=100),
    }
    raw_unit = raw.get("handling_unit")
    if raw_unit in (None, ""):
        problems.add(where, gettext("承办单位不能为空"))
        reply["handling_unit"] = None
    else:
        reply["handling_unit"] = read_model(
            Unit, raw_unit, gettext("承办单位"), where, problems, by=unit_by_name
        )
    if reply["signed_on"] and reply["issued_on"] and reply["issued_on"] < reply["signed_on"]:
        problems.add(where, gettext("印发日期不能早于签发日期"))
    return reply


def read_commitment(row: Mapping, n: int, problems: Problems, *, reply_year, handling_unit) -> dict:
    """A commitment row: a quantity needs its unit of measure (in the linked indicator's unit) and
    a comparator (≥ when none); a blank deadline is the end of the reply's year, a blank
    responsible unit the handling unit. `status` is the one a new row starts with."""
    where = gettext("承诺 %(get)s") % {"get": row.get("label") or n}
    quantity = read_decimal(row.get("quantity"), gettext("数量"), where, problems, required=False)
    unit_of_measure = read_text(row.get("unit_of_measure"), max_length=20)
    comparator = read_text(row.get("comparator"), max_length=10)
    if quantity is not None:
        if not unit_of_measure:
            problems.add(where, gettext("填写了数量，也请填写计量单位"))
        comparator = comparator or Comparator.GTE
        if comparator not in Comparator.values:
            problems.add(
                where, gettext("比较方式“%(comparator)s”无效") % {"comparator": comparator}
            )
    else:
        comparator = ""
        if unit_of_measure:
            problems.add(where, gettext("填写了计量单位，但没有数量"))
    deadline = read_date(row.get("deadline"), gettext("完成期限"), where, problems, required=False)
    if deadline is None and reply_year and row.get("deadline") in (None, ""):
        deadline = dt.date(reply_year, 12, 31)
    responsible = read_model(
        Unit, row.get("responsible_unit"), gettext("责任单位"), where, problems, by=unit_by_name
    )
    indicator = read_model(
        Indicator, row.get("indicator"), gettext("指标"), where, problems, by=indicator_by_code
    )
    if quantity is not None:
        check_unit_of_measure(indicator, unit_of_measure, where, problems)
    return {
        "number": n,
        "text": read_required_text(
            row.get("text"), gettext("承诺内容"), where, problems, max_length=TEXT_MAX
        ),
        "quantity": quantity,
        "unit_of_measure": unit_of_measure,
        "comparator": comparator,
        "deadline": deadline,
        "responsible_unit": responsible or handling_unit,
        "indicator": indicator,
        "task": read_model(Task, row.get("task"), gettext("任务"), where, problems, by=task_by_ref),
        "region": read_model(
            Region, row.get("region"), gettext("区域"), where, problems, by=region_by_name
        ),
        "status": Commitment.Status.PENDING
        if quantity is not None
        else Commitment.Status.NOT_MEASURABLE,
    }


def read_figure(row: Mapping, n: int, problems: Problems, *, city) -> dict:
    """A reported figure row: value, unit (the linked indicator's), year, sentence; a blank
    region is the city."""
    where = gettext("报告数据 %(get)s") % {"get": row.get("label") or n}
    unit_of_measure = read_required_text(
        row.get("unit_of_measure"), gettext("计量单位"), where, problems, max_length=20
    )
    indicator = read_model(
        Indicator, row.get("indicator"), gettext("指标"), where, problems, by=indicator_by_code
    )
    if unit_of_measure:
        check_unit_of_measure(indicator, unit_of_measure, where, problems)
    region = read_model(
        Region, row.get("region"), gettext("区域"), where, problems, by=region_by_name
    )
    return {
        "number": n,
        "value": read_decimal(row.get("value"), gettext("数值"), where, problems, required=True),
        "unit_of_measure": unit_of_measure,
        "year": read_int(
            row.get("year"), gettext("年份"), where, problems, low=MIN_YEAR, high=MAX_YEAR
        ),
        "sentence": read_required_text(
            row.get("sentence"), gettext("原文语句"), where, problems, max_length=TEXT_MAX
        ),
        "indicator": indicator,
        "region": region or city,
        "task": read_model(Task, row.get("task"), gettext("任务"), where, problems, by=task_by_ref),
    }
