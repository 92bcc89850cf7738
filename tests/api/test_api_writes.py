"""Writes: actuals and task reports through the services, with the pages' permissions and workflow."""

from decimal import Decimal

import pytest

from indicators.catalogue.services.tokens import api_token_create
from indicators.entry import selectors as entry_selectors
from indicators.models import Actual, Region, Task, TaskReport, Unit, WorkflowState, YearClosure
from tests.api.conftest import API, CITY_2023, error_of, token_client

pytestmark = pytest.mark.django_db

K1_CITY_2024 = {
    "indicator": "K1",
    "region": "330300",
    "year": 2024,
    "value": "2.85",
    "source_note": "统计快报",
}


def post(client, path, data=None):
    return client.post(API + path, data or {}, format="json")


def test_it_saves_a_draft_through_the_service_marked_as_coming_from_the_api(clients, people):
    response = post(clients["bureau"], "/actuals/", K1_CITY_2024)

    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["state"], body["origin"], body["value"], body["version"]) == (
        "draft",
        "api",
        "2.85",
        1,
    )
    actual = Actual.objects.get(pk=body["id"])
    assert actual.entered_by == people["bureau"]
    record = actual.history.latest()
    assert record.history_user == people["bureau"]
    assert record.history_change_reason.startswith("接口")


def test_it_updates_the_same_cell_on_a_second_post(clients):
    first = post(clients["bureau"], "/actuals/", K1_CITY_2024).json()

    response = post(
        clients["bureau"], "/actuals/", {**K1_CITY_2024, "value": 2.9, "expected_version": 1}
    )

    assert response.status_code == 200
    assert response.json()["id"] == first["id"]
    assert (response.json()["value"], response.json()["version"]) == ("2.9", 2)


def test_it_patches_a_draft_and_refuses_a_stale_version(clients):
    actual = post(clients["bureau"], "/actuals/", K1_CITY_2024).json()
    url = f"{API}/actuals/{actual['id']}/"

    patched = clients["bureau"].patch(url, {"value": "2.95", "expected_version": 1}, format="json")
    stale = clients["bureau"].patch(url, {"value": "3.05", "expected_version": 1}, format="json")

    assert patched.status_code == 200 and patched.json()["version"] == 2
    assert patched.json()["source_note"] == "统计快报"  # untouched fields stay
    assert stale.status_code == 409
    error = error_of(stale)
    assert error["code"] == "edit_conflict"
    assert "bureau" in error["message"]
    assert error["details"]["current"]["version"] == 2
    assert Actual.objects.get(pk=actual["id"]).value == Decimal("2.95")


def test_it_walks_the_workflow_submit_approve_and_then_locks(clients):
    actual = post(clients["bureau"], "/actuals/", K1_CITY_2024).json()
    base = f"/actuals/{actual['id']}"

    submitted = post(clients["bureau"], f"{base}/submit/", {"expected_version": 1})
    again = post(clients["bureau"], f"{base}/submit/")
    approved = post(clients["reviewer"], f"{base}/approve/")
    edit = clients["bureau"].patch(f"{API}{base}/", {"value": "1"}, format="json")

    assert submitted.status_code == 200 and submitted.json()["state"] == "submitted"
    assert again.status_code == 409 and error_of(again)["code"] == "invalid_state"
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    assert approved.json()["reviewed_by"] == "reviewer"
    assert edit.status_code == 409 and error_of(edit)["code"] == "locked"
    assert Actual.objects.get(pk=actual["id"]).value == Decimal("2.85")


def test_it_returns_a_submission_only_with_a_comment(clients):
    actual = post(clients["bureau"], "/actuals/", K1_CITY_2024).json()
    post(clients["bureau"], f"/actuals/{actual['id']}/submit/")

    without = post(clients["reviewer"], f"/actuals/{actual['id']}/return/")
    returned = post(
        clients["reviewer"], f"/actuals/{actual['id']}/return/", {"comment": "请附统计局口径"}
    )

    assert without.status_code == 400 and "comment" in error_of(without)["details"]
    assert returned.status_code == 200
    assert (returned.json()["state"], returned.json()["review_comment"]) == (
        "returned",
        "请附统计局口径",
    )


