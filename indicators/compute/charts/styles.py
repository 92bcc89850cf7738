"""How each status is shown on the dashboards, in charts and tables alike: word, icon, colour.

Every status has a word, an icon and a colour from the Okabe–Ito palette, which stays
distinguishable for the common kinds of colour blindness; the colour is never the only cue
(static/css/dashboards.css repeats the same colours as CSS variables, and a test checks that
the two agree).
"""

from __future__ import annotations

from dataclasses import dataclass

from indicators.compute.words import gettext, gettext_noop

# Okabe & Ito (2008), "Color Universal Design": the eight colours, plus two neutral greys.
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
}
GREY = "#8A94A3"
LIGHT_GREY = "#C8CDD4"
INK = "#1F2933"


@dataclass(frozen=True)
class StatusStyle:
    """How one status is shown everywhere: a word, an icon and a colour (never colour alone)."""

    code: str
    chinese: str  # the word in the source language; `word` is the word in the reader's
    icon: str
    colour: str

    @property
    def word(self) -> str:
        return gettext(self.chinese)

    @property
    def label(self) -> str:
        return f"{self.icon} {self.word}"


def _styles(*rows: tuple[str, str, str, str]) -> dict[str, StatusStyle]:
    return {code: StatusStyle(code, word, icon, colour) for code, word, icon, colour in rows}


# The words are the labels of ProgressSnapshot.YearStatus / .Outlook and TaskReport.Status
# (a test checks they agree); the order is the order of the legends and of the heatmap scale.
YEAR_STATUS = _styles(
    ("met", gettext_noop("已达标"), "✔", OKABE_ITO["bluish_green"]),
    ("nearly_met", gettext_noop("接近达标"), "◐", OKABE_ITO["orange"]),
    ("not_met", gettext_noop("未达标"), "✘", OKABE_ITO["vermillion"]),
    ("no_data", gettext_noop("暂无数据"), "○", GREY),
    ("no_target", gettext_noop("无目标"), "–", LIGHT_GREY),
)
OUTLOOK = _styles(
    ("achieved", gettext_noop("已实现目标"), "★", OKABE_ITO["blue"]),
    ("on_track", gettext_noop("按期可达"), "↑", OKABE_ITO["bluish_green"]),
    ("needs_acceleration", gettext_noop("需加快"), "↗", OKABE_ITO["orange"]),
    ("limited_progress", gettext_noop("进展有限"), "→", OKABE_ITO["reddish_purple"]),
    ("deterioration", gettext_noop("倒退"), "↓", OKABE_ITO["vermillion"]),
    ("not_assessed", gettext_noop("无法评估"), "?", GREY),
    ("not_applicable", gettext_noop("不适用"), "–", LIGHT_GREY),
)
REPORT_STATUS = _styles(
    ("done", gettext_noop("已完成"), "★", OKABE_ITO["blue"]),
    ("on_schedule", gettext_noop("按计划推进"), "▲", OKABE_ITO["bluish_green"]),
    ("delayed", gettext_noop("滞后"), "!", OKABE_ITO["vermillion"]),
    ("not_started", gettext_noop("未开始"), "○", GREY),
    ("none", gettext_noop("暂无报告"), "–", LIGHT_GREY),
)
# 序时进度 of a year-to-date period (PeriodSnapshot.PaceStatus): ahead of, on or behind the
# time-proportional expectation; coloured as the outlooks (ahead as 已实现目标, on pace as 按期可达),
# each with its own icon.
PACE_STATUS = _styles(
    ("ahead", gettext_noop("超序时"), "▲", OKABE_ITO["blue"]),
    ("on_pace", gettext_noop("符合序时"), "●", OKABE_ITO["bluish_green"]),
    ("behind", gettext_noop("落后序时"), "▼", OKABE_ITO["vermillion"]),
    ("no_target", gettext_noop("无目标"), "–", LIGHT_GREY),
)
UNKNOWN = StatusStyle("unknown", gettext_noop("未计算"), "…", LIGHT_GREY)


def year_status_style(code: str | None) -> StatusStyle:
    return YEAR_STATUS.get(code or "", UNKNOWN)


def outlook_style(code: str | None) -> StatusStyle:
    return OUTLOOK.get(code or "", UNKNOWN)


def pace_status_style(code: str | None) -> StatusStyle:
    return PACE_STATUS.get(code or "", UNKNOWN)


def report_status_style(code: str | None) -> StatusStyle:
    return REPORT_STATUS.get(code or "none", REPORT_STATUS["none"])
