"""Reported figures corrected after the import (added, edited, deleted, e.g. in the admin).

Read by the import's own reader (reading.read_figure): value, unit of measure (the linked
indicator's), year in range, sentence, region (the city when blank). Whether a figure disagrees
with the approved actual is read, never stored (selectors/disagreements.py), so nothing else
follows from a correction.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext

from indicators.models import Region
from proposals.models import Reply, ReportedFigure
from proposals.services.errors import ValidationFailed
from proposals.services.reading import Problems, read_figure, read_int
from proposals.services.replies import require_reply_editor

# What a form may set on a reported figure.
FIGURE_FIELDS = (
    "number",
    "value",
    "unit_of_measure",
    "year",
    "sentence",
    "indicator",
    "region",
    "task",
)


@transaction.atomic
def figure_save(
    *, user, figure: ReportedFigure | None = None, reply: Reply | None = None, fields: Mapping
) -> ReportedFigure:
    """Add a figure to `reply`, or correct `figure` (fields left out keep their value; a blank
    number is the next one)."""
    current = None
    if figure is not None and figure.pk is not None:
        current = ReportedFigure.objects.select_for_update().get(pk=figure.pk)
        reply = current.reply
    require_reply_editor(user, reply.handling_unit)
    raw = {name: fields.get(name, getattr(current, name, None)) for name in FIGURE_FIELDS}
    if raw["number"] in (None, ""):
        raw["number"] = (reply.reported_figures.aggregate(n=Max("number"))["n"] or 0) + 1
    problems = Problems()
    number = read_int(
        raw["number"], gettext("序号"), gettext("报告数据"), problems, low=1, high=32767
    )
    city = Region.objects.filter(kind=Region.Kind.CITY).first()
    row = read_figure({**raw, "label": raw["number"]}, number or 0, problems, city=city)
    taken = ReportedFigure.objects.filter(reply=reply, number=number)
    if current is not None:
        taken = taken.exclude(pk=current.pk)
    if number and taken.exists():
        problems.add(
            gettext("报告数据 %(number)s") % {"number": number},
            gettext("序号已被本答复的另一条报告数据使用"),
        )
    if problems.items:
        raise ValidationFailed(details={"problems": problems.items})
    saved = current or ReportedFigure(reply=reply)
    for name, value in row.items():
        setattr(saved, name, value)
    saved.save()
    return saved


@transaction.atomic
def figure_delete(*, user, figure: ReportedFigure) -> None:
    locked = ReportedFigure.objects.select_for_update().select_related("reply").get(pk=figure.pk)
    require_reply_editor(user, locked.reply.handling_unit)
    locked.delete()
