"""What an import tells its user: each problem names its row and its indicator, and a successful
import says the rows it saved are drafts that still need 提交审核 (and sends the user to the
entry page whose button submits them)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.models import Actual, WorkflowState
from tests.indicators.entry_world import YEAR, make_world, xlsx_bytes

pytestmark = pytest.mark.django_db
HEADER = ["指标代码", "区域", "年份", "本年值", "数据来源说明", "变动说明"]


@pytest.fixture
def w(db):
    return make_world()


def upload(client, user, rows, *, submit=False, follow=False):
    client.force_login(user)
    data = {"year": YEAR, "file": SimpleUploadedFile("填报.xlsx", xlsx_bytes([HEADER, *rows]))}
    if submit:
        data["submit"] = "on"
    return client.post(reverse("entry:import"), data, follow=follow)


def test_each_problem_names_the_row_and_the_indicator(client, w):
    # Given a share of 150 % in row 3 (shares are 0–100)
    response = upload(client, w.county, [["K4", "鹿城区", YEAR, 3700], ["K1", "鹿城区", YEAR, 150]])
    [problem] = response.context["problems"]
    # Then the problem reads 「第3行 … K1 R&D经费占地区生产总值的比重：…」
    assert problem.row == 3
    assert problem.reason.startswith("K1 R&D经费占地区生产总值的比重：比重应在 0 到 100 之间")
    assert "第3行" in str(problem)
    page = response.content.decode()
    assert "K1 R&amp;D经费占地区生产总值的比重：比重应在 0 到 100 之间" in page
    assert not Actual.objects.exists()


def test_an_unknown_region_still_names_the_indicator(client, w):
    response = upload(client, w.county, [["K4", "火星区", YEAR, 3700]])
    [problem] = response.context["problems"]
    assert problem.reason == "K4 高新技术企业累计数：找不到区域“火星区”。"


def test_success_says_the_rows_are_drafts_that_still_need_submitting(client, w):
    response = upload(
        client, w.county, [["K4", "鹿城区", YEAR, 3700], ["K7", "鹿城区", YEAR, 12]], follow=True
    )
    page = response.content.decode()
    # Then the message says what is left to do
    assert "导入成功：新增 2 条" in page
    assert "其中 2 条目前是草稿，还不会进入审核" in page
    assert "提交审核" in page
    # And the user lands on the entry page, whose 提交审核 button submits the drafts
    assert response.redirect_chain[-1][0].startswith(reverse("entry:home"))
    assert 'name="action" value="submit"' in page
    assert set(Actual.objects.values_list("state", flat=True)) == {WorkflowState.DRAFT}


def test_success_with_submission_leaves_nothing_to_do(client, w):
    response = upload(client, w.county, [["K4", "鹿城区", YEAR, 3700]], submit=True, follow=True)
    page = response.content.decode()
    assert "已提交审核 1 条" in page
    assert "目前是草稿" not in page
    assert Actual.objects.get().state == WorkflowState.SUBMITTED
