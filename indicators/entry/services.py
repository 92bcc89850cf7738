"""Writes of the entry area: actuals, their review workflow, year closures, task reports, imports.

Every write of these goes through a function here, whatever path it comes from (the entry
forms, the Excel/CSV import, the REST API, the admin), so the rules are enforced once:

1. permission, through django-rules (indicators/rules.py);
2. the year: a closed year (YearClosure) takes no edit until a reviewer reopens it;
3. the workflow: draft → submitted → approved, or returned with a comment; approved = locked;
4. optimistic concurrency: a write that saw an older version (`expected_version`) is refused
   with `EditConflict`, which carries the newer row — nothing is silently overwritten;
5. validation: a number, a range fitting the indicator's kind and unit, the outlier check.

Each function runs in one transaction, is keyword-only, raises a `ServiceError` subclass with a
stable English `code` and a Chinese `message`, sets the history's user and change reason
(django-simple-history: old → new is derivable from consecutive records), and asks for a
progress recompute of the indicators whose actuals it changed (on commit).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from common.numbers import NotANumber, format_number, parse_number
from indicators import rules as entry_rules
from indicators.models import (
    MAX_YEAR,
    MIN_YEAR,
    Actual,
    Indicator,
    Region,
    Task,
    TaskReport,
    Unit,
    WorkflowState,
    YearClosure,
)
from indicators.progress.recompute import request_recompute

# simple-history keeps the change reason in a CharField(max_length=100).
REASON_MAX = 100
NOTE_MAX = 2000
TEXT_MAX = 5000

# Units of measure that count whole things: a stock or flow in these with no decimals must be a
# non-negative integer ("3700家", "20项"). 万人 / 亿元 / 万平方米 are scaled and may have decimals.
COUNT_UNITS = frozenset(
    {"家", "个", "项", "人", "件", "名", "单", "人次", "次", "台", "所", "条", "篇", "只", "套"}
)
# A rank ("国家高新区全国排名 第N位") is a positive whole number.
RANK_UNITS = frozenset({"位", "名次"})
GROWTH_MIN, GROWTH_MAX = Decimal(-100), Decimal(1000)


# ---------------------------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------------------------
class ServiceError(Exception):
    """A write refused for a reason the user can act on.

    `code` is stable English snake_case (for the API), `message` Chinese (for people),
    `message_en` English, `details` a dict ({field: [Chinese messages]} for validation).
    """

    code = "service_error"
    default_message = "操作未能完成。"
    default_message_en = "The operation could not be completed."

    def __init__(self, message: str | None = None, *, message_en: str | None = None, details=None):
        self.message = message or self.default_message
        self.message_en = message_en or self.default_message_en
        self.details = dict(details or {})
        super().__init__(self.message)


class PermissionDenied(ServiceError):
    code = "permission_denied"
    default_message = "您没有权限进行此操作。"
    default_message_en = "You are not allowed to do this."


class ValidationFailed(ServiceError):
    code = "validation_failed"
    default_message = "填写的内容有误，请按提示修改。"
    default_message_en = "The input is not valid."

    def __init__(self, message: str | None = None, *, message_en: str | None = None, details=None):
        if message is None and details:
            # The field messages themselves say what to fix; an API client shows this one line.
            message = "".join(m for ms in dict(details).values() for m in ms if isinstance(m, str))
        super().__init__(message, message_en=message_en, details=details)


class InvalidState(ValidationFailed):
    """A workflow step that does not apply to the current state (approve a draft, submit twice)."""

    code = "invalid_state"
    default_message = "当前状态下不能进行此操作。"
    default_message_en = "This step does not apply to the current state."


class EditConflict(ServiceError):
    code = "edit_conflict"
    default_message = "该数据已被他人修改，您的修改未保存。"
    default_message_en = "Someone else changed this value meanwhile; your change was not saved."

    def __init__(self, message=None, *, current=None, message_en=None, details=None):
        super().__init__(message, message_en=message_en, details=details)
        self.current = current


class Locked(ServiceError):
    code = "locked"
    default_message = "该数据已锁定，不能修改。"
    default_message_en = "This value is locked."


@dataclass(frozen=True)
class ImportProblem:
    sheet: str
    row: int | None
    column: str
    reason: str

    def __str__(self) -> str:
        where = []
        if self.sheet:
            where.append(f"工作表“{self.sheet}”")
        if self.row:
            where.append(f"第{self.row}行")
        if self.column:
            where.append(f"“{self.column}”列")
        return f"{''.join(where)}：{self.reason}" if where else self.reason

    def as_dict(self) -> dict:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "reason": self.reason}


class ImportRejected(ValidationFailed):
    """The whole file (or batch) is refused; `problems` lists every problem found."""

    default_message = "导入未完成：文件中有错误，全部数据均未保存。"
    default_message_en = "Import rejected: the file has errors; nothing was saved."

    def __init__(self, problems: list[ImportProblem], message=None):
        self.problems = list(problems)
        super().__init__(
            message
            or f"导入未完成：发现 {len(self.problems)} 处问题，全部数据均未保存。请修改后重新上传。",
            details={
                "rows": [str(p) for p in self.problems],
                "problems": [p.as_dict() for p in self.problems],
            },
        )


# ---------------------------------------------------------------------------------------------
# Shared checks
# ---------------------------------------------------------------------------------------------
def _require(user, perm: str, obj, message: str, message_en: str) -> None:
    if user is None or not getattr(user, "is_authenticated", False) or not user.has_perm(perm, obj):
        raise PermissionDenied(message, message_en=message_en)


def _checked_year(year) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationFailed(details={"year": ["年份应为四位整数。"]}) from None
    latest = timezone.localdate().year
    if year < MIN_YEAR or year > MAX_YEAR:
        raise ValidationFailed(details={"year": [f"年份应在 {MIN_YEAR}—{MAX_YEAR} 之间。"]})
    if year > latest:
        raise ValidationFailed(details={"year": [f"{year}年尚未到来，不能填报。"]})
    return year


def year_is_closed(year: int) -> bool:
    return YearClosure.objects.filter(year=year).exists()


def _require_open_year(year: int) -> None:
    if year_is_closed(year):
        raise Locked(
            f"{year}年度已关闭，不能再修改或审核；如需修改，请联系审核员重新开启该年度。",
            message_en=f"The year {year} is closed.",
        )


def person_name(user, *, nobody: str = "系统") -> str:
    """How a person is named on pages and in messages: 林晓 (family name first, no space, for
    Chinese names), else Django's full name, else the username."""
    if user is None:
        return nobody
    first, last = (user.first_name or "").strip(), (user.last_name or "").strip()
    if any("\u4e00" <= ch <= "\u9fff" for ch in first + last):
        return f"{last}{first}"
    return user.get_full_name() or user.get_username()


