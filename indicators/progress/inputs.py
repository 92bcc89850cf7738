"""The progress engine's inputs read from the database into the frames indicators.compute takes.

Also the run's settings: the years computed and the thresholds (settings.WZSCI_PROGRESS).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd
from django.conf import settings
from django.db import connection
from django.db.models import FloatField, Q, QuerySet
from django.db.models.functions import Cast, Coalesce

from indicators.compute.frames import indicators_frame, regions_frame
from indicators.compute.periods import FULL_YEAR
from indicators.compute.progress import TARGET_COLUMNS, Thresholds
from indicators.compute.vintages import SELECTED_COLUMNS
from indicators.models import Actual, Indicator, Plan, Region, Target, WorkflowState


@dataclass(frozen=True)
class ProgressInputs:
    """The frames compute_progress takes, as read from the database."""

    indicators: pd.DataFrame
    targets: pd.DataFrame  # TARGET_COLUMNS + target_type, reference_indicator_id (NaN: none)
    actuals: pd.DataFrame  # ACTUAL_COLUMNS + period, vintage: every record, every period
    regions: pd.DataFrame
    coverage_members: pd.DataFrame  # (indicator_id, region_id): the regions a coverage counts


def progress_years() -> range:
    return range(settings.WZSCI_BASELINE_YEAR, settings.WZSCI_FINAL_YEAR + 1)


def progress_thresholds() -> Thresholds:
    names = {f.name for f in fields(Thresholds)}
    return Thresholds(**{k: v for k, v in settings.WZSCI_PROGRESS.items() if k in names})


def _relative_pairs(condition: Q) -> list[tuple[int, int]]:
    return list(
        Target.objects.filter(condition, target_type=Target.TargetType.RELATIVE).values_list(
            "indicator_id", "reference_indicator_id"
        )
    )


def with_dependents(indicator_ids: Iterable[int]) -> list[int]:
    """The ids and the indicators whose relative targets are judged against them: a change of
    a reference series (全省平均水平) changes their snapshots (docs/progress.md, "Target types")."""
    ids = {int(i) for i in indicator_ids}
    ids.update(i for i, _ in _relative_pairs(Q(reference_indicator_id__in=ids)))
    return sorted(ids)


def with_references(indicator_ids: Iterable[int]) -> list[int]:
    """The ids and the reference series their relative targets are judged against: read, as
    inputs, with them (their own snapshots are not part of the scope)."""
    ids = {int(i) for i in indicator_ids}
    ids.update(r for _, r in _relative_pairs(Q(indicator_id__in=ids)))
    return sorted(ids)


def load_progress_inputs(
    *,
    indicator_ids: Iterable[int] | None = None,
    region_ids: Iterable[int] | None = None,
    year_to_date: bool = True,
) -> ProgressInputs:
    """Read the engine's inputs in five queries: plans, regions, indicators, targets, actuals.

    Scoped to some indicators, every region's rows of those indicators are still read: a region
    without its own target is benchmarked against the city's, and the roll-up needs them all.
    Drafts and returned actuals are never read; every period and vintage of the others is (the
    engine chooses the vintage that counts, compute/vintages.py). The reference series of the indicators'
    relative targets are read with them (the engine then gives rows for them too).

    ``region_ids`` narrows the read to those regions' actuals and targets and the city's
    targets: enough for those regions' 序时进度 (their year's targets, own or the city's as a
    benchmark; periods.py), not for their annual snapshots (the roll-up needs every region).

    ``year_to_date=False`` reads the full-year figures, and of the year-to-date ones only one
    per (indicator, region): all the annual snapshots need of them is which pairs have one (such
    a pair gets its rows, compute.progress). Not enough for 序时进度. A monthly indicator has
    thirteen year-to-date figures for each full-year one, so this is most of an annual
    recompute's read.
    """
    ids = None if indicator_ids is None else with_references(indicator_ids)
    # A later plan (by date of issue) wins where two plans set the same indicator-year.
    plan_order = {
        plan_id: rank
        for rank, plan_id in enumerate(
            Plan.objects.order_by("issued_on", "id").values_list("id", flat=True)
        )
    }
    regions = regions_frame(
        (region_id, kind == Region.Kind.CITY, in_rollup)
        for region_id, kind, in_rollup in Region.objects.order_by().values_list(
            "id", "kind", "in_rollup"
        )
    )
    indicator_qs = Indicator.objects.order_by()
    target_qs = Target.objects.order_by()
    actual_qs = Actual.objects.order_by().filter(
        state__in=[WorkflowState.APPROVED, WorkflowState.SUBMITTED]
    )
    if ids is not None:
        indicator_qs = indicator_qs.filter(id__in=ids)
        target_qs = target_qs.filter(indicator_id__in=ids)
        actual_qs = actual_qs.filter(indicator_id__in=ids)
    if region_ids is not None:
        regions_read = sorted({int(r) for r in region_ids})
        actual_qs = actual_qs.filter(region_id__in=regions_read)
        target_qs = target_qs.filter(
            Q(region_id__in=regions_read) | Q(region__kind=Region.Kind.CITY)
        )
    baseline_year = settings.WZSCI_BASELINE_YEAR
    indicators = indicators_frame(
        (*row, baseline_year)
        for row in indicator_qs.values_list("id", "kind", "direction", "rollup")
    )
    targets = _read_frame(
        target_qs.annotate(
            value_f=Cast("value", FloatField()), reference=Coalesce("reference_indicator_id", 0)
        ).values_list(
            "indicator_id",
            "region_id",
            "year",
            "plan_id",
            "value_f",
            "comparator",
            "target_type",
            "reference",
        ),
        columns=(
            "indicator_id",
            "region_id",
            "year",
            "plan_id",
            "value",
            "comparator",
            "target_type",
            "reference_indicator_id",
        ),
    )
    targets["plan_order"] = targets["plan_id"].map(plan_order).astype("int64")
    targets["reference_indicator_id"] = targets["reference_indicator_id"].where(
        targets["reference_indicator_id"] > 0
    )
    targets = targets[[*TARGET_COLUMNS, "target_type", "reference_indicator_id"]]
    coverage_members = pd.DataFrame(
        list(
            target_qs.filter(
                target_type=Target.TargetType.COVERAGE, coverage_group__isnull=False
            ).values_list("indicator_id", "coverage_group__members")
        ),
        columns=["indicator_id", "region_id"],
    ).dropna()
    actuals = _read_actuals(actual_qs if year_to_date else actual_qs.filter(period=FULL_YEAR))
    if not year_to_date:
        actuals = pd.concat([actuals, _one_year_to_date_per_pair(actual_qs)], ignore_index=True)
    return ProgressInputs(
        indicators=indicators,
        targets=targets,
        actuals=actuals,
        regions=regions,
        coverage_members=coverage_members.astype("int64"),
    )


def _read_actuals(queryset: QuerySet) -> pd.DataFrame:
    return _read_frame(
        queryset.annotate(value_f=Cast("value", FloatField())).values_list(
            "indicator_id", "region_id", "year", "value_f", "state", "period", "vintage"
        ),
        columns=SELECTED_COLUMNS,
    )


def _one_year_to_date_per_pair(actual_qs: QuerySet) -> pd.DataFrame:
    """One year-to-date figure (with a value) per (indicator, region) that has any."""
    rows = actual_qs.filter(period__lt=FULL_YEAR, value__isnull=False)
    if connection.vendor == "postgresql":
        rows = rows.order_by("indicator_id", "region_id").distinct("indicator_id", "region_id")
        return _read_actuals(rows)
    frame = _read_actuals(rows)
    return frame.drop_duplicates(["indicator_id", "region_id"]).reset_index(drop=True)


_COLUMN_DTYPES = {
    "indicator_id": "int64",
    "region_id": "int64",
    "year": "int64",
    "plan_id": "int64",
    "value": "float64",
    "comparator": "object",
    "state": "object",
    "period": "int64",
    "vintage": "object",
    "target_type": "object",
    "reference_indicator_id": "float64",
}


def _read_frame(queryset: QuerySet, *, columns: Sequence[str]) -> pd.DataFrame:
    """A values_list queryset as a frame, in one round trip of one row.

    On PostgreSQL every numeric column arrives as one array in PostgreSQL's binary array format
    (``array_send(array_agg(…))``), which numpy reads as it is: 1.7 million actuals in about
    2.5 s, against 5 s as text arrays and more through COPY … TO STDOUT (a Python step per row)
    or the ORM. Text columns come as text arrays.
    """
    dtypes = {c: _COLUMN_DTYPES[c] for c in columns}
    if connection.vendor != "postgresql":
        frame = pd.DataFrame.from_records(list(queryset), columns=list(columns))
        return frame.astype(dtypes)
    sql, params = queryset.query.sql_with_params()
    aliases = [f"c{i}" for i in range(len(columns))]
    aggregates = []
    for alias, name in zip(aliases, columns, strict=True):
        if dtypes[name] == "object":
            aggregates.append(f"array_agg(q.{alias})")
        else:
            cast = "float8" if dtypes[name] == "float64" else "int8"
            aggregates.append(f"array_send(array_agg(q.{alias}::{cast}))")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {', '.join(aggregates)} FROM ({sql}) AS q({', '.join(aliases)})", params
        )
        arrays = cursor.fetchone()
    frame = {}
    for name, values in zip(columns, arrays, strict=True):
        if dtypes[name] == "object":
            frame[name] = np.array(values or [], dtype=object)
        else:
            frame[name] = _from_array_send(values, np.dtype(dtypes[name]).newbyteorder(">"))
    return pd.DataFrame(frame)


def _from_array_send(data: bytes | None, element: np.dtype) -> np.ndarray:
    """A one-dimensional array in PostgreSQL's binary format (array_send) as a numpy array.

    Layout: ndim, has-nulls flag, element type oid, then per dimension its length and lower
    bound (int32 each), then per element an int32 length and the big-endian value.
    """
    if data is None:
        return np.empty(0, dtype=element.newbyteorder("="))
    buffer = memoryview(data)
    ndim = int.from_bytes(buffer[0:4], "big")
    if ndim == 0:
        return np.empty(0, dtype=element.newbyteorder("="))
    count = int.from_bytes(buffer[12:16], "big")
    items = np.frombuffer(
        buffer, dtype=np.dtype([("length", ">i4"), ("value", element)]), offset=20, count=count
    )
    if ndim != 1 or (items["length"] != element.itemsize).any():
        raise ValueError("unexpected array from PostgreSQL (NULL element or wrong type)")
    return items["value"].astype(element.newbyteorder("="))
