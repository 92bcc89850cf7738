"""Every change of every value is kept (django-simple-history) with who, when, old → new, state
and reason, and shown on the value's page."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.entry import selectors as entry_selectors
from indicators.entry import services
from indicators.models import WorkflowState, YearClosure
from tests.indicators.entry_world import YEAR, make_world, xlsx_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(db):
    return make_world()


def lifecycle(w):
    """Draft 100 → corrected 120 → submitted → returned → 125 → submitted → approved."""
    kwargs = {"indicator": w.count, "region": w.county_region, "year": YEAR}
    a = services.actual_save(user=w.county, value="100", **kwargs)
    a = services.actual_save(user=w.county, value="120", expected_version=1, **kwargs)
    a = services.review_submit(user=w.county, obj=a)
    a = services.review_return(user=w.reviewer, obj=a, comment="与统计公报不一致")
    a = services.actual_save(user=w.county, value="125", **kwargs)
    a = services.review_submit(user=w.county, obj=a)
    return services.review_approve(user=w.reviewer, obj=a)


def test_it_keeps_every_change_with_its_user_and_reason(w):
    actual = lifecycle(w)
    records = list(actual.history.order_by("history_date", "history_id"))
    assert [
        (r.history_user.username, r.value, r.state, r.version, r.history_change_reason)
        for r in records
    ] == [
        ("county", Decimal(100), WorkflowState.DRAFT, 1, "表单：新建草稿"),
        ("county", Decimal(120), WorkflowState.DRAFT, 2, "表单：修改草稿"),
        ("county", Decimal(120), WorkflowState.SUBMITTED, 3, "表单：提交审核"),
        ("reviewer", Decimal(120), WorkflowState.RETURNED, 4, "退回：与统计公报不一致"),
        ("county", Decimal(125), WorkflowState.DRAFT, 5, "表单：退回后修改"),
        ("county", Decimal(125), WorkflowState.SUBMITTED, 6, "表单：提交审核"),
        ("reviewer", Decimal(125), WorkflowState.APPROVED, 7, "审核通过"),
    ]


def test_it_derives_old_and_new_for_each_change_newest_first(w):
    rows = entry_selectors.actual_history(lifecycle(w))
    assert len(rows) == 7
    newest, oldest = rows[0], rows[-1]
    assert newest["changes"]["state"] == (WorkflowState.SUBMITTED, WorkflowState.APPROVED, True)
    assert newest["changes"]["value"][2] is False  # approval changed no value
    assert oldest["changes"]["value"] == (None, Decimal(100), True)
    correction = rows[-2]
    assert correction["changes"]["value"] == (Decimal(100), Decimal(120), True)
    assert correction["who"] == "county"


def test_it_shows_the_history_on_the_values_page(client, w):
    actual = lifecycle(w)
    client.force_login(w.leader)  # leadership reads everything
    body = client.get(reverse("entry:actual_detail", args=[actual.pk])).content.decode()
    assert "修改历史" in body
    assert "<del>100</del> → <strong>120</strong>" in body
    assert "<del>120</del> → <strong>125</strong>" in body
    assert "退回：与统计公报不一致" in body
    assert body.count("<tr>") - 1 == 7  # one row per change, after the header row
    assert "reviewer" in body and "county" in body


def test_it_records_the_origin_of_an_import_in_the_reason(client, w):
    content = xlsx_bytes([["指标代码", "区域", "年份", "本年值"], ["K4", "鹿城区", YEAR, 42]])
    client.force_login(w.county)
    client.post(
        reverse("entry:import"), {"year": YEAR, "file": SimpleUploadedFile("a.xlsx", content)}
    )
    record = w.count.actuals.get().history.get()
    assert (record.history_user, record.history_change_reason) == (w.county, "导入：新建草稿")


def test_it_records_the_admin_user_of_an_admin_save(client, w):
    w.admin.is_staff = True
    w.admin.is_superuser = True
    w.admin.save()
    client.force_login(w.admin)
    client.post(
        reverse("admin:indicators_actual_add"),
        {
            "indicator": w.count.pk,
            "region": w.city.pk,
            "year": YEAR,
            "value": "9",
            "expected_version": "0",
        },
    )
    assert w.count.actuals.get().history.get().history_user == w.admin


def test_it_cuts_a_long_return_comment_to_the_reason_field_but_keeps_it_whole_on_the_value(w):
    kwargs = {"indicator": w.count, "region": w.county_region, "year": YEAR}
    a = services.review_submit(
        user=w.county, obj=services.actual_save(user=w.county, value="1", **kwargs)
    )
    comment = "请核对" * 60
    a = services.review_return(user=w.reviewer, obj=a, comment=comment)
    assert a.review_comment == comment
    assert len(a.history.first().history_change_reason) == 100


def test_it_keeps_the_history_of_closing_and_reopening_a_year(w):
    services.year_close(user=w.reviewer, year=YEAR)
    services.year_reopen(user=w.admin, year=YEAR)
    records = list(YearClosure.history.order_by("history_date", "history_id"))
    assert [(r.history_type, r.history_user, r.history_change_reason) for r in records] == [
        ("+", w.reviewer, f"关闭{YEAR}年度"),
        ("-", w.admin, f"重新开启{YEAR}年度"),
    ]


def test_it_keeps_the_history_of_a_task_report(w):
    kwargs = {"task": w.task, "unit": w.bureau_unit, "year": YEAR, "period": 0}
    r = services.task_report_save(
        user=w.bureau, status="on_schedule", percent=30, text="推进中", **kwargs
    )
    r = services.task_report_save(
        user=w.bureau, status="on_schedule", percent=60, text="推进中", **kwargs
    )
    r = services.review_submit(user=w.bureau, obj=r)
    rows = entry_selectors.report_history(r)
    assert [row["reason"] for row in rows] == ["提交审核", "修改草稿", "新建草稿"]
    assert rows[1]["changes"]["percent"] == (30, 60, True)