def _who(user) -> str:
    return person_name(user)


def _latest_change(obj):
    """(who, when) of the newest history record of a row."""
    record = (
        obj.history.order_by("-history_date", "-history_id").select_related("history_user").first()
    )
    if record is None:
        return _who(getattr(obj, "entered_by", None)), obj.updated_at
    return _who(record.history_user), record.history_date


def _conflict(current, *, what: str, shown: str) -> EditConflict:
    who, when = _latest_change(current)
    when_text = timezone.localtime(when).strftime("%Y-%m-%d %H:%M") if when else ""
    return EditConflict(
        f"{what}已被 {who} 于 {when_text} 修改为 {shown}（{current.get_state_display()}，版本 {current.version}），"
        "您的修改未保存。请核对最新数值后再保存。",
        message_en=f"Changed meanwhile by {who} at {when_text} to {shown} (version {current.version}).",
        current=current,
        details={
            "version": [f"当前版本为 {current.version}"],
            "saved_by": [who],
            "saved_at": [when_text],
        },
    )


def _check_version(current, expected_version, *, what: str, shown) -> None:
    """expected_version None: no check; 0: the caller saw no row; n: the caller saw version n."""
    if expected_version is None or expected_version == "":
        return
    try:
        expected = int(expected_version)
    except (TypeError, ValueError):
        raise ValidationFailed(details={"version": ["版本号应为整数。"]}) from None
    if current is None:
        if expected != 0:
            raise ValidationFailed(
                "该数据已不存在，请刷新页面后重新填写。", details={"version": ["数据已不存在。"]}
            )
        return
    if current.version != expected:
        raise _conflict(current, what=what, shown=shown(current))


def _reason(origin: str, action: str, extra: str = "") -> str:
    label = {
        Actual.Origin.ENTRY: "表单",
        Actual.Origin.IMPORT: "导入",
        Actual.Origin.API: "接口",
        Actual.Origin.SEED: "种子",
        Actual.Origin.DEMO: "演示",
    }.get(origin, "后台" if origin == "admin" else str(origin))
    text = f"{label}：{action}" + (f"：{extra}" if extra else "")
    return text[:REASON_MAX]


def _save_with_history(obj, *, user, reason: str, **save_kwargs) -> None:
    obj._history_user = user
    obj._change_reason = reason[:REASON_MAX]
    obj.save(**save_kwargs)


def _to_str(text) -> str:
    return "" if text is None else str(text).strip()


# ---------------------------------------------------------------------------------------------
# Recompute requests
# ---------------------------------------------------------------------------------------------
# Inside `recompute_batch()`, the writes' recompute requests are collected and sent once, for the
# distinct indicators, when the batch ends: an import of 1,200 rows asks for at most one
# recompute per indicator, not one per row.
_pending_recompute: ContextVar[set[int] | None] = ContextVar(
    "wzsci_pending_recompute", default=None
)


def _recompute(*, indicator_ids: Iterable[int]) -> None:
    pending = _pending_recompute.get()
    if pending is None:
        request_recompute(indicator_ids=list(indicator_ids))
    else:
        pending.update(int(i) for i in indicator_ids)


@contextlib.contextmanager
def recompute_batch() -> Iterator[None]:
    """Collect the recompute requests of the writes inside; send them once at the end (on commit
    of the surrounding transaction, as `request_recompute` does). Nested batches join the outer."""
    if _pending_recompute.get() is not None:
        yield
        return
    pending: set[int] = set()
    token = _pending_recompute.set(pending)
    try:
        yield
    finally:
        _pending_recompute.reset(token)
    if pending:
        request_recompute(indicator_ids=sorted(pending))


# ---------------------------------------------------------------------------------------------
# Validation of an actual's value
# ---------------------------------------------------------------------------------------------
def parse_value(raw) -> Decimal:
    """The value as a Decimal, or ValidationFailed({"value": [...]}) in Chinese."""
    try:
        value = parse_number(raw)
    except NotANumber as exc:
        raise ValidationFailed(details={"value": [f"应填写数字：{exc.message}。"]}) from None
    if value is None:
        raise ValidationFailed(details={"value": ["请填写数值。"]})
    return value


