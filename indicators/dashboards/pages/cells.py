"""The cells of every dashboard table: figures, a figure beside its target, shares, statuses.

One rule for every page and export (DOMAIN.md, "Display"; common/numbers.py and
common/display.py): a figure shows at least the decimals it was entered or printed with, a
figure and its target never read otherwise than the status, and a status that rests on a
submitted, unapproved figure is drawn apart (outlined, marked 暂).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import numpy as np
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common import numbers
from common.display import PROVISIONAL_EXPORT, ShownPair, shown_pair
from common.numbers import (
    MAX_DECIMAL_PLACES,
    display_number,
    display_percent,
    display_rounded,
    is_missing,
)
from indicators.compute.charts import styles as status_styles
from indicators.compute.charts.styles import StatusStyle
from indicators.compute.vocabulary import COMPARATORS, YEAR_STATUSES
from indicators.compute.year_status import year_status
from indicators.dashboards.exports import Cell
from indicators.models import Indicator, ProgressSnapshot, Target
from indicators.progress.inputs import progress_thresholds

# --- Formatting (numbers: common/numbers.py; a figure beside its target: common/display.py) ---


def fmt_percent(fraction, digits: int = 1) -> str:
    return display_percent(fraction, digits)


def _shown_value(text: str) -> float | None:
    """The number a cell shows, for Excel: what the reader sees, not more, not less."""
    try:
        return float(text.replace(",", "").rstrip("%"))
    except ValueError:
        return None


def number_cell(value, decimals: int, *, note: str = "", hint: str = "") -> Cell:
    """A figure (an actual, a printed target): at least the indicator's decimals, and never
    fewer than it was entered with (common.numbers.display_number)."""
    text = display_number(value, decimals)
    return Cell(text, value=_shown_value(text), note=note, hint=hint, numeric=True)


def rounded_cell(value, decimals: int, *, note: str = "") -> Cell:
    """A derived quantity (a change, a sum of regions), rounded to ``decimals``."""
    text = display_rounded(value, decimals)
    return Cell(text, value=_shown_value(text), note=note, numeric=True)


def percent_cell(fraction) -> Cell:
    text = display_percent(fraction)
    return Cell(text, value=_shown_value(text), numeric=True)


NOT_APPLICABLE = _("不适用")
SHARE_OF_CITY_FOR_RATIOS = _(
    "比率类指标不适用：比率（如研发投入强度）不能按区域相加，区域数值占全市数值的比重没有意义。"
)


def share_of_city_cell(snapshot: ProgressSnapshot | None, indicator: Indicator) -> Cell:
    """占全市比重: a region's share of the city's figure, for an indicator whose regions add up
    to the city; a ratio (Rollup.NONE) shows 不适用 with the reason on hover (docs/display.md)."""
    if indicator.rollup != Indicator.Rollup.SUM:
        return Cell(str(NOT_APPLICABLE), hint=str(SHARE_OF_CITY_FOR_RATIOS))
    return percent_cell(snapshot.share_of_city if snapshot else None)


def status_cell(style: StatusStyle, *, provisional: bool = False) -> Cell:
    return Cell(style.word, status=style, provisional=provisional)


def count_cell(n: int) -> Cell:
    return Cell(str(n), value=n, numeric=True)


def target_text(value, comparator: str, decimals: int) -> str:
    """A target by its comparator's code ("gte"), as printed: "≥3,700" (the symbol is
    Target.Comparator's label, the one place the symbols are written)."""
    return numbers.target_text(value, comparator_symbol(comparator), decimals)


def comparator_symbol(comparator: str) -> str:
    return Target.Comparator(comparator).label if comparator else ""


class ComparatorJudge:
    """The status a pair of figures gets under a target's comparator: the engine's rule
    (indicators/compute/year_status.py, with the tolerance of the settings), for one pair.

    common.display.shown_pair asks it only where a figure is rounded, which is rare: the
    settings are read then, not when the judge is made.
    """

    def __init__(self, comparator: str, higher: bool):
        self.comparator = COMPARATORS.index(comparator)
        self.higher = higher

    def __call__(self, actual: float, target: float) -> str:
        status = year_status(
            np.array([actual], dtype=float),
            np.array([target], dtype=float),
            np.array([self.comparator]),
            np.array([self.higher]),
            progress_thresholds().tolerance,
        )
        return YEAR_STATUSES[int(status[0])]


def snapshot_pair(snapshot: ProgressSnapshot, indicator: Indicator) -> ShownPair:
    """The snapshot's actual, target and gap as shown: each at least at its own precision, with
    a decimal more where the rounded figures would read otherwise than the year status
    (DOMAIN.md, "Display"). An interpolated target is computed: it shows at most two decimals
    more than the indicator's before that check (3.25, not 3.2; 2.933 for 2.9333…)."""
    comparator = snapshot.target_comparator
    return shown_pair(
        snapshot.actual_value,
        snapshot.target_value,
        symbol=comparator_symbol(comparator),
        decimals=indicator.decimals,
        target_limit=(
            indicator.decimals + 2 if snapshot.target_interpolated else MAX_DECIMAL_PLACES
        ),
        gap=snapshot.gap,
        status=snapshot.year_status,
        judge=(
            ComparatorJudge(comparator, indicator.direction == Indicator.Direction.HIGHER)
            if comparator in COMPARATORS
            else None
        ),
    )


