"""The proposal-reply parser (proposals/parsing.py) and the reviewed seed (fixtures/proposals/).

No database: run with `pytest -p no:django tests/proposals` as well as with the project's
settings. The three seed replies are the printed documents in fixtures/sources/.
"""

import io
import os
import re
import zipfile
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path

import docx
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from proposals.parsing import ReplyFileError, parse_reply_text, read_reply_file

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SOURCES = FIXTURES / "sources"
REPLIES = ["wkt-2023-123", "wkt-2023-94", "wkt-2024-102"]


@cache
def source(name: str) -> str:
    return (SOURCES / f"{name}.txt").read_text(encoding="utf-8")


@cache
def parsed(name: str):
    return parse_reply_text(source(name))


@cache
def seed(name: str) -> dict:
    return yaml.safe_load((FIXTURES / "proposals" / f"{name}.yaml").read_text(encoding="utf-8"))


def squashed(text: str) -> str:
    return re.sub(r"\s+", "", text)


# --------------------------------------------------------------------------- header fields

HEADERS = {
    "wkt-2023-123": {
        "doc_number": "温科提复〔2023〕123号",
        "session": "市政协十二届二次会议",
        "proposal_number": 103,
        "proposer": "卢琼",
        "title": "关于以“赛”为媒，让天下英才集结温州的提案",
        "signed_on": date(2023, 6, 29),
        "issued_on": date(2023, 6, 30),
        "contact_name": "吴洁茹",
        "contact_phones": ["88962052", "13587610266"],
        "copy_to": ["市府办", "市政协提案委"],
        "handling_unit": "温州市科学技术局",
    },
    "wkt-2023-94": {
        "doc_number": "温科提复〔2023〕94号",
        "session": "市政协十二届二次会议",
        "proposal_number": 142,
        "proposer": "洪晓畅",
        "title": "关于聚焦“三力”推进高水平国家创新型城市建设的提案",
        "signed_on": date(2023, 6, 20),  # printed "2023 年 6 月 20 日"
        "issued_on": date(2023, 6, 21),
        "contact_name": "王小军",
        "contact_phones": ["88962001", "13858866588"],
        "copy_to": ["市府办", "市政协提案委"],
        "handling_unit": "温州市科学技术局",
    },
    "wkt-2024-102": {
        "doc_number": "温科提复〔2024〕102号",
        "session": "市政协十二届三次会议",  # header printed "十二届三次会369号提案"
        "proposal_number": 369,
        "proposer": "吕朝晖",
        "title": "关于进一步加大在温科创平台与温州高校深度融合发展的提案",
        "signed_on": date(2024, 6, 26),
        "issued_on": date(2024, 6, 26),
        "contact_name": "徐节速",
        "contact_phones": ["88962031"],
        "copy_to": ["市府办", "市政协提案委"],
        "handling_unit": "温州市科学技术局",
    },
}


@pytest.mark.parametrize("name", REPLIES)
def test_it_reads_every_header_field_of_the_seed_replies(name):
    reply = parsed(name)

    assert {field: getattr(reply, field) for field in HEADERS[name]} == HEADERS[name]
    assert reply.missing == []
    assert reply.warnings == []


def test_it_normalises_the_irregular_session_header():
    reply = parse_reply_text("温科提复〔2024〕102号\n关于市政协十二届三次会369号提案的\n答 复 函\n")

    assert reply.session == "市政协十二届三次会议"
    assert reply.proposal_number == 369


def test_it_warns_when_the_proposal_number_differs_between_header_and_body():
    text = "关于市政协十二届二次会议第103号提案的答复函\n卢琼委员：\n您所提的《关于X的提案》（政协提案130号）收悉。"

    reply = parse_reply_text(text)

    assert reply.proposal_number == 103
    assert any("提案号前后不一致" in warning for warning in reply.warnings)


def test_it_takes_the_unit_and_date_from_a_signature_on_one_line():
    reply = parse_reply_text(
        "联系人：张三，联系电话：0577-88962001\n温州市科学技术局 2023年6月29日\n"
    )

    assert reply.signed_on == date(2023, 6, 29)
    assert reply.handling_unit == "温州市科学技术局"
    assert reply.contact_phones == ["0577-88962001"]


