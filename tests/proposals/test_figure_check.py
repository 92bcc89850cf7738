"""The figure check of any text: every figure found, its subject proposed, and judged agrees /
differs / not found against the approved actuals, the targets and the figures replies reported.

The ten sentences are quoted from the seeded replies (fixtures/sources/); the actuals they need
beyond the seed's baselines are approved here, at the values the replies printed.
"""

from decimal import Decimal

import pytest

from indicators.models import Actual, Indicator, Region, WorkflowState
from proposals.figurecheck.check import figure_check

pytestmark = pytest.mark.django_db

# (sentence, the year the text is written in, the figure as printed, the same sentence altered,
#  the indicator it is matched to or None, what it is judged against, the value compared)
TEN = [
    # 温科提复〔2023〕94号
    (
        "全年新增孵化空间152万平方米、近历年总和的两倍。",
        2023,
        "152万平方米",
        "全年新增孵化空间162万平方米、近历年总和的两倍。",
        "K8",
        "actual",
        "152",
    ),
    (
        "累计在温院士、“鲲鹏”人才数达到13人。",
        2023,
        "13人",
        "累计在温院士、“鲲鹏”人才数达到15人。",
        "G-9",
        "actual",
        "13",
    ),
    (
        "全市132家市级以上孵化平台在孵企业3424家。",
        2023,
        "3424家",
        "全市132家市级以上孵化平台在孵企业3524家。",
        "T14-3",
        "actual",
        "3424",
    ),
    (
        "全年实施各类科研项目1341项。",
        2023,
        "1341项",
        "全年实施各类科研项目1314项。",
        None,
        "reported",
        "1341",
    ),
    # 温科提复〔2023〕123号
    (
        "温州国家高新区2022年排名第68位、进入全国前40%。",
        2023,
        "68位",
        "温州国家高新区2022年排名第58位、进入全国前40%。",
        "G-1",
        "actual",
        "68",
    ),
    (
        "2022年成功入选国家“引才计划”7人、省“引才计划”35人、省“万人计划”4人。",
        2023,
        "35人",
        "2022年成功入选国家“引才计划”7人、省“引才计划”53人、省“万人计划”4人。",
        None,
        "reported",
        "35",
    ),
    # 温科提复〔2024〕102号
    (
        "带动全市R&D经费强度2.61%，首超全国平均水平。",
        2024,
        "2.61%",
        "带动全市R&D经费强度2.71%，首超全国平均水平。",
        "K1",
        "actual",
        "2.61",
    ),
    (
        "2023年，温州市教育科技人才一体推进工作获批省创新深化改革试点，现全市已建成高能级"
        "科创平台68家，累计拥有市级以上新型研发机构22家，为推动教育科技人才融合贯通提供有力支撑。",
        2024,
        "22家",
        "2023年，温州市教育科技人才一体推进工作获批省创新深化改革试点，现全市已建成高能级"
        "科创平台68家，累计拥有市级以上新型研发机构25家，为推动教育科技人才融合贯通提供有力支撑。",
        "T16-1",
        "actual",
        "22",
    ),
    (
        "R&D经费投入达到13.91亿元，同比增速为28.5%。",
        2024,
        "28.5%",
        "R&D经费投入达到13.91亿元，同比增速为25.8%。",
        "T6-1",
        "actual",
        "28.5",
    ),
    (
        "推动高校“四技服务收入”达到2亿元，同比增长204%。",
        2024,
        "204%",
        "推动高校“四技服务收入”达到2亿元，同比增长240%。",
        "P-1",
        "actual",
        "204",
    ),
]

# The actuals the ten need, approved at what the replies printed (K8 2022 = 152 is the seed's
# baseline): indicator, year, value.
ACTUALS = [
    ("G-9", 2022, "13"),
    ("T14-3", 2022, "3424"),
    ("G-1", 2022, "68"),
    ("K1", 2023, "2.61"),
    ("T16-1", 2024, "22"),
    ("T6-1", 2023, "28.5"),
    ("P-1", 2023, "204"),
]


@pytest.fixture
def approved(seeded):
    city = Region.objects.get(kind=Region.Kind.CITY)
    for code, year, value in ACTUALS:
        Actual.objects.update_or_create(
            indicator=Indicator.objects.get(code=code),
            region=city,
            year=year,
            defaults={"value": Decimal(value), "state": WorkflowState.APPROVED},
        )
    return seeded


def result_for(text: str, year: int, printed: str):
    report = figure_check(text=text, as_of_year=year)
    return report, next(r for r in report.results if r.figure.printed == printed)


@pytest.mark.parametrize(("text", "year", "printed", "altered", "code", "kind", "value"), TEN)
def test_it_passes_each_true_sentence_of_the_seeded_replies(
    approved, text, year, printed, altered, code, kind, value
):
    report, result = result_for(text, year, printed)

    assert result.verdict == "agrees"
    assert (result.indicator.code if result.indicator else None) == code
    assert result.judgement.against.reference.kind == kind
    assert result.judgement.against.reference.value == Decimal(value)
    assert result.region == "温州市"
    # And no other figure of the sentence is said to differ
    assert report.counts["differs"] == 0


