"""The checks every entry write shares, and how a write is recorded: permission, the year and
whether it is closed, the version the caller saw, the history's user and reason."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from common.errors import (
    EditConflict,
    FourEyes,
    InvalidState,
    Locked,
    PermissionDenied,
    ValidationFailed,
)
from common.people import display_name
from common.timefmt import local_time
from indicators.models import MAX_YEAR, MIN_YEAR, Actual, YearClosure

# simple-history keeps the change reason in a CharField(max_length=100).
REASON_MAX = 100


def require(user, perm: str, obj, message: str, message_en: str) -> None:
    """PermissionDenied with the given messages unless the user has `perm` on `obj` (django-rules)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.has_perm(perm, obj):
        raise PermissionDenied(message, message_en=message_en)


def authors_of(obj) -> set[int]:
    """Who entered a row (the person who created it) and who last changed its content (its
    `entered_by`, set by every save of a value or a report; a submission or a review is no change
    of content)."""
    first = (
        obj.history.order_by("history_date", "history_id")
        .values_list("entered_by_id", "history_user_id")
        .first()
    )
    creator = (first[0] or first[1]) if first else None
    return {pk for pk in (creator, obj.entered_by_id) if pk is not None}


def require_four_eyes(user, obj, *, what: str) -> None:
    """FourEyes if the reviewer entered the row or last changed it (`authors_of`).

    An administrator, or bureau staff who are reviewers too, may enter and review; they still
    never approve or return their own work. WZSCI_FOUR_EYES=0 switches this off, for an office
    of one person.
    """
    if settings.WZSCI_FOUR_EYES and user.pk in authors_of(obj):
        raise FourEyes(
            _(
                "四眼原则：%(what)s由您本人填报或最后修改，不能由您审核通过或退回，请由其他审核员审核。"
            )
            % {"what": gettext(what)},
            message_en="Four eyes: you entered or last changed this; another reviewer must review it.",
        )


def checked_year(year) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise ValidationFailed(details={"year": [gettext("年份应为四位整数。")]}) from None
    latest = timezone.localdate().year
    if year < MIN_YEAR or year > MAX_YEAR:
        raise ValidationFailed(
            details={
                "year": [
                    gettext("年份应在 %(MIN_YEAR)s—%(MAX_YEAR)s 之间。")
                    % {"MIN_YEAR": MIN_YEAR, "MAX_YEAR": MAX_YEAR}
                ]
            }
        )
    if year > latest:
        raise ValidationFailed(
            details={"year": [gettext("%(year)s年尚未到来，不能填报。") % {"year": year}]}
        )
    return year


def submitted_read_only(what: str) -> InvalidState:
    """The refusal of a change to a submitted row: it waits for review, and is withdrawn first."""
    return InvalidState(
        gettext("%(what)s已提交审核，不能直接修改；如需修改，请先“撤回”为草稿，修改后再提交审核。")
        % {"what": gettext(what)},
        message_en="Submitted for review: withdraw it to draft before changing it.",
        details={"state": [gettext("已提交审核，请先撤回再修改。")]},
    )


def year_is_closed(year: int) -> bool:
    return YearClosure.objects.filter(year=year).exists()


def require_open_year(year: int) -> None:
    if year_is_closed(year):
        raise Locked(
            gettext("%(year)s年度已关闭，不能再修改或审核；如需修改，请联系审核员重新开启该年度。")
            % {"year": year},
            message_en=f"The year {year} is closed.",
        )


def latest_change(obj):
    """(who, when) of the newest history record of a row."""
    record = (
        obj.history.order_by("-history_date", "-history_id").select_related("history_user").first()
    )
    if record is None:
        return display_name(
            getattr(obj, "entered_by", None), nobody=gettext("系统")
        ), obj.updated_at
    return display_name(record.history_user, nobody=gettext("系统")), record.history_date


def conflict(current, *, what: str, shown: str) -> EditConflict:
    """The EditConflict for a row changed meanwhile: who changed it, when, and to what."""
    who, when = latest_change(current)
    when_text = local_time(when, empty="")
    return EditConflict(
        gettext(
            "%(what)s已被 %(who)s 于 %(when_text)s 修改为 %(shown)s（%(get_state_display)s，版本 %(version)s），您的修改未保存。请核对最新数值后再保存。"
        )
        % {
            "what": gettext(what),
            "who": who,
            "when_text": when_text,
            "shown": shown,
            "get_state_display": current.get_state_display(),
            "version": current.version,
        },
        message_en=f"Changed meanwhile by {who} at {when_text} to {shown} (version {current.version}).",
        current=current,
        details={
            "version": [gettext("当前版本为 %(version)s") % {"version": current.version}],
            "saved_by": [who],
            "saved_at": [when_text],
        },
    )


def check_version(current, expected_version, *, what: str, shown) -> None:
    """expected_version None: no check; 0: the caller saw no row; n: the caller saw version n."""
    if expected_version is None or expected_version == "":
        return
    try:
        expected = int(expected_version)
    except (TypeError, ValueError):
        raise ValidationFailed(details={"version": [gettext("版本号应为整数。")]}) from None
    if current is None:
        if expected != 0:
            raise ValidationFailed(
                gettext("该数据已不存在，请刷新页面后重新填写。"),
                details={"version": [gettext("数据已不存在。")]},
            )
        return
    if current.version != expected:
        raise conflict(current, what=what, shown=shown(current))


def change_reason(origin: str, action: str, extra: str = "") -> str:
    """The history's change reason of an entry step, labelled with the path it came by."""
    label = {
        Actual.Origin.ENTRY: "表单",
        Actual.Origin.IMPORT: "导入",
        Actual.Origin.API: "接口",
        Actual.Origin.SEED: "种子",
        Actual.Origin.DEMO: "演示",
    }.get(origin, "后台" if origin == "admin" else str(origin))
    text = f"{label}：{action}" + (f"：{extra}" if extra else "")
    return text[:REASON_MAX]


def save_with_history(obj, *, user, reason: str, **save_kwargs) -> None:
    obj._history_user = user
    obj._change_reason = reason[:REASON_MAX]
    obj.save(**save_kwargs)


def locked_for_update(obj):
    """The row of `obj` read again under a row lock (SELECT … FOR UPDATE)."""
    return type(obj).objects.select_for_update().get(pk=obj.pk)
