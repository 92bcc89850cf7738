"""The public page of a session's replies: no login, only where enabled, no phone numbers."""

import re

import pytest
from django.test import override_settings
from django.urls import reverse

from proposals.selectors.publication import PHONE_PATTERN, strip_phone_numbers
from proposals.services import handling_outcome as outcome

from .handling_world import SESSION, answered, assign, receive, signed_reply

pytestmark = pytest.mark.django_db

SESSION_2023 = "市政协十二届二次会议"


def session_url(session):
    return reverse("proposals:public_session", args=[session])


def test_it_is_not_served_unless_enabled(client, seeded):
    # The default: off
    assert client.get(reverse("proposals:public_index")).status_code == 404
    assert client.get(session_url(SESSION_2023)).status_code == 404


@override_settings(WZSCI_PROPOSALS_PUBLIC=True)
def test_it_lists_a_sessions_replies_with_class_and_commitment_states_without_login(client, seeded):
    index = client.get(reverse("proposals:public_index"))
    assert index.status_code == 200
    assert SESSION_2023 in index.content.decode()
    # Anonymous: no login asked
    response = client.get(session_url(SESSION_2023))
    assert response.status_code == 200
    html = response.content.decode()
    # 142 (94号) and 103 (123号), each with its commitments and their states
    assert "温科提复〔2023〕94号" in html and "温科提复〔2023〕123号" in html
    assert "温科提复〔2024〕102号" not in html  # another session
    entries = {e.proposal.number: e for e in response.context["entries"]}
    assert set(entries) == {103, 142}
    commitments = entries[142].replies[0].commitments
    assert len(commitments) > 0
    assert commitments[0].get_status_display() in html
    assert "新增孵化面积" in html
    # Without the full-text setting, no full text and no way to reach the internal pages
    assert "答复全文" not in html
    assert "/proposals/replies/" not in html


@override_settings(WZSCI_PROPOSALS_PUBLIC=True, WZSCI_PROPOSALS_PUBLIC_FULL_TEXT=True)
def test_the_full_text_and_contact_line_carry_no_phone_number(client, seeded):
    for session in (SESSION_2023, "市政协十二届三次会议"):
        html = client.get(session_url(session)).content.decode()
        assert "答复全文" in html
        # The contact person stays, the numbers go: the whole page has no phone-number pattern
        assert PHONE_PATTERN.findall(html) == []
        assert not re.search(r"1[3-9]\d{9}", html)
    html = client.get(session_url(SESSION_2023)).content.decode()
    assert "联系人：王小军" in html
    assert "88962001" not in html and "13858866588" not in html
    assert "最后，感谢您对温州市科技工作的支持。" in html


@override_settings(WZSCI_PROPOSALS_PUBLIC=True, WZSCI_PROPOSALS_PUBLIC_FULL_TEXT=True)
def test_it_shows_only_answered_proposals_and_their_class(client, seeded, reviewer, bureau):
    # Given in SESSION one proposal answered and classed A, one still being handled
    done = answered(reviewer, bureau, number=7)
    outcome.handling_classify(user=bureau, handling=done, result_class="A")
    open_one = assign(reviewer, receive(reviewer, number=8, title="关于尚在办理的事项的提案"))
    signed_reply(open_one, doc_number="温科提复〔2026〕8号")  # a draft not yet registered
    response = client.get(session_url(SESSION))
    html = response.content.decode()
    assert [e.proposal.number for e in response.context["entries"]] == [7]
    assert "A类（已解决或采纳）" in html
    assert "尚在办理" not in html and "温科提复〔2026〕8号" not in html
    # The phone numbers of the new reply's contact line are gone as well
    assert "13900002222" not in html and PHONE_PATTERN.findall(html) == []


@override_settings(WZSCI_PROPOSALS_PUBLIC=True)
def test_an_unknown_session_is_not_found(client, seeded):
    assert client.get(session_url("市政协九届一次会议")).status_code == 404


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("联系人：王小军，联系电话：88962001，13858866588。", "联系人：王小军。"),
        (
            "联系人：吴洁茹，联系电话：88962052，13587610266\n温州市科学技术局",
            "联系人：吴洁茹\n温州市科学技术局",
        ),
        ("电话：0577-88962001", ""),
        ("请拨打13900001111咨询", "请拨打咨询"),
        # Quantities are not phone numbers
        ("投入12345678元", "投入12345678元"),
        ("新增孵化面积180万平方米", "新增孵化面积180万平方米"),
        ("2023年6月20日", "2023年6月20日"),
    ],
)
def test_strip_phone_numbers(text, expected):
    assert strip_phone_numbers(text) == expected
