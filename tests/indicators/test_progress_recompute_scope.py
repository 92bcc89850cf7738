"""Recomputing everything, one indicator, or one region / year of it; twice; from the command."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from indicators.models import Actual, Indicator, ProgressSnapshot, Region, WorkflowState
from indicators.progress.recompute import recompute_progress

pytestmark = pytest.mark.django_db

SNAPSHOT_FIELDS = [f.attname for f in ProgressSnapshot._meta.concrete_fields]


def rows() -> list[tuple]:
    return list(ProgressSnapshot.objects.order_by("id").values_list(*SNAPSHOT_FIELDS))


def enter(code: str, region: Region, year: int, value: str) -> None:
    # Straight into the table, bypassing the write path, so that nothing recomputes on its own
    Actual.objects.create(
        indicator=Indicator.objects.get(code=code),
        region=region,
        year=year,
        value=Decimal(value),
        state=WorkflowState.APPROVED,
    )


def actual_in_snapshot(code: str, region: Region, year: int):
    row = ProgressSnapshot.objects.filter(indicator__code=code, region=region, year=year).first()
    return None if row is None else row.actual_value


@pytest.fixture
def city(seeded):
    return Region.objects.get(kind=Region.Kind.CITY)


def test_it_is_idempotent_same_rows_same_fingerprints_nothing_rewritten(city):
    # Given a full recompute with an actual and a county row in the data
    enter("K1", city, 2024, "2.85")
    enter("K4", Region.objects.get(name="鹿城区"), 2023, "700")
    first = recompute_progress()
    before = rows()
    # When it runs again on the same input
    second = recompute_progress()
    # Then the table is identical, ids, figures, computed_at and fingerprints included,
    # and nothing was rewritten
    assert rows() == before
    assert (first.rows, second.rows) == (len(before), len(before))
    assert second.written == 0
    assert second.deleted == 0


def test_it_recomputes_only_the_indicator_it_is_asked_for(city):
    recompute_progress()
    # Given new 2024 actuals for K1 and K2 that no recompute has seen
    enter("K1", city, 2024, "2.85")
    enter("K2", city, 2024, "125")
    # When only K1 is recomputed
    result = recompute_progress(indicator_ids=[Indicator.objects.get(code="K1").id])
    # Then K1's snapshot has its actual and K2's does not yet
    assert result.indicators == 1
    assert result.rows == 6
    assert actual_in_snapshot("K1", city, 2024) == pytest.approx(2.85)
    assert actual_in_snapshot("K2", city, 2024) is None


def test_it_recomputes_one_region_and_year_of_an_indicator_seeing_the_city_targets(city):
    recompute_progress()
    lucheng, ruian = Region.objects.get(name="鹿城区"), Region.objects.get(name="瑞安市")
    # Given K1 actuals for two counties in 2024 and 2025, not yet recomputed
    for region in (lucheng, ruian):
        enter("K1", region, 2024, "3.0")
        enter("K1", region, 2025, "3.2")
    # When K1 is recomputed for 鹿城区 in 2024 only
    result = recompute_progress(
        indicator_ids=[Indicator.objects.get(code="K1").id],
        region_ids=[lucheng.id],
        years=[2024],
    )
    # Then exactly that row is written, benchmarked against the city's 2024 target 2.9
    assert (result.rows, result.written) == (1, 1)
    row = ProgressSnapshot.objects.get(indicator__code="K1", region=lucheng, year=2024)
    assert row.actual_value == pytest.approx(3.0)
    assert row.target_source == ProgressSnapshot.TargetSource.CITY_BENCHMARK
    assert row.target_value == pytest.approx(2.9)
    assert ProgressSnapshot.objects.filter(region=lucheng).count() == 1
    assert not ProgressSnapshot.objects.filter(region=ruian).exists()


def test_it_leaves_rows_outside_a_region_scope_alone_when_deleting(city):
    lucheng = Region.objects.get(name="鹿城区")
    enter("K1", lucheng, 2024, "3.0")
    recompute_progress()
    assert ProgressSnapshot.objects.filter(region=lucheng).count() == 6
    # When the city's rows alone are recomputed
    result = recompute_progress(region_ids=[city.id])
    # Then the county's rows, which the city scope does not produce, are not deleted
    assert result.deleted == 0
    assert ProgressSnapshot.objects.filter(region=lucheng).count() == 6


def test_the_command_reports_what_it_wrote(city):
    out = StringIO()
    call_command("recompute_progress", stdout=out)
    total = ProgressSnapshot.objects.count()
    assert f"共 {total} 行" in out.getvalue()
    assert f"新增或更新 {total} 行" in out.getvalue()
    assert "秒" in out.getvalue()


def test_the_command_recomputes_one_indicator_region_and_year(city):
    call_command("recompute_progress", stdout=StringIO())
    enter("K1", city, 2024, "2.85")
    enter("K1", city, 2025, "3.0")
    out = StringIO()
    call_command(
        "recompute_progress",
        "--indicator",
        "K1",
        "--region",
        "温州市",
        "--year",
        "2024",
        stdout=out,
    )
    assert "1 个指标，共 1 行，其中新增或更新 1 行" in out.getvalue()
    assert actual_in_snapshot("K1", city, 2024) == pytest.approx(2.85)
    assert actual_in_snapshot("K1", city, 2025) is None


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [("--indicator", "K99", "未找到指标代码：K99"), ("--region", "火星区", "未找到区域：火星区")],
)
def test_the_command_refuses_an_unknown_indicator_or_region_in_chinese(
    city, option, value, message
):
    with pytest.raises(CommandError, match=message):
        call_command("recompute_progress", option, value, stdout=StringIO())
    assert not ProgressSnapshot.objects.exists()
