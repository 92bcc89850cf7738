"""A figure beside its target, a change, a rank: shown so that they never contradict a status.

DOMAIN.md, "Display": a number is shown at least at the precision it was entered or printed
with, so that a figure beside its target never reads as met when the status says not met, or the
reverse. No models and no database (the words are wrapped for translation): the dashboards,
their exports and the review queue all go through here; single numbers are written by
common/numbers.py.

- :func:`shown_pair`: an actual and its target (and the gap between them). Each shows at least
  its own decimals (2.85 against ≈2.9, not 2.9 against ≈2.9; 2.96 against ≥3.0, not 3.0; an
  interpolated 3.25 as 3.25, not 3.2). Where the figures so shown would still be judged
  differently from the status (a computed target with more decimals than are shown), one more
  decimal is shown, and again, until they agree.
- :func:`change_text`, :func:`pace_text`: a change of a percentage is in 个百分点
  (percentage points), never in per cent; :func:`year_change_text` gives the review queue a
  change in 个百分点 for a percentage and a relative change for anything else.
- :func:`competition_ranks`: equal values share a rank (并列), the next rank is skipped
  (1, 2, 2, 4), as a Chinese ranking reads.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.numbers import (
    MAX_DECIMAL_PLACES,
    MISSING,
    display_number,
    display_rounded,
    figure_decimals,
    is_missing,
)

# (shown actual, shown target) → the year status those two figures would get: "met",
# "nearly_met" or "not_met" (the comparator rule, indicators/compute/comparators.py).
Judge = Callable[[float, float], str]

JUDGED_STATUSES = frozenset({"met", "nearly_met", "not_met"})

# A float has at most 17 significant digits: beyond this many decimals a figure is always exact.
MOST_DECIMALS = 17

PERCENTAGE_POINTS = _("个百分点")

# A status judged on a submitted, not yet approved figure (DOMAIN.md: "a submitted one counts as
# provisional"): drawn as an outlined badge marked 暂, with this explanation on hover.
PROVISIONAL_MARK = _("暂")
PROVISIONAL_EXPORT = _("暂，未审核")  # the same, in a download (which has no hover)
PROVISIONAL_HINT = _(
    "暂定状态：依据已提交、尚未审核的数值得出，审核通过后才是正式状态，审核结果可能使其改变。"
)


@dataclass(frozen=True)
class ShownPair:
    """An actual and its target as a page shows them, and the decimals each was shown with."""

    actual: str
    target: str  # with the comparator's symbol: "≥3.0"
    gap: str
    actual_decimals: int
    target_decimals: int


def shown_pair(
    actual,
    target,
    *,
    symbol: str = "",
    decimals: int = 0,
    target_limit: int = MAX_DECIMAL_PLACES,
    gap=None,
    status: str | None = None,
    judge: Judge | None = None,
    missing: str = MISSING,
) -> ShownPair:
    """Show ``actual`` beside ``target`` so that the figures never contradict ``status``.

    * ``decimals``: the indicator's precision, the least either figure shows;
    * ``target_limit``: the most decimals a computed target shows before the status check
      (an interpolated target: ``decimals + 2``); a printed target carries its own decimals;
    * ``gap``: T − A in the direction of improvement, shown with as many decimals as the
      wider of the two figures, so that it is the difference of the figures shown (and a gap
      that is not zero never shows as 0);
    * ``status`` and ``judge``: the year status, and the rule that gives a pair of figures its
      status. Where the figures as shown would be judged otherwise, the figure that is rounded
      shows one more decimal, and again, until the shown figures agree with the status (they
      always do once both are exact).
    Missing values show ``missing``.
    """
    a_places = 0 if is_missing(actual) else figure_decimals(actual, decimals)
    t_places = 0 if is_missing(target) else figure_decimals(target, decimals, limit=target_limit)
    if (
        judge is not None
        and status in JUDGED_STATUSES
        and not is_missing(actual)
        and not is_missing(target)
    ):
        while True:
            a_exact, t_exact = _exact(actual, a_places), _exact(target, t_places)
            if a_exact and t_exact:
                break  # the very figures the status was computed from
            if judge(_shown(actual, a_places), _shown(target, t_places)) == status:
                break
            a_places += 0 if a_exact else 1
            t_places += 0 if t_exact else 1
    actual_text = missing if is_missing(actual) else display_number(actual, a_places)
    target_text = (
        missing
        if is_missing(target)
        else f"{symbol}{display_number(target, t_places, limit=t_places)}"
    )
    gap_text = missing if is_missing(gap) else gap_words(gap, max(a_places, t_places))
    return ShownPair(actual_text, target_text, gap_text, a_places, t_places)


def gap_words(gap, places: int) -> str:
    """The gap T − A (in the direction of improvement) as people read it: a shortfall as its
    amount ("0.05"), a target exceeded never as a negative number but "超出 0.05"; "0" where
    the two are equal. The amount is rounded to ``places`` and never shows as 0 unless it is."""
    if is_missing(gap):
        return MISSING
    if float(gap) < 0:
        return gettext("超出 %(amount)s") % {"amount": display_rounded(-float(gap), places)}
    return display_rounded(gap, places)


def _shown(value, places: int) -> float:
    """The number a reader takes from ``value`` shown with ``places`` decimals."""
    return float(display_number(value, places, limit=places).replace(",", ""))


def _exact(value, places: int) -> bool:
    return places >= MOST_DECIMALS or _shown(value, places) == float(value)


# --- Changes and paces ---------------------------------------------------------------------------


def is_percentage(unit: str | None) -> bool:
    """A unit of measure that is a percentage (a share or a rate)."""
    return (unit or "").strip() in ("%", "％")


def change_unit(unit: str | None) -> str:
    """The unit a change of a quantity in ``unit`` is written in: 个百分点 for a percentage."""
    return str(PERCENTAGE_POINTS) if is_percentage(unit) else (unit or "")


def change_text(delta, unit: str | None, decimals: int, *, signed: bool = True) -> str:
    """A change of a quantity in its own unit: "+0.13 个百分点", "−120 家"; "—" when missing."""
    if is_missing(delta):
        return MISSING
    number = display_rounded(delta, decimals)
    if signed and float(delta) > 0:
        number = f"+{number}"
    suffix = change_unit(unit)
    return f"{number} {suffix}" if suffix else number


def year_change_text(value, last, unit: str | None) -> str:
    """How much a value moved from last year's, as a reviewer reads it.

    A percentage (R&D intensity 2.6 % → 2.61 %) moved by 个百分点: "+0.01 个百分点", with as
    many decimals as the wider of the two figures, so the difference of the figures shown. Any
    other quantity by its relative change: "+5.2%". "—" without last year's value (or, for a
    relative change, with a last year's value of zero).
    """
    if is_missing(value) or is_missing(last):
        return MISSING
    if is_percentage(unit):
        places = max(figure_decimals(value), figure_decimals(last))
        return change_text(float(value) - float(last), unit, places)
    if float(last) == 0:
        return MISSING
    relative = (float(value) - float(last)) / abs(float(last)) * 100
    number = display_rounded(relative, 1)
    return f"+{number}%" if relative > 0 else f"{number}%"


def pace_text(required_change, unit: str | None, decimals: int, *, higher: bool = True) -> str:
    """The yearly change still needed to reach the final goal, in words.

    "每年需增加 0.13 个百分点" (a percentage moves in 个百分点), "每年需减少 2 位" for a
    lower-is-better indicator (a rank), "已达到期末目标水平" when no improvement is needed.
    One more decimal than the indicator's: a pace is an average. "" when missing.
    """
    if is_missing(required_change):
        return ""
    needed = float(required_change) if higher else -float(required_change)
    amount = change_text(needed, unit, decimals + 1, signed=False)
    if needed <= 0:
        return gettext("已达到期末目标水平")
    if higher:
        return gettext("每年需增加 %(amount)s") % {"amount": amount}
    return gettext("每年需减少 %(amount)s") % {"amount": amount}


# --- Ranks ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rank:
    position: int | None  # None: no value, no rank
    tied: bool = False  # another value equals this one (并列)

    @property
    def text(self) -> str:
        return MISSING if self.position is None else str(self.position)

    @property
    def note(self) -> str:
        return gettext("并列") if self.tied else ""


def competition_ranks(values: Sequence, *, higher_is_better: bool = True) -> list[Rank]:
    """The rank of each value, in the order given: equal values share the best position among
    them and the next position is skipped (1, 2, 2, 4: "并列第2"); missing values get no rank.

    Values are equal when they are equal to the six decimals the database keeps.
    """
    keys = [None if is_missing(v) else round(float(v), MAX_DECIMAL_PLACES) for v in values]
    present = sorted((k for k in keys if k is not None), reverse=higher_is_better)
    first_position: dict[float, int] = {}
    count: dict[float, int] = {}
    for position, key in enumerate(present, start=1):
        first_position.setdefault(key, position)
        count[key] = count.get(key, 0) + 1
    return [Rank(None) if k is None else Rank(first_position[k], tied=count[k] > 1) for k in keys]
