"""Saving an actual (indicator × region × year × period × vintage): who may enter it, what a
valid value is, and how a save moves it back to draft. Submitting and reviewing it is the one
workflow (workflow.py).

A period is the month a year-to-date figure ends with (12: the full year); a vintage (快报, 年报,
修订) is one record of a full year's figure beside the others (docs/reporting.md, "Periods and
vintages"). Every rule of a save (permission, assignment, closed year, version, lock) holds per
record: a new vintage is a new record, and the old one stays as it was."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext, gettext_noop

from common.errors import Locked, ValidationFailed
from common.numbers import format_number
from common.periods import period_label
from indicators import rules as entry_rules
from indicators.entry import selectors as entry_selectors
from indicators.entry.services.assignments import require_assigned
from indicators.entry.services.checks import (
    change_reason,
    check_version,
    checked_year,
    conflict,
    require,
    require_open_year,
    save_with_history,
    submitted_read_only,
)
from indicators.entry.validation import (
    clean_text,
    parse_period,
    parse_value,
    parse_vintage,
    period_problems,
    value_problems,
)
from indicators.models import Actual, Indicator, Region, WorkflowState
from indicators.progress.batching import recompute

WHAT = gettext_noop("该数值")  # translated where it is shown


def require_enter(user, indicator: Indicator, region: Region) -> None:
    """PermissionDenied unless the user may enter this indicator's figure for this region."""
    require(
        user,
        entry_rules.ENTER_ACTUAL,
        (indicator, region),
        gettext("您没有权限填报“%(region)s”的“%(name)s”。")
        % {"region": region, "name": indicator.name},
        f"You may not enter {indicator.code} for region {region.code}.",
    )


def actual_period_text(actual: Actual) -> str:
    """「2024年1–9月」, or for a full year its vintage too: 「2024年全年·快报」."""
    text = period_label(actual.year, actual.period)
    if actual.period == 12:
        text += f"·{actual.get_vintage_display()}"
    return text


def locked_actual(actual: Actual) -> Locked:
    return Locked(
        gettext(
            "%(period)s“%(name)s”（%(region)s）已审核通过并锁定，不能修改；如需更正，请联系审核员退回；"
            "全年数的新数据（如快报之后的年报）请作为新的数据版本填报。"
        )
        % {
            "period": actual_period_text(actual),
            "name": actual.indicator.name,
            "region": actual.region,
        },
        message_en="This value is approved and locked.",
    )


def checked_period(indicator: Indicator, period, vintage) -> tuple[int, str]:
    """(period, vintage) of a save, or ValidationFailed: a period of the indicator's frequency
    (blank: the full year), a vintage (blank: 年报（正式）) and no vintage but 年报 on a
    year-to-date figure."""
    period, period_errors = parse_period(period)
    vintage, vintage_errors = parse_vintage(vintage)
    errors = {k: v for k, v in {"period": period_errors, "vintage": vintage_errors}.items() if v}
    if errors:
        raise ValidationFailed(details=errors)
    period = 12 if period is None else period
    vintage = vintage or Actual.Vintage.FINAL
    problems = period_problems(indicator=indicator, period=period, vintage=vintage)
    if problems:
        raise ValidationFailed(details=problems)
    return period, vintage


def shown_actual(actual: Actual) -> str:
    return f"{format_number(actual.value)}{actual.indicator.unit_of_measure}"


def actual_problems(actual: Actual) -> dict[str, list[str]]:
    """The problems of an actual as it is stored (checked again when it is submitted)."""
    return value_problems(
        indicator=actual.indicator,
        value=actual.value,
        last=entry_selectors.last_year_value(
            indicator=actual.indicator, region=actual.region, year=actual.year, period=actual.period
        ),
        explanation=actual.explanation,
        source_note=actual.source_note,
    )


@transaction.atomic
def actual_save(
    *,
    user,
    indicator: Indicator,
    region: Region,
    year: int,
    value,
    period=12,
    vintage=None,
    source_note: str = "",
    explanation: str = "",
    expected_version: int | None = None,
    origin: str = Actual.Origin.ENTRY,
) -> Actual:
    """Create or update the draft of an indicator × region × year × period × vintage.

    `period`: the month the year-to-date figure ends with, of the indicator's frequency (12, the
    default: the full year). `vintage`: 快报 / 年报（正式） / 修订 of a full year (None: 年报);
    a year-to-date figure has no vintage but 年报. A new vintage is a record of its own.

    A returned value goes back to draft (it must be submitted again). A submitted value is
    read-only (InvalidState): it is withdrawn first (workflow.review_withdraw). An approved
    value is locked. `expected_version`: the version the caller's
    form showed (0 for "there was no value"); None skips the check (for scripts).
    A save that changes nothing changes nothing (the version stays).
    """
    require_enter(user, indicator, region)
    require_assigned(indicator=indicator, region=region)
    year = checked_year(year)
    period, vintage = checked_period(indicator, period, vintage)
    require_open_year(year)
    value, value_errors = parse_value(value)
    if value_errors:
        raise ValidationFailed(details={"value": value_errors})
    source_note, explanation = clean_text(source_note), clean_text(explanation)

    current = (
        Actual.objects.select_for_update()
        .select_related("indicator", "region")
        .filter(indicator=indicator, region=region, year=year, period=period, vintage=vintage)
        .first()
    )
    check_version(current, expected_version, what=WHAT, shown=shown_actual)
    if current is not None and current.state == WorkflowState.APPROVED:
        raise locked_actual(current)
    problems = value_problems(
        indicator=indicator,
        value=value,
        last=entry_selectors.last_year_value(
            indicator=indicator, region=region, year=year, period=period
        ),
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
            period=period,
            vintage=vintage,
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
                save_with_history(actual, user=user, reason=change_reason(origin, "新建草稿"))
        except IntegrityError:
            # Someone created the same cell between our read and our insert.
            winner = Actual.objects.select_related("indicator", "region").get(
                indicator=indicator, region=region, year=year, period=period, vintage=vintage
            )
            raise conflict(winner, what=WHAT, shown=shown_actual(winner)) from None
        recompute_cell(actual)
        return actual

    changed = (
        current.value != value
        or current.source_note != source_note
        or current.explanation != explanation
    )
    if not changed and current.state == WorkflowState.DRAFT:
        return current
    if current.state == WorkflowState.SUBMITTED:
        if not changed:
            return current  # re-saving an unchanged submitted value changes nothing
        raise submitted_read_only(WHAT)
    action = {
        WorkflowState.DRAFT: "修改草稿",
        WorkflowState.RETURNED: "退回后修改",
    }[current.state]
    current.value = value
    current.source_note = source_note
    current.explanation = explanation
    current.state = WorkflowState.DRAFT
    current.origin = origin
    current.entered_by = user
    current.submitted_at = None
    current.version += 1
    save_with_history(current, user=user, reason=change_reason(origin, action))
    recompute_cell(current)
    return current


def recompute_cell(actual: Actual) -> None:
    """Ask for what an edit of this figure changes: a year-to-date figure (period < 12) only its
    region's 序时进度 (the pair path, docs/recompute.md); a full-year figure its indicator's
    annual snapshots and its own region's 序时进度 (its seasonal profile, a stock's start value),
    not the other regions' — an actual changes no target (docs/recompute.md)."""
    pair = (actual.indicator_id, actual.region_id)
    if actual.period < 12:
        recompute(pairs=[pair])
    else:
        recompute(annual_ids=[actual.indicator_id], pairs=[pair])