def test_it_reads_a_signature_date_in_chinese_numerals():
    reply = parse_reply_text("温州市科学技术局\n二〇二三年六月二十九日\n")

    assert reply.signed_on == date(2023, 6, 29)


# --------------------------------------------------------------------------- commitments

# Every quantitative commitment of 94号: (quantity, unit, comparator, words of its clause).
COMMITMENTS_94 = [
    ("25", "项", "gte", "省“尖兵”“领雁”项目"),
    ("100", "项", "gte", "重大科技创新攻关项目"),
    ("100", "家", "gte", "新增企业研发机构"),
    ("10", "名", "gte", "产业领军人才"),
    ("100", "名", "gte", "首席专家"),
    ("1000", "名", "gte", "工程师"),
    ("10000", "名", "gte", "技术技能人才"),
    ("5", "人", "gte", "全职院士和鲲鹏人才"),
    ("180", "万平方米", "gte", "新增孵化面积"),
    ("20", "家", "gte", "新增专业运营机构"),
    ("10", "个", "gte", "示范孵化基地创建单位"),
    ("20", "家", "gte", "省级以上孵化器（众创空间）"),
    ("30", "家", "gte", "技术转移转化中心"),
]


@pytest.mark.parametrize(("quantity", "unit", "comparator", "words"), COMMITMENTS_94)
def test_it_proposes_every_quantitative_commitment_of_reply_94(quantity, unit, comparator, words):
    found = [
        c
        for c in parsed("wkt-2023-94").commitments
        if c.quantity == Decimal(quantity) and c.unit == unit and words in c.clause
    ]

    assert len(found) == 1
    assert found[0].comparator == comparator
    assert found[0].deadline == date(2023, 12, 31)


def test_it_finds_the_triggers_of_a_commitment():
    area = next(c for c in parsed("wkt-2023-94").commitments if c.unit == "万平方米")

    assert set(area.triggers) >= {"新增", "以上"}
    assert area.sentence.startswith("一是深入实施大孵化集群战略")


def test_it_proposes_a_number_without_a_commitment_verb_too():
    # Recall over precision: 各兑现50% has no 新增/力争…, staff decide.
    (split,) = parsed("wkt-2023-123").commitments

    assert (split.quantity, split.unit, split.triggers) == (Decimal("50"), "%", ())


def test_it_proposes_no_commitment_where_the_next_steps_print_no_figure():
    assert parsed("wkt-2024-102").commitments == []


@pytest.mark.parametrize(
    ("clause", "comparator"),
    [
        ("力争新引进人才20人左右。", "approx"),
        ("推动温州国家高新区进入全国前50位。", "lte"),
        ("综合能耗控制在5%以内。", "lte"),
        ("新增孵化面积180万平方米以上。", "gte"),
        ("新增企业研发机构100家。", "gte"),
    ],
)
def test_it_guesses_the_comparator_from_the_words_around_the_number(clause, comparator):
    reply = parse_reply_text(f"下一步，我们将加快工作。\n{clause}\n")

    assert [c.comparator for c in reply.commitments] == [comparator]


def test_it_takes_a_printed_year_as_the_deadline():
    reply = parse_reply_text("洪晓畅委员：\n下一步，到2025年建成实验室10家。\n2023年6月20日\n")

    (commitment,) = reply.commitments
    assert commitment.deadline == date(2025, 12, 31)


# --------------------------------------------------------------------------- reported figures


def figure(name: str, value: str, unit: str, words: str):
    (found,) = [
        f
        for f in parsed(name).reported_figures
        if f.value == Decimal(value) and f.unit == unit and words in f.clause
    ]
    return found


