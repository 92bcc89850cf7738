"""Task progress reports: per task and period, the lead unit reports status, percentage and text;
co-units add their part; the same review workflow, locks and versions as actuals."""

import pytest
from django.urls import reverse

from indicators.entry import services
from indicators.models import TaskReport, WorkflowState
from tests.indicators.entry_world import YEAR, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(db):
    return make_world()


def report(
    w, *, user=None, unit=None, period=0, status="on_schedule", percent=40, text="推进中", **kwargs
):
    return services.task_report_save(
        user=user or w.bureau,
        task=w.task,
        unit=unit or w.bureau_unit,
        year=YEAR,
        period=period,
        status=status,
        percent=percent,
        text=text,
        **kwargs,
    )


def test_it_saves_the_lead_units_report_and_a_co_units_part_separately(w):
    lead = report(w, percent=40, text="已建成3家省级重点实验室")
    part = report(
        w, user=w.other_bureau, unit=w.other_unit, percent=20, text="配合推进企业研究院建设"
    )
    assert TaskReport.objects.count() == 2
    assert (lead.unit, lead.state, lead.version) == (w.bureau_unit, WorkflowState.DRAFT, 1)
    assert (part.unit, part.percent) == (w.other_unit, 20)


def test_it_keeps_a_report_per_period(w):
    report(w, period=1, percent=30)
    report(w, period=2, percent=70)
    report(w, period=0, percent=70)
    assert sorted(TaskReport.objects.values_list("period", "percent")) == [
        (0, 70),
        (1, 30),
        (2, 70),
    ]


@pytest.mark.parametrize(
    ("kwargs", "field", "reason"),
    [
        ({"status": "done", "percent": 90}, "percent", "已完成"),
        ({"status": "not_started", "percent": 10}, "percent", "未开始"),
        ({"status": "on_schedule", "percent": 100}, "status", "已完成"),
        ({"status": "delayed", "percent": 30, "text": ""}, "text", "滞后"),
        ({"status": "on_schedule", "percent": 101}, "percent", "0 到 100"),
        ({"status": "on_schedule", "percent": "四十"}, "percent", "不是数字"),
        ({"status": "on_schedule", "percent": 40.5}, "percent", "整数"),
        ({"status": "finished", "percent": 40}, "status", "请选择进展情况"),
        ({"period": 3}, "period", "全年、上半年或下半年"),
    ],
)
def test_it_validates_a_report(w, kwargs, field, reason):
    with pytest.raises(services.ValidationFailed) as info:
        report(w, **kwargs)
    assert reason in "".join(info.value.details[field])
    assert not TaskReport.objects.exists()


def test_it_accepts_a_percentage_typed_with_a_percent_sign(w):
    assert report(w, percent="６０%").percent == 60


def test_it_walks_the_review_workflow(w):
    r = report(w)
    r = services.review_submit(user=w.bureau, obj=r)
    assert r.state == WorkflowState.SUBMITTED
    r = services.review_return(user=w.reviewer, obj=r, comment="请补充量化进展")
    assert (r.state, r.review_comment) == (WorkflowState.RETURNED, "请补充量化进展")
    r = report(w, percent=45, text="已建成3家，在建2家")
    assert r.state == WorkflowState.DRAFT
    r = services.review_approve(user=w.reviewer, obj=services.review_submit(user=w.bureau, obj=r))
    assert (r.state, r.reviewed_by) == (WorkflowState.APPROVED, w.reviewer)
    with pytest.raises(services.Locked):
        report(w, percent=50)
    with pytest.raises(services.InvalidState):
        services.review_approve(user=w.reviewer, obj=r)


def test_it_refuses_a_stale_report(w):
    report(w, percent=40)
    report(w, percent=50, expected_version=1)
    with pytest.raises(services.EditConflict) as info:
        report(w, user=w.admin, percent=60, expected_version=1)
    assert "50%" in info.value.message
    assert TaskReport.objects.get().percent == 50


def test_it_refuses_staff_of_other_units_and_regions(w):
    for user in (w.county, w.leader, w.reviewer):
        with pytest.raises(services.PermissionDenied):
            report(w, user=user)
    with pytest.raises(services.PermissionDenied):
        services.task_report_save(
            user=w.bureau,
            task=w.other_task,
            unit=w.bureau_unit,
            year=YEAR,
            period=0,
            status="on_schedule",
            percent=1,
            text="",
        )


def test_it_lists_the_units_tasks_lead_first(client, w):
    client.force_login(w.other_bureau)
    body = client.get(reverse("entry:tasks") + f"?year={YEAR}").content.decode()
    # 市经信局 leads 推进智能化技改 and co-leads 建设高能级创新平台
    assert body.index("推进智能化技改") < body.index("建设高能级创新平台")
    assert "牵头" in body and "配合" in body


def test_it_shows_every_units_report_on_the_task_page(client, w):
    report(w, percent=40, text="牵头单位报告")
    report(w, user=w.other_bureau, unit=w.other_unit, percent=20, text="配合单位报告")
    client.force_login(w.leader)
    body = client.get(
        reverse("entry:task_report", args=[w.task.pk]) + f"?year={YEAR}"
    ).content.decode()
    assert "牵头单位报告" in body and "配合单位报告" in body
    assert 'name="percent"' not in body  # leadership reads, does not write


def test_it_saves_and_submits_a_report_from_the_task_page(client, w):
    client.force_login(w.bureau)
    url = reverse("entry:task_report", args=[w.task.pk]) + f"?year={YEAR}&period=1"
    response = client.post(
        url,
        {
            "unit": w.bureau_unit.pk,
            "year": YEAR,
            "period": 1,
            "status": "on_schedule",
            "percent": "35",
            "text": "推进中",
            "version": "0",
            "action": "submit",
        },
    )
    assert response.status_code == 302
    saved = TaskReport.objects.get()
    assert (saved.period, saved.percent, saved.state) == (1, 35, WorkflowState.SUBMITTED)


def test_it_shows_the_reason_beside_the_field_on_the_task_page(client, w):
    client.force_login(w.bureau)
    response = client.post(
        reverse("entry:task_report", args=[w.task.pk]) + f"?year={YEAR}",
        {
            "unit": w.bureau_unit.pk,
            "year": YEAR,
            "period": 0,
            "status": "delayed",
            "percent": "30",
            "text": "",
            "version": "0",
            "action": "save",
        },
    )
    assert response.status_code == 200
    assert "进展滞后时，请在进展说明中写明原因" in response.content.decode()
    assert not TaskReport.objects.exists()


def test_it_refuses_a_post_for_a_unit_the_user_does_not_belong_to(client, w):
    client.force_login(w.county)
    response = client.post(
        reverse("entry:task_report", args=[w.task.pk]) + f"?year={YEAR}",
        {
            "unit": w.bureau_unit.pk,
            "status": "on_schedule",
            "percent": "30",
            "text": "",
            "action": "save",
        },
    )
    assert response.status_code == 403
    assert not TaskReport.objects.exists()
