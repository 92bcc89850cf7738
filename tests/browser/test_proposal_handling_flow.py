"""A new proposal through every step in the browser: received and assigned with a co-unit by
a reviewer; the co-unit's input; a draft reply with one wrong figure, caught by the figure check
on the draft page; the corrected reply signed off (which answers the proposal) and downloaded as
.docx, opened with python-docx; the proposer's ratings recorded by the lead unit; and closed
(办结) by the reviewer.
"""

import docx
import pytest
from django.utils import timezone

from indicators.roles import Role
from proposals.models import Handling, HandlingState, Reply
from tests.browser.conftest import login
from tests.factories import make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "handling-pw-for-tests-2026"
SESSION = "市政协十二届五次会议"
DOC_NUMBER = "温科提复〔2026〕15号"
WRONG = "2022年，全市全年新增孵化空间162万平方米，引进专业运营机构20家。"
RIGHT = "2022年，全市全年新增孵化空间152万平方米，引进专业运营机构20家。"
BODY = (
    "您提出的《关于建设环大罗山科创走廊的提案》收悉，现答复如下：\n{figure}\n"
    "下一步，我们将会同市发展改革委统筹推进科创走廊建设。\n感谢您对科技工作的支持。"
)


def log_out(page):
    page.get_by_role("button", name="退出").click()
    page.wait_for_load_state("networkidle")


def submit(page, selector):
    page.click(selector)
    page.wait_for_load_state("networkidle")


def state_of(page) -> str:
    return page.locator("#handling-state").get_attribute("data-state")


def test_it_takes_a_new_proposal_from_receipt_to_closing(page, live_server, seeded):
    make_person("office", Role.REVIEWER, unit="市科技局", password=PASSWORD)
    make_person("lead-staff", Role.BUREAU_STAFF, unit="市科技局", password=PASSWORD)
    make_person("ndrc-staff", Role.BUREAU_STAFF, unit="市发展改革委", password=PASSWORD)

    # Given the reviewer receives a new proposal from the handling board
    login(page, live_server, "office", PASSWORD)
    page.goto(live_server.url + "/proposals/")
    page.get_by_role("link", name="提案办理").click()
    page.get_by_role("link", name="登记新提案").click()
    page.fill("#id_session", SESSION)
    page.fill("#id_number", "15")
    page.fill("#id_proposer", "林晓")
    page.fill("#id_title", "关于建设环大罗山科创走廊的提案")
    page.fill("#id_text", "建议统筹布局科创走廊，加快重大创新平台建设。")
    submit(page, "#receive-button")
    assert "已登记" in page.locator(".messages").inner_text()
    assert state_of(page) == "received"

    # When it is assigned to 市科技局 with 市发展改革委 as co-unit (deadline by default)
    page.select_option("#id_lead_unit", label="市科技局")
    page.select_option("#id_co_units", label=["市发展改革委"])
    submit(page, "#assign-button")
    assert state_of(page) == "assigned"
    assert page.locator("#handling-co-units").inner_text() == "市发展改革委"
    handling = Handling.objects.get(proposal__session=SESSION, proposal__number=15)
    assert handling.deadline is not None
    url = page.url
    log_out(page)

    # And the co-unit's staff enter their input on the proposal's page
    login(page, live_server, "ndrc-staff", PASSWORD)
    page.goto(url)
    page.locator(".hd-opinion-form textarea").fill("我委将把科创走廊项目列入年度重大项目计划。")
    page.locator(".hd-opinion-form button").click()
    page.wait_for_load_state("networkidle")
    assert "会办意见已保存" in page.locator(".messages").inner_text()
    log_out(page)

    # Then the lead unit's staff read it while handling, and sign for the proposal
    login(page, live_server, "lead-staff", PASSWORD)
    page.goto(url)
    assert "我委将把科创走廊项目列入年度重大项目计划。" in page.locator("#co-units").inner_text()
    submit(page, "#start-button")
    assert state_of(page) == "handling"

    # When the lead unit drafts the reply, with one wrong figure (K8's approved 2022 actual
    # is 152 万平方米, the draft says 162)
    page.goto(live_server.url + "/proposals/drafts/")
    page.select_option("#id_proposal", label=f"{SESSION}第15号提案")
    page.select_option("#id_handling_unit", label="市科技局")
    submit(page, "#draft-create-form button[type=submit]")
    page.fill("#id_doc_number", DOC_NUMBER)
    page.fill("#id_body", BODY.format(figure=WRONG))
    submit(page, "#draft-save")
    # Then the figure check on the draft page catches it
    differs = page.locator('#fc-results tr[data-verdict="differs"]')
    assert differs.count() == 1
    assert "162万平方米" in differs.inner_text() and "152" in differs.inner_text()

    # When the figure is corrected, Then the check passes
    page.fill("#id_body", BODY.format(figure=RIGHT))
    submit(page, "#draft-save")
    assert page.locator('#fc-results tr[data-verdict="differs"]').count() == 0
    assert page.locator('#fc-results tr[data-verdict="agrees"]').count() >= 1

    # And the corrected reply is signed off (the handling moves to 已答复) …
    submit(page, "#draft-to-sign")
    page.fill("#id_signed_on", timezone.localdate().isoformat())
    submit(page, "#sign-button")
    assert "已签发" in page.locator(".messages").inner_text()
    # … and exported as .docx: the letter's title and the corrected figure are in the file
    with page.expect_download() as download_info:
        page.click("#reply-docx")
    letter = docx.Document(download_info.value.path())
    paragraphs = [p.text for p in letter.paragraphs]
    assert f"关于{SESSION}第15号提案的答复函" in paragraphs
    text = "\n".join(paragraphs)
    assert RIGHT in text and "162万平方米" not in text
    reply = Reply.objects.get(doc_number=DOC_NUMBER)

    page.goto(url)
    assert state_of(page) == "answered"
    page.get_by_role("link", name=DOC_NUMBER).first.wait_for()

    # And the lead unit records the class and the proposer's two ratings
    page.select_option("#id_result_class", "A")
    submit(page, "#classify-button")
    page.check("input[name=attitude][value=satisfied]")
    page.check("input[name=result][value=basically_satisfied]")
    submit(page, "#evaluate-button")
    assert state_of(page) == "evaluated"
    assert "基本满意" in page.locator("#handling-evaluation").inner_text()
    log_out(page)

    # Then the reviewer closes it (办结)
    login(page, live_server, "office", PASSWORD)
    page.goto(url)
    submit(page, "#close-button")
    assert state_of(page) == "closed"
    assert "办结" in page.locator("#handling-state").inner_text()
    handling.refresh_from_db()
    assert handling.state == HandlingState.CLOSED
    assert (handling.result_class, handling.reply) == ("A", reply)
    assert list(handling.steps.values_list("action", flat=True)) == [
        "receive",
        "assign",
        "co_opinion",
        "start",
        "answer",
        "classify",
        "evaluate",
        "close",
    ]
    page.watch.assert_clean()
