"""Every seeded figure is held against the printed documents (fixtures/sources/).

Three independent checks: the nine-indicator table against a hand-copied table; every target
and baseline against the sentence it quotes (the quote must be in the document and the figure in
the quote); and the tasks' units and the 15 pilots against the documents' own text, parsed here
without looking at the YAML.
"""

import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from indicators.models import Actual, Indicator, Lever, Plan, Region, RegionGroup, Target, Task

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SOURCES = FIXTURES / "sources"

# 九大重点科技创新指标, copied by hand from 温政发〔2023〕17号: (name, unit, 2022, 2023, 2025, 2027).
KEY_TABLE = [
    ("R&D经费占地区生产总值的比重", "%", "2.6", "2.7", "3.0", "3.4"),
    ("每万名就业人员中研发人员", "人年", "110", "120", "130", "140"),
    ("规上工业企业研究开发经费占营业收入比重", "%", "3.32", "3.41", "3.51", "3.6"),
    ("高新技术企业累计数", "家", "3700", "4300", "5500", "6500"),
    ("省科技型中小企业累计数", "家", "14700", "16500", "20000", "22000"),
    ("高新技术产业增加值占规上工业增加值的比重", "%", "66.8", "67", "68", "70"),
    ("技术交易额", "亿元", "256", "330", "500", "560"),
    ("年新增孵化器（众创空间）孵化场地面积", "万平方米", "152", "180", "150", "150"),
    ("高新技术产业投资增速", "%", "9.6", "15", "15", "15"),
]
# Figures the documents write in words.
WORDS_FOR_FIGURES = {"一半": "50"}


def normalise(text: str) -> str:
    """Compare modulo white space, full/half-width brackets and the 〈〉 of unit lists."""
    text = re.sub(r"\s+", "", text)
    for a, b in (("〈", "（"), ("〉", "）"), ("(", "（"), (")", "）"), (":", "："), (",", "，")):
        text = text.replace(a, b)
    return text


def source_text(plan_code: str) -> str:
    return normalise((SOURCES / f"{plan_code}.txt").read_text(encoding="utf-8"))


