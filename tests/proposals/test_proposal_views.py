"""The proposals pages, for each role: leadership reads, reviewers import, anonymous → login."""

import datetime as dt
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from indicators.models import Unit
from indicators.roles import Role
from proposals.models import Commitment, Reply
from tests.factories import UnitFactory, make_person

from .factories import CommitmentFactory, ReplyFactory, ReportedFigureFactory

pytestmark = pytest.mark.django_db

DOC_94 = "温科提复〔2023〕94号"


def user_with(role: Role, unit: Unit | None = None):
    return make_person(role=role, unit=unit)


def pages(reply: Reply, unit: Unit) -> list[str]:
    return [
        reverse("proposals:list"),
        reverse("proposals:list") + "?q=孵化器",
        reverse("proposals:detail", args=[reply.pk]),
        reverse("proposals:board"),
        reverse("proposals:board") + f"?unit={unit.pk}&status=overdue&year=2023",
        reverse("proposals:unit", args=[unit.pk]),
    ]


def test_an_anonymous_visitor_is_sent_to_login(client):
    reply = ReplyFactory()
    for url in [*pages(reply, reply.handling_unit), reverse("proposals:import")]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_leadership_reads_every_page_but_cannot_import(seeded, client):
    client.force_login(user_with(Role.LEADERSHIP))
    reply = Reply.objects.get(doc_number=DOC_94)
    for url in pages(reply, reply.handling_unit):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "导入答复" not in response.content.decode(), url
    response = client.get(reverse("proposals:import"))
    assert response.status_code == 403
    assert "只有审核员、系统管理员和承办单位的工作人员可以导入提案答复" in response.content.decode()


def test_a_reviewer_sees_the_import_entry(seeded, client):
    client.force_login(user_with(Role.REVIEWER, Unit.objects.get(name="市科技局")))
    html = client.get(reverse("proposals:list")).content.decode()
    assert reverse("proposals:import") in html
    assert "本单位承诺" in html
    response = client.get(reverse("proposals:import"))
    assert response.status_code == 200
    assert "粘贴答复全文" in response.content.decode()


def test_the_list_shows_and_searches_the_replies(seeded, client):
    client.force_login(user_with(Role.LEADERSHIP))
    html = client.get(reverse("proposals:list")).content.decode()
    for doc in [DOC_94, "温科提复〔2023〕123号", "温科提复〔2024〕102号"]:
        assert doc in html
    html = client.get(reverse("proposals:list"), {"q": "孵化器"}).content.decode()
    assert DOC_94 in html and "温科提复〔2024〕102号" not in html
    assert "共找到 2 份答复" in html


def test_the_reply_page_marks_commitments_and_figures_in_the_text(seeded, client):
    client.force_login(user_with(Role.LEADERSHIP))
    reply = Reply.objects.get(doc_number=DOC_94)
    html = client.get(reverse("proposals:detail", args=[reply.pk])).content.decode()
    # 新增孵化面积 180 万平方米以上 (printed with spaces) is inside a commitment mark
    start = html.index('<div class="prop-fulltext">')
    text = html[start:]
    mark = text.index("新增孵化面积 180 万平方米以上")
    assert text.rfind('<mark class="prop-hl prop-hl-commitment', 0, mark) > text.rfind(
        "</mark>", 0, mark
    )
    # 全年新增孵化空间152万平方米 is inside a figure mark
    mark = text.index("全年新增孵化空间152万平方米")
    assert text.rfind('<mark class="prop-hl prop-hl-figure', 0, mark) > text.rfind(
        "</mark>", 0, mark
    )
    # One anchor per commitment and per figure, so the tables can link into the text
    for c in reply.commitments.all():
        assert f'id="t-c{c.number}"' in text
    for f in reply.reported_figures.all():
        assert f'id="t-f{f.number}"' in text
    assert "未能定位" not in html


