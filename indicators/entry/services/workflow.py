"""The one review workflow of every Reviewable row (actuals, task reports): save and submit,
submit, withdraw, approve, return, and approve or return many at once.

draft → submitted → approved, or returned with the reviewer's comment. A submitted row is
read-only until the enterer withdraws it (back to draft) or a reviewer decides; an approved row is
locked; returning it unlocks it for a correction. Every step runs in one transaction on the
locked row, checks the version the caller saw (`expected_version`: None skips the check), and
records its user and reason in the row's history.

What differs between the models is written once, in their `ReviewSpec` at the end of this
module: who may enter and review, the words for the row in messages, its lock message, what a
submission checks again, what follows a change (a progress recompute, for actuals) and the
model's own save service.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from common.errors import (
    EditConflict,
    InvalidState,
    Locked,
    ServiceError,
    ValidationFailed,
)
from indicators import rules as entry_rules
from indicators.entry.services.actuals import WHAT as ACTUAL_WHAT
from indicators.entry.services.actuals import (
    actual_problems,
    actual_save,
    locked_actual,
    recompute_cell,
    require_enter,
    shown_actual,
)
from indicators.entry.services.checks import (
    change_reason,
    check_version,
    locked_for_update,
    require,
    require_four_eyes,
    require_open_year,
    save_with_history,
)
from indicators.entry.services.task_reports import WHAT as REPORT_WHAT
from indicators.entry.services.task_reports import (
    locked_report,
    require_write,
    shown_report,
    task_report_save,
)
from indicators.entry.validation import NOTE_MAX, clean_text
from indicators.models import Actual, Reviewable, TaskReport, WorkflowState
from indicators.progress.batching import recompute_batch

SUBMITTABLE = frozenset({WorkflowState.DRAFT, WorkflowState.RETURNED})
REVIEW_ACTIONS = ("approve", "return")


@dataclass(frozen=True)
class ReviewSpec:
    """What the workflow needs to know of one Reviewable model."""

    model: type[Reviewable]
    what: str  # the row in messages: "该数值"
    noun: str  # its kind in messages: "数值"
    require_enter: Callable[[object, Reviewable], None]  # (user, row): may save and submit it
    review_perm: str
    review_denied: tuple[str, str]  # (Chinese, English) when a user may not review
    locked: Callable[[Reviewable], Locked]
    shown: Callable[[Reviewable], str]  # its content in a conflict message: "3,700家"
    submit_reason: Callable[[Reviewable, str | None], str]  # (row, origin) → history reason
    submit_problems: Callable[[Reviewable], dict[str, list[str]]]  # checked again at submission
    after_change: Callable[[Reviewable], None]  # after every workflow step
    save: Callable[..., Reviewable]  # (user=, changes=, expected_version=, origin=) → the row


def spec_for(model_or_row) -> ReviewSpec:
    """The spec of a Reviewable model, or of one of its rows."""
    try:
        return SPECS[model_or_row._meta.concrete_model]
    except (AttributeError, KeyError):
        raise TypeError(f"{model_or_row!r} is not reviewed through the workflow") from None


# ---------------------------------------------------------------------------------------------
# Save, then submit
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Saved:
    """What `save_and_submit` did, and the row as it now stands."""

    obj: Reviewable | None
    created: bool = False
    changed: bool = False  # the save made a new version (a creation included)
    submitted: bool = False


@transaction.atomic
def save_and_submit(
    *,
    user,
    model: type[Reviewable],
    changes: Mapping | None = None,
    current: Reviewable | None = None,
    submit: bool = False,
    expected_version: int | None = None,
    origin: str | None = None,
) -> Saved:
    """Save a row through its model's save service, then submit it when asked: one step that
    holds or fails whole. The entry page, the import and the admin all save this way.

    - `changes`: the keyword arguments of the model's save service (`actual_save`,
      `task_report_save`) other than user, expected_version and origin; None saves nothing
      and submits `current` as it is.
    - `current`: the row as the caller saw it (None: there was none), which tells a creation
      from a change.
    - `submit`: submit the row afterwards if it is a draft or returned; a row already
      submitted, or approved and unchanged, stays as it is (`submitted` is False).
    - `expected_version`: the version the caller saw, checked by the first step.
    - `origin`: the path of an actual (Actual.Origin), kept on it and named in its history.
    """
    spec = spec_for(model)
    obj, created, changed = current, False, False
    if changes is not None:
        obj = spec.save(
            user=user, changes=changes, expected_version=expected_version, origin=origin
        )
        created = current is None
        changed = created or obj.version != current.version
        expected_version = obj.version
    if not (submit and obj is not None and obj.state in SUBMITTABLE):
        return Saved(obj, created, changed, submitted=False)
    obj = review_submit(user=user, obj=obj, expected_version=expected_version, origin=origin)
    return Saved(obj, created, changed, submitted=True)


# ---------------------------------------------------------------------------------------------
# The steps
# ---------------------------------------------------------------------------------------------
@transaction.atomic
def review_submit(
    *, user, obj: Reviewable, expected_version: int | None = None, origin: str | None = None
) -> Reviewable:
    """Draft or returned → submitted (waits in the reviewer's queue); the row is checked again."""
    spec = spec_for(obj)
    obj = locked_for_update(obj)
    spec.require_enter(user, obj)
    require_open_year(obj.year)
    check_version(obj, expected_version, what=spec.what, shown=spec.shown)
    if obj.state == WorkflowState.APPROVED:
        raise spec.locked(obj)
    if obj.state == WorkflowState.SUBMITTED:
        raise InvalidState(
            gettext("%(what)s已提交，正在等待审核。") % {"what": gettext(spec.what)},
            details={"state": [gettext("已提交，等待审核。")]},
        )
    problems = spec.submit_problems(obj)
    if problems:
        raise ValidationFailed(
            gettext("提交前请先修改：")
            + gettext("；").join(m for ms in problems.values() for m in ms),
            details=problems,
        )
    obj.state = WorkflowState.SUBMITTED
    obj.submitted_at = timezone.now()
    obj.version += 1
    save_with_history(obj, user=user, reason=spec.submit_reason(obj, origin))
    spec.after_change(obj)
    return obj


@transaction.atomic
def review_withdraw(*, user, obj: Reviewable, expected_version: int | None = None) -> Reviewable:
    """Submitted → draft (撤回), by whoever may enter the row, before a reviewer has decided.

    A submitted row is read-only: its saves are refused (actuals.py, task_reports.py), so a
    correction starts here, with its own step in the history, and the row is submitted again
    afterwards."""
    spec = spec_for(obj)
    obj = locked_for_update(obj)
    spec.require_enter(user, obj)
    require_open_year(obj.year)
    check_version(obj, expected_version, what=spec.what, shown=spec.shown)
    if obj.state != WorkflowState.SUBMITTED:
        raise InvalidState(
            gettext("只能撤回“已提交”的%(noun)s，该%(noun)s当前为“%(get_state_display)s”。")
            % {"noun": spec.noun, "get_state_display": obj.get_state_display()},
            details={
                "state": [
                    gettext("当前状态：%(get_state_display)s")
                    % {"get_state_display": obj.get_state_display()}
                ]
            },
        )
    obj.state = WorkflowState.DRAFT
    obj.submitted_at = None
    obj.version += 1
    save_with_history(obj, user=user, reason="撤回为草稿")
    spec.after_change(obj)
    return obj


def _review_checks(spec: ReviewSpec, user, obj: Reviewable, expected_version) -> None:
    require(user, spec.review_perm, obj, *spec.review_denied)
    require_four_eyes(user, obj, what=spec.what)
    require_open_year(obj.year)
    check_version(obj, expected_version, what=spec.what, shown=spec.shown)


@transaction.atomic
def review_approve(*, user, obj: Reviewable, expected_version: int | None = None) -> Reviewable:
    """Submitted → approved: the row counts (an actual in progress) and is locked."""
    spec = spec_for(obj)
    obj = locked_for_update(obj)
    _review_checks(spec, user, obj, expected_version)
    if obj.state != WorkflowState.SUBMITTED:
        raise InvalidState(
            gettext("只能审核“已提交”的%(noun)s，该%(noun)s当前为“%(get_state_display)s”。")
            % {"noun": spec.noun, "get_state_display": obj.get_state_display()},
            details={
                "state": [
                    gettext("当前状态：%(get_state_display)s")
                    % {"get_state_display": obj.get_state_display()}
                ]
            },
        )
    obj.state = WorkflowState.APPROVED
    obj.reviewed_by = user
    obj.reviewed_at = timezone.now()
    obj.review_comment = ""
    obj.version += 1
    save_with_history(obj, user=user, reason="审核通过")
    spec.after_change(obj)
    return obj


@transaction.atomic
def review_return(
    *, user, obj: Reviewable, comment: str, expected_version: int | None = None
) -> Reviewable:
    """Submitted (or approved, to unlock it for a correction) → returned, with the reviewer's
    comment, which is required."""
    spec = spec_for(obj)
    obj = locked_for_update(obj)
    _review_checks(spec, user, obj, expected_version)
    comment = clean_text(comment)
    if not comment:
        raise ValidationFailed(
            details={"comment": [gettext("退回时请填写审核意见，说明需要修改的地方。")]}
        )
    if len(comment) > NOTE_MAX:
        raise ValidationFailed(
            details={
                "comment": [gettext("审核意见不超过 %(NOTE_MAX)s 字。") % {"NOTE_MAX": NOTE_MAX}]
            }
        )
    if obj.state not in {WorkflowState.SUBMITTED, WorkflowState.APPROVED}:
        raise InvalidState(
            gettext(
                "只能退回“已提交”或“已审核”的%(noun)s，该%(noun)s当前为“%(get_state_display)s”。"
            )
            % {"noun": spec.noun, "get_state_display": obj.get_state_display()},
            details={
                "state": [
                    gettext("当前状态：%(get_state_display)s")
                    % {"get_state_display": obj.get_state_display()}
                ]
            },
        )
    obj.state = WorkflowState.RETURNED
    obj.review_comment = comment
    obj.reviewed_by = user
    obj.reviewed_at = timezone.now()
    obj.version += 1
    save_with_history(obj, user=user, reason=f"退回：{comment}")
    spec.after_change(obj)
    return obj


@transaction.atomic
@recompute_batch()
def review_many(
    *,
    user,
    model: type[Reviewable],
    ids,
    action: str,
    comment: str = "",
    expected_versions: Mapping | None = None,
) -> list[Reviewable]:
    """Approve or return many submitted rows of a model at once: all of them, or none."""
    spec = spec_for(model)
    if action not in REVIEW_ACTIONS:
        raise ValidationFailed(
            details={"action": [gettext("操作应为“通过”（approve）或“退回”（return）。")]}
        )
    require(
        user,
        spec.review_perm,
        None,
        gettext("只有审核员可以审核数据。"),
        "Only reviewers may approve or return.",
    )
    try:
        ids = sorted({int(i) for i in ids})
    except (TypeError, ValueError):
        raise ValidationFailed(details={"ids": [gettext("所选条目编号无效。")]}) from None
    if not ids:
        raise ValidationFailed(details={"ids": [gettext("请至少选择一条。")]})
    if action == "return" and not clean_text(comment):
        raise ValidationFailed(
            details={"comment": [gettext("退回时请填写审核意见，说明需要修改的地方。")]}
        )
    objs = {o.pk: o for o in model.objects.filter(pk__in=ids)}
    missing = [i for i in ids if i not in objs]
    if missing:
        raise ValidationFailed(
            details={
                "ids": [
                    gettext("以下条目不存在：%(join)s") % {"join": ", ".join(map(str, missing))}
                ]
            }
        )
    versions = {int(k): v for k, v in (expected_versions or {}).items()}
    done, errors, failures = [], {}, []
    for pk in ids:  # in id order, so two reviewers lock rows in the same order
        try:
            if action == "approve":
                done.append(
                    review_approve(user=user, obj=objs[pk], expected_version=versions.get(pk))
                )
            else:
                done.append(
                    review_return(
                        user=user, obj=objs[pk], comment=comment, expected_version=versions.get(pk)
                    )
                )
        except ServiceError as exc:
            errors[str(pk)] = [
                gettext("%(what)s：%(message)s") % {"what": objs[pk], "message": exc.message}
            ]
            failures.append(exc)
    if errors:
        # All or nothing: the ones that went through are rolled back with the transaction. When
        # every failure is of one kind (all stale, all locked…) that kind is raised, so a client
        # can tell a conflict from a wrong selection.
        kinds = {type(exc) for exc in failures}
        cls = kinds.pop() if len(kinds) == 1 else ValidationFailed
        error = cls(
            gettext("%(len)s 条未能处理，本次操作全部未生效：") % {"len": len(errors)}
            + gettext("；").join(m for ms in errors.values() for m in ms),
            details=errors,
        )
        if isinstance(error, EditConflict) and len(failures) == 1:
            error.current = failures[0].current
        raise error
    return done


# ---------------------------------------------------------------------------------------------
# The models under review
# ---------------------------------------------------------------------------------------------
def _save_actual(*, user, changes: Mapping, expected_version, origin) -> Actual:
    origin_kwarg = {"origin": origin} if origin is not None else {}
    return actual_save(user=user, expected_version=expected_version, **{**changes, **origin_kwarg})


def _save_task_report(*, user, changes: Mapping, expected_version, origin) -> TaskReport:
    # A task report records no origin: it is written on its page, in the admin or by the API.
    return task_report_save(user=user, expected_version=expected_version, **changes)


def _recompute_actual(actual: Actual) -> None:
    recompute_cell(actual)


ACTUALS = ReviewSpec(
    model=Actual,
    what=ACTUAL_WHAT,
    noun=gettext_lazy("数值"),
    require_enter=lambda user, actual: require_enter(user, actual.indicator, actual.region),
    review_perm=entry_rules.REVIEW_ACTUAL,
    review_denied=(
        gettext_lazy("只有审核员可以审核数据。"),
        "Only reviewers may approve or return values.",
    ),
    locked=locked_actual,
    shown=shown_actual,
    submit_reason=lambda actual, origin: change_reason(origin or actual.origin, "提交审核"),
    submit_problems=actual_problems,
    after_change=_recompute_actual,
    save=_save_actual,
)
TASK_REPORTS = ReviewSpec(
    model=TaskReport,
    what=REPORT_WHAT,
    noun=gettext_lazy("报告"),
    require_enter=lambda user, report: require_write(user, report.task, report.unit),
    review_perm=entry_rules.REVIEW_TASK_REPORT,
    review_denied=(
        gettext_lazy("只有审核员可以审核任务进展报告。"),
        "Only reviewers may approve or return task reports.",
    ),
    locked=locked_report,
    shown=shown_report,
    submit_reason=lambda report, origin: "提交审核",
    submit_problems=lambda report: {},
    after_change=lambda report: None,  # task reports feed no progress figure
    save=_save_task_report,
)
SPECS: dict[type[Reviewable], ReviewSpec] = {spec.model: spec for spec in (ACTUALS, TASK_REPORTS)}
