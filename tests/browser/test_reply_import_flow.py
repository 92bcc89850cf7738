"""A reviewer pastes 94号's text, confirms its commitments, and finds them on the board."""

from pathlib import Path

import pytest

from indicators.roles import Role
from proposals.models import Commitment, Reply
from tests.browser.conftest import login
from tests.factories import make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT_94 = (
    Path(__file__).resolve().parents[2] / "fixtures" / "sources" / "wkt-2023-94.txt"
).read_text(encoding="utf-8")
DOC_94 = "温科提复〔2023〕94号"
PASSWORD = "reviewer-pw-for-tests-2026"


def test_it_imports_a_pasted_reply_and_shows_its_commitments_on_the_board(
    page, live_server, seeded
):
    # Given the seed without 94号, and a reviewer of 市科技局
    Reply.objects.filter(doc_number=DOC_94).delete()
    reviewer = make_person("reviewer-browser", Role.REVIEWER, unit="市科技局", password=PASSWORD)
    login(page, live_server, "reviewer-browser", PASSWORD)

    # When the reviewer opens 提案答复 from the menu and pastes the reply
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="主菜单").get_by_role("link", name="提案答复").click()
    page.get_by_role("link", name="导入答复").click()
    page.fill("#id_text", TEXT_94)
    page.click("#parse-button")
    page.wait_for_load_state("networkidle")

    # Then the confirmation page proposes the header and the commitment candidates
    assert page.input_value("#id_h-doc_number") == DOC_94
    assert page.input_value("#id_h-handling_unit") == "市科技局"
    rows = page.locator("#commitment-rows tbody tr")
    candidates = rows.count()
    assert candidates >= 6
    assert Reply.objects.filter(doc_number=DOC_94).count() == 0  # nothing saved yet

    # When the reviewer adds a qualitative commitment and confirms everything
    page.click("button.prop-add[data-add='c']")
    assert rows.count() == candidates + 1
    page.locator("#commitment-rows tbody tr").last.locator("textarea").fill(
        "实现规上高新技术企业研发机构全覆盖。"
    )
    page.click("#confirm-button")
    page.wait_for_load_state("networkidle")

    # Then the reply page says what was saved and marks the commitments in the text
    assert "已保存" in page.locator(".messages").inner_text()
    reply = Reply.objects.get(doc_number=DOC_94)
    assert reply.commitments.count() == candidates + 1
    assert reply.commitments.filter(status=Commitment.Status.NOT_MEASURABLE).count() == 1
    assert page.locator(".prop-fulltext mark.prop-hl-commitment").count() >= 6

    # And the board lists them under 市科技局
    page.get_by_role("link", name="承诺看板").click()
    page.wait_for_load_state("networkidle")
    section = page.locator(f"#unit-{reviewer.profile.unit.pk}")
    assert "新增孵化面积" in section.inner_text()
    assert DOC_94 in section.inner_text()

    # And so does the reviewer's own unit view
    page.get_by_role("link", name="本单位承诺").click()
    page.wait_for_load_state("networkidle")
    assert "新增孵化面积" in page.locator(".prop-unit-commitments").inner_text()
    page.watch.assert_clean()
