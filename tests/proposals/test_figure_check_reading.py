"""How the figure check reads a text and compares one figure with one value: pure, no database."""

from decimal import Decimal

import pytest

from proposals.figurecheck.compare import Reference, compare_value
from proposals.figurecheck.extract import find_figures, region_aliases
from proposals.figurecheck.matching import IndicatorInfo, suggest, unit_factor

CITY = "温州市"
REGIONS = region_aliases([CITY, "鹿城区", "乐清市", "温州高新区（经开区）"], city=CITY)


def figures(text: str, year: int = 2024):
    return find_figures(text, as_of_year=year, regions=REGIONS, city=CITY)


def only(text: str, year: int = 2024):
    (figure,) = figures(text, year)
    return figure


@pytest.mark.parametrize(
    ("text", "printed", "qualifier"),
    [
        ("新引育创新型项目超1400个。", "超1400个", "at_least"),
        ("集聚各类创新创业人员近2.5万人。", "近2.5万人", "about"),
        ("大赛项目不足50个。", "不足50个", "at_most"),
        ("共入围硬科技项目800多个。", "800多个", "at_least"),
        ("新增孵化面积180万平方米以上。", "180万平方米以上", "at_least"),
        ("R&D经费强度3.1%左右。", "3.1%左右", "about"),
        ("全年实施各类科研项目1341项。", "1341项", ""),
    ],
)
def test_it_reads_the_qualifier_printed_with_a_figure(text, printed, qualifier):
    figure = only(text)
    assert (figure.printed, figure.qualifier) == (printed, qualifier)


def test_it_keeps_the_printed_value_unit_and_precision():
    figure = only("带动全市R&D经费强度2.61%。")
    assert (figure.value, figure.unit, figure.decimals) == (Decimal("2.61"), "%", 2)


@pytest.mark.parametrize(
    ("text", "claim", "year", "basis"),
    [
        ("2022年，全年新增孵化空间152万平方米。", "actual", 2022, "sentence"),
        ("全年新增孵化空间152万平方米。", "actual", 2023, "assumed_last_year"),
        ("截至目前，全市认定高层次人才14600名。", "actual", 2024, "as_of_reply"),
        ("力争全年新引育10名产业领军人才。", "target", 2024, "assumed_this_year"),
        ("到2027年建成市级以上重点实验室150家。", "target", 2027, "sentence"),
        ("全年计划实施省“尖兵”“领雁”项目25项以上。", "target", 2024, "assumed_this_year"),
        # A programme's name is not a plan: “引才计划” and 三年行动计划
        ("2023年成功入选国家“引才计划”7人。", "actual", 2023, "sentence"),
        (
            "实施大孵化集群发展三年行动计划，建成22家国家级孵化平台。",
            "actual",
            2023,
            "assumed_last_year",
        ),
    ],
)
def test_it_tells_a_figure_achieved_from_one_planned_and_dates_it(text, claim, year, basis):
    figure = only(text)
    assert (figure.claim, figure.year, figure.year_basis) == (claim, year, basis)


def test_every_figure_after_a_next_steps_heading_is_planned_until_the_text_looks_back():
    found = figures(
        "2023年新增孵化空间180万平方米。\n二、下一步工作计划\n新增孵化面积150万平方米。\n"
        "一、加快科技企业培育。新增企业研发机构100家。\n"
        "近年来，全市累计建成孵化平台132家。"
    )
    assert [(f.claim, f.year) for f in found] == [
        ("actual", 2023),
        ("target", 2024),
        ("target", 2024),
        ("actual", 2023),
    ]


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2024年1-9月，全市技术交易额达到300亿元。", "1-9月"),
        ("2024年上半年，全市技术交易额达到200亿元。", "上半年"),
        ("2024年前三季度，全市技术交易额达到300亿元。", "前三季度"),
        ("2024年全年，全市技术交易额达到500亿元。", ""),
    ],
)
def test_it_reads_the_part_of_the_year_a_figure_is_for(text, period):
    assert only(text).period == period


@pytest.mark.parametrize(
    ("text", "region", "printed"),
    [
        ("鹿城区新增高新技术企业120家。", "鹿城区", True),
        ("乐清新增高新技术企业80家。", "乐清市", True),
        ("全市新增高新技术企业800家。", CITY, True),
        ("新增高新技术企业800家。", CITY, False),
        # A list of regions in an earlier statement of the sentence does not carry over
        ("永嘉、鹿城获批创建省级高新园区；环大罗山科创走廊15个重点区块加快建设。", CITY, False),
    ],
)
def test_it_takes_the_region_named_nearest_before_the_figure(text, region, printed):
    figure = only(text)
    assert (figure.region, figure.region_printed) == (region, printed)


@pytest.mark.parametrize(
    ("printed", "reference", "factor"),
    [("万人", "人", Decimal(10000)), ("亿元", "万元", Decimal(10000)), ("名", "人", Decimal(1))],
)
def test_it_converts_between_units_of_the_same_thing(printed, reference, factor):
    assert unit_factor(printed, reference) == factor
    assert unit_factor("家", "万平方米") is None


def reference(value: str, unit: str = "人") -> Reference:
    return Reference("actual", Decimal(value), unit, "已审核实际值", "温州市 2022年")


def test_it_compares_in_the_printed_unit_at_the_printed_precision():
    # Given 25,012 人 approved, and a text printing 2.5万人
    figure = only("2022年，全市集聚各类创新创业人员2.5万人。")
    # Then 25,012 人 is 2.5012 万人, which is 2.5 at one decimal → agrees
    assert compare_value(figure, reference("25012"), tolerance=0.005, band=0.05).agrees
    # And 26,012 人 is 2.6 万人 at one decimal: 2.5 differs by −0.1012 万人
    comparison = compare_value(figure, reference("26012"), tolerance=0.005, band=0.05)
    assert not comparison.agrees
    assert comparison.difference == Decimal("-0.1012")


def test_a_qualifier_widens_agreement_to_the_band_on_its_side():
    at_least = only("2022年新引育创新型项目超1400个。")
    # 超1400 is met by 1,450 (within 5 % above), not by 1,380 nor by 1,500 (7 % above)
    assert compare_value(at_least, reference("1450", "个"), tolerance=0.005, band=0.05).agrees
    assert not compare_value(at_least, reference("1380", "个"), tolerance=0.005, band=0.05).agrees
    assert not compare_value(at_least, reference("1500", "个"), tolerance=0.005, band=0.05).agrees


def test_it_proposes_the_indicator_whose_name_the_figure_is_written_with():
    k8 = IndicatorInfo(8, "K8", "年新增孵化器(众创空间)孵化场地面积", "万平方米", "flow", 0)
    g12 = IndicatorInfo(12, "G-12", "孵化器(众创空间)孵化场地面积", "万平方米", "stock", 0)
    k4 = IndicatorInfo(4, "K4", "高新技术企业累计数", "家", "stock", 0)

    # 孵化空间 is written out as 孵化场地面积; 年新增 tells the yearly flow from the stock
    chosen = suggest(only("2023年全年新增孵化空间180万平方米。"), [k8, g12, k4], [])
    assert (chosen.indicator.code, chosen.basis) == ("K8", "name")
    # A figure whose words fit no indicator gets none
    assert suggest(only("2023年征集685个项目参赛。"), [k8, g12, k4], []).indicator is None
