"""The snapshot columns have one definition: the engine's OUTPUT_COLUMNS (indicators.compute).

The model stores each of them, the store stages each by its model field's type, and the status
endpoints (and the bench's raw floor) publish theirs from the same list.
"""

import pytest
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from indicators.api import status_query
from indicators.api.serializers.progress import StatusRowSerializer
from indicators.api.status_columns import (
    BOOKKEEPING,
    JOINED,
    STALE_COLUMN,
    STALE_SQL,
    STATUS_COLUMNS,
    STATUS_KEYS,
    UNPUBLISHED,
)
from indicators.compute.progress import OUTPUT_COLUMNS
from indicators.models import ProgressSnapshot
from indicators.progress import store

# The snapshot's own columns, which the engine does not produce.
SNAPSHOT_BOOKKEEPING = {"id", "computed_at", "input_fingerprint", "stale"}


def test_the_model_stores_every_engine_column_and_nothing_else():
    attnames = {field.attname for field in ProgressSnapshot._meta.concrete_fields}
    assert attnames - SNAPSHOT_BOOKKEEPING == set(OUTPUT_COLUMNS)


def test_the_store_stages_every_engine_column_in_the_engines_order():
    assert tuple(store.COLUMN_KINDS) == OUTPUT_COLUMNS


@pytest.mark.parametrize(
    ("kind", "field_class"),
    [
        ("id", models.ForeignKey),
        ("float", models.FloatField),
        ("bool", models.BooleanField),
        ("code", models.CharField),
        ("count", models.IntegerField),
    ],
)
def test_the_store_stages_a_column_by_its_model_field(kind, field_class):
    names = [name for name, k in store.COLUMN_KINDS.items() if k == kind]
    assert names
    for name in names:
        assert isinstance(ProgressSnapshot._meta.get_field(name), field_class), name


def test_the_store_refuses_an_engine_column_the_model_lacks():
    with pytest.raises(FieldDoesNotExist):
        store._column_kind("not_a_snapshot_column")


def test_the_status_columns_leave_out_and_join_only_engine_columns():
    # A misspelt name here would publish a column meant to stay out, or fail to join an id.
    assert set(UNPUBLISHED) <= set(OUTPUT_COLUMNS)
    assert set(JOINED) <= set(OUTPUT_COLUMNS) - set(UNPUBLISHED)
    own = [c.key for c in STATUS_COLUMNS if c.sql.startswith("s.") or c == STALE_COLUMN]
    assert own == [n for n in OUTPUT_COLUMNS if n not in UNPUBLISHED | set(JOINED)] + list(
        BOOKKEEPING
    )


def test_every_status_column_is_a_snapshot_column_or_read_through_one():
    for column in STATUS_COLUMNS:
        if column == STALE_COLUMN:
            # 待更新: the row's stale flag or its indicator's mark, annotated by with_marks()
            assert column.sql == STALE_SQL and "s.stale" in column.sql
            assert column.path in ProgressSnapshot.objects.with_marks().query.annotations
            continue
        first, _, rest = column.path.partition("__")
        field = ProgressSnapshot._meta.get_field(first)
        if rest:
            assert field.attname in JOINED, column
            field.related_model._meta.get_field(rest)
        else:
            assert column.path in OUTPUT_COLUMNS or column.path in BOOKKEEPING, column
            assert column.sql == f"s.{column.path}"


def test_the_status_query_reads_the_published_columns():
    assert tuple(c.sql for c in STATUS_COLUMNS) == status_query.COLUMNS
    booleans = {STATUS_KEYS[n] for n in status_query.BOOLEAN_COLUMNS}
    assert booleans == {"target_interpolated", "actual_provisional", "rollup_deviation", "stale"}
    assert STATUS_KEYS[status_query.COMPUTED_AT] == "computed_at"


def test_the_status_rows_documentation_names_every_published_column():
    documented = set(StatusRowSerializer().fields)
    assert documented == {*STATUS_KEYS, "year_status_label", "outlook_status_label"}
