"""撤回: a submitted value or task report is read-only; its enterer withdraws it to draft (with
history) before changing it, on the entry page, the value's page, the task report page and the API.
Changing a submitted row without withdrawing it is refused with a message that says so."""

from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from indicators.entry import services
from indicators.models import Actual, TaskReport, WorkflowState
from tests.indicators.entry_world import YEAR, make_world, submitted_actual

pytestmark = pytest.mark.django_db
D, S, A = WorkflowState.DRAFT, WorkflowState.SUBMITTED, WorkflowState.APPROVED


@pytest.fixture
def w(db):
    return make_world()


def _report(w, *, submit=True) -> TaskReport:
    report = services.task_report_save(
        user=w.bureau,
        task=w.task,
        unit=w.bureau_unit,
        year=YEAR,
        period=0,
        status="on_schedule",
        percent=40,
        text="已完成四成",
    )
    return services.review_submit(user=w.bureau, obj=report) if submit else report


# --- the service -------------------------------------------------------------------------------


def test_it_withdraws_a_submitted_value_to_draft_with_history(w):
    actual = submitted_actual(w, w.count, w.county_region, YEAR, "10")
    withdrawn = services.review_withdraw(user=w.county, obj=actual, expected_version=actual.version)
    assert (withdrawn.state, withdrawn.submitted_at, withdrawn.version) == (D, None, 3)
    record = withdrawn.history.latest()
    assert record.history_user == w.county
    assert record.history_change_reason == "撤回为草稿"
    assert actual.pk not in [a.pk for a in Actual.objects.filter(state=S)]


def test_it_refuses_to_change_a_submitted_report_until_withdrawn(w):
    report = _report(w)
    with pytest.raises(services.InvalidState) as info:
        services.task_report_save(
            user=w.bureau,
            task=w.task,
            unit=w.bureau_unit,
            year=YEAR,
            period=0,
            status="on_schedule",
            percent=60,
            text="已完成六成",
        )
    assert "撤回" in info.value.message
    report.refresh_from_db()
    assert (report.state, report.percent) == (S, 40)
    assert services.review_withdraw(user=w.bureau, obj=report).state == D


def test_it_withdraws_only_what_is_submitted_and_only_for_its_enterer(w):
    draft = services.actual_save(
        user=w.county, indicator=w.money, region=w.county_region, year=YEAR, value="5"
    )
    with pytest.raises(services.InvalidState):
        services.review_withdraw(user=w.county, obj=draft)
    approved = services.review_approve(
        user=w.reviewer, obj=submitted_actual(w, w.count, w.county_region, YEAR, "10")
    )
    with pytest.raises(services.InvalidState):
        services.review_withdraw(user=w.county, obj=approved)
    other = submitted_actual(w, w.count, w.other_region, YEAR, "7", user=w.other_county)
    with pytest.raises(services.PermissionDenied):
        services.review_withdraw(user=w.county, obj=other)
    assert Actual.objects.get(pk=other.pk).state == S


def test_it_refuses_to_withdraw_in_a_closed_year(w):
    report = _report(w)
    services.review_approve(user=w.reviewer, obj=report)
    services.year_close(user=w.reviewer, year=YEAR)
    actual = Actual.objects.create(
        indicator=w.count, region=w.county_region, year=YEAR, value=1, state=S
    )
    with pytest.raises(services.Locked):
        services.review_withdraw(user=w.county, obj=actual)


# --- the pages ---------------------------------------------------------------------------------


def _entry_page(client, w) -> str:
    url = reverse("entry:home") + f"?year={YEAR}&region={w.county_region.code}"
    return client.get(url).content.decode()


def test_the_entry_page_shows_a_submitted_value_read_only_with_a_withdraw_button(client, w):
    actual = submitted_actual(w, w.count, w.county_region, YEAR, "2830")
    client.force_login(w.county)
    page = _entry_page(client, w)
    assert f'name="r{w.count.pk}-value"' not in page
    assert f'form="withdraw-{actual.pk}"' in page
    assert f'id="withdraw-{actual.pk}"' in page
    # When the clerk presses 撤回
    response = client.post(
        reverse("entry:actual_detail", args=[actual.pk]),
        {"action": "withdraw", "version": actual.version, "back": "entry"},
    )
    # Then the value is a draft again, editable on the entry page they are sent back to
    assert response.status_code == 302 and reverse("entry:home") in response["Location"]
    assert Actual.objects.get(pk=actual.pk).state == D
    assert f'name="r{w.count.pk}-value"' in _entry_page(client, w)


def test_a_change_posted_for_a_submitted_value_is_refused_with_a_clear_message(client, w):
    actual = submitted_actual(w, w.count, w.county_region, YEAR, "10")
    client.force_login(w.county)
    p = f"r{w.count.pk}"
    response = client.post(
        reverse("entry:home") + f"?year={YEAR}&region={w.county_region.code}",
        {
            "year": YEAR,
            "region": w.county_region.code,
            "action": "save",
            f"{p}-value": "11",
            f"{p}-version": actual.version,
            f"{p}-source_note": "",
            f"{p}-explanation": "",
        },
    )
    page = response.content.decode()
    assert "已提交审核，不能直接修改" in page
    assert "已保存 1 条草稿" not in page
    actual.refresh_from_db()
    assert (actual.state, actual.value) == (S, Decimal("10"))


def test_the_values_page_offers_withdraw_for_a_submitted_value(client, w):
    actual = submitted_actual(w, w.count, w.county_region, YEAR, "10")
    client.force_login(w.county)
    page = client.get(reverse("entry:actual_detail", args=[actual.pk])).content.decode()
    assert 'value="withdraw"' in page
    assert "在填报页修改" not in page
    client.force_login(w.reviewer)
    page = client.get(reverse("entry:actual_detail", args=[actual.pk])).content.decode()
    assert 'value="withdraw"' not in page


def test_the_task_report_page_shows_a_submitted_report_read_only_and_withdraws_it(client, w):
    report = _report(w)
    client.force_login(w.bureau)
    url = reverse("entry:task_report", args=[w.task.pk])
    page = client.get(url + f"?year={YEAR}&period=0&unit={w.bureau_unit.pk}").content.decode()
    assert 'name="text"' not in page
    assert 'value="withdraw"' in page
    client.post(
        url,
        {
            "action": "withdraw",
            "unit": w.bureau_unit.pk,
            "year": YEAR,
            "period": 0,
            "version": report.version,
        },
    )
    report.refresh_from_db()
    assert report.state == D
    page = client.get(url + f"?year={YEAR}&period=0&unit={w.bureau_unit.pk}").content.decode()
    assert 'name="text"' in page


# --- the API -----------------------------------------------------------------------------------


def test_the_api_refuses_to_patch_a_submitted_value_and_withdraws_it(w):
    actual = submitted_actual(w, w.count, w.county_region, YEAR, "10")
    api = APIClient()
    api.force_authenticate(w.county)
    base = f"/api/v1/actuals/{actual.pk}/"
    patched = api.patch(base, {"value": "11"}, format="json")
    assert patched.status_code == 409
    assert patched.json()["error"]["code"] == "invalid_state"
    withdrawn = api.post(base + "withdraw/", {"expected_version": actual.version}, format="json")
    assert withdrawn.status_code == 200, withdrawn.json()
    assert withdrawn.json()["state"] == "draft"
    assert api.patch(base, {"value": "11"}, format="json").status_code == 200
    assert Actual.objects.get(pk=actual.pk).value == Decimal("11")
