"""A check's results as people read them: the same text on the page, in the .xlsx and in the
sign-off of a reply (`rows`), so that an export never says something the page does not."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from common.numbers import display_number, display_percent, format_number
from proposals.figurecheck.check import CheckReport, FigureResult
from proposals.figurecheck.compare import Comparison
from proposals.figurecheck.matching import unit_factor

# The columns of the table and of the export, in order.
COLUMNS = (
    ("number", gettext_lazy("序号")),
    ("sentence", gettext_lazy("原文语句")),
    ("printed", gettext_lazy("数据")),
    ("claim", gettext_lazy("性质")),
    ("indicator", gettext_lazy("对应指标")),
    ("region", gettext_lazy("区域")),
    ("year", gettext_lazy("年份")),
    ("period", gettext_lazy("期间")),
    ("verdict_label", gettext_lazy("核对结论")),
    ("against", gettext_lazy("对照值")),
    ("source", gettext_lazy("对照来源")),
    ("difference", gettext_lazy("差异")),
    ("others", gettext_lazy("其他对照值")),
    ("note", gettext_lazy("说明")),
)


@dataclass(frozen=True)
class ResultRow:
    number: int
    sentence: str
    printed: str
    claim: str
    indicator: str
    indicator_basis: str
    region: str
    year: str
    period: str
    verdict: str
    verdict_label: str
    against: str
    source: str
    difference: str
    others: tuple[str, ...]
    note: str

    def cells(self) -> list:
        values = {**self.__dict__, "others": gettext("；").join(self.others)}
        return [self.number if key == "number" else values[key] for key, _label in COLUMNS]


def rows(report: CheckReport) -> list[ResultRow]:
    return [result_row(result) for result in report.results]


def result_row(result: FigureResult) -> ResultRow:
    figure = result.figure
    against = result.judgement.against
    indicator = (
        gettext("%(code)s %(name)s（%(unit)s）")
        % {
            "code": result.indicator.code,
            "name": result.indicator.name,
            "unit": result.indicator.unit,
        }
        if result.indicator
        else ""
    )
    basis = {"prior": _("依以往答复的同一表述"), "name": _("依指标名称")}.get(
        result.indicator_basis, ""
    )
    return ResultRow(
        number=figure.number,
        sentence=figure.sentence,
        printed=figure.printed,
        claim=result.claim_label,
        indicator=indicator,
        indicator_basis=basis,
        region=result.region,
        year=_("%(year)s年（%(basis)s）") % {"year": figure.year, "basis": result.year_basis_label},
        period=figure.period or _("全年"),
        verdict=result.verdict,
        verdict_label=result.verdict_label,
        against=reference_text(figure.unit, against) if against else "",
        source=gettext("%(label)s：%(source)s")
        % {"label": against.reference.label, "source": against.reference.source}
        if against
        else "",
        difference=difference_text(figure.unit, against) if against else "",
        others=tuple(
            gettext("%(label)s %(reference)s（%(source)s）")
            % {
                "label": c.reference.label,
                "reference": reference_text(figure.unit, c),
                "source": c.reference.source,
            }
            for c in result.judgement.comparisons
            if c is not against
        ),
        note=result.judgement.note,
    )


def reference_text(unit: str, comparison: Comparison) -> str:
    """The reference in the figure's unit (2.5012万人), and in its own where that differs."""
    reference = comparison.reference
    factor = unit_factor(unit, reference.unit) or Decimal(1)
    shown = f"{display_number(reference.value / factor)}{unit}"
    if factor != 1:
        shown += gettext("（%(value)s%(unit)s）") % {
            "value": display_number(reference.value),
            "unit": reference.unit,
        }
    return shown


def difference_text(unit: str, comparison: Comparison) -> str:
    """+0.1 个百分点 for a percentage, else +27项（+2.01%）; "0" when equal."""
    difference = comparison.difference
    if difference == 0:
        return "0"
    sign = "+" if difference > 0 else "−"
    amount = format_number(abs(difference).normalize())
    if unit == "%":
        return gettext("%(sign)s%(amount)s 个百分点") % {"sign": sign, "amount": amount}
    text = f"{sign}{amount}{unit}"
    if comparison.relative is not None:
        text += gettext("（%(sign)s%(percent)s）") % {
            "sign": sign,
            "percent": display_percent(abs(comparison.relative), 2),
        }
    return text
