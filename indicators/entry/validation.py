"""What is wrong with what someone typed: an actual's value (a number, a range fitting the
indicator's kind and unit, the outlier check against last year) and a task report's fields.

The functions here refuse nothing: they return the problems as Chinese messages, by field; the
services (indicators/entry/services/) decide to refuse, so every path shows the same words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from common.numbers import NotANumber, format_number, parse_number
from common.periods import period_name
from indicators.compute.periods import FULL_YEAR, period_months
from indicators.models import Actual, Indicator, TaskReport

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


def clean_text(text) -> str:
    """Typed text as it is kept: stripped; None as empty."""
    return "" if text is None else str(text).strip()


# ---------------------------------------------------------------------------------------------
# An actual's value
# ---------------------------------------------------------------------------------------------
def parse_value(raw) -> tuple[Decimal | None, list[str]]:
    """The value as a Decimal and no problem, or None and what is wrong (Chinese)."""
    try:
        value = parse_number(raw)
    except NotANumber as exc:
        return None, [gettext("应填写数字：%(message)s。") % {"message": exc.message}]
    if value is None:
        return None, [gettext("请填写数值。")]
    return value, []


@dataclass(frozen=True)
class ValueBounds:
    """The range `value_range_problems` allows for an indicator, for a spreadsheet's data
    validation: a lowest and (or None) highest value, and whether only whole numbers are."""

    low: Decimal
    high: Decimal | None
    whole: bool = False


def value_bounds(indicator: Indicator) -> ValueBounds:
    """The range of `value_range_problems` for this indicator's kind and unit (the same rules)."""
    unit = indicator.unit_of_measure.strip()
    kind = indicator.kind
    if kind == Indicator.Kind.GROWTH_RATE:
        return ValueBounds(GROWTH_MIN, GROWTH_MAX)
    if unit in {"%", "％"}:
        return ValueBounds(Decimal(0), Decimal(100))
    if unit in RANK_UNITS:
        return ValueBounds(Decimal(1), None, whole=True)
    is_count = (
        unit in COUNT_UNITS
        and kind in {Indicator.Kind.STOCK, Indicator.Kind.FLOW}
        and indicator.decimals == 0
    )
    return ValueBounds(Decimal(0), None, whole=is_count)


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
                gettext(
                    "增长率应在 %(GROWTH_MIN)s%% 到 %(GROWTH_MAX)s%% 之间（填写 %(format_number)s）。"
                )
                % {
                    "GROWTH_MIN": GROWTH_MIN,
                    "GROWTH_MAX": GROWTH_MAX,
                    "format_number": format_number(value),
                }
            ]
        return []
    if unit in {"%", "％"}:
        if not Decimal(0) <= value <= Decimal(100):
            return [
                gettext("比重应在 0 到 100 之间（单位为 %%，填写 %(format_number)s）。")
                % {"format_number": format_number(value)}
            ]
        return []
    whole = value == value.to_integral_value()
    if unit in RANK_UNITS:
        if not whole or value < 1:
            return [
                gettext("排名应为不小于 1 的整数（填写 %(format_number)s）。")
                % {"format_number": format_number(value)}
            ]
        return []
    is_count = (
        unit in COUNT_UNITS
        and kind in {Indicator.Kind.STOCK, Indicator.Kind.FLOW}
        and indicator.decimals == 0
    )
    if is_count:
        if value < 0 or not whole:
            return [
                gettext("计数应为不小于 0 的整数（单位：%(unit)s，填写 %(format_number)s）。")
                % {"unit": unit, "format_number": format_number(value)}
            ]
        return []
    if value < 0:
        return [gettext("数值不能为负数（单位：%(unit)s）。") % {"unit": unit}]
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
            return gettext(
                "与上年 %(last)s%% 相比变动 %(points)s 个百分点，超过 %(limit)s 个百分点，"
                "请填写变动说明。"
            ) % {
                "last": format_number(last),
                "points": f"{points:+.1f}",
                "limit": format_number(share * 100),
            }
        return None
    if last == 0:
        if value != 0:
            return gettext("上年值为 0，本年有变化，请填写变动说明。")
        return None
    change = (value - last) / abs(last)
    if abs(change) > share:
        return gettext(
            "与上年值 %(last)s 相比变动 %(change)s%%，超过 %(limit)s%%，请填写变动说明。"
        ) % {
            "last": format_number(last),
            "change": f"{change * 100:+.1f}",
            "limit": format_number(share * 100),
        }
    return None


