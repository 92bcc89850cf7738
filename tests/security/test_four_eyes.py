"""Four eyes: nobody approves or returns a value or a task report they entered or last changed
(issue 11, defect 11) — an administrator, or a bureau staff member who is also a reviewer. The
rule is the workflow service's, so it holds on the value's page, the review queue (many at once),
the API and the admin alike. WZSCI_FOUR_EYES=0 switches it off for a one-person office."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from rest_framework.test import APIClient

from indicators.catalogue.services.tokens import api_token_create
from indicators.entry import services
from indicators.models import Actual, TaskReport, WorkflowState
from indicators.roles import Role
from tests.factories import make_person
from tests.indicators.entry_world import YEAR, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(db):
    return make_world()


@pytest.fixture
def bureau_reviewer(w):
    """Bureau staff of 市科技局 who is a reviewer too."""
    person = make_person("bureau_reviewer", Role.BUREAU_STAFF, unit=w.bureau_unit)
    person.groups.add(Group.objects.get_or_create(name=Role.REVIEWER)[0])
    return person


def entered_and_submitted(user, indicator, region, value="10") -> Actual:
    actual = services.actual_save(
        user=user, indicator=indicator, region=region, year=YEAR, value=value
    )
    return services.review_submit(user=user, obj=actual)


def state_of(obj) -> str:
    obj.refresh_from_db()
    return obj.state


# --- the services --------------------------------------------------------------------------------
@pytest.mark.parametrize("step", ["approve", "return"])
def test_an_administrator_may_not_review_a_value_they_entered(w, step):
    actual = entered_and_submitted(w.admin, w.count, w.county_region)
    with pytest.raises(services.PermissionDenied) as info:
        if step == "approve":
            services.review_approve(user=w.admin, obj=actual)
        else:
            services.review_return(user=w.admin, obj=actual, comment="请核对")
    assert info.value.code == "four_eyes"
    assert "您本人填报或最后修改" in info.value.message and "其他审核员" in info.value.message
    assert state_of(actual) == WorkflowState.SUBMITTED
    # Another reviewer may
    services.review_approve(user=w.reviewer, obj=actual)
    assert state_of(actual) == WorkflowState.APPROVED


def test_a_bureau_staff_member_who_reviews_may_not_approve_their_own_value(w, bureau_reviewer):
    actual = entered_and_submitted(bureau_reviewer, w.count, w.city)
    with pytest.raises(services.PermissionDenied) as info:
        services.review_approve(user=bureau_reviewer, obj=actual)
    assert info.value.code == "four_eyes"
    assert state_of(actual) == WorkflowState.SUBMITTED


def test_a_bureau_staff_member_who_reviews_may_approve_a_colleagues_value(w, bureau_reviewer):
    actual = entered_and_submitted(w.bureau, w.count, w.city)
    services.review_approve(user=bureau_reviewer, obj=actual)
    assert state_of(actual) == WorkflowState.APPROVED


def test_whoever_last_changed_a_value_may_not_review_it(w):
    # Given the clerk's draft, corrected by the administrator, then submitted by the clerk
    draft = services.actual_save(
        user=w.county, indicator=w.count, region=w.county_region, year=YEAR, value="10"
    )
    services.actual_save(
        user=w.admin,
        indicator=w.count,
        region=w.county_region,
        year=YEAR,
        value="12",
        expected_version=draft.version,
    )
    actual = services.review_submit(user=w.county, obj=Actual.objects.get())
    # Then the administrator, who last changed it, may not approve it
    with pytest.raises(services.PermissionDenied):
        services.review_approve(user=w.admin, obj=actual)
    assert state_of(actual) == WorkflowState.SUBMITTED


def test_whoever_entered_a_value_may_not_review_it_after_someone_else_changed_it(w):
    # Given the administrator's draft, corrected and submitted by the clerk
    draft = services.actual_save(
        user=w.admin, indicator=w.count, region=w.county_region, year=YEAR, value="10"
    )
    services.actual_save(
        user=w.county,
        indicator=w.count,
        region=w.county_region,
        year=YEAR,
        value="12",
        expected_version=draft.version,
    )
    actual = services.review_submit(user=w.county, obj=Actual.objects.get())
    # Then the administrator, who entered it, may not approve it
    with pytest.raises(services.PermissionDenied):
        services.review_approve(user=w.admin, obj=actual)
    assert state_of(actual) == WorkflowState.SUBMITTED


def test_a_reviewer_may_return_a_value_they_approved(w):
    actual = entered_and_submitted(w.county, w.count, w.county_region)
    services.review_approve(user=w.reviewer, obj=actual)
    services.review_return(user=w.reviewer, obj=actual, comment="口径有误，请更正")
    assert state_of(actual) == WorkflowState.RETURNED


def test_nobody_approves_a_task_report_they_wrote(w, bureau_reviewer):
    report = services.task_report_save(
        user=bureau_reviewer,
        task=w.task,
        unit=w.bureau_unit,
        year=YEAR,
        period=0,
        status="on_schedule",
        percent=40,
        text="推进中",
    )
    report = services.review_submit(user=bureau_reviewer, obj=report)
    with pytest.raises(services.PermissionDenied) as info:
        services.review_approve(user=bureau_reviewer, obj=report)
    assert info.value.code == "four_eyes" and "该进展报告" in info.value.message
    services.review_approve(user=w.reviewer, obj=report)
    assert state_of(report) == WorkflowState.APPROVED


def test_review_many_refuses_the_whole_selection_when_one_is_the_reviewers_own(w):
    theirs = entered_and_submitted(w.county, w.count, w.county_region)
    own = entered_and_submitted(w.admin, w.money, w.county_region)
    with pytest.raises(services.PermissionDenied) as info:
        services.review_many(user=w.admin, model=Actual, ids=[theirs.pk, own.pk], action="approve")
    assert info.value.code == "four_eyes"
    assert (state_of(theirs), state_of(own)) == (WorkflowState.SUBMITTED, WorkflowState.SUBMITTED)


def test_a_one_person_office_may_switch_the_rule_off(w, settings):
    settings.WZSCI_FOUR_EYES = False
    actual = entered_and_submitted(w.admin, w.count, w.county_region)
    services.review_approve(user=w.admin, obj=actual)
    assert state_of(actual) == WorkflowState.APPROVED


# --- the paths -----------------------------------------------------------------------------------
def test_the_values_page_says_why_and_approves_nothing(client, w):
    actual = entered_and_submitted(w.admin, w.count, w.county_region)
    client.force_login(w.admin)
    response = client.post(
        reverse("entry:actual_detail", args=[actual.pk]),
        {"action": "approve", "version": actual.version},
        follow=True,
    )
    assert "您本人填报或最后修改" in response.content.decode()
    assert state_of(actual) == WorkflowState.SUBMITTED


def test_the_review_queue_says_why_and_approves_nothing(client, w):
    actual = entered_and_submitted(w.admin, w.count, w.county_region)
    client.force_login(w.admin)
    response = client.post(
        reverse("entry:review_queue"), {"kind": "actuals", "action": "approve", "ids": [actual.pk]}
    )
    assert response.status_code == 200
    assert "您本人填报或最后修改" in response.content.decode()
    assert state_of(actual) == WorkflowState.SUBMITTED


@pytest.mark.parametrize("step", ["approve", "return"])
def test_the_api_answers_403_four_eyes(w, bureau_reviewer, step):
    actual = entered_and_submitted(bureau_reviewer, w.count, w.city)
    _, key = api_token_create(client_name="科技局业务系统", user=bureau_reviewer, read_only=False)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = client.post(
        f"/api/v1/actuals/{actual.pk}/{step}/", {"comment": "请核对"}, format="json"
    )
    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "four_eyes"
    assert "您本人填报或最后修改" in error["message"] and error["message_en"]
    assert state_of(actual) == WorkflowState.SUBMITTED


def test_the_api_refuses_a_task_report_of_ones_own_too(w, bureau_reviewer):
    report = services.task_report_save(
        user=bureau_reviewer,
        task=w.task,
        unit=w.bureau_unit,
        year=YEAR,
        period=0,
        status="on_schedule",
        percent=40,
        text="推进中",
    )
    services.review_submit(user=bureau_reviewer, obj=report)
    _, key = api_token_create(client_name="科技局业务系统", user=bureau_reviewer, read_only=False)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = client.post(f"/api/v1/task-reports/{report.pk}/approve/", {}, format="json")
    assert response.status_code == 403 and response.json()["error"]["code"] == "four_eyes"
    assert TaskReport.objects.get().state == WorkflowState.SUBMITTED


def test_the_admin_action_says_why_and_approves_nothing(client, w):
    superuser = make_person("root", is_staff=True, is_superuser=True)
    actual = entered_and_submitted(superuser, w.count, w.county_region)
    superuser.user_permissions.add(*Permission.objects.filter(content_type__app_label="indicators"))
    client.force_login(superuser)
    response = client.post(
        reverse("admin:indicators_actual_changelist"),
        {"action": "approve_selected", "_selected_action": [actual.pk]},
        follow=True,
    )
    assert "您本人填报或最后修改" in response.content.decode()
    assert state_of(actual) == WorkflowState.SUBMITTED


@pytest.mark.parametrize(
    "role", ["leader", "bureau", "other_bureau", "county", "other_county", "reviewer", "admin"]
)
def test_only_reviewers_and_administrators_review_a_task_report_of_someone_else(w, role):
    report = services.task_report_save(
        user=w.other_bureau,
        task=w.task,
        unit=w.other_unit,
        year=YEAR,
        period=0,
        status="on_schedule",
        percent=40,
        text="配合推进",
    )
    report = services.review_submit(user=w.other_bureau, obj=report)
    user = w.user(role)
    if role in {"reviewer", "admin"}:
        services.review_approve(user=user, obj=report)
        assert state_of(report) == WorkflowState.APPROVED
    else:
        with pytest.raises(services.PermissionDenied) as info:
            services.review_approve(user=user, obj=report)
        # the role is refused first (the author among them): four eyes is for reviewers
        assert info.value.code == "permission_denied"
        assert state_of(report) == WorkflowState.SUBMITTED
