"""An indicator's lead unit is never shown as if the document named it (issue 12): the documents
name tasks' lead units, so a page says which task a lead unit comes from, says 管理员指定 once an
administrator sets it, and 文件未明确 where there is none."""

import pytest
from django.urls import reverse

from indicators.catalogue.services.indicators import indicator_save
from indicators.models import Indicator, Unit

pytestmark = pytest.mark.django_db


def lead_line(response) -> str:
    html = response.content.decode()
    start = html.index("牵头单位：")
    return html[start : html.index("</p>", start)]


def test_a_key_indicator_names_the_task_its_lead_unit_comes_from(leader_client, seeded):
    # Given K6, whose task 12 (持续提升产业竞争力) is led by 市经信局
    response = leader_client.get(reverse("dashboards:indicator", args=["K6"]), {"year": 2024})
    line = lead_line(response)
    # Then the page names 市经信局 and the task it is taken from
    assert "市经信局</a>" in line
    assert ">据任务12</span>" in line
    assert (
        "据所属任务“12. 持续提升产业竞争力”（温政发〔2023〕17号）的牵头单位，文件未对该指标明确"
        in line
    )


def test_an_indicator_without_a_lead_unit_says_the_document_names_none(leader_client, seeded):
    # Given 高校四技服务收入年均增速 (温政办〔2023〕86号), which no task restates
    response = leader_client.get(reverse("dashboards:indicator", args=["P-1"]), {"year": 2024})
    assert ">文件未明确</span>" in lead_line(response)


def test_the_home_page_shows_each_lead_units_source(client, seeded):
    html = client.get(reverse("home")).content.decode()
    k9_row = html[html.index("高新技术产业投资增速") :]
    k9_row = k9_row[: k9_row.index("</tr>")]
    assert "市经信局" in k9_row and "据任务12" in k9_row


def test_a_lead_unit_an_administrator_sets_is_shown_as_theirs(leader_client, seeded, admin):
    # Given an administrator making 市科技局 the lead unit of K9
    k9 = Indicator.objects.get(code="K9")
    indicator_save(
        user=admin, indicator=k9, fields={"lead_unit": Unit.objects.get(name="市科技局")}
    )
    k9.refresh_from_db()
    # Then it no longer claims to come from task 12
    assert k9.lead_unit_task is None
    response = leader_client.get(reverse("dashboards:indicator", args=["K9"]), {"year": 2024})
    line = lead_line(response)
    assert "市科技局</a>" in line and ">管理员指定</span>" in line