def value_range_problems(*, indicator: Indicator, value: Decimal) -> list[str]:
    """What is wrong with the value for this indicator's kind and unit (empty when nothing).

    - growth rates (kind growth_rate, in %): −100 … 1000;
    - shares (unit %): 0 … 100;
    - ranks (unit 位): whole numbers from 1;
    - counts (a count unit such as 家/个/项/人/件, kind stock or flow, 0 decimals): whole numbers ≥ 0;
    - any other stock, flow or level: ≥ 0.
    """
    unit = indicator.unit_of_measure.strip()
    kind = indicator.kind
    if kind == Indicator.Kind.GROWTH_RATE:
        if not GROWTH_MIN <= value <= GROWTH_MAX:
            return [
                f"增长率应在 {GROWTH_MIN}% 到 {GROWTH_MAX}% 之间（填写 {format_number(value)}）。"
            ]
        return []
    if unit in {"%", "％"}:
        if not Decimal(0) <= value <= Decimal(100):
            return [f"比重应在 0 到 100 之间（单位为 %，填写 {format_number(value)}）。"]
        return []
    whole = value == value.to_integral_value()
    if unit in RANK_UNITS:
        if not whole or value < 1:
            return [f"排名应为不小于 1 的整数（填写 {format_number(value)}）。"]
        return []
    is_count = (
        unit in COUNT_UNITS
        and kind in {Indicator.Kind.STOCK, Indicator.Kind.FLOW}
        and indicator.decimals == 0
    )
    if is_count:
        if value < 0 or not whole:
            return [f"计数应为不小于 0 的整数（单位：{unit}，填写 {format_number(value)}）。"]
        return []
    if value < 0:
        return [f"数值不能为负数（单位：{unit}）。"]
    return []


def outlier_message(*, indicator: Indicator, value: Decimal, last: Decimal | None) -> str | None:
    """Why an explanation is needed, or None: a change against last year above the threshold.

    The threshold is settings.WZSCI_OUTLIER_SHARE (0.5 = 50 %). For a level, stock or flow the
    change is relative (|new − last| / |last|; from a last value of 0 any change counts). A growth
    rate is already a relative change, so its change is measured in percentage points against
    share × 100 (50 points by default): 9.6 % → 15 % passes, 9.6 % → 80 % asks for a word.
    """
    if last is None:
        return None
    share = Decimal(str(settings.WZSCI_OUTLIER_SHARE))
    if indicator.kind == Indicator.Kind.GROWTH_RATE:
        points = value - last
        if abs(points) > share * 100:
            return (
                f"与上年 {format_number(last)}% 相比变动 {points:+.1f} 个百分点，超过 {format_number(share * 100)} 个百分点，"
                "请填写变动说明。"
            )
        return None
    if last == 0:
        if value != 0:
            return "上年值为 0，本年有变化，请填写变动说明。"
        return None
    change = (value - last) / abs(last)
    if abs(change) > share:
        return (
            f"与上年值 {format_number(last)} 相比变动 {change * 100:+.1f}%，超过 {format_number(share * 100)}%，"
            "请填写变动说明。"
        )
    return None


def last_year_value(*, indicator: Indicator, region: Region, year: int) -> Decimal | None:
    return (
        Actual.objects.filter(indicator=indicator, region=region, year=year - 1)
        .values_list("value", flat=True)
        .first()
    )


def _value_problems(
    *, indicator, region, year, value, explanation, source_note
) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    range_problems = value_range_problems(indicator=indicator, value=value)
    if range_problems:
        problems["value"] = range_problems
    else:
        message = outlier_message(
            indicator=indicator,
            value=value,
            last=last_year_value(indicator=indicator, region=region, year=year),
        )
        if message and not explanation:
            problems["explanation"] = [message]
    if len(source_note) > NOTE_MAX:
        problems["source_note"] = [f"数据来源说明不超过 {NOTE_MAX} 字。"]
    if len(explanation) > NOTE_MAX:
        problems.setdefault("explanation", []).append(f"变动说明不超过 {NOTE_MAX} 字。")
    return problems


# ---------------------------------------------------------------------------------------------
# Actuals
# ---------------------------------------------------------------------------------------------
def _enter_denied(indicator, region) -> tuple[str, str]:
    return (
        f"您没有权限填报“{region}”的“{indicator.name}”。",
        f"You may not enter {indicator.code} for region {region.code}.",
    )


def _locked_actual(actual: Actual) -> Locked:
    return Locked(
        f"{actual.year}年“{actual.indicator.name}”（{actual.region}）已审核通过并锁定，不能修改；如需更正，请联系审核员退回。",
        message_en="This value is approved and locked.",
    )


def _shown_actual(actual: Actual) -> str:
    return f"{format_number(actual.value)}{actual.indicator.unit_of_measure}"


