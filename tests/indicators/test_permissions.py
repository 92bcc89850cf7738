"""The permission matrix: every role × every write path (entry form, Excel/CSV import, admin,
the services the API calls) for each kind of write. One rule set (indicators/rules.py) decides;
these tests check that no path lets a role past it, and that every permitted role gets through.
"""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.entry import services
from indicators.models import Actual, TaskReport, WorkflowState, YearClosure
from tests.indicators.entry_world import YEAR, make_world, submitted_actual, xlsx_bytes

pytestmark = pytest.mark.django_db

ROLES = ["leader", "bureau", "other_bureau", "county", "other_county", "reviewer", "admin"]
# Who may write what. Everything not listed is refused.
CITY_ENTRY = {"bureau", "admin"}  # the city figure of an indicator the bureau leads
COUNTY_ENTRY = {"county", "admin"}  # 鹿城区's figure of any indicator
REVIEW = {"reviewer", "admin"}
LEAD_TASK_REPORT = {"bureau", "admin"}  # the lead unit's report on its task
CO_TASK_REPORT = {"other_bureau", "admin"}  # the co-unit's part


@pytest.fixture
def w(db):
    return make_world()


def cell(w, which):
    return (w.count, w.city) if which == "city" else (w.count, w.county_region)


# --- the rules themselves --------------------------------------------------------------------
@pytest.mark.parametrize("role", ROLES)
def test_it_lets_only_the_right_roles_enter_each_cell(w, role):
    user = w.user(role)
    assert user.has_perm("indicators.enter_actual", (w.count, w.city)) == (role in CITY_ENTRY)
    assert user.has_perm("indicators.enter_actual", (w.count, w.county_region)) == (
        role in COUNTY_ENTRY
    )
    # Bureau staff: only indicators their unit leads, only at city level.
    assert user.has_perm("indicators.enter_actual", (w.other_count, w.city)) == (
        role in {"other_bureau", "admin"}
    )
    assert user.has_perm("indicators.review_actual", None) == (role in REVIEW)
    assert user.has_perm("indicators.close_year", YEAR) == (role in REVIEW)
    assert user.has_perm("indicators.write_task_report", (w.task, w.bureau_unit)) == (
        role in LEAD_TASK_REPORT
    )
    assert user.has_perm("indicators.write_task_report", (w.task, w.other_unit)) == (
        role in CO_TASK_REPORT
    )


def test_it_refuses_a_bureau_account_for_a_task_its_unit_is_not_responsible_for(w):
    assert not w.bureau.has_perm("indicators.write_task_report", (w.other_task, w.bureau_unit))
    assert not w.bureau.has_perm("indicators.write_task_report", (w.other_task, w.other_unit))


def test_it_gives_an_account_without_a_profile_nothing_to_enter(w):
    from tests.factories import make_person

    lost = make_person("nobody", "county_staff")
    assert not lost.has_perm("indicators.enter_actual", (w.count, w.county_region))
    assert not lost.has_perm("indicators.enter_actual", (w.count, w.city))


# --- path: the services (what the REST API calls) -------------------------------------------
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("which", ["city", "county"])
def test_it_enforces_entry_rights_in_the_services(w, role, which):
    indicator, region = cell(w, which)
    allowed = role in (CITY_ENTRY if which == "city" else COUNTY_ENTRY)
    call = lambda: services.actual_save(  # noqa: E731
        user=w.user(role), indicator=indicator, region=region, year=YEAR, value="10"
    )
    if allowed:
        assert call().value == Decimal(10)
    else:
        with pytest.raises(services.PermissionDenied) as info:
            call()
        assert info.value.code == "permission_denied"
        assert "没有权限" in info.value.message
        assert not Actual.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_it_enforces_submit_rights_in_the_services(w, role):
    draft = services.actual_save(
        user=w.county, indicator=w.count, region=w.county_region, year=YEAR, value="10"
    )
    if role in COUNTY_ENTRY:
        assert services.review_submit(user=w.user(role), obj=draft).state == WorkflowState.SUBMITTED
    else:
        with pytest.raises(services.PermissionDenied):
            services.review_submit(user=w.user(role), obj=draft)
        draft.refresh_from_db()
        assert draft.state == WorkflowState.DRAFT


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ["approve", "return", "many"])
def test_it_enforces_review_rights_in_the_services(w, role, action):
    actual = submitted_actual(w, w.count, w.county_region, YEAR, "10")
    user = w.user(role)
    calls = {
        "approve": lambda: services.review_approve(user=user, obj=actual),
        "return": lambda: services.review_return(user=user, obj=actual, comment="请核对"),
        "many": lambda: services.review_many(
            user=user, model=Actual, ids=[actual.pk], action="approve"
        ),
    }
    if role in REVIEW:
        calls[action]()
        actual.refresh_from_db()
        assert actual.state in {WorkflowState.APPROVED, WorkflowState.RETURNED}
    else:
        with pytest.raises(services.PermissionDenied):
            calls[action]()
        actual.refresh_from_db()
        assert actual.state == WorkflowState.SUBMITTED


