"""The import of actuals in a batch (an Excel/CSV upload, an API batch): every row, or none.

The reader (indicators/entry/spreadsheets/) turns a file into `ImportRow`s; this service finds
the indicators and regions, and saves each row through `save_and_submit`, so the permission,
lock, version and validation rules are exactly those of the entry page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from django.db import transaction
from django.utils.translation import gettext, gettext_noop

from common.errors import (
    EditConflict,
    ImportProblem,
    ImportRejected,
    Locked,
    PermissionDenied,
    ServiceError,
    ValidationFailed,
)
from common.numbers import NotANumber, parse_number
from common.periods import period_name
from indicators import rules as entry_rules
from indicators.compute.periods import period_months
from indicators.entry.services.actuals import checked_period
from indicators.entry.services.checks import checked_year, require
from indicators.entry.services.workflow import SUBMITTABLE, save_and_submit
from indicators.entry.validation import clean_text, parse_value
from indicators.models import Actual, Indicator, Region, WorkflowState
from indicators.progress.batching import recompute_batch

# The columns a problem is reported against (the template's Chinese headers).
# Column headers of the template and the upload, in Chinese (the import reads them): marked
# for the catalogue, translated only where an export is written for reading.
COLUMN_INDICATOR = gettext_noop("指标代码")
COLUMN_REGION = gettext_noop("区域")
COLUMN_YEAR = gettext_noop("年份")
COLUMN_PERIOD = gettext_noop("期间")
COLUMN_VINTAGE = gettext_noop("数据版本")
COLUMN_VALUE = gettext_noop("本年值")
COLUMN_SOURCE_NOTE = gettext_noop("数据来源说明")
COLUMN_EXPLANATION = gettext_noop("变动说明")
COLUMN_VERSION = gettext_noop("版本")
FIELD_COLUMNS = {
    "value": COLUMN_VALUE,
    "explanation": COLUMN_EXPLANATION,
    "source_note": COLUMN_SOURCE_NOTE,
    "year": COLUMN_YEAR,
    "period": COLUMN_PERIOD,
    "vintage": COLUMN_VINTAGE,
    "version": COLUMN_VERSION,
    "indicator": COLUMN_INDICATOR,
    "region": COLUMN_REGION,
}
MAX_IMPORT_ROWS = 20000


@dataclass
class ImportRow:
    """One row of a batch. indicator/region: an instance, an id, or a code (a region also by name).

    `value` may be raw text (it is read like a form field). `period`: the month a year-to-date
    figure ends with, or its name (「1–9月」, 「全年」); blank is the full year, refused for an
    indicator reporting during the year (a year-to-date figure is never taken for the full
    year). `vintage`: 快报 / 年报（正式） / 修订 (blank: 年报). `sheet`/`row` locate it for messages.
    """

    indicator: object
    region: object
    year: object
    value: object
    source_note: str = ""
    explanation: str = ""
    expected_version: object = None
    period: object = None
    vintage: object = None
    sheet: str = ""
    row: int | None = None
    # Problems the reader (Excel/CSV) already found in this row, reported with the others.
    problems: list[ImportProblem] = field(default_factory=list)
    # How the file names each column ("本年值（I列）"), for messages; canonical name → label.
    columns: dict[str, str] = field(default_factory=dict)


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    submitted: int = 0
    actuals: list[Actual] = field(default_factory=list)

    @property
    def saved(self) -> int:
        return self.created + self.updated

    @property
    def drafts(self) -> int:
        """Saved rows left as drafts (or returned): not in the reviewer's queue until submitted."""
        return sum(1 for a in self.actuals if a.state in SUBMITTABLE)

    def summary(self) -> str:
        text = gettext(
            "导入成功：新增 %(created)s 条，修改 %(updated)s 条，未变化 %(unchanged)s 条"
        ) % {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}
        if self.submitted:
            text += gettext("，已提交审核 %(submitted)s 条") % {"submitted": self.submitted}
        text += "。"
        if self.drafts:
            text += gettext(
                "其中 %(n)s 条目前是草稿，还不会进入审核：请在填报页核对后点击“提交审核”。"
            ) % {"n": self.drafts}
        return text