@transaction.atomic
def actual_save(
    *,
    user,
    indicator: Indicator,
    region: Region,
    year: int,
    value,
    source_note: str = "",
    explanation: str = "",
    expected_version: int | None = None,
    origin: str = Actual.Origin.ENTRY,
) -> Actual:
    """Create or update the draft of an indicator × region × year.

    A returned value, or a submitted one not yet reviewed, goes back to draft (it must be
    submitted again). An approved value is locked. `expected_version`: the version the caller's
    form showed (0 for "there was no value"); None skips the check (for scripts).
    A save that changes nothing changes nothing (the version stays).
    """
    _require(user, entry_rules.ENTER_ACTUAL, (indicator, region), *_enter_denied(indicator, region))
    year = _checked_year(year)
    _require_open_year(year)
    value = parse_value(value)
    source_note, explanation = _to_str(source_note), _to_str(explanation)

    current = (
        Actual.objects.select_for_update()
        .select_related("indicator", "region")
        .filter(indicator=indicator, region=region, year=year)
        .first()
    )
    _check_version(current, expected_version, what="该数值", shown=_shown_actual)
    if current is not None and current.state == WorkflowState.APPROVED:
        raise _locked_actual(current)
    problems = _value_problems(
        indicator=indicator,
        region=region,
        year=year,
        value=value,
        explanation=explanation,
        source_note=source_note,
    )
    if problems:
        raise ValidationFailed(details=problems)

    if current is None:
        actual = Actual(
            indicator=indicator,
            region=region,
            year=year,
            value=value,
            source_note=source_note,
            explanation=explanation,
            origin=origin,
            state=WorkflowState.DRAFT,
            entered_by=user,
            version=1,
        )
        try:
            with transaction.atomic():
                _save_with_history(actual, user=user, reason=_reason(origin, "新建草稿"))
        except IntegrityError:
            # Someone created the same cell between our read and our insert.
            winner = Actual.objects.select_related("indicator", "region").get(
                indicator=indicator, region=region, year=year
            )
            raise _conflict(winner, what="该数值", shown=_shown_actual) from None
        _recompute(indicator_ids=[indicator.id])
        return actual

    changed = (
        current.value != value
        or current.source_note != source_note
        or current.explanation != explanation
    )
    if not changed and current.state == WorkflowState.DRAFT:
        return current
    if not changed and current.state == WorkflowState.SUBMITTED:
        return current  # re-saving an unchanged submitted value does not withdraw it
    action = {
        WorkflowState.DRAFT: "修改草稿",
        WorkflowState.RETURNED: "退回后修改",
        WorkflowState.SUBMITTED: "撤回修改",
    }[current.state]
    current.value = value
    current.source_note = source_note
    current.explanation = explanation
    current.state = WorkflowState.DRAFT
    current.origin = origin
    current.entered_by = user
    current.submitted_at = None
    current.version += 1
    _save_with_history(current, user=user, reason=_reason(origin, action))
    _recompute(indicator_ids=[indicator.id])
    return current


def _locked_for_update(model, obj):
    return model.objects.select_for_update().get(pk=obj.pk)


@transaction.atomic
def actual_submit(
    *, user, actual: Actual, expected_version: int | None = None, origin: str | None = None
) -> Actual:
    """Draft or returned → submitted (waits in the reviewer's queue). The value is checked again."""
    actual = _locked_for_update(Actual, actual)
    _require(
        user,
        entry_rules.ENTER_ACTUAL,
        (actual.indicator, actual.region),
        *_enter_denied(actual.indicator, actual.region),
    )
    _require_open_year(actual.year)
    _check_version(actual, expected_version, what="该数值", shown=_shown_actual)
    if actual.state == WorkflowState.APPROVED:
        raise _locked_actual(actual)
    if actual.state == WorkflowState.SUBMITTED:
        raise InvalidState(
            "该数值已提交，正在等待审核。", details={"state": ["已提交，等待审核。"]}
        )
    problems = _value_problems(
        indicator=actual.indicator,
        region=actual.region,
        year=actual.year,
        value=actual.value,
        explanation=actual.explanation,
        source_note=actual.source_note,
    )
    if problems:
        raise ValidationFailed(
            "提交前请先修改：" + "；".join(m for ms in problems.values() for m in ms),
            details=problems,
        )
    actual.state = WorkflowState.SUBMITTED
    actual.submitted_at = timezone.now()
    actual.version += 1
    _save_with_history(actual, user=user, reason=_reason(origin or actual.origin, "提交审核"))
    _recompute(indicator_ids=[actual.indicator_id])
    return actual


def _review_checks(user, actual: Actual, expected_version) -> None:
    _require(
        user,
        entry_rules.REVIEW_ACTUAL,
        actual,
        "只有审核员可以审核数据。",
        "Only reviewers may approve or return values.",
    )
    _require_open_year(actual.year)
    _check_version(actual, expected_version, what="该数值", shown=_shown_actual)


@transaction.atomic
def actual_approve(*, user, actual: Actual, expected_version: int | None = None) -> Actual:
    """Submitted → approved: the value counts in progress and is locked."""
    actual = _locked_for_update(Actual, actual)
    _review_checks(user, actual, expected_version)
    if actual.state != WorkflowState.SUBMITTED:
        raise InvalidState(
            f"只能审核“已提交”的数值，该数值当前为“{actual.get_state_display()}”。",
            details={"state": [f"当前状态：{actual.get_state_display()}"]},
        )
    actual.state = WorkflowState.APPROVED
    actual.reviewed_by = user
    actual.reviewed_at = timezone.now()
    actual.review_comment = ""
    actual.version += 1
    _save_with_history(actual, user=user, reason="审核通过")
    _recompute(indicator_ids=[actual.indicator_id])
    return actual


@transaction.atomic
def actual_return(
    *, user, actual: Actual, comment: str, expected_version: int | None = None
) -> Actual:
    """Submitted (or approved, to unlock it for a correction) → returned, with the reviewer's comment."""
    actual = _locked_for_update(Actual, actual)
    _review_checks(user, actual, expected_version)
    comment = _to_str(comment)
    if not comment:
        raise ValidationFailed(details={"comment": ["退回时请填写审核意见，说明需要修改的地方。"]})
    if len(comment) > NOTE_MAX:
        raise ValidationFailed(details={"comment": [f"审核意见不超过 {NOTE_MAX} 字。"]})
    if actual.state not in {WorkflowState.SUBMITTED, WorkflowState.APPROVED}:
        raise InvalidState(
            f"只能退回“已提交”或“已审核”的数值，该数值当前为“{actual.get_state_display()}”。",
            details={"state": [f"当前状态：{actual.get_state_display()}"]},
        )
    actual.state = WorkflowState.RETURNED
    actual.review_comment = comment
    actual.reviewed_by = user
    actual.reviewed_at = timezone.now()
    actual.version += 1
    _save_with_history(actual, user=user, reason=f"退回：{comment}")
    _recompute(indicator_ids=[actual.indicator_id])
    return actual