def value_problems(
    *,
    indicator: Indicator,
    value: Decimal,
    last: Decimal | None,
    explanation: str,
    source_note: str,
) -> dict[str, list[str]]:
    """Every problem of an actual as typed, by field: its range, the explanation an outlier
    against last year's value `last` needs, the lengths of the notes."""
    problems: dict[str, list[str]] = {}
    range_problems = value_range_problems(indicator=indicator, value=value)
    if range_problems:
        problems["value"] = range_problems
    else:
        message = outlier_message(indicator=indicator, value=value, last=last)
        if message and not explanation:
            problems["explanation"] = [message]
    if len(source_note) > NOTE_MAX:
        problems["source_note"] = [
            gettext("数据来源说明不超过 %(NOTE_MAX)s 字。") % {"NOTE_MAX": NOTE_MAX}
        ]
    if len(explanation) > NOTE_MAX:
        problems.setdefault("explanation", []).append(
            gettext("变动说明不超过 %(NOTE_MAX)s 字。") % {"NOTE_MAX": NOTE_MAX}
        )
    return problems


# ---------------------------------------------------------------------------------------------
# A task report
# ---------------------------------------------------------------------------------------------
def report_problems(*, status, percent, text, period) -> tuple[dict[str, list[str]], str, int, int]:
    """(problems by field, status, percent, period) of a task report as typed: the status among
    the choices, a whole percentage 0–100 that fits the status, a reason when delayed.
    A percent or period that cannot be read comes back as -1."""
    problems: dict[str, list[str]] = {}
    status = clean_text(status)
    if status not in TaskReport.Status.values:
        problems["status"] = [gettext("请选择进展情况（未开始、按计划推进、滞后、已完成）。")]
    try:
        period = int(period)
        if period not in TaskReport.Period.values:
            raise ValueError
    except (TypeError, ValueError):
        problems["period"] = [gettext("期间应为全年、上半年或下半年。")]
        period = -1
    try:
        number = parse_number(percent)
        if number is None:
            raise NotANumber(gettext("请填写完成百分比"))
        if number != number.to_integral_value() or not 0 <= number <= 100:
            raise NotANumber(gettext("完成百分比应为 0 到 100 之间的整数"))
        percent = int(number)
    except NotANumber as exc:
        problems["percent"] = [f"{exc.message}。"]
        percent = -1
    text = clean_text(text)
    if "status" not in problems and "percent" not in problems:
        if status == TaskReport.Status.DONE and percent != 100:
            problems["percent"] = [gettext("进展为“已完成”时，完成百分比应为 100。")]
        if status == TaskReport.Status.NOT_STARTED and percent != 0:
            problems["percent"] = [gettext("进展为“未开始”时，完成百分比应为 0。")]
        if status != TaskReport.Status.DONE and percent == 100:
            problems["status"] = [gettext("完成百分比为 100 时，进展应选“已完成”。")]
    if status == TaskReport.Status.DELAYED and not text:
        problems["text"] = [gettext("进展滞后时，请在进展说明中写明原因和下一步措施。")]
    if len(text) > TEXT_MAX:
        problems["text"] = [gettext("进展说明不超过 %(TEXT_MAX)s 字。") % {"TEXT_MAX": TEXT_MAX}]
    return problems, status, percent, period


