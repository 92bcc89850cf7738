"""序时进度 on the pages: a year's year-to-date figures against the expected (序时目标), their
status (超序时 / 符合序时 / 落后序时), the profile the expectation followed, and the vintage an
annual status rests on.

Read from the period snapshots the recompute wrote (selectors/periods.py); nothing here
computes progress. Every word is wrapped for translation; periods are named by
common/periods.py (「2024年1–9月」).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext

from common.numbers import MAX_DECIMAL_PLACES, display_number, display_percent, is_missing
from common.periods import period_label
from indicators.compute.charts.styles import StatusStyle, pace_status_style
from indicators.dashboards.exports import Cell, Row, Table
from indicators.dashboards.pages.cells import (
    is_provisional,
    snapshot_pair,
    status_cell,
    with_unit,
    year_style,
)
from indicators.models import Actual, Indicator, PeriodSnapshot, ProgressSnapshot

# Where a page explains 序时进度 and its profiles (templates/indicators/dashboards/_pace_method.html).
PACE_METHOD_ANCHOR = "#pace-method"
_JUDGED = (PeriodSnapshot.PaceStatus.AHEAD, PeriodSnapshot.PaceStatus.BEHIND)


def pace_style(snapshot: PeriodSnapshot | None) -> StatusStyle:
    return pace_status_style(snapshot.pace_status if snapshot else None)


def pace_status_cell(snapshot: PeriodSnapshot | None) -> Cell:
    """超序时 / 符合序时 / 落后序时 as a badge (icon, word, colour); outlined and marked 暂 when the
    figure is submitted, not yet approved."""
    if snapshot is None:
        return Cell("—")
    return status_cell(pace_style(snapshot), provisional=snapshot.actual_provisional)


def profile_text(snapshot: PeriodSnapshot) -> str:
    """The profile the expected value followed, in words: 按时间均匀 · 按往年季节规律（2020–2022年）
    · 与年度目标直接比较 · 从上年末值按时间推进 (PeriodSnapshot.Profile's labels)."""
    text = str(PeriodSnapshot.Profile(snapshot.profile).label)
    if snapshot.profile == PeriodSnapshot.Profile.SEASONAL and snapshot.profile_years:
        text += gettext("（%(years)s年）") % {"years": _years_text(snapshot.profile_years)}
    return text


def _years_text(profile_years: str) -> str:
    """ "2020,2021,2022" → "2020–2022"; years with a gap → "2019、2021、2022"."""
    years = sorted(int(y) for y in profile_years.replace("，", ",").split(",") if y.strip())
    if not years:
        return ""
    if len(years) > 1 and years == list(range(years[0], years[-1] + 1)):
        return f"{years[0]}–{years[-1]}"
    return "、".join(str(y) for y in years)


def vintage_word(code: str) -> str:
    """快报 / 年报（正式） / 修订 (Actual.Vintage's labels); "" for no figure."""
    if not code:
        return ""
    try:
        return str(Actual.Vintage(code).label)
    except ValueError:
        return code


def vintage_basis(code: str) -> str:
    """What an annual status rests on, in words: 数据版本：快报; "" for no figure."""
    word = vintage_word(code)
    return gettext("数据版本：%(vintage)s") % {"vintage": word} if word else ""


def pace_texts(snapshot: PeriodSnapshot, indicator: Indicator) -> tuple[str, str]:
    """The period's figure and its 序时目标 as shown: each at least at the indicator's decimals
    (the expected value, computed, at most two more); where the status is 超序时 or 落后序时 and
    the two would read equal, both get decimals until they differ, so that the figures never
    read otherwise than the status (DOMAIN.md, "Display")."""
    decimals = indicator.decimals
    actual = display_number(snapshot.actual_value, decimals)
    if is_missing(snapshot.expected_value):
        return actual, "—"
    expected = display_number(snapshot.expected_value, decimals, limit=decimals + 2)
    if snapshot.pace_status in _JUDGED:
        places = decimals
        while _number(actual) == _number(expected) and places < MAX_DECIMAL_PLACES:
            places += 1
            actual = f"{snapshot.actual_value:,.{places}f}"
            expected = f"{snapshot.expected_value:,.{places}f}"
    return actual, expected


def _number(text: str) -> float | None:
    try:
        return float(text.replace(",", ""))
    except ValueError:
        return None


def _numeric_cell(text: str, note: str = "") -> Cell:
    return Cell(text, value=_number(text), note=note, numeric=True)


def _figure_notes(snapshot: PeriodSnapshot) -> str:
    notes = []
    if snapshot.actual_provisional:
        notes.append(gettext("未审核"))
    if snapshot.actual_vintage and snapshot.actual_vintage != Actual.Vintage.FINAL:
        notes.append(vintage_word(snapshot.actual_vintage))
    return "，".join(notes)


def pace_cells(snapshot: PeriodSnapshot, indicator: Indicator) -> list[Cell]:
    """Value, 序时目标, 占年度目标, 序时完成率, status: the cells every 序时进度 table shares."""
    actual, expected = pace_texts(snapshot, indicator)
    return [
        _numeric_cell(actual, _figure_notes(snapshot)),
        _numeric_cell(expected),
        _percent_cell(snapshot.share_of_target),
        _percent_cell(snapshot.pace_ratio),
        pace_status_cell(snapshot),
    ]


def _percent_cell(fraction) -> Cell:
    text = display_percent(fraction)
    return Cell(text, value=_number(text.rstrip("%")), numeric=True)


def pace_columns(unit: str) -> list[str]:
    return [
        gettext("实际值（%(unit)s）") % {"unit": unit} if unit else gettext("实际值"),
        gettext("序时目标"),
        gettext("占年度目标"),
        gettext("序时完成率"),
        gettext("序时状态"),
    ]


def pace_hint(indicator: Indicator) -> str:
    """What a period's figure is for this kind of indicator, and how it is judged."""
    kind = {
        Indicator.Kind.FLOW: gettext("本指标为年度流量：各期为年初至该月的累计数。"),
        Indicator.Kind.GROWTH_RATE: gettext("本指标为增长率：各期为年初至该月的累计增速。"),
        Indicator.Kind.STOCK: gettext("本指标为累计值：各期为该月末的数值。"),
        Indicator.Kind.LEVEL: gettext("本指标为比率：各期为年初至该月的比率。"),
    }.get(indicator.kind, "")
    return kind + gettext(
        "序时目标为按时间进度应达到的数值；占年度目标 = 实际值 ÷ 年度目标；"
        "序时完成率 = 实际值 ÷ 序时目标。全年数据以年度状态为准。"
    )


# --- The latest period of many cells (overview cards, regions, counties) ------------------------


def latest_pace_table(
    *,
    key: str,
    title: str,
    first_column: str,
    rows: list[tuple[Cell, PeriodSnapshot, Indicator]],
    unit: str = "",
    hint: str = "",
    chart_href: Callable[[PeriodSnapshot], str] | None = None,
) -> Table:
    """One row per (name, its latest period, indicator): the period, the figures, the status.

    Without ``unit`` (rows of different indicators) each figure carries its own unit;
    ``chart_href`` links each period to the chart of its indicator and region."""

    def figures(s: PeriodSnapshot, indicator: Indicator) -> list[Cell]:
        cells = pace_cells(s, indicator)
        if not unit:
            for cell in cells[:2]:
                with_unit(cell, indicator.unit_of_measure)
        return cells

    return Table(
        key,
        title,
        [
            first_column,
            gettext("最新期间"),
            *pace_columns(unit),
            gettext("序时口径"),
        ],
        [
            Row(
                [
                    name,
                    Cell(
                        period_label(s.year, s.period),
                        value=s.period,
                        nowrap=True,
                        href=chart_href(s) if chart_href else "",
                    ),
                    *figures(s, indicator),
                    Cell(profile_text(s)),
                ]
            )
            for name, s, indicator in rows
        ],
        hint=hint,
    )


@dataclass
class CardPace:
    """An overview card's latest period, where its year has no full-year figure yet, and the
    annual status of the last complete year beside it."""

    label: str  # 2024年1–9月
    actual: str
    expected: str
    ratio: str
    share: str
    style: StatusStyle
    provisional: bool
    note: str


def card_pace(snapshot: PeriodSnapshot, indicator: Indicator) -> CardPace:
    actual, expected = pace_texts(snapshot, indicator)
    return CardPace(
        label=period_label(snapshot.year, snapshot.period),
        actual=actual,
        expected=expected,
        ratio=display_percent(snapshot.pace_ratio),
        share=display_percent(snapshot.share_of_target),
        style=pace_style(snapshot),
        provisional=snapshot.actual_provisional,
        note=_figure_notes(snapshot),
    )


@dataclass
class CompleteYear:
    """The annual status of the last year with a full-year figure, with the figures it rests on,
    shown beside a later year's latest period."""

    year: int
    style: StatusStyle
    provisional: bool
    actual: str
    target: str
    vintage: str


def complete_year(snapshot: ProgressSnapshot, indicator: Indicator) -> CompleteYear:
    pair = snapshot_pair(snapshot, indicator)
    return CompleteYear(
        year=snapshot.year,
        style=year_style(snapshot),
        provisional=is_provisional(snapshot),
        actual=pair.actual,
        target=pair.target,
        vintage=vintage_word(snapshot.actual_vintage),
    )


def has_full_year_figure(snapshot: ProgressSnapshot | None) -> bool:
    return snapshot is not None and not is_missing(snapshot.actual_value)


def pace_chart_url(indicator: Indicator, year: int, region_code: str = "") -> str:
    """The indicator page's 序时进度 chart of a region (no code: the city's)."""
    url = reverse("dashboards:indicator", args=[indicator.code]) + f"?year={year}"
    if region_code:
        url += f"&pace_region={region_code}"
    return url + "#pace"