REVIEW_ACTIONS = ("approve", "return")


def _review_many(
    *, user, model, ids, action, comment, expected_versions, approve, return_, perm, label
):
    if action not in REVIEW_ACTIONS:
        raise ValidationFailed(
            details={"action": ["操作应为“通过”（approve）或“退回”（return）。"]}
        )
    _require(user, perm, None, "只有审核员可以审核数据。", "Only reviewers may approve or return.")
    try:
        ids = sorted({int(i) for i in ids})
    except (TypeError, ValueError):
        raise ValidationFailed(details={"ids": ["所选条目编号无效。"]}) from None
    if not ids:
        raise ValidationFailed(details={"ids": ["请至少选择一条。"]})
    if action == "return" and not _to_str(comment):
        raise ValidationFailed(details={"comment": ["退回时请填写审核意见，说明需要修改的地方。"]})
    objs = {o.pk: o for o in model.objects.filter(pk__in=ids)}
    missing = [i for i in ids if i not in objs]
    if missing:
        raise ValidationFailed(details={"ids": [f"以下条目不存在：{', '.join(map(str, missing))}"]})
    versions = {int(k): v for k, v in (expected_versions or {}).items()}
    done, errors, failures = [], {}, []
    for pk in ids:  # in id order, so two reviewers lock rows in the same order
        try:
            if action == "approve":
                done.append(
                    approve(user=user, **{label: objs[pk]}, expected_version=versions.get(pk))
                )
            else:
                done.append(
                    return_(
                        user=user,
                        **{label: objs[pk]},
                        comment=comment,
                        expected_version=versions.get(pk),
                    )
                )
        except ServiceError as exc:
            errors[str(pk)] = [f"{objs[pk]}：{exc.message}"]
            failures.append(exc)
    if errors:
        # All or nothing: the ones that went through are rolled back with the transaction. When
        # every failure is of one kind (all stale, all locked…) that kind is raised, so a client
        # can tell a conflict from a wrong selection.
        kinds = {type(exc) for exc in failures}
        cls = kinds.pop() if len(kinds) == 1 else ValidationFailed
        error = cls(
            f"{len(errors)} 条未能处理，本次操作全部未生效："
            + "；".join(m for ms in errors.values() for m in ms),
            details=errors,
        )
        if isinstance(error, EditConflict) and len(failures) == 1:
            error.current = failures[0].current
        raise error
    return done


@transaction.atomic
@recompute_batch()
def actuals_review_many(
    *, user, actual_ids, action: str, comment: str = "", expected_versions: Mapping | None = None
) -> list[Actual]:
    """Approve or return many submitted actuals at once: all of them, or none."""
    return _review_many(
        user=user,
        model=Actual,
        ids=actual_ids,
        action=action,
        comment=comment,
        expected_versions=expected_versions,
        approve=actual_approve,
        return_=actual_return,
        perm=entry_rules.REVIEW_ACTUAL,
        label="actual",
    )


# ---------------------------------------------------------------------------------------------
# Year closure
# ---------------------------------------------------------------------------------------------
@transaction.atomic
def year_close(*, user, year: int) -> YearClosure:
    """Close a reporting year: no entry, submission or review until it is reopened.

    Refused while values or task reports of the year still wait for review, so nothing is
    frozen half-way through the queue.
    """
    _require(
        user,
        entry_rules.CLOSE_YEAR,
        year,
        "只有审核员可以关闭年度。",
        "Only reviewers may close a year.",
    )
    year = _checked_year(year)
    if YearClosure.objects.select_for_update().filter(year=year).exists():
        raise InvalidState(f"{year}年度已经关闭。", details={"year": ["该年度已关闭。"]})
    pending = Actual.objects.filter(year=year, state=WorkflowState.SUBMITTED).count()
    pending_reports = TaskReport.objects.filter(year=year, state=WorkflowState.SUBMITTED).count()
    if pending or pending_reports:
        raise InvalidState(
            f"{year}年度还有 {pending} 条数值、{pending_reports} 份任务进展报告等待审核，请先处理后再关闭。",
            details={"year": ["仍有待审核的数据。"]},
        )
    closure = YearClosure(year=year, closed_by=user)
    try:
        with transaction.atomic():
            _save_with_history(closure, user=user, reason=f"关闭{year}年度")
    except IntegrityError:
        raise InvalidState(f"{year}年度已经关闭。", details={"year": ["该年度已关闭。"]}) from None
    return closure


@transaction.atomic
def year_reopen(*, user, year: int) -> None:
    _require(
        user,
        entry_rules.CLOSE_YEAR,
        year,
        "只有审核员可以重新开启年度。",
        "Only reviewers may reopen a year.",
    )
    year = _checked_year(year)
    closure = YearClosure.objects.select_for_update().filter(year=year).first()
    if closure is None:
        raise InvalidState(
            f"{year}年度未关闭，无需重新开启。", details={"year": ["该年度未关闭。"]}
        )
    closure._history_user = user
    closure._change_reason = f"重新开启{year}年度"
    closure.delete()


