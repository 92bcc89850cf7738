"""A group of regions' totals (山区5县): one figure per key indicator for the whole group.

Issue 14, Why 11. Which figure, explicitly:
- an additive indicator (its regions add up to the city, Indicator.Rollup.SUM): the sum of the
  members' figures (合计), marked 不完整 where a member has none;
- a ratio (Rollup.NONE): ratios do not add up, and the group has no figure of its own (its
  numerator and denominator are not reported), so the page shows the members' unweighted mean
  (简单平均，未加权), said so in the row; a weighted mean would need the denominators.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from common.numbers import display_rounded, figure_decimals, is_missing
from indicators.dashboards.exports import Cell, Row, Table
from indicators.dashboards.pages.cells import count_cell, rounded_cell
from indicators.dashboards.pages.parts import indicator_url
from indicators.dashboards.selectors.regions import CountyGrid
from indicators.models import Indicator, Region

SUM = _("合计")
UNWEIGHTED_MEAN = _("简单平均（未加权）")
INCOMPLETE = _("不完整")


@dataclass(frozen=True)
class GroupTotal:
    kind: str  # "sum" or "mean"
    value: Decimal | None
    places: int  # the decimals it is shown with
    reported: int  # members with a figure
    members: int

    @property
    def text(self) -> str:
        return display_rounded(self.value, self.places)


def group_total(values: list, *, additive: bool, decimals: int) -> GroupTotal:
    """The group's figure from its members' ``values`` (None: no figure).

    A sum shows as many decimals as the widest member figure (so it is the sum of the figures
    shown); a mean one more than that (an average). Given 1,200 + 800.5 + None → 2,000.5,
    2 of 3 reported; the mean of 2.1 and 2.6 is 2.35.
    """
    present = [
        Decimal(repr(v)) if isinstance(v, float) else Decimal(v)
        for v in values
        if not is_missing(v)
    ]
    places = max([decimals, *(figure_decimals(v, decimals) for v in present)])
    if not present:
        return GroupTotal("sum" if additive else "mean", None, places, 0, len(values))
    if additive:
        return GroupTotal("sum", sum(present), places, len(present), len(values))
    mean = sum(present) / len(present)
    return GroupTotal("mean", mean, places + 1, len(present), len(values))


def group_totals_table(grid: CountyGrid, members: list[Region], *, group_name: str, year: int):
    rows = []
    for ind in grid.indicators:
        values = [
            grid.snapshots[(ind.id, m.id)].actual_value
            if (ind.id, m.id) in grid.snapshots
            else None
            for m in members
        ]
        additive = ind.rollup == Indicator.Rollup.SUM
        total = group_total(values, additive=additive, decimals=ind.decimals)
        note = str(INCOMPLETE) if total.value is not None and total.reported < total.members else ""
        unit = ind.unit_of_measure
        rows.append(
            Row(
                [
                    Cell(ind.name, href=indicator_url(ind, year), header=True),
                    Cell(str(SUM if additive else UNWEIGHTED_MEAN)),
                    rounded_cell(total.value, total.places, note=note),
                    Cell(unit),
                    count_cell(total.reported),
                ]
            )
        )
    return Table(
        "totals",
        gettext("%(group)s合计（%(year)s年）") % {"group": group_name, "year": year},
        [
            gettext("指标"),
            gettext("口径"),
            gettext("全组数值"),
            gettext("单位"),
            gettext("有数据的区县数（共%(n)s个）") % {"n": len(members)},
        ],
        rows,
        hint=gettext(
            "可加总指标为各区县实际值之和（有区县缺数时标“不完整”）；比率类指标不能相加，"
            "且无全组自身的分子分母，此处为各区县数值的简单平均（未加权），仅供参考。"
        ),
    )