@pytest.mark.parametrize("role", ROLES)
def test_it_enforces_year_closing_rights_in_the_services(w, role):
    if role in REVIEW:
        services.year_close(user=w.user(role), year=YEAR)
        services.year_reopen(user=w.user(role), year=YEAR)
        assert not YearClosure.objects.exists()
    else:
        with pytest.raises(services.PermissionDenied):
            services.year_close(user=w.user(role), year=YEAR)
        assert not YearClosure.objects.exists()
        services.year_close(user=w.reviewer, year=YEAR)
        with pytest.raises(services.PermissionDenied):
            services.year_reopen(user=w.user(role), year=YEAR)
        assert YearClosure.objects.filter(year=YEAR).exists()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("part", ["lead", "co"])
def test_it_enforces_task_report_rights_in_the_services(w, role, part):
    unit = w.bureau_unit if part == "lead" else w.other_unit
    allowed = role in (LEAD_TASK_REPORT if part == "lead" else CO_TASK_REPORT)
    call = lambda: services.task_report_save(  # noqa: E731
        user=w.user(role),
        task=w.task,
        unit=unit,
        year=YEAR,
        period=0,
        status="on_schedule",
        percent=40,
        text="推进中",
    )
    if allowed:
        assert call().percent == 40
    else:
        with pytest.raises(services.PermissionDenied):
            call()
        assert not TaskReport.objects.exists()


# --- path: the entry form --------------------------------------------------------------------
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("which", ["city", "county"])
def test_it_enforces_entry_rights_through_the_entry_form(client, w, role, which):
    indicator, region = cell(w, which)
    allowed = role in (CITY_ENTRY if which == "city" else COUNTY_ENTRY)
    client.force_login(w.user(role))
    prefix = f"r{indicator.pk}"
    response = client.post(
        reverse("entry:home") + f"?year={YEAR}&region={region.code}",
        {
            "year": YEAR,
            "region": region.code,
            "action": "save",
            f"{prefix}-value": "123",
            f"{prefix}-version": "0",
            f"{prefix}-source_note": "",
            f"{prefix}-explanation": "",
        },
    )
    saved = Actual.objects.filter(indicator=indicator, region=region, year=YEAR).first()
    if allowed:
        assert response.status_code == 302
        assert saved is not None and saved.value == Decimal(123)
    else:
        assert saved is None
        if role in {"leader", "reviewer"}:
            assert response.status_code == 403
            assert "不负责指标数据填报" in response.content.decode()


# --- path: the Excel / CSV import ------------------------------------------------------------
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("which", ["city", "county"])
def test_it_enforces_entry_rights_through_the_import(client, w, role, which):
    indicator, region = cell(w, which)
    allowed = role in (CITY_ENTRY if which == "city" else COUNTY_ENTRY)
    content = xlsx_bytes(
        [["指标代码", "区域", "年份", "本年值"], [indicator.code, region.name, YEAR, 55]]
    )
    client.force_login(w.user(role))
    response = client.post(
        reverse("entry:import"),
        {"year": YEAR, "file": SimpleUploadedFile("模板.xlsx", content)},
    )
    saved = Actual.objects.filter(indicator=indicator, region=region, year=YEAR).first()
    if allowed:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert saved.value == Decimal(55) and saved.origin == Actual.Origin.IMPORT
    else:
        assert saved is None
        assert response.status_code in {200, 403}
        body = response.content.decode()
        if response.status_code == 200:
            # the row is named: sheet, row 2, the region column, and why
            assert "没有权限填报" in body and "区域（B列）" in body