def fixture_rows():
    for path in sorted((FIXTURES / "plans").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for row in data.get("targets", []):
            yield data["plan"]["code"], row


@pytest.mark.parametrize(("number", "row"), list(enumerate(KEY_TABLE, start=1)))
def test_it_seeds_each_cell_of_the_nine_indicator_table_as_printed(seeded, number, row):
    name, unit, base, t2023, t2025, t2027 = row
    indicator = Indicator.objects.get(key_order=number)
    assert normalise(indicator.name) == normalise(name)
    assert indicator.unit_of_measure == unit
    city = Region.objects.get(kind=Region.Kind.CITY)
    plan = Plan.objects.get(doc_number="温政发〔2023〕17号")
    # The 2022 column is the baseline: an approved actual from the plan itself.
    baseline = Actual.objects.get(indicator=indicator, region=city, year=2022)
    assert baseline.value == Decimal(base)
    assert baseline.state == "approved" and baseline.origin == Actual.Origin.SEED
    for year, printed in ((2023, t2023), (2025, t2025), (2027, t2027)):
        target = Target.objects.get(
            indicator=indicator, region=city, year=year, plan=plan, target_type="value"
        )
        assert target.value == Decimal(printed), (indicator.code, year)


def test_it_keeps_both_plans_r_and_d_targets_for_2025_each_with_its_source(seeded):
    targets = (
        Target.objects.filter(indicator__key_order=1, year=2025)
        .select_related("plan")
        .order_by("plan__issued_on")
    )
    assert [(t.plan.doc_number, t.value, t.comparator) for t in targets] == [
        ("温政发〔2023〕17号", Decimal("3.0"), "gte"),
        ("温政办〔2023〕86号", Decimal("3.1"), "approx"),
    ]
    assert "3.1%左右" in normalise(targets[1].source_quote)


def check_target_row(plan_code: str, row: dict) -> list[str]:
    """What is wrong with one fixture row: its quote, its figure, or the database's copy."""
    label = f"{plan_code} {row['indicator']} {row['year']}"
    quote = normalise(row.get("source_quote", ""))
    if not quote:
        return [f"{label}: no source quote"]
    problems = []
    if quote not in source_text(plan_code):
        problems.append(f"{label}: quote not in the document: {row['source_quote']}")
    in_words = quote
    for words, figure in WORDS_FOR_FIGURES.items():
        in_words = in_words.replace(words, figure)
    target_type = row.get("target_type", Target.TargetType.VALUE)
    if target_type == Target.TargetType.RELATIVE:
        # No figure: the quote names the comparison, the reference series is named in the row
        if not Indicator.objects.filter(code=row.get("reference")).exists():
            problems.append(f"{label}: relative target without a known reference series")
    elif target_type == Target.TargetType.COVERAGE and row.get("coverage_group"):
        # 全覆盖 of a group: N is the group's size
        group = RegionGroup.objects.get(name=row["coverage_group"])
        if group.members.count() != int(row["value"]):
            problems.append(f"{label}: {row['value']} is not the size of {group.name}")
    elif row["value"] not in in_words:
        problems.append(f"{label}: {row['value']} not in its quote {row['source_quote']}")
    indicator = Indicator.objects.get(code=row["indicator"])
    region = Region.objects.get(name=row.get("region", "温州市"))
    if row.get("baseline"):
        actual = Actual.objects.get(indicator=indicator, region=region, year=row["year"])
        if actual.value != Decimal(row["value"]):
            problems.append(f"{label}: baseline {actual.value} in the database")
        return problems
    plan = Plan.objects.get(code=plan_code)
    last_year = plan.end_year if row.get("every_year") else row["year"]
    for year in range(row["year"], last_year + 1):
        target = Target.objects.get(
            indicator=indicator, region=region, year=year, plan=plan, target_type=target_type
        )
        if (target.value, target.comparator) != (
            Decimal(row["value"]),
            row.get("comparator", "gte"),
        ):
            problems.append(
                f"{label}: {year} is {target.comparator} {target.value} in the database"
            )
    return problems


def test_it_quotes_every_target_from_its_document_with_the_figure_in_the_quote(seeded):
    # Given every target and baseline row of every plan fixture (a table of ~110 rows)
    rows = list(fixture_rows())
    assert len(rows) > 100
    # Then each quote is in its document, holds its figure, and the database holds that figure
    problems = [problem for plan_code, row in rows for problem in check_target_row(plan_code, row)]
    assert problems == []


@pytest.mark.parametrize(
    ("code", "year", "value", "comparator", "unit", "every_year"),
    [
        ("T5-1", 2027, "150", "gte", "家", False),  # 到2027年，建成市级以上重点实验室150家以上
        ("T8-2", 2023, "1000", "gte", "个", True),  # 每年新实施智能化技改项目1000个以上
        ("T8-3", 2027, "1.2", "gte", "万台", False),  # 2027年全市在役工业机器人力争突破1.2万台
        ("T24-3", 2027, "11.5", "gte", "件", False),  # 到2027年，每万人高价值发明专利拥有量11.5件
        ("T11-2", 2023, "20", "gte", "项", True),  # 每年新增首台（套）装备20项
        ("T22-1", 2027, "100", "gte", "个", False),  # 市科创基金累计投资项目100个以上
    ],
)
def test_it_seeds_the_task_targets_the_plan_prints(
    seeded, code, year, value, comparator, unit, every_year
):
    indicator = Indicator.objects.get(code=code)
    assert indicator.unit_of_measure == unit
    target = Target.objects.get(indicator=indicator, year=year, plan__code="wzf-2023-17")
    assert (target.value, target.comparator, target.every_year) == (
        Decimal(value),
        comparator,
        every_year,
    )
    if every_year:
        years = set(Target.objects.filter(indicator=indicator).values_list("year", flat=True))
        assert years == {2023, 2024, 2025, 2026, 2027}


@pytest.mark.parametrize(
    ("goal", "value", "comparator", "direction"),
    [
        ("国家高新区", "50", "lte", "lower"),  # 温州国家高新区进入全国前50位
        ("峰会成果落地率", "80", "gte", "higher"),  # 世界青年科学家峰会成果落地率达到80%以上
        ("院士等顶尖人才", "25", "approx", "higher"),  # 院士等顶尖人才达25名左右
    ],
)
def test_it_seeds_the_overall_2027_goals(seeded, goal, value, comparator, direction):
    indicator = Indicator.objects.get(category=Indicator.Category.GOAL, name__contains=goal)
    target = Target.objects.get(indicator=indicator, year=2027)
    assert (target.value, target.comparator, indicator.direction) == (
        Decimal(value),
        comparator,
        direction,
    )


def test_it_seeds_the_eight_levers_with_their_actions(seeded):
    levers = list(Lever.objects.filter(plan__code="wzf-2023-17").order_by("number"))
    assert [lv.number for lv in levers] == list(range(1, 9))
    text = source_text("wzf-2023-17")
    for lever in levers:
        # "(一)抓科技战略平台建设,加快实施全域创新能级提升行动。"
        assert normalise(f"{lever.name}，加快实施{lever.action}。") in text, lever


# --- Units, parsed from the documents' own text -------------------------------------------

COUNTIES = "@各县"


def printed_units(raw: str) -> list[str]:
    """Turn a printed 责任单位 list into unit names, in order, the collectives expanded."""
    raw = raw.replace("，列第一位的为牵头单位，下同", "").replace("列第一位的为牵头单位", "")
    raw = raw.replace("各县（市、区）政府", COUNTIES)
    raw = raw.replace(
        "温州海经区、温州高新区（经开区）管委会", "温州海经区管委会、温州高新区（经开区）管委会"
    )
    raw = raw.replace("各在温高校、科研院所", "各在温高校、各在温科研院所")
    names: list[str] = []
    for part in re.split(r"[、，]", raw):
        if part == COUNTIES:
            names.extend(
                f"{r.name}政府" for r in Region.objects.filter(in_rollup=True).order_by("order")
            )
        elif part:
            names.append(part)
    return names


def db_units(task: Task) -> list[str]:
    return [tu.unit.name for tu in task.task_units.select_related("unit").order_by("position")]


def test_it_seeds_the_24_tasks_with_their_units_in_printed_order_lead_first(seeded):
    text = source_text("wzf-2023-17")
    body = text[text.index("二、重点任务") : text.index("三、保障措施")]
    printed = {
        int(m.group(1)): (m.group(2), printed_units(m.group(3)))
        for m in re.finditer(
            r"(\d+)\.([^。]+?)。.*?（责任单位：((?:[^（）]|（[^（）]*）)*)）", body
        )
    }
    assert sorted(printed) == list(range(1, 25))
    tasks = Task.objects.filter(plan__code="wzf-2023-17", kind=Task.Kind.KEY)
    assert tasks.count() == 24
    for task in tasks:
        title, units = printed[task.number]
        assert normalise(task.title) == title, task.number
        assert db_units(task) == units, task.number
        assert task.task_units.get(is_lead=True).unit.name == units[0]
        assert task.lever is not None


def test_it_seeds_the_pilot_plans_eight_key_tasks_with_their_units(seeded):
    text = source_text("wzbf-2023-86")
    body = text[text.index("二、重点任务") : text.index("三、保障措施")]
    printed = {
        "一二三四五六七八".index(m.group(1)) + 1: (m.group(2), printed_units(m.group(3)))
        for m in re.finditer(
            r"（([一二三四五六七八])）([^。]+?)。.*?（责任单位：((?:[^（）]|（[^（）]*）)*)）", body
        )
    }
    assert sorted(printed) == list(range(1, 9))
    for task in Task.objects.filter(plan__code="wzbf-2023-86", kind=Task.Kind.KEY):
        title, units = printed[task.number]
        assert (normalise(task.title), db_units(task)) == (title, units), task.number


def test_it_seeds_the_15_pilot_reform_tasks_as_the_annex_prints_them(seeded):
    raw = (SOURCES / "wzbf-2023-86.txt").read_text(encoding="utf-8")
    annex = raw[raw.index("温州市教育科技人才一体先行改革试点清单", raw.index("附件")) :]
    rows, group = {}, None
    for line in annex.splitlines():
        cells = line.split("\t")
        if len(cells) == 5 and cells[0].strip().isdigit():
            number, name, pilot, content, units = (c.strip() for c in cells)
            group = name or group  # the 任务名称 cell is merged down
            rows[int(number)] = (group, pilot, content, printed_units(normalise(units)))
    assert sorted(rows) == list(range(1, 16))
    pilots = Task.objects.filter(plan__code="wzbf-2023-86", kind=Task.Kind.PILOT).select_related(
        "parent"
    )
    assert pilots.count() == 15
    for task in pilots:
        group, pilot, content, units = rows[task.number]
        assert task.parent.title == group, task.number
        assert task.title == pilot, task.number
        assert normalise(task.text) == normalise(content), task.number
        assert db_units(task) == units, task.number


# --- Issue 12: the plain targets found missing, the lead units, the replies' corrections ------


@pytest.mark.parametrize(
    ("plan_code", "code", "year", "value", "unit", "quote", "task"),
    [
        # 17号 task 8: 加快推进鹿城鞋革、乐清电气等5个产业集群(区域)新智造试点工作
        (
            "wzf-2023-17",
            "T8-4",
            2027,
            "5",
            "个",
            "鹿城鞋革、乐清电气等5个产业集群(区域)新智造试点",
            8,
        ),
        # 86号 一、主要目标: 在温高校至少聚焦1个特色学科助力产业发展
        ("wzbf-2023-86", "P-13", 2025, "1", "个", "在温高校至少聚焦1个特色学科助力产业发展", None),
        # 86号 (二): 在温高校重点打造 1 个以上优势特色学科，引进或培育至少 1 名领军人才
        ("wzbf-2023-86", "P-14", 2025, "1", "个", "重点打造1个以上优势特色学科", 2),
        ("wzbf-2023-86", "P-15", 2025, "1", "名", "引进或培育至少1名领军人才", 2),
    ],
)
def test_it_seeds_the_plain_targets_the_documents_set_and_the_seed_lacked(
    seeded, plan_code, code, year, value, unit, quote, task
):
    indicator = Indicator.objects.get(code=code)
    target = Target.objects.get(indicator=indicator, plan__code=plan_code, year=year)
    # The figure as printed, "at least" (以上/至少/a plain figure): ≥
    assert (target.value, target.comparator, indicator.unit_of_measure) == (
        Decimal(value),
        "gte",
        unit,
    )
    # Quoted from the document, the sentence holding the figure
    assert normalise(quote) in normalise(target.source_quote)
    assert normalise(target.source_quote) in source_text(plan_code)
    assert normalise(indicator.source_quote) in source_text(plan_code)
    # Linked to the task that prints it, led by that task's lead unit
    if task is None:
        assert not indicator.tasks.exists() and indicator.lead_unit is None
    else:
        printed_in = Task.objects.get(plan__code=plan_code, kind=Task.Kind.KEY, number=task)
        assert list(indicator.tasks.all()) == [printed_in]
        assert normalise(quote) in normalise(printed_in.text)
        assert (indicator.lead_unit, indicator.lead_unit_task) == (printed_in.lead_unit, printed_in)


# The table of nine prints no 责任单位: each key indicator's lead unit is its task's lead unit.
KEY_LEADS = {
    "K1": (1, "市科技局"),
    "K2": (19, "市委组织部（市委人才办）"),
    "K3": (7, "市科技局"),
    "K4": (10, "市科技局"),
    "K5": (10, "市科技局"),
    "K6": (12, "市经信局"),
    "K7": (11, "市科技局"),
    "K8": (13, "市科技局"),
    "K9": (12, "市经信局"),
}


@pytest.mark.parametrize(("code", "lead"), KEY_LEADS.items())
def test_a_key_indicators_lead_unit_is_its_tasks_named_as_such(seeded, code, lead):
    number, unit = lead
    indicator = Indicator.objects.get(code=code)
    task = indicator.lead_unit_task
    assert (task.plan.code, task.number) == ("wzf-2023-17", number)
    assert task in indicator.tasks.all()
    # The task's lead as the document prints it: the first of its 责任单位
    assert indicator.lead_unit.name == unit == db_units(task)[0]


def test_every_seeded_lead_unit_names_the_task_it_comes_from(seeded):
    # Given every indicator the seed gives a lead unit to
    led = Indicator.objects.filter(lead_unit__isnull=False).select_related("lead_unit_task")
    assert led.count() > 70
    for indicator in led:
        # Then it comes from one of the indicator's own tasks, and is that task's lead
        task = indicator.lead_unit_task
        assert task is not None, indicator.code
        assert task in indicator.tasks.all(), indicator.code
        assert task.lead_unit == indicator.lead_unit, indicator.code
    # And the indicators no task restates have none (shown as 文件未明确)
    assert set(Indicator.objects.filter(lead_unit__isnull=True).values_list("code", flat=True)) >= {
        "P-1",
        "P-2",
        "P-3",
        "P-4",
        "P-5",
        "P-13",
    }


def test_the_50_percent_sentence_is_a_commitment_without_a_quantity(seeded):
    from proposals.models import Commitment

    # 温科提复〔2023〕123号: 「于颁奖和项目落地时各兑现 50%」 says how an award is paid
    commitment = Commitment.objects.get(reply__doc_number="温科提复〔2023〕123号", number=2)
    assert "于颁奖和项目落地时各兑现50%" in normalise(commitment.text)
    assert (commitment.quantity, commitment.unit_of_measure, commitment.comparator) == (
        None,
        "",
        "",
    )
    assert commitment.status == Commitment.Status.NOT_MEASURABLE
    assert normalise(commitment.text) in normalise(
        (SOURCES / "wkt-2023-123.txt").read_text(encoding="utf-8")
    )


def test_the_2_61_percent_r_and_d_intensity_is_2022s_figure(seeded):
    from proposals.models import ReportedFigure

    # 温科提复〔2024〕102号 (June 2024): 「全市R&D经费强度2.61%，首超全国平均水平」
    figure = ReportedFigure.objects.get(
        reply__doc_number="温科提复〔2024〕102号", indicator__code="K1"
    )
    assert normalise("全市R&D经费强度2.61%，首超全国平均水平") in normalise(figure.sentence)
    # Filed as 2022, beside K1's 2022 baseline of 2.6 (温政发〔2023〕17号), not as 2023
    assert (figure.value, figure.year) == (Decimal("2.61"), 2022)
    baseline = Actual.objects.get(indicator__code="K1", region=figure.region, year=2022)
    assert baseline.value == Decimal("2.6")
    # And its rise's rank (全省第2) is of the same year
    rank = ReportedFigure.objects.get(
        reply__doc_number="温科提复〔2024〕102号", unit_of_measure="位", value=Decimal("2")
    )
    assert rank.year == 2022