@pytest.mark.parametrize(
    ("name", "value", "unit", "words", "year"),
    [
        # 2022年，在培育科技企业森林方面 … (the paragraph's year, carried over sentences)
        ("wkt-2023-94", "152", "万平方米", "全年新增孵化空间", 2022),
        ("wkt-2023-94", "1341", "项", "各类科研项目", 2022),
        ("wkt-2023-94", "20", "项", "尖兵", 2022),
        ("wkt-2023-94", "3424", "家", "在孵企业", 2022),  # across a page break
        # 在2021年…的基础上, 分别入选58人: 2021 is a reference, not the figure's year
        ("wkt-2023-94", "58", "人", "分别入选", 2022),
        ("wkt-2023-123", "76", "个", "子基金累计投资项目", 2022),
        ("wkt-2023-123", "68", "位", "温州国家高新区", 2022),
        ("wkt-2023-123", "7092", "人", "E类以上科技人才", 2022),
        ("wkt-2023-123", "151", "亿元", "放贷", 2022),
        ("wkt-2023-123", "50", "个", "大赛项目不足", 2020),
        ("wkt-2023-123", "14600", "名", "高层次人才", 2023),  # 截至目前 → the reply's year
        ("wkt-2024-102", "2.61", "%", "R&D经费强度", 2023),
        ("wkt-2024-102", "13.91", "亿元", "R&D经费投入", 2023),
        ("wkt-2024-102", "2", "亿元", "四技服务收入", 2023),
        ("wkt-2024-102", "68", "家", "高能级科创平台", 2024),  # 现全市已建成 → the reply's year
        ("wkt-2024-102", "22", "家", "新型研发机构", 2024),
    ],
)
def test_it_dates_each_reported_figure(name, value, unit, words, year):
    assert figure(name, value, unit, words).year == year


def test_it_says_where_a_figures_year_comes_from():
    assert figure("wkt-2023-94", "1341", "项", "各类科研项目").year_basis == "sentence"
    assert figure("wkt-2023-94", "152", "万平方米", "孵化空间").year_basis == "paragraph"
    assert figure("wkt-2024-102", "68", "家", "高能级").year_basis == "as_of_reply"
    assert figure("wkt-2023-123", "40", "个", "组建科研团队").year_basis == "none"


def test_it_reads_a_rank_printed_without_its_unit():
    assert figure("wkt-2024-102", "2", "位", "提升幅度全省第").year == 2023


def test_it_keeps_next_step_figures_out_of_the_reported_ones_and_back():
    reply = parsed("wkt-2023-94")

    assert Decimal("180") not in {f.value for f in reply.reported_figures}
    assert Decimal("152") not in {c.quantity for c in reply.commitments}
    assert Decimal("142") not in {f.value for f in reply.reported_figures}  # the proposal's number


@pytest.mark.parametrize("name", REPLIES)
def test_it_returns_sentences_and_clauses_that_are_in_the_source(name):
    text = squashed(source(name))
    reply = parsed(name)

    for candidate in [*reply.commitments, *reply.reported_figures]:
        assert squashed(candidate.sentence) in text
        assert squashed(candidate.clause) in squashed(candidate.sentence)


# --------------------------------------------------------------------------- broken input

ALL_MISSING = [
    f"未找到{label}"
    for label in (
        "文号",
        "会议届次",
        "提案号",
        "提案人",
        "提案标题",
        "签发日期",
        "印发日期",
        "联系人",
        "联系电话",
        "抄送单位",
        "承办单位",
    )
]


@pytest.mark.parametrize("text", ["", "   \n\n", "\ufeff"])
def test_it_lists_every_header_field_as_missing_for_empty_text(text):
    reply = parse_reply_text(text)

    assert reply.missing == ALL_MISSING
    assert reply.commitments == [] and reply.reported_figures == []


def test_it_lists_the_missing_fields_when_the_header_is_cut_off():
    body = source("wkt-2023-94")
    body = body[body.index("近年来") :]

    reply = parse_reply_text(body)

    assert {
        "未找到文号",
        "未找到会议届次",
        "未找到提案号",
        "未找到提案人",
        "未找到提案标题",
    } <= set(reply.missing)
    assert "未找到签发日期" not in reply.missing
    assert Decimal("180") in {c.quantity for c in reply.commitments}