# --- path: the admin -------------------------------------------------------------------------
def _as_admin_user(user):
    """Give the account the admin and Django's model permissions, so only the rules can stop it."""
    user.is_staff = True
    user.save()
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="indicators"))
    return user


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("which", ["city", "county"])
def test_it_enforces_entry_rights_through_the_admin(client, w, role, which):
    indicator, region = cell(w, which)
    allowed = role in (CITY_ENTRY if which == "city" else COUNTY_ENTRY)
    client.force_login(_as_admin_user(w.user(role)))
    response = client.post(
        reverse("admin:indicators_actual_add"),
        {
            "indicator": indicator.pk,
            "region": region.pk,
            "year": YEAR,
            "value": "77",
            "source_note": "",
            "explanation": "",
            "expected_version": "0",
            "_save": "保存",
        },
    )
    saved = Actual.objects.filter(indicator=indicator, region=region, year=YEAR).first()
    if allowed:
        assert response.status_code == 302
        assert saved.value == Decimal(77) and saved.entered_by == w.user(role)
        assert saved.history.first().history_user == w.user(role)
    else:
        assert response.status_code == 200  # the form again, with the reason
        assert "没有权限" in response.content.decode()
        assert saved is None


@pytest.mark.parametrize("role", ROLES)
def test_it_enforces_review_rights_through_the_admin_action(client, w, role):
    actual = submitted_actual(w, w.count, w.county_region, YEAR, "10")
    client.force_login(_as_admin_user(w.user(role)))
    client.post(
        reverse("admin:indicators_actual_changelist"),
        {"action": "approve_selected", "_selected_action": [actual.pk]},
    )
    actual.refresh_from_db()
    assert (actual.state == WorkflowState.APPROVED) == (role in REVIEW)


@pytest.mark.parametrize("role", ROLES)
def test_it_enforces_year_closing_rights_through_the_admin(client, w, role):
    client.force_login(_as_admin_user(w.user(role)))
    client.post(reverse("admin:indicators_yearclosure_add"), {"year": YEAR, "_save": "保存"})
    assert YearClosure.objects.filter(year=YEAR).exists() == (role in REVIEW)


def test_it_never_deletes_an_actual_through_the_admin(client, w):
    actual = submitted_actual(w, w.count, w.county_region, YEAR, "10")
    client.force_login(_as_admin_user(w.admin))
    client.post(reverse("admin:indicators_actual_delete", args=[actual.pk]), {"post": "yes"})
    assert Actual.objects.filter(pk=actual.pk).exists()


@pytest.mark.parametrize("role", ROLES)
def test_it_enforces_task_report_rights_through_the_admin(client, w, role):
    client.force_login(_as_admin_user(w.user(role)))
    client.post(
        reverse("admin:indicators_taskreport_add"),
        {
            "task": w.task.pk,
            "unit": w.bureau_unit.pk,
            "year": YEAR,
            "period": 0,
            "status": "on_schedule",
            "percent": "30",
            "text": "推进中",
            "expected_version": "0",
            "_save": "保存",
        },
    )
    assert TaskReport.objects.exists() == (role in LEAD_TASK_REPORT)


# --- path: the pages of the review queue and of year closing ---------------------------------
@pytest.mark.parametrize("role", ROLES)
def test_it_enforces_review_rights_through_the_review_page(client, w, role):
    actual = submitted_actual(w, w.count, w.county_region, YEAR, "10")
    client.force_login(w.user(role))
    response = client.post(
        reverse("entry:review_queue"), {"kind": "actuals", "action": "approve", "ids": [actual.pk]}
    )
    actual.refresh_from_db()
    if role in REVIEW:
        assert response.status_code == 302
        assert actual.state == WorkflowState.APPROVED
    else:
        assert response.status_code == 403
        assert actual.state == WorkflowState.SUBMITTED


@pytest.mark.parametrize("role", ROLES)
def test_it_enforces_year_closing_rights_through_the_years_page(client, w, role):
    client.force_login(w.user(role))
    client.post(reverse("entry:years"), {"action": "close", "year": YEAR, "confirm": "1"})
    assert YearClosure.objects.filter(year=YEAR).exists() == (role in REVIEW)


def test_it_sends_an_anonymous_visitor_to_the_login_page(client, w):
    for name in ("entry:home", "entry:review_queue", "entry:years", "entry:import", "entry:tasks"):
        response = client.post(reverse(name), {})
        assert response.status_code == 302
        assert reverse("login") in response["Location"]
    assert not Actual.objects.exists()