# ---------------------------------------------------------------------------------------------
# Task progress reports
# ---------------------------------------------------------------------------------------------
def _report_denied(task, unit) -> tuple[str, str]:
    return (
        f"您没有权限为“{unit}”填写任务“{task.title}”的进展。",
        f"You may not report on task {task.pk} for unit {unit.pk}.",
    )


def _shown_report(report: TaskReport) -> str:
    return f"“{report.get_status_display()}，{report.percent}%”"


def _report_problems(
    *, status, percent, text, period
) -> tuple[dict[str, list[str]], str, int, int]:
    problems: dict[str, list[str]] = {}
    status = _to_str(status)
    if status not in TaskReport.Status.values:
        problems["status"] = ["请选择进展情况（未开始、按计划推进、滞后、已完成）。"]
    try:
        period = int(period)
        if period not in TaskReport.Period.values:
            raise ValueError
    except (TypeError, ValueError):
        problems["period"] = ["期间应为全年、上半年或下半年。"]
        period = -1
    try:
        number = parse_number(percent)
        if number is None:
            raise NotANumber("请填写完成百分比")
        if number != number.to_integral_value() or not 0 <= number <= 100:
            raise NotANumber("完成百分比应为 0 到 100 之间的整数")
        percent = int(number)
    except NotANumber as exc:
        problems["percent"] = [f"{exc.message}。"]
        percent = -1
    text = _to_str(text)
    if "status" not in problems and "percent" not in problems:
        if status == TaskReport.Status.DONE and percent != 100:
            problems["percent"] = ["进展为“已完成”时，完成百分比应为 100。"]
        if status == TaskReport.Status.NOT_STARTED and percent != 0:
            problems["percent"] = ["进展为“未开始”时，完成百分比应为 0。"]
        if status != TaskReport.Status.DONE and percent == 100:
            problems["status"] = ["完成百分比为 100 时，进展应选“已完成”。"]
    if status == TaskReport.Status.DELAYED and not text:
        problems["text"] = ["进展滞后时，请在进展说明中写明原因和下一步措施。"]
    if len(text) > TEXT_MAX:
        problems["text"] = [f"进展说明不超过 {TEXT_MAX} 字。"]
    return problems, status, percent, period


def _locked_report(report: TaskReport) -> Locked:
    return Locked(
        "该进展报告已审核通过并锁定，不能修改；如需更正，请联系审核员退回。",
        message_en="This report is approved and locked.",
    )


@transaction.atomic
def task_report_save(
    *,
    user,
    task: Task,
    unit: Unit,
    year: int,
    period: int,
    status: str,
    percent,
    text: str,
    expected_version: int | None = None,
) -> TaskReport:
    """Create or update a unit's progress report on a task for a year or half-year (a draft).

    The lead unit's report is the task's report; a co-unit's report is its part. Same workflow
    and locks as actuals.
    """
    _require(user, entry_rules.WRITE_TASK_REPORT, (task, unit), *_report_denied(task, unit))
    year = _checked_year(year)
    _require_open_year(year)
    problems, status, percent, period = _report_problems(
        status=status, percent=percent, text=text, period=period
    )
    current = (
        TaskReport.objects.select_for_update()
        .filter(task=task, unit=unit, year=year, period=period)
        .first()
        if period >= 0
        else None
    )
    _check_version(current, expected_version, what="该进展报告", shown=_shown_report)
    if current is not None and current.state == WorkflowState.APPROVED:
        raise _locked_report(current)
    if problems:
        raise ValidationFailed(details=problems)
    text = _to_str(text)
    if current is None:
        report = TaskReport(
            task=task,
            unit=unit,
            year=year,
            period=period,
            status=status,
            percent=percent,
            text=text,
            entered_by=user,
            state=WorkflowState.DRAFT,
            version=1,
        )
        try:
            with transaction.atomic():
                _save_with_history(report, user=user, reason="新建草稿")
        except IntegrityError:
            winner = TaskReport.objects.get(task=task, unit=unit, year=year, period=period)
            raise _conflict(winner, what="该进展报告", shown=_shown_report) from None
        return report
    changed = current.status != status or current.percent != percent or current.text != text
    if not changed and current.state in {WorkflowState.DRAFT, WorkflowState.SUBMITTED}:
        return current
    action = {
        WorkflowState.DRAFT: "修改草稿",
        WorkflowState.RETURNED: "退回后修改",
        WorkflowState.SUBMITTED: "撤回修改",
    }[current.state]
    current.status, current.percent, current.text = status, percent, text
    current.state = WorkflowState.DRAFT
    current.entered_by = user
    current.submitted_at = None
    current.version += 1
    _save_with_history(current, user=user, reason=action)
    return current


@transaction.atomic
def task_report_submit(
    *, user, report: TaskReport, expected_version: int | None = None
) -> TaskReport:
    report = _locked_for_update(TaskReport, report)
    _require(
        user,
        entry_rules.WRITE_TASK_REPORT,
        (report.task, report.unit),
        *_report_denied(report.task, report.unit),
    )
    _require_open_year(report.year)
    _check_version(report, expected_version, what="该进展报告", shown=_shown_report)
    if report.state == WorkflowState.APPROVED:
        raise _locked_report(report)
    if report.state == WorkflowState.SUBMITTED:
        raise InvalidState(
            "该进展报告已提交，正在等待审核。", details={"state": ["已提交，等待审核。"]}
        )
    report.state = WorkflowState.SUBMITTED
    report.submitted_at = timezone.now()
    report.version += 1
    _save_with_history(report, user=user, reason="提交审核")
    return report