def test_it_lets_county_staff_write_their_region_only(clients):
    own = post(
        clients["county"],
        "/actuals/",
        {"indicator": "K4", "region": "330302", "year": 2024, "value": 400},
    )
    other = post(
        clients["county"],
        "/actuals/",
        {"indicator": "K4", "region": "330303", "year": 2024, "value": 400},
    )

    assert own.status_code == 201 and own.json()["region_name"] == "鹿城区"
    assert other.status_code == 403
    error = error_of(other)
    assert error["code"] == "permission_denied" and "龙湾区" in error["message"]
    assert not Actual.objects.filter(region__code="330303", year=2024).exists()


def test_it_lets_bureau_staff_write_only_the_city_figures_their_unit_leads(clients):
    county_cell = post(clients["bureau"], "/actuals/", {**K1_CITY_2024, "region": "330302"})

    assert county_cell.status_code == 403 and error_of(county_cell)["code"] == "permission_denied"


def test_it_refuses_reviewing_to_staff_and_writing_to_leadership(clients, people):
    actual = post(clients["bureau"], "/actuals/", K1_CITY_2024).json()
    post(clients["bureau"], f"/actuals/{actual['id']}/submit/")
    leader_writer = token_client(
        api_token_create(client_name="领导驾驶舱", user=people["leader"], read_only=False)[1]
    )

    self_approval = post(clients["bureau"], f"/actuals/{actual['id']}/approve/")
    leader_save = post(leader_writer, "/actuals/", {**K1_CITY_2024, "year": 2023})

    assert (
        self_approval.status_code == 403 and error_of(self_approval)["code"] == "permission_denied"
    )
    assert leader_save.status_code == 403 and error_of(leader_save)["code"] == "permission_denied"
    assert Actual.objects.get(pk=actual["id"]).state == WorkflowState.SUBMITTED


def test_it_passes_the_services_validation_messages_through(clients):
    not_a_number = post(clients["bureau"], "/actuals/", {**K1_CITY_2024, "value": "两点八"})
    share_over_100 = post(clients["bureau"], "/actuals/", {**K1_CITY_2024, "value": 180})
    future = post(clients["bureau"], "/actuals/", {**K1_CITY_2024, "year": 2099})

    assert not_a_number.status_code == 400 and "value" in error_of(not_a_number)["details"]
    assert "0 到 100" in error_of(share_over_100)["details"]["value"][0]
    assert "year" in error_of(future)["details"]
    assert not Actual.objects.filter(year__in=[2024, 2099], indicator__code="K1").exists()


def test_it_asks_for_an_explanation_of_an_outlier(clients):
    # Given the city's 2022 baseline 2.6 %, when 2023 is entered as 4.5 % (+73 %, over the 50 %
    # threshold) without an explanation, then the service asks for one; with it, the draft is saved.
    cell = {"indicator": "K1", "region": "330300", "year": 2023, "value": "4.5"}

    refused = post(clients["bureau"], "/actuals/", cell)
    saved = post(clients["bureau"], "/actuals/", {**cell, "explanation": "口径调整"})

    assert refused.status_code == 400 and "explanation" in error_of(refused)["details"]
    assert saved.status_code == 201


def test_it_refuses_writes_to_a_closed_year(clients, people):
    YearClosure.objects.create(year=2024, closed_by=people["reviewer"])

    response = post(clients["bureau"], "/actuals/", K1_CITY_2024)

    assert response.status_code == 409 and error_of(response)["code"] == "locked"


def lead_task_of(unit_name: str) -> tuple[Task, Unit]:
    unit = Unit.objects.get(name=unit_name)
    return Task.objects.filter(task_units__unit=unit, task_units__is_lead=True).order_by(
        "pk"
    ).first(), unit


