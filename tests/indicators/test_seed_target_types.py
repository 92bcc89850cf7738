"""The documents' targets that are not a value per year, as the seed holds them: average annual
growth, relative targets and coverage (docs/fixtures.md, docs/progress.md "Target types")."""

from decimal import Decimal

import pytest

from indicators.models import Indicator, RegionGroup, Target, Task

pytestmark = pytest.mark.django_db


def only_target(code, target_type, plan_code="wzf-2023-17"):
    return Target.objects.get(indicator__code=code, plan__code=plan_code, target_type=target_type)


@pytest.mark.parametrize(
    ("plan_code", "code", "year", "rate", "quote"),
    [
        ("wzf-2023-17", "G-14", 2027, "15", "全市财政科技投入年均增长15%以上"),
        ("wzf-2023-17", "T6-1", 2027, "15", "推动高校科研投入年均增长15%以上"),
        ("wzf-2023-17", "T8-1", 2027, "8", "推动全市技改投资年均增长达到8%"),
        ("wzbf-2023-86", "P-1", 2025, "15", "高校四技服务收入年均增速达15%"),
        ("wzbf-2023-86", "P-2", 2025, "15", "推动高校研发投入年均增速达15%以上"),
        ("wzbf-2023-86", "P-3", 2025, "20", "科研院所研发投入年均增速超过 20%"),
    ],
)
def test_it_seeds_the_average_growth_targets_as_such(seeded, plan_code, code, year, rate, quote):
    target = only_target(code, Target.TargetType.AVERAGE_GROWTH, plan_code)
    # 「年均增长15%」: r = 15 % a year to the printed year, judged by the CAGR from the baseline
    assert (target.year, target.value, target.comparator) == (year, Decimal(rate), "gte")
    assert quote in target.source_quote
    # The series entered is each year's growth rate
    assert target.indicator.kind == Indicator.Kind.GROWTH_RATE
    assert not Target.objects.filter(
        indicator=target.indicator, target_type=Target.TargetType.VALUE
    ).exists()


@pytest.mark.parametrize(
    ("code", "reference", "quote"),
    [
        ("K1", "R-1", "比重超全省平均水平"),  # 一、总体要求
        ("K9", "R-2", "力争高新技术产业投资快于面上投资增速"),  # task 12
    ],
)
def test_it_seeds_the_relative_targets_with_their_reference_series(seeded, code, reference, quote):
    target = only_target(code, Target.TargetType.RELATIVE)
    # The target is the reference series' value in the same year (margin 0), in 2027
    assert (target.year, target.value, target.comparator) == (2027, Decimal("0"), "gte")
    assert target.reference_indicator.code == reference
    assert target.reference_indicator.category == Indicator.Category.REFERENCE
    assert quote in target.source_quote
    # The printed value targets of the same year stay: 3.4 for K1, 15 for K9
    assert Target.objects.filter(
        indicator__code=code, year=2027, target_type=Target.TargetType.VALUE
    ).exists()


def test_it_seeds_the_mountain_counties_doctoral_stations_as_a_coverage_target(seeded):
    # 17号 task 3: 「开展“千博助千企”行动,实现博士创新站山区5县全覆盖」
    target = only_target("T3-2", Target.TargetType.COVERAGE)
    assert (target.year, target.value, target.comparator) == (2027, Decimal("5"), "gte")
    assert target.coverage_group.name == "山区5县"
    assert sorted(target.coverage_group.members.values_list("name", flat=True)) == sorted(
        ["永嘉县", "平阳县", "苍南县", "文成县", "泰顺县"]
    )
    assert "实现博士创新站山区5县全覆盖" in target.source_quote
    task_3 = Task.objects.get(plan__code="wzf-2023-17", kind=Task.Kind.KEY, number=3)
    assert list(target.indicator.tasks.all()) == [task_3]
    assert target.indicator.lead_unit == task_3.lead_unit


def test_it_seeds_the_county_incubator_coverage_over_the_12_divisions(seeded):
    target = only_target("T14-5", Target.TargetType.COVERAGE)
    group = RegionGroup.objects.get(name="县（市、区）")
    assert target.coverage_group == group
    assert (target.value, group.members.count()) == (Decimal("12"), 12)
    assert not group.members.filter(in_rollup=False).exists()  # no functional zone
