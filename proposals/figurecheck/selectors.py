"""What the figure check reads from the database, as the plain values its pure modules take:
the indicators, the regions, the figures earlier replies reported, and the approved full-year
figures (the vintage that existed on the text's date, vintages.py) and targets of the cells
(indicator × region × year) the found figures point at."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Q
from django.utils.translation import gettext as _

from common.numbers import format_number
from common.periods import period_name
from common.timefmt import local_time
from indicators.models import Indicator, Region, Target
from proposals.figurecheck.compare import ACTUAL, REPORTED, TARGET, Reference
from proposals.figurecheck.extract import local_phrase, region_aliases
from proposals.figurecheck.matching import IndicatorInfo, PriorFigure
from proposals.figurecheck.vintages import PickedFigure, period_figures
from proposals.models import ReportedFigure
from proposals.parsing.quantities import quantities

Cell = tuple[int, str, int, int]  # indicator id, region name, year, period (12: the full year)


def indicators() -> list[IndicatorInfo]:
    return [
        IndicatorInfo(i.id, i.code, i.name, i.unit_of_measure, i.kind, i.decimals)
        for i in Indicator.objects.order_by("category", "key_order", "code")
    ]


def regions() -> tuple[dict[str, str], str]:
    """(every way of naming a region → its name, the city's name)."""
    names = list(Region.objects.order_by("order", "name").values_list("name", "kind"))
    city = next((name for name, kind in names if kind == Region.Kind.CITY), "温州市")
    return region_aliases([name for name, _kind in names], city=city), city


def prior_figures() -> list[PriorFigure]:
    """Every figure a reply reported, with the words around it in its sentence."""
    rows = ReportedFigure.objects.select_related("reply", "region").order_by(
        "-reply__signed_on", "reply__doc_number", "number"
    )
    return [
        PriorFigure(
            id=f.id,
            value=f.value,
            unit=f.unit_of_measure,
            year=f.year,
            region=f.region.name,
            indicator_id=f.indicator_id,
            phrase=_phrase_of(f),
            sentence=f.sentence,
            reply=f.reply.doc_number,
            signed_on=f.reply.signed_on.isoformat(),
        )
        for f in rows
    ]


def _phrase_of(figure: ReportedFigure) -> str:
    """The words around the figure in its sentence: the quantity printed with its value."""
    found = quantities(figure.sentence)
    for index, (_match, value, unit) in enumerate(found):
        if value == figure.value and unit == figure.unit_of_measure:
            return local_phrase(figure.sentence, found, index)
    return figure.sentence


def cell_references(
    cells: Iterable[Cell], *, as_of: dt.date | None = None
) -> dict[Cell, list[Reference]]:
    """For each cell, its approved figure of the period — the vintage that existed on `as_of`
    where that can be known, else the current one (vintages.py) —, then, for a full year, its
    targets (the latest plan first; a year-to-date figure has no target of its own)."""
    cells = set(cells)
    out: dict[Cell, list[Reference]] = {cell: [] for cell in cells}
    if not cells:
        return out
    region_ids = dict(Region.objects.values_list("name", "id"))
    region_names = {pk: name for name, pk in region_ids.items()}
    units = dict(Indicator.objects.values_list("id", "unit_of_measure"))
    figures = period_figures(
        ((i, region_ids.get(region), year, period) for i, region, year, period in cells),
        as_of=as_of,
    )
    for (indicator_id, region_id, year, period), picked in figures.items():
        cell = (indicator_id, region_names[region_id], year, period)
        out[cell].append(
            Reference(
                ACTUAL,
                picked.value,
                units[indicator_id],
                _("已审核实际值"),
                _actual_source(picked, region_names[region_id], year, period),
            )
        )
    where = Q()
    for indicator_id, region, year, period in cells:
        if period == 12:
            where |= Q(indicator_id=indicator_id, region_id=region_ids.get(region), year=year)
    if not where:
        return out
    targets = (
        Target.objects.filter(where)
        .select_related("indicator", "plan")
        .order_by("-plan__issued_on", "plan__doc_number")
    )
    for target in targets:
        cell = (target.indicator_id, region_names[target.region_id], target.year, 12)
        out[cell].append(
            Reference(
                TARGET,
                target.value,
                target.indicator.unit_of_measure,
                _("目标值"),
                _("%(plan)s：%(year)s年 %(comparator)s%(value)s%(unit)s")
                % {
                    "plan": target.plan.doc_number,
                    "year": target.year,
                    "comparator": target.get_comparator_display(),
                    "value": format_number(target.value),
                    "unit": target.indicator.unit_of_measure,
                },
            )
        )
    return out


def _actual_source(picked: PickedFigure, region: str, year: int, period: int) -> str:
    what = picked.vintage_label if period == 12 else period_name(period)
    parts = [_("%(region)s %(year)s年%(what)s") % {"region": region, "year": year, "what": what}]
    if picked.reviewed_at:
        parts.append(_("%(time)s审核") % {"time": local_time(picked.reviewed_at)})
    if picked.source_note:
        parts.append(picked.source_note)
    return "，".join(parts) + "；" + picked.basis_note


def reported_reference(prior: PriorFigure) -> Reference:
    return Reference(
        REPORTED,
        prior.value,
        prior.unit,
        _("以往答复报告数据"),
        _("%(reply)s（%(date)s）：%(sentence)s")
        % {"reply": prior.reply, "date": prior.signed_on, "sentence": prior.sentence},
    )