def _as_import_row(raw, index: int) -> ImportRow:
    if isinstance(raw, ImportRow):
        return raw
    if isinstance(raw, Mapping):
        return ImportRow(
            indicator=raw.get("indicator"),
            region=raw.get("region"),
            year=raw.get("year"),
            value=raw.get("value"),
            source_note=raw.get("source_note") or "",
            explanation=raw.get("explanation") or "",
            expected_version=raw.get("expected_version", raw.get("version")),
            period=raw.get("period"),
            vintage=raw.get("vintage"),
            sheet=raw.get("sheet", ""),
            row=raw.get("row", index),
        )
    raise ValidationFailed(
        details={"rows": [gettext("第%(index)s条记录格式不正确。") % {"index": index}]}
    )


class _Lookup:
    """Indicators and regions by instance, id, code (and region name), loaded once per batch."""

    def __init__(self):
        self.indicators = list(Indicator.objects.select_related("lead_unit"))
        self.regions = list(Region.objects.all())
        self.indicator_keys = {i.code.upper(): i for i in self.indicators} | {
            i.pk: i for i in self.indicators
        }
        self.region_keys = (
            {r.code.upper(): r for r in self.regions}
            | {r.name: r for r in self.regions}
            | {r.pk: r for r in self.regions}
        )

    @staticmethod
    def _key(raw):
        if isinstance(raw, int) and not isinstance(raw, bool):
            return raw
        text = clean_text(raw)
        return text.upper() if text.isascii() else text

    def indicator(self, raw):
        if isinstance(raw, Indicator):
            return raw
        return self.indicator_keys.get(self._key(raw))

    def region(self, raw):
        if isinstance(raw, Region):
            return raw
        return self.region_keys.get(self._key(raw))


def _problem(row: ImportRow, column: str, reason: str) -> ImportProblem:
    return ImportProblem(row.sheet, row.row, row.columns.get(column, column), reason)


def _naming(problems: list[ImportProblem], indicator: Indicator | None) -> list[ImportProblem]:
    """The problems of one row, each naming the row's indicator: 「第5行 K8 新增孵化面积：…」."""
    if indicator is None:
        return list(problems)
    return [
        replace(
            p,
            reason=gettext("%(code)s %(name)s：%(reason)s")
            % {"code": indicator.code, "name": indicator.name, "reason": p.reason},
        )
        if not p.reason.startswith(f"{indicator.code} ")
        else p
        for p in problems
    ]


def _problems_from_error(row: ImportRow, exc: ServiceError) -> list[ImportProblem]:
    if isinstance(exc, PermissionDenied):
        return [_problem(row, COLUMN_REGION, exc.message)]
    if isinstance(exc, (Locked, EditConflict)):
        return [_problem(row, COLUMN_VALUE, exc.message)]
    if exc.details:
        out = []
        for key, messages in exc.details.items():
            column = FIELD_COLUMNS.get(key, "")
            if key in {"saved_by", "saved_at"}:
                continue
            out.extend(_problem(row, column, message) for message in messages)
        if out:
            return out
    return [_problem(row, "", exc.message)]


def _period_of(row: ImportRow, indicator: Indicator) -> tuple[int, str]:
    """(period, vintage) of a row, or ValidationFailed naming what is wrong: a blank period is
    the full year, except for an indicator reporting during the year, which must say which."""
    blank = row.period is None or clean_text(row.period) == ""
    if blank and indicator.frequency != Indicator.Frequency.YEARLY:
        months = period_months(indicator.frequency)
        raise ValidationFailed(
            details={
                "period": [
                    gettext(
                        "该指标%(frequency)s填报，请在“期间”列写明%(allowed)s（年初至当期的累计数不能当作全年数导入）。"
                    )
                    % {
                        "frequency": indicator.get_frequency_display(),
                        "allowed": "、".join(period_name(m) for m in months),
                    }
                ]
            }
        )
    return checked_period(indicator, row.period, row.vintage)