def test_it_reports_an_unknown_date_format_as_missing():
    text = source("wkt-2023-94").replace("2023 年 6 月 20 日", "2023/6/20")
    text = text.replace("2023 年 6 月 21 日印发", "2023/6/21 印发")

    reply = parse_reply_text(text)

    assert reply.signed_on is None and reply.issued_on is None
    assert {"未找到签发日期", "未找到印发日期"} <= set(reply.missing)
    assert reply.doc_number == "温科提复〔2023〕94号"
    # Without the reply's year, a 全年 commitment has no deadline to guess.
    assert {c.deadline for c in reply.commitments} == {None}


def test_it_warns_about_an_impossible_date():
    reply = parse_reply_text("温州市科学技术局\n2023年2月30日\n")

    assert reply.signed_on is None
    assert "未找到签发日期" in reply.missing
    assert reply.warnings == ["签发日期无效：2023年2月30日"]


def test_it_guesses_commitments_when_there_is_no_next_steps_part():
    text = "卢琼委员：\n现答复如下：\n2022年新增孵化空间152万平方米。我们将力争新增孵化面积180万平方米以上。\n"

    reply = parse_reply_text(text)

    assert [c.quantity for c in reply.commitments] == [Decimal("180")]
    assert [(f.value, f.year) for f in reply.reported_figures] == [(Decimal("152"), 2022)]
    assert any("下一步" in warning for warning in reply.warnings)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_it_never_raises_on_arbitrary_text(text):
    reply = parse_reply_text(text)

    assert isinstance(reply.missing, list)


FRAGMENTS = [
    "温科提复〔2023〕",
    "号",
    "市政协十二届",
    "次会",
    "委员：",
    "《关于",
    "》",
    "下一步",
    "新增",
    "180",
    "万平方米以上",
    "第",
    "年",
    "月",
    "日",
    "印发",
    "二〇二三",
    "十",
    "联系人：",
    "电话：",
    "抄送：",
    "\n",
    "。",
    "，",
    "2022",
    "截至目前",
    "《",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=60))
def test_it_never_raises_on_shuffled_pieces_of_a_reply(pieces):
    parse_reply_text("".join(pieces))


@pytest.mark.parametrize("name", REPLIES)
def test_it_never_raises_on_a_reply_cut_anywhere(name):
    text = source(name)
    for end in range(0, len(text), 211):
        parse_reply_text(text[:end])


# --------------------------------------------------------------------------- reading files


def test_it_reads_utf8_text():
    assert read_reply_file("回复.txt", source("wkt-2023-94").encode()) == source("wkt-2023-94")


def test_it_reads_utf8_text_with_a_byte_order_mark():
    assert read_reply_file("回复.TXT", "\ufeff卢琼委员：".encode()) == "卢琼委员："


def test_it_falls_back_to_gb18030():
    text = source("wkt-2023-94")

    assert read_reply_file("回复.txt", text.encode("gb18030")) == text