# ---------------------------------------------------------------------------------------------
# An actual's period and vintage (docs/reporting.md, "Periods and vintages")
# ---------------------------------------------------------------------------------------------
_PERIOD_WORDS = {
    "全年": 12,
    "年度": 12,
    "一季度": 3,
    "第一季度": 3,
    "1季度": 3,
    "上半年": 6,
    "半年": 6,
    "前三季度": 9,
}
_PERIOD_TEXT = re.compile(r"^(?:1[-–—~～至到])?(\d{1,2})(?:月(?:份)?)?(?:末)?$")
_VINTAGE_WORDS = {
    "flash": Actual.Vintage.FLASH,
    "快报": Actual.Vintage.FLASH,
    "快报数": Actual.Vintage.FLASH,
    "final": Actual.Vintage.FINAL,
    "年报": Actual.Vintage.FINAL,
    "正式": Actual.Vintage.FINAL,
    "年报(正式)": Actual.Vintage.FINAL,
    "正式年报": Actual.Vintage.FINAL,
    "revised": Actual.Vintage.REVISED,
    "修订": Actual.Vintage.REVISED,
    "修订数": Actual.Vintage.REVISED,
}


def parse_period(raw) -> tuple[int | None, list[str]]:
    """The period (the month it ends with, 1–12) of what someone typed or a sheet held: 9,
    "1–9月", "1-9月", "9月", "前三季度", "全年"; blank is None (the caller decides)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, []
    if isinstance(raw, bool):
        raw = str(raw)
    if isinstance(raw, (int, float, Decimal)):
        try:
            month = int(raw) if float(raw) == int(raw) else None
        except (ValueError, OverflowError):  # nan, inf
            month = None
    else:
        text = unicodedata.normalize("NFKC", str(raw)).replace(" ", "").strip()
        text = text.removeprefix(text[:4] + "年") if re.match(r"^\d{4}年", text) else text
        match = _PERIOD_TEXT.match(text)
        month = _PERIOD_WORDS.get(text) or (int(match.group(1)) if match else None)
    if month is None or not 1 <= month <= 12:
        return None, [
            _("期间应为截至月份，如“1–9月”“9”或“全年”（填写“%(raw)s”）。")
            % {"raw": clean_text(raw)}
        ]
    return month, []


def parse_vintage(raw) -> tuple[str | None, list[str]]:
    """The vintage of what someone typed: 快报 / 年报（正式） / 修订 (or flash, final, revised);
    blank is None (the caller decides)."""
    text = unicodedata.normalize("NFKC", clean_text(raw)).replace(" ", "").lower()
    if not text:
        return None, []
    vintage = _VINTAGE_WORDS.get(text)
    if vintage is None:
        return None, [
            _("数据版本应为“快报”“年报（正式）”或“修订”（填写“%(raw)s”）。")
            % {"raw": clean_text(raw)}
        ]
    return str(vintage), []


def period_problems(*, indicator: Indicator, period: int, vintage: str) -> dict[str, list[str]]:
    """What is wrong with the period and vintage of an indicator's figure (empty when nothing):
    a period its frequency does not report, a vintage other than 年报 on a year-to-date figure
    (vintages are for the full year), a vintage that does not exist."""
    problems: dict[str, list[str]] = {}
    months = period_months(indicator.frequency)
    if period not in months:
        problems["period"] = [
            _("“%(name)s”%(frequency)s填报，期间应为%(allowed)s，不能填报%(period)s。")
            % {
                "name": indicator.name,
                "frequency": indicator.get_frequency_display(),
                "allowed": "、".join(period_name(m) for m in months),
                "period": period_name(period) if 1 <= period <= 12 else period,
            }
        ]
    if vintage not in Actual.Vintage.values:
        problems["vintage"] = [_("数据版本应为“快报”“年报（正式）”或“修订”。")]
    elif period != FULL_YEAR and vintage != Actual.Vintage.FINAL:
        problems["vintage"] = [
            _(
                "数据版本（快报、年报、修订）只用于全年数；%(period)s的累计数不分版本，"
                "不能填为“%(vintage)s”。"
            )
            % {"period": period_name(period), "vintage": Actual.Vintage(vintage).label}
        ]
    return problems
