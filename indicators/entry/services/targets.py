"""Region targets (分解目标): a reviewer enters or imports each region's target for an indicator and
year, with its source (a notice's 文号 and date, or 县区自定); all rows or none.

Region targets are the catalogue's `Target` rows (indicator × region × year × plan), kept in
their history with who and why; the engine already judges a region with its own target against
it. For an additive indicator the regions' sum is checked against the city target and a
shortfall is reported with the result, never refused (docs/reporting-targets.md).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from common.errors import ImportProblem, ImportRejected
from common.numbers import NotANumber, parse_number
from indicators import rules as entry_rules
from indicators.entry.services.checks import require, save_with_history
from indicators.entry.targets_selectors import Decomposition, city_target, decomposition
from indicators.entry.validation import clean_text
from indicators.models import MAX_YEAR, MIN_YEAR, Indicator, Region, Target, TargetSource
from indicators.progress.batching import recompute, recompute_batch

COLUMN_INDICATOR = "指标代码"
COLUMN_REGION = "区域"
COLUMN_YEAR = "年份"
COLUMN_VALUE = "目标值"
COLUMN_SOURCE = "目标来源"
COLUMN_DOC_NUMBER = "文号"
COLUMN_DOC_DATE = "文件日期"
SOURCE_LABELS = {str(label): value for value, label in TargetSource.choices}


@dataclass
class TargetRow:
    """One region's target as a page or a file gives it (raw text welcome); `sheet`/`row` and
    `columns` (canonical name → the file's label) locate it for messages."""

    indicator: object
    region: object
    year: object
    value: object
    source_kind: object = ""
    doc_number: object = ""
    doc_date: object = None
    sheet: str = ""
    row: int | None = None
    columns: dict[str, str] = field(default_factory=dict)
    problems: list[ImportProblem] = field(default_factory=list)


@dataclass
class TargetsResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    decompositions: list[Decomposition] = field(default_factory=list)

    @property
    def shortfalls(self) -> list[Decomposition]:
        return [d for d in self.decompositions if d.check.shortfall]

    def summary(self) -> str:
        return _("分解目标已保存：新增 %(c)s 条，修改 %(u)s 条，未变化 %(n)s 条。") % {
            "c": self.created,
            "u": self.updated,
            "n": self.unchanged,
        }


def require_target_editor(user) -> None:
    require(
        user,
        entry_rules.USE_REVIEW,
        None,
        _("只有审核人员和系统管理员可以录入分解目标。"),
        "Only reviewers and administrators may enter region targets.",
    )


def _problem(row: TargetRow, column: str, reason: str) -> ImportProblem:
    return ImportProblem(row.sheet, row.row, row.columns.get(column, column), reason)


def _date(raw) -> dt.date | None:
    if raw in (None, ""):
        return None
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = clean_text(raw).replace("/", "-").replace(".", "-")
    for pattern in ("%Y-%m-%d", "%Y年%m月%d日"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def _fits(value: Decimal) -> bool:
    """Whether the value fits the target's column (20 digits, 6 of them decimals; parse_number
    already refuses more than six decimals)."""
    return abs(value) < 10**14


class _Lookup:
    def __init__(self):
        indicators = list(Indicator.objects.all())
        regions = list(Region.objects.all())
        self.indicators = {i.code.upper(): i for i in indicators} | {i.pk: i for i in indicators}
        self.regions = (
            {r.code.upper(): r for r in regions}
            | {r.name: r for r in regions}
            | {r.pk: r for r in regions}
        )

    @staticmethod
    def _key(raw):
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw
        text = clean_text(raw)
        return text.upper() if text.isascii() else text

    def indicator(self, raw):
        return raw if isinstance(raw, Indicator) else self.indicators.get(self._key(raw))

    def region(self, raw):
        return raw if isinstance(raw, Region) else self.regions.get(self._key(raw))


@dataclass
class _Ready:
    row: TargetRow
    indicator: Indicator
    region: Region
    year: int
    value: Decimal
    source_kind: str
    doc_number: str
    doc_date: dt.date | None


def _checked(row: TargetRow, lookup: _Lookup, problems: list[ImportProblem]) -> _Ready | None:
    """The row made ready to save, or None with its problems added (named by the row's region
    and indicator, so that the reader finds it)."""
    count = len(problems)
    indicator, region = lookup.indicator(row.indicator), lookup.region(row.region)
    where = "".join(
        [
            f"{region.name}·" if region else "",
            f"{indicator.name}：" if indicator else "",
        ]
    )
    if indicator is None:
        problems.append(
            _problem(row, COLUMN_INDICATOR, _("找不到指标“%s”。") % clean_text(row.indicator))
        )
    if region is None:
        problems.append(
            _problem(row, COLUMN_REGION, _("找不到区域“%s”。") % clean_text(row.region))
        )
    elif region.kind == Region.Kind.CITY:
        problems.append(
            _problem(
                row, COLUMN_REGION, where + _("全市目标在指标目录中维护，不作为分解目标录入。")
            )
        )
    try:
        year = int(row.year)
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise ValueError
    except (TypeError, ValueError):
        year = None
        problems.append(
            _problem(
                row, COLUMN_YEAR, _("年份应在 %(a)s—%(b)s 之间。") % {"a": MIN_YEAR, "b": MAX_YEAR}
            )
        )
    value = None
    try:
        value = parse_number(row.value)
        if value is None:
            problems.append(_problem(row, COLUMN_VALUE, where + _("请填写目标值。")))
        elif value < 0:
            problems.append(_problem(row, COLUMN_VALUE, where + _("目标值不能为负数。")))
        elif not _fits(value):
            problems.append(_problem(row, COLUMN_VALUE, where + _("目标值过大：最多 14 位整数。")))
    except NotANumber as exc:
        problems.append(_problem(row, COLUMN_VALUE, where + _("目标值应为数字：%s") % exc.message))
    raw_kind = clean_text(row.source_kind)
    kind = SOURCE_LABELS.get(raw_kind, raw_kind)
    doc_number, doc_date = clean_text(row.doc_number), None
    if kind not in TargetSource.values:
        problems.append(
            _problem(
                row,
                COLUMN_SOURCE,
                where + _("请注明目标来源：“分解文件”（填文号和日期）或“县区自定”。"),
            )
        )
    elif kind == TargetSource.NOTICE:
        if not doc_number:
            problems.append(_problem(row, COLUMN_DOC_NUMBER, where + _("分解文件须填写文号。")))
        try:
            doc_date = _date(row.doc_date)
        except ValueError:
            problems.append(
                _problem(row, COLUMN_DOC_DATE, where + _("文件日期应为日期，如 2024-03-15。"))
            )
        else:
            if doc_date is None:
                problems.append(
                    _problem(row, COLUMN_DOC_DATE, where + _("分解文件须填写文件日期。"))
                )
    else:
        doc_number = ""  # 县区自定: no notice
    if len(problems) > count:
        return None
    return _Ready(row, indicator, region, year, value, kind, doc_number, doc_date)


def _save(ready: _Ready, *, user, result: TargetsResult) -> None:
    current = (
        Target.objects.select_for_update()
        .filter(
            indicator=ready.indicator,
            region=ready.region,
            year=ready.year,
            target_type=Target.TargetType.VALUE,
        )
        .order_by("-plan__issued_on", "-plan_id")
        .first()
    )
    fields = {
        "value": ready.value,
        "source_kind": ready.source_kind,
        "source_doc_number": ready.doc_number,
        "source_date": ready.doc_date,
    }
    if current is None:
        city = Region.objects.filter(kind=Region.Kind.CITY).first()
        printed = city_target(ready.indicator, ready.year, city)
        target = Target(
            indicator=ready.indicator,
            region=ready.region,
            year=ready.year,
            plan_id=printed.plan_id if printed else ready.indicator.plan_id,
            comparator=printed.comparator if printed else Target.Comparator.GTE,
            **fields,
        )
        save_with_history(target, user=user, reason=_("分解目标：新增"))
        result.created += 1
        return
    if all(getattr(current, name) == value for name, value in fields.items()):
        result.unchanged += 1
        return
    for name, value in fields.items():
        setattr(current, name, value)
    save_with_history(current, user=user, reason=_("分解目标：修改"))
    result.updated += 1


@transaction.atomic
@recompute_batch()
def region_targets_save(*, user, rows: Iterable[TargetRow]) -> TargetsResult:
    """Save region targets (the page's rows or a file's): every row, or none.

    A row without a value is skipped (a page and a template list every region). Any problem
    anywhere rejects the batch with `ImportRejected`, listing each problem with the row, its
    region and indicator; nothing is saved. Each indicator written is recomputed once on commit;
    the result carries the sum check of every additive indicator and year written.
    """
    require_target_editor(user)
    lookup = _Lookup()
    problems: list[ImportProblem] = []
    ready: list[_Ready] = []
    seen: dict[tuple, TargetRow] = {}
    for row in rows:
        problems.extend(row.problems)
        if row.problems:
            continue
        try:
            if parse_number(row.value) is None and not clean_text(row.doc_number):
                continue  # nothing entered for this region
        except NotANumber:
            pass  # reported by _checked
        checked = _checked(row, lookup, problems)
        if checked is None:
            continue
        key = (checked.indicator.pk, checked.region.pk, checked.year)
        if key in seen:
            problems.append(
                _problem(
                    row,
                    COLUMN_REGION,
                    _("%(r)s·%(i)s：与第%(n)s行重复。")
                    % {"r": checked.region.name, "i": checked.indicator.name, "n": seen[key].row},
                )
            )
            continue
        seen[key] = row
        ready.append(checked)
    if not ready and not problems:
        raise ImportRejected(
            [ImportProblem("", None, COLUMN_VALUE, _("没有填写任何目标值，未保存。"))]
        )
    if problems:
        problems.sort(key=lambda p: (p.sheet, p.row or 0))
        raise ImportRejected(problems)
    result = TargetsResult()
    for item in ready:
        _save(item, user=user, result=result)
    written = sorted({(r.indicator.pk, r.year): r.indicator for r in ready}.items())
    recompute(indicator_ids=[indicator_id for (indicator_id, _year) in dict(written)])
    for (_indicator_id, year), indicator in written:
        if indicator.rollup == Indicator.Rollup.SUM:
            result.decompositions.append(decomposition(indicator, year))
    return result