@transaction.atomic
@recompute_batch()
def actuals_import(
    *, user, rows: Iterable, origin: str = Actual.Origin.IMPORT, submit: bool = False
) -> ImportResult:
    """Save a batch of actuals (an Excel/CSV upload, an API batch): every row, or none.

    Rows with a blank value are skipped (a template lists every cell the user may fill). Every
    row goes through `save_and_submit` (submitting it too when `submit`), so the permission,
    lock, version and validation rules are exactly those of the form. Any problem anywhere
    rejects the batch with `ImportRejected`, listing every problem with sheet, row, column and
    reason; nothing is saved.
    """
    require(
        user,
        entry_rules.USE_ENTRY,
        None,
        gettext("您的账号不能填报或导入数据。"),
        "This account may not enter data.",
    )
    batch = [_as_import_row(raw, index) for index, raw in enumerate(rows, start=1)]
    if len(batch) > MAX_IMPORT_ROWS:
        raise ImportRejected(
            [
                ImportProblem(
                    "",
                    None,
                    "",
                    gettext("一次最多导入 %(MAX_IMPORT_ROWS)s 行，本文件有 %(len)s 行。")
                    % {"MAX_IMPORT_ROWS": MAX_IMPORT_ROWS, "len": len(batch)},
                )
            ]
        )
    lookup = _Lookup()
    problems: list[ImportProblem] = []
    ready: list[tuple[ImportRow, Indicator, Region, int, int, str]] = []
    seen: dict[tuple[int, int, int, int, str], ImportRow] = {}
    for row in batch:
        indicator = lookup.indicator(row.indicator)
        problems.extend(_naming(row.problems, indicator))
        if row.problems:
            continue
        try:
            if parse_number(row.value) is None:
                continue  # nothing entered in this row
        except NotANumber as exc:
            problems.extend(
                _naming(
                    [
                        _problem(
                            row,
                            COLUMN_VALUE,
                            gettext("应填写数字：%(message)s") % {"message": exc.message},
                        )
                    ],
                    indicator,
                )
            )
            continue
        region = lookup.region(row.region)
        row_problems: list[ImportProblem] = []
        if indicator is None:
            row_problems.append(
                _problem(
                    row,
                    COLUMN_INDICATOR,
                    gettext("找不到指标“%(clean_text)s”。")
                    % {"clean_text": clean_text(row.indicator)},
                )
            )
        if region is None:
            row_problems.append(
                _problem(
                    row,
                    COLUMN_REGION,
                    gettext("找不到区域“%(clean_text)s”。")
                    % {"clean_text": clean_text(row.region)},
                )
            )
        try:
            year = checked_year(row.year)
        except ValidationFailed as exc:
            row_problems.extend(_problems_from_error(row, exc))
        period, vintage = 12, str(Actual.Vintage.FINAL)
        if indicator is not None:
            try:
                period, vintage = _period_of(row, indicator)
            except ValidationFailed as exc:
                row_problems.extend(_problems_from_error(row, exc))
        if row_problems:
            problems.extend(_naming(row_problems, indicator))
            continue
        key = (indicator.pk, region.pk, year, period, vintage)
        if key in seen:
            problems.extend(
                _naming(
                    [
                        _problem(
                            row,
                            COLUMN_INDICATOR,
                            gettext(
                                "与第%(row)s行重复（同一指标、区域、年份、期间和数据版本只能填一次）。"
                            )
                            % {"row": seen[key].row},
                        )
                    ],
                    indicator,
                )
            )
            continue
        seen[key] = row
        ready.append((row, indicator, region, year, period, vintage))

    if not ready and not problems:
        raise ImportRejected(
            [ImportProblem("", None, COLUMN_VALUE, gettext("文件中没有填写任何数值，未导入。"))]
        )

    result = ImportResult()
    for row, indicator, region, year, period, vintage in ready:
        current = Actual.objects.filter(
            indicator=indicator, region=region, year=year, period=period, vintage=vintage
        ).first()
        expected_version = row.expected_version
        if current is None:
            # A new record: a new vintage of a full year, or a period the row was switched to.
            # A version in the row was that of the record the template showed, which stays as
            # it was; the new record is created beside it.
            expected_version = 0
        try:
            if (
                current is not None
                and current.state == WorkflowState.APPROVED
                and current.value == parse_value(row.value)[0]
                and (expected_version in (None, "") or int(expected_version) == current.version)
            ):
                # An approved value that the file repeats unchanged is not an error.
                result.unchanged += 1
                continue
            saved = save_and_submit(
                user=user,
                model=Actual,
                current=current,
                changes={
                    "indicator": indicator,
                    "region": region,
                    "year": year,
                    "period": period,
                    "vintage": vintage,
                    "value": row.value,
                    "source_note": row.source_note,
                    "explanation": row.explanation,
                },
                submit=submit,
                expected_version=expected_version,
                origin=origin,
            )
            if saved.created:
                result.created += 1
            elif saved.changed:
                result.updated += 1
            else:
                result.unchanged += 1
            result.submitted += saved.submitted
            result.actuals.append(saved.obj)
        except ServiceError as exc:
            problems.extend(_naming(_problems_from_error(row, exc), indicator))
    if problems:
        problems.sort(key=lambda p: (p.sheet, p.row or 0))
        raise ImportRejected(problems)
    return result