@pytest.mark.parametrize(("text", "year", "printed", "altered", "code", "kind", "value"), TEN)
def test_it_catches_each_altered_sentence_as_differing(
    approved, text, year, printed, altered, code, kind, value
):
    report = figure_check(text=altered, as_of_year=year)
    differing = report.differing

    # Then exactly the altered figure differs, against the true value and its source
    assert len(differing) == 1, [r.figure.printed for r in differing]
    result = differing[0]
    assert result.figure.printed != printed
    assert (result.indicator.code if result.indicator else None) == code
    assert result.judgement.against.reference.kind == kind
    assert result.judgement.against.reference.value == Decimal(value)
    assert result.judgement.against.difference == result.figure.value - Decimal(value)


def test_it_says_by_how_much_and_against_which_value_a_figure_differs(approved):
    # Given K8's approved 2022 actual of 152 万平方米
    # When a text says 2022 added 162 万平方米
    _, result = result_for("2022年全年新增孵化空间162万平方米。", 2023, "162万平方米")

    # Then it differs by +10 万平方米, 10 / 152 = 6.58 %, against the approved actual
    comparison = result.judgement.against
    assert result.verdict == "differs"
    assert comparison.difference == Decimal("10")
    assert round(comparison.relative * 100, 2) == Decimal("6.58")
    assert comparison.reference.label == "已审核实际值"
    assert "温州市 2022年" in comparison.reference.source
    # And the figure 94号 reported for the same thing is listed beside it
    assert any(
        c.reference.kind == "reported" and "温科提复〔2023〕94号" in c.reference.source
        for c in result.judgement.comparisons
    )


def test_it_rounds_the_reference_to_the_printed_precision(approved):
    # Given K1's approved 2023 actual of 2.61 %
    # When a text prints it to one decimal, 2.6 %: 2.61 rounded to one decimal is 2.6 → agrees
    _, rounded = result_for("2023年全市R&D经费强度2.6%。", 2024, "2.6%")
    assert rounded.verdict == "agrees"
    # When it prints 2.63 %: |2.63 − 2.61| / 2.61 = 0.77 % > 0.5 % → differs by 0.02 个百分点
    _, off = result_for("2023年全市R&D经费强度2.63%。", 2024, "2.63%")
    assert off.verdict == "differs"
    assert off.judgement.against.difference == Decimal("0.02")


def test_it_judges_a_planned_figure_against_the_targets_of_every_plan(seeded):
    # 温政发〔2023〕17号 sets K1 2025 at 3.0 %, 温政办〔2023〕86号 at 3.1 % 左右: both are real
    _, new_plan = result_for("力争到2025年全市R&D经费强度达到3.1%左右。", 2024, "3.1%左右")
    assert new_plan.figure.claim == "target"
    assert (new_plan.indicator.code, new_plan.figure.year) == ("K1", 2025)
    assert new_plan.verdict == "agrees"
    assert "温政办〔2023〕86号" in new_plan.judgement.against.reference.source

    _, old_plan = result_for("力争到2025年全市R&D经费强度达到3.0%。", 2024, "3.0%")
    assert old_plan.verdict == "agrees"
    assert "温政发〔2023〕17号" in old_plan.judgement.against.reference.source

    # A target no plan sets differs from the latest plan's
    _, wrong = result_for("力争到2025年全市R&D经费强度达到3.3%。", 2024, "3.3%")
    assert wrong.verdict == "differs"
    assert wrong.judgement.against.reference.kind == "target"


def test_it_reads_the_next_steps_as_plans_for_the_year_written(seeded):
    # 94号's next steps: 新增孵化面积180万平方米以上 is K8's 2023 target (180)
    text = "下一步，我们将继续发力。\n一是深入实施大孵化集群战略，新增孵化面积190万平方米以上。"
    _, result = result_for(text, 2023, "190万平方米以上")

    assert (result.figure.claim, result.figure.year) == ("target", 2023)
    assert result.figure.year_basis == "assumed_this_year"
    assert result.indicator.code == "K8"
    assert result.verdict == "differs"
    assert result.judgement.against.reference.value == Decimal("180")


def test_it_does_not_compare_a_figure_for_part_of_a_year(approved):
    _, result = result_for("2023年1-9月，全市R&D经费强度2.5%。", 2023, "2.5%")

    assert result.figure.period == "1-9月"
    assert result.verdict == "not_found"
    assert "1-9月" in result.judgement.note


def test_it_takes_the_region_the_sentence_names(approved):
    _, result = result_for("2022年鹿城区新增孵化空间20万平方米。", 2023, "20万平方米")

    # Then the county is proposed, and the city's 152 is not compared with a county's figure
    assert (result.region, result.indicator.code) == ("鹿城区", "K8")
    assert result.verdict == "not_found"


def test_it_finds_nothing_to_check_in_a_text_without_figures(seeded):
    report = figure_check(text="感谢您对科技工作的关心和支持。", as_of_year=2024)

    assert report.results == []
    assert report.counts == {"total": 0, "agrees": 0, "differs": 0, "not_found": 0}


def test_it_compares_each_item_of_an_enumeration_with_its_own_earlier_figure(seeded):
    # 94号 reported 立项省“尖兵”“领雁”项目20项、中央引导地方科技发展资金项目4项 for 2022
    text = "2022年，立项省“尖兵”“领雁”项目25项、中央引导地方科技发展资金项目4项。"
    report = figure_check(text=text, as_of_year=2023)

    altered, kept = report.results
    assert altered.verdict == "differs"
    assert altered.judgement.against.reference.value == Decimal("20")
    assert [c.reference.value for c in altered.judgement.comparisons] == [Decimal("20")]
    assert (kept.verdict, kept.judgement.against.reference.value) == ("agrees", Decimal("4"))