def make_docx(path: Path, paragraphs: list[str], table_rows: list[list[str]]) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    table = document.add_table(rows=len(table_rows), cols=len(table_rows[0]))
    for row, values in zip(table.rows, table_rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    document.save(path)
    return path.read_bytes()


def test_it_reads_a_docx_with_its_tables(tmp_path):
    lines = [line for line in source("wkt-2023-94").splitlines() if not line.startswith("抄送")]
    data = make_docx(tmp_path / "94.docx", lines, [["抄送：市府办，市政协提案委"]])

    reply = parse_reply_text(read_reply_file("94.docx", data))

    assert reply.doc_number == "温科提复〔2023〕94号"
    assert reply.copy_to == ["市府办", "市政协提案委"]
    assert reply.missing == []
    assert len(reply.commitments) == len(parsed("wkt-2023-94").commitments)


def test_it_rejects_random_bytes_named_docx():
    data = os.urandom(2048)

    with pytest.raises(ReplyFileError, match=r"^文件不是有效的 \.docx 文档$"):
        read_reply_file("答复.docx", data)


def test_it_rejects_a_zip_that_is_not_a_word_document():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a document")

    with pytest.raises(ReplyFileError, match=r"文件不是有效的 \.docx 文档"):
        read_reply_file("答复.docx", buffer.getvalue())


def test_it_rejects_a_docx_without_text(tmp_path):
    docx.Document().save(tmp_path / "blank.docx")

    with pytest.raises(ReplyFileError, match="文档中没有文字"):
        read_reply_file("blank.docx", (tmp_path / "blank.docx").read_bytes())


@pytest.mark.parametrize("name", ["答复.txt", "答复.docx"])
def test_it_rejects_an_empty_file(name):
    with pytest.raises(ReplyFileError, match=r"^文件为空$"):
        read_reply_file(name, b"")


def test_it_rejects_a_word_document_named_txt(tmp_path):
    data = make_docx(tmp_path / "x.docx", ["卢琼委员："], [["抄送：市府办"]])

    with pytest.raises(ReplyFileError, match="文件不是有效的文本文件"):
        read_reply_file("答复.txt", data)


@pytest.mark.parametrize(("name", "message"), [("答复.pdf", r"\.pdf"), ("答复.doc", r"\.docx")])
def test_it_rejects_an_unsupported_type(name, message):
    with pytest.raises(ReplyFileError, match=message):
        read_reply_file(name, b"%PDF-1.4 ...")


# --------------------------------------------------------------------------- the reviewed seed

COMPARATORS = {"gte", "approx", "lte"}
STATUSES = {"pending", "not_measurable"}


def plan_indicator_codes() -> set[str] | None:
    plans = sorted((FIXTURES / "plans").glob("*.yaml"))
    if not plans:
        return None
    codes = set()
    for plan in plans:
        for indicator in yaml.safe_load(plan.read_text(encoding="utf-8")).get("indicators") or []:
            codes.add(indicator["code"])
    return codes


@pytest.mark.parametrize("name", REPLIES)
def test_it_keeps_every_seed_quote_in_its_source(name):
    data = seed(name)
    text = squashed((SOURCES / data["reply"]["source"]).read_text(encoding="utf-8"))
    quotes = [data["proposal"]["title"]]
    quotes += [c["text"] for c in data["commitments"]]
    quotes += [f["sentence"] for f in data["reported_figures"]]

    assert [q for q in quotes if squashed(q) not in text] == []


@pytest.mark.parametrize("name", REPLIES)
def test_it_puts_each_seed_figure_in_its_quote(name):
    data = seed(name)

    for commitment in data["commitments"]:
        if commitment["quantity"] is not None:
            assert commitment["quantity"] in squashed(commitment["text"])
    for reported in data["reported_figures"]:
        assert reported["value"] in squashed(reported["sentence"])


@pytest.mark.parametrize("name", REPLIES)
def test_it_agrees_with_the_parser_on_the_seed_headers(name):
    data = seed(name)
    reply = parsed(name)

    assert data["proposal"] == {
        "session": reply.session,
        "number": reply.proposal_number,
        "proposer": reply.proposer,
        "title": reply.title,
    }
    assert data["reply"] == {
        "doc_number": reply.doc_number,
        "handling_unit": reply.handling_unit,
        "signed_on": reply.signed_on,
        "issued_on": reply.issued_on,
        "contact_name": reply.contact_name,
        "contact_phones": reply.contact_phones,
        "copy_to": reply.copy_to,
        "source": f"{name}.txt",
    }


@pytest.mark.parametrize("name", REPLIES)
def test_it_finds_every_seed_figure_among_the_candidates(name):
    reply = parsed(name)
    commitments = {(str(c.quantity), c.unit) for c in reply.commitments}
    figures = {(str(f.value), f.unit) for f in reply.reported_figures}
    data = seed(name)

    for commitment in data["commitments"]:
        if commitment["quantity"] is not None:
            assert (commitment["quantity"], commitment["unit_of_measure"]) in commitments
    for reported in data["reported_figures"]:
        assert (reported["value"], reported["unit"]) in figures


@pytest.mark.parametrize("name", REPLIES)
def test_it_writes_the_seed_in_the_house_vocabulary(name):
    data = seed(name)
    known_codes = plan_indicator_codes()
    reply_year = data["reply"]["signed_on"].year
    numbers = [c["number"] for c in data["commitments"]]

    assert numbers == list(range(1, len(numbers) + 1))
    for row in data["commitments"]:
        assert row["status"] in STATUSES
        assert row["responsible_unit"] == "市科技局"
        assert row["deadline"] == date(reply_year, 12, 31)
        if row["status"] == "not_measurable":
            assert (row["quantity"], row["unit_of_measure"], row["comparator"]) == (None,) * 3
        else:
            assert isinstance(row["quantity"], str) and row["comparator"] in COMPARATORS
    for row in [*data["commitments"], *data["reported_figures"]]:
        task = row["task"]
        assert task is None or 1 <= int(re.fullmatch(r"wzf-2023-17:(\d+)", task).group(1)) <= 24
        code = row["indicator"]
        assert code is None or re.fullmatch(r"K[1-9]|G-\d+|T\d+-\d+|P-\d+", code)
        if code is not None and known_codes is not None:
            assert code in known_codes
    for row in data["reported_figures"]:
        assert isinstance(row["value"], str) and isinstance(row["year"], int)
        assert row["region"] == "温州市"


# The figures the seed must carry, with their links: (reply, kind, value, unit, indicator, year).
REQUIRED_SEED = [
    ("wkt-2023-94", "commitments", "25", "项", None, None),
    ("wkt-2023-94", "commitments", "100", "项", None, None),
    ("wkt-2023-94", "commitments", "100", "家", None, None),
    ("wkt-2023-94", "commitments", "180", "万平方米", "K8", None),
    ("wkt-2023-94", "commitments", "20", "家", None, None),
    ("wkt-2023-94", "commitments", "30", "家", None, None),
    ("wkt-2023-94", "commitments", "10", "名", None, None),
    ("wkt-2023-94", "commitments", "100", "名", None, None),
    ("wkt-2023-94", "commitments", "1000", "名", None, None),
    ("wkt-2023-94", "commitments", "10000", "名", None, None),
    ("wkt-2023-94", "commitments", "5", "人", None, None),
    ("wkt-2023-94", "commitments", "10", "个", None, None),
    ("wkt-2023-94", "reported_figures", "152", "万平方米", "K8", 2022),
    ("wkt-2023-94", "reported_figures", "1341", "项", None, 2022),
    ("wkt-2023-94", "reported_figures", "20", "项", None, 2022),
    ("wkt-2023-123", "reported_figures", "76", "个", "T22-1", 2022),
    ("wkt-2023-123", "reported_figures", "68", "位", "G-1", 2022),
    ("wkt-2023-123", "reported_figures", "7092", "人", None, 2022),
    ("wkt-2023-123", "reported_figures", "151", "亿元", None, 2022),
    # 2022's statistic, though the parser dates it by its paragraph (2023年，…): issue 12
    ("wkt-2024-102", "reported_figures", "2.61", "%", "K1", 2022),
    ("wkt-2024-102", "reported_figures", "68", "家", None, 2024),
    ("wkt-2024-102", "reported_figures", "22", "家", "T16-1", 2024),
    ("wkt-2024-102", "reported_figures", "2", "亿元", None, 2023),
    ("wkt-2024-102", "reported_figures", "13.91", "亿元", None, 2023),
]


@pytest.mark.parametrize(("name", "kind", "value", "unit", "indicator", "year"), REQUIRED_SEED)
def test_it_seeds_the_required_figures_with_their_links(name, kind, value, unit, indicator, year):
    value_key, unit_key = (
        ("quantity", "unit_of_measure") if kind == "commitments" else ("value", "unit")
    )
    rows = [r for r in seed(name)[kind] if r[value_key] == value and r[unit_key] == unit]

    assert rows, f"{value}{unit} missing from {name}'s {kind}"
    if kind == "reported_figures":
        assert any(r["indicator"] == indicator and r["year"] == year for r in rows)
    elif indicator:
        assert any(r["indicator"] == indicator for r in rows)