def test_the_reply_page_escapes_the_text(client):
    client.force_login(user_with(Role.LEADERSHIP))
    reply = ReplyFactory(full_text="<script>alert(1)</script>新增孵化面积180万平方米以上。")
    CommitmentFactory(reply=reply, text="新增孵化面积180万平方米以上。")
    html = client.get(reverse("proposals:detail", args=[reply.pk])).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_the_board_counts_by_unit_and_status_and_filters(client):
    client.force_login(user_with(Role.LEADERSHIP))
    science = UnitFactory(name="市科技局")
    economy = UnitFactory(name="市经信局")
    reply = ReplyFactory(handling_unit=science)
    CommitmentFactory(reply=reply, responsible_unit=science, status=Commitment.Status.OVERDUE)
    CommitmentFactory(
        reply=reply,
        responsible_unit=science,
        status=Commitment.Status.FULFILLED,
        text="已兑现的一项",
    )
    CommitmentFactory(
        reply=reply,
        responsible_unit=economy,
        status=Commitment.Status.PENDING,
        deadline=dt.date(2024, 12, 31),
    )
    response = client.get(reverse("proposals:board"))
    table = {row.unit.name: row for row in response.context["table"]}
    assert table["市科技局"].by_status["overdue"] == 1 and table["市科技局"].total == 2
    assert table["市经信局"].by_status["pending"] == 1
    assert response.context["totals"]["all"] == 3

    response = client.get(reverse("proposals:board"), {"unit": science.pk, "status": "fulfilled"})
    groups = response.context["groups"]
    assert [c.text for g in groups for c in g["rows"]] == ["已兑现的一项"]

    response = client.get(reverse("proposals:board"), {"year": 2024})
    assert [g["unit"].name for g in response.context["groups"]] == ["市经信局"]
    # A status that does not exist is ignored rather than an error
    assert client.get(reverse("proposals:board"), {"status": "nonsense"}).status_code == 200


def test_the_unit_include_needs_only_the_unit(client):
    science = UnitFactory(name="市科技局")
    CommitmentFactory(
        reply=ReplyFactory(handling_unit=science),
        responsible_unit=science,
        status=Commitment.Status.OVERDUE,
    )
    html = render_to_string("proposals/_unit_commitments.html", {"unit": science})
    assert "共 1 项" in html and "逾期未落实" in html
    other = UnitFactory(name="市教育局")
    assert "没有由市教育局负责的承诺事项" in render_to_string(
        "proposals/_unit_commitments.html", {"unit": other}
    )


def test_the_indicator_include_is_empty_without_figures():
    from tests.factories import IndicatorFactory

    assert (
        render_to_string(
            "proposals/_indicator_figures.html", {"indicator": IndicatorFactory()}
        ).strip()
        == ""
    )


def test_staff_of_the_responsible_unit_report_a_commitment_kept_for_a_reviewer_to_confirm(
    client,
):
    science = UnitFactory(name="市科技局")
    commitment = CommitmentFactory(
        reply=ReplyFactory(handling_unit=science),
        responsible_unit=science,
        quantity=Decimal("25"),
        unit_of_measure="项",
    )
    url = reverse("proposals:record", args=[commitment.pk])
    # Leadership cannot
    client.force_login(user_with(Role.LEADERSHIP))
    assert client.post(url, {"status": "fulfilled", "evidence": "x"}).status_code == 403
    # Staff of the unit must give evidence …
    client.force_login(user_with(Role.BUREAU_STAFF, science))
    client.post(url, {"status": "fulfilled", "evidence": ""})
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.PENDING
    # … and then it is reported, not yet kept: a reviewer confirms (four eyes)
    response = client.post(
        url, {"status": "fulfilled", "evidence": "2023年立项27项（省科技厅公告）"}
    )
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.status == Commitment.Status.REPORTED
    assert commitment.evidence == "2023年立项27项（省科技厅公告）"
    assert commitment.history.first().history_change_reason == "报告落实"


def test_the_reply_page_shows_a_figure_without_an_actual_as_unchecked(client):
    client.force_login(user_with(Role.LEADERSHIP))
    from tests.factories import IndicatorFactory

    figure = ReportedFigureFactory(indicator=IndicatorFactory(unit_of_measure="万平方米"))
    html = client.get(reverse("proposals:detail", args=[figure.reply_id])).content.decode()
    assert "暂无已审核实际值" in html


def test_the_reply_page_says_which_sentences_it_could_not_find(client):
    client.force_login(user_with(Role.LEADERSHIP))
    reply = ReplyFactory(full_text="新增孵化面积180万平方米以上。")
    CommitmentFactory(reply=reply, number=1, text="新增孵化面积 180 万平方米以上。")
    CommitmentFactory(reply=reply, number=2, text="一句导入时改写过的话。")
    html = client.get(reverse("proposals:detail", args=[reply.pk])).content.decode()
    assert 'id="t-c1"' in html  # found although the spacing differs
    assert "以下条目在原文中未能定位（导入时修改过文字）：承诺2" in html