def test_it_writes_a_task_report_through_the_workflow(clients, people):
    task, unit = lead_task_of("市科技局")
    report = {
        "task": task.pk,
        "unit": unit.pk,
        "year": 2024,
        "period": 1,
        "status": "on_schedule",
        "percent": 45,
    }

    created = post(clients["bureau"], "/task-reports/", {**report, "text": "已完成半数"})
    report_id = created.json()["id"]
    patched = clients["bureau"].patch(
        f"{API}/task-reports/{report_id}/", {"percent": "50", "expected_version": 1}, format="json"
    )
    submitted = post(clients["bureau"], f"/task-reports/{report_id}/submit/")
    queue = clients["reviewer"].get(f"{API}/task-reports/review-queue/").json()["results"]
    returned = post(
        clients["reviewer"], f"/task-reports/{report_id}/return/", {"comment": "请补充附件"}
    )
    resubmitted = post(clients["bureau"], f"/task-reports/{report_id}/submit/")
    approved = post(clients["reviewer"], f"/task-reports/{report_id}/approve/")

    assert created.status_code == 201 and created.json()["state"] == "draft"
    assert patched.json()["percent"] == 50 and patched.json()["text"] == "已完成半数"
    assert submitted.json()["state"] == "submitted"
    assert [r["id"] for r in queue] == [report_id]
    assert returned.json()["state"] == "returned"
    assert resubmitted.json()["state"] == "submitted"
    assert approved.json()["state"] == "approved"
    assert TaskReport.objects.get(pk=report_id).history.latest().history_user == people["reviewer"]


def test_it_refuses_task_reports_outside_the_units_tasks(clients):
    task, unit = lead_task_of("市科技局")
    county_unit = Unit.objects.get(name="鹿城区政府")

    foreign = post(
        clients["bureau"],
        "/task-reports/",
        {
            "task": task.pk,
            "unit": county_unit.pk,
            "year": 2024,
            "status": "on_schedule",
            "percent": 10,
        },
    )
    invalid = post(
        clients["bureau"],
        "/task-reports/",
        {"task": task.pk, "unit": unit.pk, "year": 2024, "status": "done", "percent": 60},
    )

    assert foreign.status_code == 403 and error_of(foreign)["code"] == "permission_denied"
    assert invalid.status_code == 400 and "percent" in error_of(invalid)["details"]
    assert not TaskReport.objects.exists()


def test_end_to_end_a_read_client_and_a_bureau_client(clients, filled_2023):
    """Issue 7's "done means", as one client of each kind would do it."""
    reader, bureau, reviewer = clients["read"], clients["bureau"], clients["reviewer"]

    # A client with a read token lists the nine indicators with their 2023 status for every region.
    status = reader.get(f"{API}/status/?year=2023&category=key&limit=1000").json()["results"]
    by_indicator = {}
    for row in status:
        by_indicator.setdefault(row["indicator"], set()).add(row["region"])
    assert sorted(by_indicator) == [f"K{n}" for n in range(1, 10)]
    assert all(
        regions == {r.code for r in Region.objects.all()} for regions in by_indicator.values()
    )
    assert all(row["year_status"] for row in status)

    # … fetches one region's actuals as CSV …
    csv = reader.get(f"{API}/actuals/?region=330302&format=csv")
    assert csv.status_code == 200 and csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 1 + 9  # the header and the nine 2023 values of 鹿城区
    assert all(",330302,鹿城区,2023," in line for line in lines[1:])

    # … and is refused a write with a clear JSON error.
    refused = reader.post(f"{API}/actuals/", K1_CITY_2024, format="json")
    assert refused.status_code == 403
    assert error_of(refused)["code"] == "read_only_token"
    assert "只读" in error_of(refused)["message"]

    # A bureau token submits an actual, which then waits in the reviewer's queue.
    saved = bureau.post(f"{API}/actuals/", K1_CITY_2024, format="json").json()
    submitted = bureau.post(
        f"{API}/actuals/{saved['id']}/submit/",
        {"expected_version": saved["version"]},
        format="json",
    )
    assert submitted.json()["state"] == "submitted"
    queue = reviewer.get(f"{API}/actuals/review-queue/").json()["results"]
    assert [(r["id"], r["state"], r["value"]) for r in queue] == [
        (saved["id"], "submitted", "2.85")
    ]
    # The reviewers' page reads the same queue.
    assert [a.pk for a in entry_selectors.review_queue()] == [saved["id"]]
    assert CITY_2023["K1"] == "2.75"