def snapshot_target_cell(snapshot: ProgressSnapshot | None, indicator: Indicator) -> Cell:
    if snapshot is None or is_missing(snapshot.target_value):
        if snapshot is not None and snapshot.target_type != ProgressSnapshot.TargetType.VALUE:
            # judged by an average-growth, relative or coverage target alone
            from indicators.dashboards.pages.target_types import special_target_text

            text = special_target_text(snapshot, indicator)
            return Cell(text, note=snapshot.get_target_type_display())
        return Cell("—")
    # The target's source (own / the city's as a benchmark) has its own column where it matters.
    notes = []
    if snapshot.target_interpolated:
        notes.append(gettext("折算"))
    hint = (
        snapshot.target_plan.doc_number if snapshot.target_plan_id and snapshot.target_plan else ""
    )
    text = snapshot_pair(snapshot, indicator).target
    return Cell(
        text,
        value=_shown_value(text.lstrip("≥≈≤")),
        note=gettext("，").join(notes),
        hint=hint,
        numeric=True,
    )


def snapshot_actual_cell(snapshot: ProgressSnapshot | None, indicator: Indicator) -> Cell:
    if snapshot is None:
        return Cell("—", numeric=True)
    notes = []
    if snapshot.actual_provisional:
        notes.append(gettext("未审核"))
    if snapshot.pending:
        notes.append(gettext("待更新"))
    text = snapshot_pair(snapshot, indicator).actual
    return Cell(text, value=_shown_value(text), note=gettext("，").join(notes), numeric=True)


def snapshot_gap_cell(snapshot: ProgressSnapshot | None, indicator: Indicator) -> Cell:
    """The gap T − A, with as many decimals as the figures beside it (so 2.85 against ≈2.9 has
    a gap of 0.05, not 0.1)."""
    if snapshot is None:
        return Cell("—", numeric=True)
    text = snapshot_pair(snapshot, indicator).gap
    return Cell(text, value=_shown_value(text), numeric=True)


def year_style(snapshot: ProgressSnapshot | None) -> StatusStyle:
    return status_styles.year_status_style(snapshot.year_status if snapshot else None)


def outlook_style(snapshot: ProgressSnapshot | None) -> StatusStyle:
    return status_styles.outlook_style(snapshot.outlook_status if snapshot else None)


def is_provisional(snapshot: ProgressSnapshot | None) -> bool:
    """Whether the snapshot's statuses rest on a submitted, not yet approved figure of its year.

    The year status rests on the year's actual only. The outlook rests on the latest actual up
    to the year, which is the year's own when there is one; a page that knows an earlier
    latest year (the cards) asks that year's snapshot instead.
    """
    return bool(
        snapshot is not None
        and snapshot.actual_provisional
        and not is_missing(snapshot.actual_value)
    )


def year_status_cell(snapshot: ProgressSnapshot | None) -> Cell:
    return status_cell(year_style(snapshot), provisional=is_provisional(snapshot))


def outlook_status_cell(snapshot: ProgressSnapshot | None) -> Cell:
    return status_cell(outlook_style(snapshot), provisional=is_provisional(snapshot))


def badges_cell(
    counts: dict[str, int],
    styles: dict[str, StatusStyle],
    provisional: dict[str, int] | None = None,
) -> Cell:
    """Counts per status as small badges, the provisional ones apart (outlined, marked 暂);
    exported as "已达标 3，已达标（暂，未审核） 1，未达标 1"."""
    provisional = provisional or {}
    parts = []
    for code, style in styles.items():
        if counts.get(code):
            parts.append((style, counts[code], False))
        if provisional.get(code):
            parts.append((style, provisional[code], True))
    text = gettext("，").join(
        gettext("%(word)s（%(provisional)s） %(n)s")
        % {"word": s.word, "provisional": PROVISIONAL_EXPORT, "n": n}
        if p
        else f"{s.word} {n}"
        for s, n, p in parts
    )
    return Cell(text or "—", badges=parts)


def counted_apart(
    snapshots: Iterable[ProgressSnapshot | None], attr: str = "year_status", *, missing: str = ""
) -> tuple[dict[str, int], dict[str, int]]:
    """How many snapshots are in each status, the provisional ones apart: (final, provisional).

    ``attr`` is "year_status" or "outlook_status"; a None (no snapshot) counts as ``missing``
    when given ("no_data" for a year status), else not at all.
    """
    final: dict[str, int] = defaultdict(int)
    provisional: dict[str, int] = defaultdict(int)
    for snapshot in snapshots:
        if snapshot is None:
            if missing:
                final[missing] += 1
            continue
        (provisional if is_provisional(snapshot) else final)[getattr(snapshot, attr)] += 1
    return dict(final), dict(provisional)


def with_unit(cell: Cell, unit_of_measure: str) -> Cell:
    """The cell with its unit of measure after the figure ("19 家", "≥150 家"); Excel keeps
    the number (``value``). A dash stays a dash."""
    if unit_of_measure and cell.text not in ("", "—"):
        cell.text = f"{cell.text} {unit_of_measure}"
    return cell