def _report_review_checks(user, report, expected_version) -> None:
    _require(
        user,
        entry_rules.REVIEW_TASK_REPORT,
        report,
        "只有审核员可以审核任务进展报告。",
        "Only reviewers may approve or return task reports.",
    )
    _require_open_year(report.year)
    _check_version(report, expected_version, what="该进展报告", shown=_shown_report)


@transaction.atomic
def task_report_approve(
    *, user, report: TaskReport, expected_version: int | None = None
) -> TaskReport:
    report = _locked_for_update(TaskReport, report)
    _report_review_checks(user, report, expected_version)
    if report.state != WorkflowState.SUBMITTED:
        raise InvalidState(
            f"只能审核“已提交”的报告，该报告当前为“{report.get_state_display()}”。",
            details={"state": [f"当前状态：{report.get_state_display()}"]},
        )
    report.state = WorkflowState.APPROVED
    report.reviewed_by = user
    report.reviewed_at = timezone.now()
    report.review_comment = ""
    report.version += 1
    _save_with_history(report, user=user, reason="审核通过")
    return report


@transaction.atomic
def task_report_return(
    *, user, report: TaskReport, comment: str, expected_version: int | None = None
) -> TaskReport:
    report = _locked_for_update(TaskReport, report)
    _report_review_checks(user, report, expected_version)
    comment = _to_str(comment)
    if not comment:
        raise ValidationFailed(details={"comment": ["退回时请填写审核意见，说明需要修改的地方。"]})
    if report.state not in {WorkflowState.SUBMITTED, WorkflowState.APPROVED}:
        raise InvalidState(
            f"只能退回“已提交”或“已审核”的报告，该报告当前为“{report.get_state_display()}”。",
            details={"state": [f"当前状态：{report.get_state_display()}"]},
        )
    report.state = WorkflowState.RETURNED
    report.review_comment = comment
    report.reviewed_by = user
    report.reviewed_at = timezone.now()
    report.version += 1
    _save_with_history(report, user=user, reason=f"退回：{comment}")
    return report


@transaction.atomic
def task_reports_review_many(
    *, user, report_ids, action: str, comment: str = "", expected_versions: Mapping | None = None
) -> list[TaskReport]:
    """Approve or return many submitted task reports at once: all of them, or none."""
    return _review_many(
        user=user,
        model=TaskReport,
        ids=report_ids,
        action=action,
        comment=comment,
        expected_versions=expected_versions,
        approve=task_report_approve,
        return_=task_report_return,
        perm=entry_rules.REVIEW_TASK_REPORT,
        label="report",
    )


# ---------------------------------------------------------------------------------------------
# Import (Excel, CSV, API batches)
# ---------------------------------------------------------------------------------------------
# The columns a problem is reported against (the template's Chinese headers).
COLUMN_INDICATOR = "指标代码"
COLUMN_REGION = "区域"
COLUMN_YEAR = "年份"
COLUMN_VALUE = "本年值"
COLUMN_SOURCE_NOTE = "数据来源说明"
COLUMN_EXPLANATION = "变动说明"
COLUMN_VERSION = "版本"
FIELD_COLUMNS = {
    "value": COLUMN_VALUE,
    "explanation": COLUMN_EXPLANATION,
    "source_note": COLUMN_SOURCE_NOTE,
    "year": COLUMN_YEAR,
    "version": COLUMN_VERSION,
    "indicator": COLUMN_INDICATOR,
    "region": COLUMN_REGION,
}
MAX_IMPORT_ROWS = 20000


@dataclass
class ImportRow:
    """One row of a batch. indicator/region: an instance, an id, or a code (a region also by name).

    `value` may be raw text (it is read like a form field). `sheet`/`row` locate it for messages.
    """

    indicator: object
    region: object
    year: object
    value: object
    source_note: str = ""
    explanation: str = ""
    expected_version: object = None
    sheet: str = ""
    row: int | None = None
    # Problems the reader (Excel/CSV) already found in this row, reported with the others.
    problems: list[ImportProblem] = field(default_factory=list)
    # How the file names each column ("本年值（I列）"), for messages; canonical name → label.
    columns: dict[str, str] = field(default_factory=dict)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    submitted: int = 0
    actuals: list[Actual] = field(default_factory=list)

    @property
    def saved(self) -> int:
        return self.created + self.updated

    def summary(self) -> str:
        text = (
            f"导入成功：新增 {self.created} 条，修改 {self.updated} 条，未变化 {self.unchanged} 条"
        )
        if self.submitted:
            text += f"，已提交审核 {self.submitted} 条"
        return text + "。"


def _as_import_row(raw, index: int) -> ImportRow:
    if isinstance(raw, ImportRow):
        return raw
    if isinstance(raw, Mapping):
        return ImportRow(
            indicator=raw.get("indicator"),
            region=raw.get("region"),
            year=raw.get("year"),
            value=raw.get("value"),
            source_note=raw.get("source_note") or "",
            explanation=raw.get("explanation") or "",
            expected_version=raw.get("expected_version", raw.get("version")),
            sheet=raw.get("sheet", ""),
            row=raw.get("row", index),
        )
    raise ValidationFailed(details={"rows": [f"第{index}条记录格式不正确。"]})


