"""What every catalogue write shares: only administrators write, the fields a caller may set,
the model's own rules as Chinese messages, the history's user and reason, and a delete refused
while the row is still in use.

The seed loader (indicators/catalogue/seed.py) keeps its own bulk upserts: it loads the
published plans, it is not a user's edit, and it runs no permission check. Every edit by a
person (the admin today) goes through the services of this package.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext

from common.errors import InvalidState, PermissionDenied, ValidationFailed
from indicators import rules
from indicators.models import Indicator
from indicators.progress.batching import recompute

# simple-history keeps the change reason in a CharField(max_length=100).
REASON_MAX = 100

Problems = dict[str, list[str]]


def require_perm(user, perm: str, message: str, message_en: str) -> None:
    """PermissionDenied with these messages unless the user has `perm` (django-rules)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.has_perm(perm):
        raise PermissionDenied(message, message_en=message_en)


def require_catalogue_editor(user) -> None:
    require_perm(
        user,
        rules.EDIT_CATALOGUE,
        gettext(
            "只有系统管理员可以修改指标目录（规划方案、区域、单位、抓手、任务、指标和目标值）。"
        ),
        "Only administrators may edit the catalogue.",
    )


def row_for_update(model: type[models.Model], current: models.Model | None) -> models.Model:
    """The row to change, read again under a row lock; a new, unsaved row for None."""
    if current is None or current.pk is None:
        return model()
    try:
        return model.objects.select_for_update().get(pk=current.pk)
    except model.DoesNotExist:
        raise InvalidState(
            gettext("该%(verbose_name)s已被删除，请刷新页面。")
            % {"verbose_name": model._meta.verbose_name},
            message_en="This row no longer exists.",
        ) from None


def assign(obj: models.Model, fields: Mapping, names: Iterable[str]) -> set[str]:
    """Set the named fields that `fields` gives (those left out keep their value); return the
    names whose value changed. A foreign key is given as its object (or None)."""
    changed = set()
    for name in names:
        if name not in fields:
            continue
        field = obj._meta.get_field(name)
        value = fields[name]
        if field.is_relation:
            new = value.pk if isinstance(value, models.Model) else value
            if getattr(obj, field.attname) != new:
                setattr(obj, field.attname, new)
                changed.add(name)
        elif getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.add(name)
    return changed


def add_problem(problems: Problems, field: str, message: str) -> None:
    problems.setdefault(field, []).append(message)


def check_rules(obj: models.Model, problems: Problems, *, exclude: Iterable[str] = ()) -> None:
    """ValidationFailed with the service's own problems if there are any; otherwise with what the
    model itself refuses (field values, unique keys, check constraints), in Django's words."""
    if not problems:
        try:
            obj.full_clean(exclude=list(exclude))
        except DjangoValidationError as exc:
            problems = {key: list(messages) for key, messages in exc.message_dict.items()}
    if problems:
        raise ValidationFailed(details=problems)


def with_reason(obj: models.Model, *, user, reason: str) -> None:
    """The history's user and reason of the next save or delete (models without a history
    ignore them)."""
    obj._history_user = user
    obj._change_reason = reason[:REASON_MAX]


def save_row(obj: models.Model, *, user, reason: str) -> None:
    """Save with the history's user and reason; a unique key taken meanwhile is reported."""
    with_reason(obj, user=user, reason=reason)
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        raise ValidationFailed(
            gettext("保存未完成：与已有的%(verbose_name)s重复，或刚被他人修改。请刷新后重试。")
            % {"verbose_name": obj._meta.verbose_name},
            message_en="Conflicts with an existing row; reload and try again.",
        ) from None


def delete_row(obj: models.Model, *, user, reason: str) -> None:
    """Delete with the history's user and reason; refused while other rows still use it."""
    with_reason(obj, user=user, reason=reason)
    try:
        with transaction.atomic():
            obj.delete()
    except (ProtectedError, RestrictedError) as exc:
        users = exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
        kinds = "、".join(sorted({str(o._meta.verbose_name) for o in users}))
        raise InvalidState(
            gettext("“%(obj)s”仍被%(kinds)s使用，不能删除；请先修改或删除这些记录。")
            % {"obj": obj, "kinds": kinds},
            message_en="Still in use; not deleted.",
        ) from None


def recompute_indicators(indicator_ids: Iterable[int | None]) -> None:
    """Ask for a recompute of these indicators' snapshots once the write commits."""
    recompute(indicator_ids=[i for i in indicator_ids if i is not None])


def recompute_everything() -> None:
    """Ask for a recompute of every indicator: a region's kind or roll-up changes the city's
    benchmark and every roll-up."""
    recompute_indicators(Indicator.objects.values_list("id", flat=True))
