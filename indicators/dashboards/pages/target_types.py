"""How the pages show a target that is not a value per year: 年均增长, 相对目标, 全覆盖.

The engine judges them apart (snapshot columns target_type, special_target, special_actual,
special_status; docs/progress.md, "Target types"); here they become words and cells.
"""

from __future__ import annotations

from django.utils.translation import gettext

from common.numbers import display_number, display_rounded, is_missing
from indicators.compute.charts import styles as status_styles
from indicators.dashboards.exports import Cell
from indicators.dashboards.pages.cells import is_provisional, status_cell
from indicators.models import Indicator, ProgressSnapshot, Target

TYPES = ProgressSnapshot.TargetType


def special_target_text(snapshot: ProgressSnapshot | None, indicator: Indicator) -> str:
    """The target and where the indicator stands against it, in words; "" for a value target.

    年均增长≥15%（基期以来年均 12.99%） · ≥参照值 2.90（实际 2.85） · 已覆盖 3/5
    """
    if snapshot is None or snapshot.target_type == TYPES.VALUE:
        return ""
    target, measure = snapshot.special_target, snapshot.special_actual
    if snapshot.target_type == TYPES.AVERAGE_GROWTH:
        if is_missing(target):
            return gettext("年均增长目标（基期年不评判）")
        text = gettext("年均增长≥%(rate)s%%") % {"rate": display_number(target)}
        if is_missing(measure):
            return text
        return text + gettext("（基期以来年均 %(cagr)s%%）") % {"cagr": display_rounded(measure, 2)}
    if snapshot.target_type == TYPES.RELATIVE:
        if is_missing(target):
            return gettext("不低于参照序列（该年参照值暂无）")
        places = indicator.decimals + 1
        return gettext("不低于参照值 %(reference)s（实际 %(actual)s）") % {
            "reference": display_number(target, places),
            "actual": display_number(measure, places),
        }
    if is_missing(target):
        return gettext("全覆盖目标（目标年后不再评判）")
    return gettext("已覆盖 %(covered)s/%(total)s") % {
        "covered": display_number(measure, 0),
        "total": display_number(target, 0),
    }


def special_target_cells(snapshot: ProgressSnapshot | None, indicator: Indicator) -> list[Cell]:
    """Two cells: the special target in words (with its type), and its status; "—" for none."""
    text = special_target_text(snapshot, indicator)
    if not text:
        return [Cell("—"), Cell("—")]
    style = status_styles.year_status_style(snapshot.special_status)
    return [
        Cell(text, note=snapshot.get_target_type_display()),
        status_cell(style, provisional=is_provisional(snapshot)),
    ]


def coverage_text(members: list[tuple[str, bool]]) -> str:
    """已覆盖：永嘉县、平阳县；未覆盖：文成县、泰顺县."""
    covered = gettext("、").join(name for name, yes in members if yes) or "—"
    missing = gettext("、").join(name for name, yes in members if not yes) or "—"
    return gettext("已覆盖：%(covered)s；未覆盖：%(missing)s") % {
        "covered": covered,
        "missing": missing,
    }


def target_source_text(target: Target, decimals: int) -> str:
    """A printed target as the sources table shows it: ≥3.4 · 年均增长≥15% · 不低于「参照序列」
    · 全覆盖 5（山区5县）."""
    comparator = target.get_comparator_display()
    if target.target_type == Target.TargetType.AVERAGE_GROWTH:
        return gettext("年均增长%(c)s%(rate)s%%") % {
            "c": comparator,
            "rate": display_number(target.value),
        }
    if target.target_type == Target.TargetType.RELATIVE:
        text = gettext("不低于“%(reference)s”") % {"reference": target.reference_indicator.name}
        if target.value:
            text += gettext("加 %(margin)s") % {"margin": display_number(target.value, decimals)}
        return text
    if target.target_type == Target.TargetType.COVERAGE:
        group = (
            gettext("（%(group)s）") % {"group": target.coverage_group.name}
            if target.coverage_group_id
            else ""
        )
        return gettext("全覆盖 %(n)s") % {"n": display_number(target.value, 0)} + group
    return f"{comparator}{display_number(target.value, decimals)}"