class _Lookup:
    """Indicators and regions by instance, id, code (and region name), loaded once per batch."""

    def __init__(self):
        self.indicators = list(Indicator.objects.select_related("lead_unit"))
        self.regions = list(Region.objects.all())
        self.indicator_keys = {i.code.upper(): i for i in self.indicators} | {
            i.pk: i for i in self.indicators
        }
        self.region_keys = (
            {r.code.upper(): r for r in self.regions}
            | {r.name: r for r in self.regions}
            | {r.pk: r for r in self.regions}
        )

    @staticmethod
    def _key(raw):
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw
        text = _to_str(raw)
        return text.upper() if text.isascii() else text

    def indicator(self, raw):
        if isinstance(raw, Indicator):
            return raw
        return self.indicator_keys.get(self._key(raw))

    def region(self, raw):
        if isinstance(raw, Region):
            return raw
        return self.region_keys.get(self._key(raw))


def _problem(row: ImportRow, column: str, reason: str) -> ImportProblem:
    return ImportProblem(row.sheet, row.row, row.columns.get(column, column), reason)


def _problems_from_error(row: ImportRow, exc: ServiceError) -> list[ImportProblem]:
    if isinstance(exc, PermissionDenied):
        return [_problem(row, COLUMN_REGION, exc.message)]
    if isinstance(exc, (Locked, EditConflict)):
        return [_problem(row, COLUMN_VALUE, exc.message)]
    if exc.details:
        out = []
        for key, messages in exc.details.items():
            column = FIELD_COLUMNS.get(key, "")
            if key in {"saved_by", "saved_at"}:
                continue
            out.extend(_problem(row, column, message) for message in messages)
        if out:
            return out
    return [_problem(row, "", exc.message)]


@transaction.atomic
@recompute_batch()
def actuals_import(
    *, user, rows: Iterable, origin: str = Actual.Origin.IMPORT, submit: bool = False
) -> ImportResult:
    """Save a batch of actuals (an Excel/CSV upload, an API batch): every row, or none.

    Rows with a blank value are skipped (a template lists every cell the user may fill). Every
    row goes through `actual_save` (and `actual_submit` when `submit`), so the permission,
    lock, version and validation rules are exactly those of the form. Any problem anywhere
    rejects the batch with `ImportRejected`, listing every problem with sheet, row, column and
    reason; nothing is saved.
    """
    _require(
        user,
        entry_rules.USE_ENTRY,
        None,
        "您的账号不能填报或导入数据。",
        "This account may not enter data.",
    )
    batch = [_as_import_row(raw, index) for index, raw in enumerate(rows, start=1)]
    if len(batch) > MAX_IMPORT_ROWS:
        raise ImportRejected(
            [
                ImportProblem(
                    "", None, "", f"一次最多导入 {MAX_IMPORT_ROWS} 行，本文件有 {len(batch)} 行。"
                )
            ]
        )
    lookup = _Lookup()
    problems: list[ImportProblem] = []
    ready: list[tuple[ImportRow, Indicator, Region, int]] = []
    seen: dict[tuple[int, int, int], ImportRow] = {}
    for row in batch:
        problems.extend(row.problems)
        if row.problems:
            continue
        try:
            if parse_number(row.value) is None:
                continue  # nothing entered in this row
        except NotANumber as exc:
            problems.append(_problem(row, COLUMN_VALUE, f"应填写数字：{exc.message}"))
            continue
        indicator, region = lookup.indicator(row.indicator), lookup.region(row.region)
        row_ok = True
        if indicator is None:
            problems.append(
                _problem(row, COLUMN_INDICATOR, f"找不到指标“{_to_str(row.indicator)}”。")
            )
            row_ok = False
        if region is None:
            problems.append(_problem(row, COLUMN_REGION, f"找不到区域“{_to_str(row.region)}”。"))
            row_ok = False
        try:
            year = _checked_year(row.year)
        except ValidationFailed as exc:
            problems.extend(_problems_from_error(row, exc))
            row_ok = False
        if not row_ok:
            continue
        key = (indicator.pk, region.pk, year)
        if key in seen:
            problems.append(
                _problem(
                    row,
                    COLUMN_INDICATOR,
                    f"与第{seen[key].row}行重复（同一指标、区域和年份只能填一次）。",
                )
            )
            continue
        seen[key] = row
        ready.append((row, indicator, region, year))

    if not ready and not problems:
        raise ImportRejected(
            [ImportProblem("", None, COLUMN_VALUE, "文件中没有填写任何数值，未导入。")]
        )

    result = ImportResult()
    for row, indicator, region, year in ready:
        before = (
            Actual.objects.filter(indicator=indicator, region=region, year=year)
            .values_list("version", "state")
            .first()
        )
        try:
            if before is not None and before[1] == WorkflowState.APPROVED:
                # An approved value that the file repeats unchanged is not an error.
                current = Actual.objects.get(indicator=indicator, region=region, year=year)
                if current.value == parse_value(row.value) and (
                    row.expected_version in (None, "")
                    or int(row.expected_version) == current.version
                ):
                    result.unchanged += 1
                    continue
            actual = actual_save(
                user=user,
                indicator=indicator,
                region=region,
                year=year,
                value=row.value,
                source_note=row.source_note,
                explanation=row.explanation,
                expected_version=row.expected_version,
                origin=origin,
            )
            if before is None:
                result.created += 1
            elif actual.version != before[0]:
                result.updated += 1
            else:
                result.unchanged += 1
            if submit and actual.state in {WorkflowState.DRAFT, WorkflowState.RETURNED}:
                actual = actual_submit(user=user, actual=actual, origin=origin)
                result.submitted += 1
            result.actuals.append(actual)
        except ServiceError as exc:
            problems.extend(_problems_from_error(row, exc))
    if problems:
        problems.sort(key=lambda p: (p.sheet, p.row or 0))
        raise ImportRejected(problems)
    return result
