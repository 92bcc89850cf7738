"""Every write in the admin goes through its service: real POSTs, as a browser sends them.

Issue 10: targets edited in the admin queued no recompute. Every registered admin of the
indicators and proposals apps that can add or change declares its save service (and, if it can
delete, its delete service); the tests below wrap each declared service and prove that the
admin's save_model / delete_model / save_formset call it. An admin added later without a
service fails the listing.
"""

import contextlib
import itertools
from decimal import Decimal
from unittest import mock

import pytest
from django.contrib import admin as django_admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import RequestFactory
from django.urls import reverse
from django.utils.module_loading import import_string

from indicators.admin.targets import TargetAdmin
from indicators.catalogue.services import indicators as indicator_services
from indicators.catalogue.services import regions as region_services
from indicators.catalogue.services import tasks as task_services
from indicators.catalogue.services.tokens import api_token_create
from indicators.entry import services as entry_services
from indicators.entry.services import InvalidState, PermissionDenied
from indicators.models import (
    Actual,
    ApiToken,
    Indicator,
    Lever,
    Plan,
    Profile,
    ProgressSnapshot,
    Region,
    RegionGroup,
    ReportingAssignment,
    Target,
    Task,
    TaskReport,
    TaskUnit,
    Unit,
    YearClosure,
)
from indicators.progress.recompute import recompute_progress
from proposals.models import Commitment, Proposal, Reply, ReportedFigure
from tests.factories import (
    IndicatorFactory,
    PlanFactory,
    RegionFactory,
    TargetFactory,
    UnitFactory,
    make_person,
)
from tests.indicators.entry_world import YEAR, make_world
from tests.proposals.factories import (
    CommitmentFactory,
    ProposalFactory,
    ReplyFactory,
    ReportedFigureFactory,
)
from tests.proposals.formscrape import form_fields

pytestmark = pytest.mark.django_db

APPS = {"indicators", "proposals"}
_n = itertools.count(1)


# --------------------------------------------------------------------------- the listing


def superuser_request():
    request = RequestFactory().get("/admin/")
    request.user = get_user_model()(username="root", is_active=True, is_superuser=True)
    return request


def registered_admins() -> dict:
    """The registered ModelAdmins of the two apps, by model."""
    return {
        model: model_admin
        for model, model_admin in django_admin.site._registry.items()
        if model._meta.app_label in APPS
    }


def writable_inlines() -> list:
    """(admin, inline) for every inline of those admins a superuser may add, change or delete
    rows in."""
    request = superuser_request()
    found = []
    for model_admin in registered_admins().values():
        for inline_class in model_admin.inlines:
            inline = inline_class(model_admin.model, django_admin.site)
            if (
                inline.has_add_permission(request, None)
                or inline.has_change_permission(request)
                or inline.has_delete_permission(request)
            ):
                found.append((model_admin, inline))
    return found


def declaring(attribute: str) -> list:
    return [m for m in registered_admins().values() if getattr(m, attribute, "")]


def test_every_admin_that_can_save_declares_its_save_service():
    request = superuser_request()
    writable = {
        type(m).__name__
        for m in registered_admins().values()
        if m.has_add_permission(request) or m.has_change_permission(request)
    }
    assert writable == {type(m).__name__ for m in declaring("save_service")}
    assert "TargetAdmin" in writable and "CommitmentAdmin" in writable  # the listing is real


def test_every_admin_that_can_delete_declares_its_delete_service():
    request = superuser_request()
    deletable = {
        type(m).__name__ for m in registered_admins().values() if m.has_delete_permission(request)
    }
    assert deletable == {type(m).__name__ for m in declaring("delete_service")}


def test_every_writable_inline_declares_its_service():
    inlines = writable_inlines()
    assert {type(i).__name__ for _, i in inlines} == {
        type(i).__name__ for _, i in inlines if getattr(i, "save_service", "")
    }
    assert len(inlines) >= 4  # task units, targets, commitments, reported figures


def test_every_declared_service_exists():
    for model_admin in registered_admins().values():
        for attribute in ("save_service", "delete_service"):
            if path := getattr(model_admin, attribute, ""):
                assert callable(import_string(path)), path


# --------------------------------------------------------------------------- the world


@pytest.fixture
def w(db):
    return make_world()


@pytest.fixture
def root(w):
    return make_person("root", is_staff=True, is_superuser=True)


@pytest.fixture
def root_client(client, root):
    client.force_login(root)
    return client


def _task(w) -> Task:
    task = Task.objects.create(plan=w.plan, number=100 + next(_n), title="测试任务", text="……")
    TaskUnit.objects.create(task=task, unit=w.bureau_unit, position=1, is_lead=True)
    return task


def _indicator(w) -> Indicator:
    indicator = IndicatorFactory(plan=w.plan)
    TargetFactory(indicator=indicator, region=w.city, plan=w.plan)
    return indicator


def _reply(w) -> Reply:
    return ReplyFactory(handling_unit=w.bureau_unit)


# One row of each model, fit to be changed and deleted by the administrator.
BUILDERS = {
    Plan: lambda w: PlanFactory(),
    Lever: lambda w: Lever.objects.create(plan=w.plan, number=next(_n), name="抓手", action="行动"),
    Task: _task,
    Region: lambda w: RegionFactory(),
    RegionGroup: lambda w: RegionGroup.objects.create(name=f"区域组{next(_n)}"),
    Unit: lambda w: UnitFactory(),
    ReportingAssignment: lambda w: ReportingAssignment.objects.create(
        indicator=IndicatorFactory(plan=w.plan), region=w.county_region
    ),
    Indicator: _indicator,
    Target: lambda w: TargetFactory(
        indicator=w.count, region=w.city, plan=w.plan, year=2020 + next(_n)
    ),
    Profile: lambda w: make_person(f"someone{next(_n)}", unit=w.bureau_unit).profile,
    ApiToken: lambda w: api_token_create(client_name="市数据平台", user=w.bureau)[0],
    Actual: lambda w: entry_services.actual_save(
        user=w.county, indicator=w.count, region=w.county_region, year=YEAR, value="10"
    ),
    TaskReport: lambda w: (
        entry_services.save_and_submit(
            user=w.bureau,
            model=TaskReport,
            changes={
                "task": w.task,
                "unit": w.bureau_unit,
                "year": YEAR,
                "period": 0,
                "status": "on_schedule",
                "percent": "40",
                "text": "推进中",
            },
        ).obj
    ),
    YearClosure: lambda w: entry_services.year_close(user=w.admin, year=2000 + next(_n)),
    Proposal: lambda w: ProposalFactory(),
    Reply: _reply,
    Commitment: lambda w: CommitmentFactory(reply=_reply(w)),
    ReportedFigure: lambda w: ReportedFigureFactory(reply=_reply(w), region=w.city),
}
# What an add page is posted with, for an admin that only adds (a closure is added or deleted).
ADDED = {YearClosure: {"year": str(YEAR)}}


def admin_url(model, view: str, *args) -> str:
    meta = model._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=args)


def change_form(client, obj) -> tuple[str, dict[str, str]]:
    """The change page's URL and its form's fields as a browser would post them back."""
    url = admin_url(type(obj), "change", obj.pk)
    response = client.get(url)
    assert response.status_code == 200
    return url, form_fields(response.content.decode(), f"{obj._meta.model_name}_form")


def post(client, url, data):
    response = client.post(url, {**data, "_save": "保存"})
    errors = response.context["errors"] if response.status_code == 200 else None
    return response, errors


@contextlib.contextmanager
def calls_inside(model_admin, method: str, service_path: str):
    """Wrap the service at `service_path` and the admin's `method`; yield the list of how many
    times the service ran inside each call of the method (the form's dry run, in its clean(),
    is not inside)."""
    counts: list[int] = []
    original = getattr(model_admin, method)
    with mock.patch(service_path, wraps=import_string(service_path)) as spy:

        def counted(*args, **kwargs):
            before = spy.call_count
            result = original(*args, **kwargs)
            counts.append(spy.call_count - before)
            return result

        with mock.patch.object(model_admin, method, counted):
            yield counts


def by_name(admins) -> list:
    return sorted(admins, key=lambda m: type(m).__name__)


# --------------------------------------------------------------------------- saves and deletes


@pytest.mark.parametrize(
    "model_admin", by_name(declaring("save_service")), ids=lambda m: type(m).__name__
)
def test_an_admin_save_goes_through_its_save_service(root_client, w, model_admin):
    # Given a row (or, for an admin that only adds, an add page)
    model = model_admin.model
    if model_admin.has_change_permission(superuser_request()):
        url, data = change_form(root_client, BUILDERS[model](w))
    else:
        url, data = admin_url(model, "add"), ADDED[model]
    # When the administrator saves the form as the page shows it
    with calls_inside(model_admin, "save_model", model_admin.save_service) as counts:
        response, errors = post(root_client, url, data)
    # Then it is saved, by one call of the declared service inside save_model
    assert response.status_code == 302, errors
    assert counts == [1]


@pytest.mark.parametrize(
    "model_admin", by_name(declaring("delete_service")), ids=lambda m: type(m).__name__
)
def test_an_admin_delete_goes_through_its_delete_service(root_client, w, model_admin):
    # Given two rows
    model = model_admin.model
    one, other = BUILDERS[model](w), BUILDERS[model](w)
    # When the administrator deletes one from its page
    with calls_inside(model_admin, "delete_model", model_admin.delete_service) as counts:
        response = root_client.post(admin_url(model, "delete", one.pk), {"post": "yes"})
    # Then the declared service deleted it
    assert response.status_code == 302
    assert counts == [1]
    assert not model.objects.filter(pk=one.pk).exists()
    # And the list's "delete selected" action goes through it too
    with calls_inside(model_admin, "delete_queryset", model_admin.delete_service) as counts:
        response = root_client.post(
            admin_url(model, "changelist"),
            {"action": "delete_selected", "_selected_action": [other.pk], "post": "yes"},
        )
    assert response.status_code == 302
    assert counts == [1]
    assert not model.objects.filter(pk=other.pk).exists()


# One row of each inline's model, and a change to make to it on its parent's page.
ROWS = {
    TaskUnit: (lambda w: _task(w).task_units.get(), "position", "5"),
    Target: (BUILDERS[Target], "value", "123"),
    Commitment: (BUILDERS[Commitment], "text", "新增孵化面积200万平方米以上。"),
    ReportedFigure: (BUILDERS[ReportedFigure], "value", "160"),
}


@pytest.mark.parametrize(
    ("model_admin", "inline"), writable_inlines(), ids=lambda x: type(x).__name__
)
def test_an_inline_row_is_saved_through_its_service(root_client, w, model_admin, inline):
    # Given a row of the inline on its parent's change page
    build, field, value = ROWS[inline.model]
    row = build(w)
    parent = getattr(row, inline.get_formset(superuser_request()).fk.name)
    url, data = change_form(root_client, parent)
    prefix = inline.get_formset(superuser_request(), parent).get_default_prefix()
    index = next(i for i in itertools.count() if data[f"{prefix}-{i}-id"] == str(row.pk))
    # When the administrator changes it there
    data[f"{prefix}-{index}-{field}"] = value
    with calls_inside(model_admin, "save_formset", inline.save_service) as counts:
        response, errors = post(root_client, url, data)
    # Then the inline's service saved it (once, in the formset of its model)
    assert response.status_code == 302, errors
    assert sum(counts) == 1


# --------------------------------------------------------------------------- targets


def city_snapshot(indicator, year):
    return ProgressSnapshot.objects.get(
        indicator=indicator, region__kind=Region.Kind.CITY, year=year
    )


def test_an_admin_target_edit_refreshes_its_snapshots(
    root_client, w, django_capture_on_commit_callbacks
):
    # Given K4's city target of 100 for 2025 and its snapshots, computed
    target = TargetFactory(
        indicator=w.count, region=w.city, plan=w.plan, year=2025, value=Decimal("100")
    )
    recompute_progress(indicator_ids=[w.count.pk])
    assert city_snapshot(w.count, 2025).target_value == 100
    # When the administrator corrects it to 150 on the target's admin page
    url, data = change_form(root_client, target)
    data["value"] = "150"
    with django_capture_on_commit_callbacks(execute=True):
        response, errors = post(root_client, url, data)
    assert response.status_code == 302, errors
    # Then the recompute queued on commit has run (in-process in tests): the snapshot shows 150
    assert city_snapshot(w.count, 2025).target_value == 150


def test_an_admin_target_edit_is_in_its_history_with_the_user(root_client, w, root):
    # Given a target of 100
    target = TargetFactory(indicator=w.count, region=w.city, plan=w.plan, value=Decimal("100"))
    # When the administrator changes it to 120 in the admin
    url, data = change_form(root_client, target)
    data["value"] = "120"
    response, errors = post(root_client, url, data)
    assert response.status_code == 302, errors
    # Then its history holds both values, the new one with who changed it and where
    latest, first = target.history.all()[:2]
    assert (first.value, latest.value) == (Decimal("100"), Decimal("120"))
    assert latest.history_user == root
    assert latest.history_change_reason == "后台修改目标值"


def test_reverting_a_target_from_its_history_goes_through_the_service(root_client, w, root):
    # Given a target changed from 100 to 120
    target = TargetFactory(indicator=w.count, region=w.city, plan=w.plan, value=Decimal("100"))
    url, data = change_form(root_client, target)
    post(root_client, url, {**data, "value": "120"})
    first = target.history.earliest()
    # When the administrator reverts it to its first version from the history page
    revert = reverse("admin:indicators_target_simple_history", args=[target.pk, first.pk])
    page = root_client.get(revert).content.decode()
    with calls_inside(
        django_admin.site._registry[Target], "save_model", TargetAdmin.save_service
    ) as counts:
        response, errors = post(root_client, revert, form_fields(page, "historicaltarget_form"))
    # Then target_save wrote it back, with who did it
    assert response.status_code == 302, errors
    assert counts == [1]
    target.refresh_from_db()
    assert target.value == Decimal("100")
    assert target.history.first().history_user == root


def test_a_target_edit_by_someone_not_an_administrator_is_refused_in_chinese(client, w):
    # Given a reviewer with Django's model permissions in the admin (only the rules stop them)
    w.reviewer.is_staff = True
    w.reviewer.save()
    w.reviewer.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="indicators")
    )
    client.force_login(w.reviewer)
    target = TargetFactory(indicator=w.count, region=w.city, plan=w.plan, value=Decimal("100"))
    # When they change a target
    url, data = change_form(client, target)
    data["value"] = "1"
    response, _ = post(client, url, data)
    # Then the form shows why, and nothing changed
    assert response.status_code == 200
    assert "只有系统管理员可以修改指标目录" in response.content.decode()
    target.refresh_from_db()
    assert target.value == Decimal("100")
    assert target.history.count() == 1


# --------------------------------------------------------------------------- other rules


def test_a_plan_whose_years_are_reversed_is_shown_beside_the_field_and_not_saved(root_client, w):
    url, data = change_form(root_client, w.plan)
    data.update(start_year="2027", end_year="2023")
    response, errors = post(root_client, url, data)
    assert response.status_code == 200
    assert "终止年不能早于起始年" in str(errors)
    w.plan.refresh_from_db()
    assert (w.plan.start_year, w.plan.end_year) == (2023, 2027)


def test_reordering_a_tasks_units_makes_the_new_first_the_lead(root_client, w):
    # Given a task led by 市科技局, with 市经信局 second
    url, data = change_form(root_client, w.task)
    assert data["task_units-0-unit"] == str(w.bureau_unit.pk)
    # When the administrator swaps their order
    data.update({"task_units-0-position": "2", "task_units-1-position": "1"})
    response, errors = post(root_client, url, data)
    assert response.status_code == 302, errors
    # Then 市经信局 is first and leads (the database's rule: the lead is position 1)
    links = list(w.task.task_units.order_by("position").values_list("unit__name", "is_lead"))
    assert links == [("市经信局", True), ("市科技局", False)]


def test_a_task_added_with_its_units_in_the_admin_is_led_by_the_first(root_client, w):
    # Given the add page of a task
    url = admin_url(Task, "add")
    data = form_fields(root_client.get(url).content.decode(), "task_form")
    # When the administrator adds a task with 市经信局 listed before 市科技局
    data.update(
        {
            "plan": str(w.plan.pk),
            "kind": Task.Kind.KEY,
            "number": "9",
            "title": "新任务",
            "text": "……",
            "task_units-TOTAL_FORMS": "2",
            "task_units-0-unit": str(w.bureau_unit.pk),
            "task_units-0-position": "2",
            "task_units-1-unit": str(w.other_unit.pk),
            "task_units-1-position": "1",
        }
    )
    response, errors = post(root_client, url, data)
    assert response.status_code == 302, errors
    # Then the task is saved with its units in that order, the first leading
    task = Task.objects.get(title="新任务")
    links = list(task.task_units.order_by("position").values_list("unit__name", "is_lead"))
    assert links == [("市经信局", True), ("市科技局", False)]


def test_every_add_page_of_a_writable_admin_opens(root_client, w):
    request = superuser_request()
    for model, model_admin in registered_admins().items():
        if model_admin.has_add_permission(request):
            assert root_client.get(admin_url(model, "add")).status_code == 200, model


def test_a_unit_listed_twice_for_a_task_is_refused(w, root):
    with pytest.raises(entry_services.ValidationFailed) as refused:
        task_services.task_units_set(
            user=root, task=w.task, units=[w.bureau_unit, w.other_unit, w.bureau_unit]
        )
    assert "重复列出" in refused.value.message


@pytest.mark.parametrize(
    ("field", "value", "recomputed"),
    [
        ("kind", Indicator.Kind.FLOW, True),
        ("direction", Indicator.Direction.LOWER, True),
        ("decimals", 2, True),
        ("rollup", Indicator.Rollup.NONE, True),
        ("name", "高新技术企业数", False),
    ],
)
def test_an_indicator_change_recomputes_only_when_the_engine_reads_it(
    w, root, field, value, recomputed
):
    with mock.patch("indicators.catalogue.services.base.recompute") as recompute:
        indicator_services.indicator_save(user=root, indicator=w.count, fields={field: value})
    assert recompute.called == recomputed
    if recomputed:
        assert recompute.call_args.kwargs["indicator_ids"] == [w.count.pk]


def test_a_regions_roll_up_change_recomputes_every_indicator(w, root):
    with mock.patch("indicators.catalogue.services.base.recompute") as recompute:
        region_services.region_save(user=root, region=w.other_region, fields={"in_rollup": False})
    assert set(recompute.call_args.kwargs["indicator_ids"]) == set(
        Indicator.objects.values_list("pk", flat=True)
    )


def test_a_region_still_in_use_is_not_deleted(w, root):
    with pytest.raises(InvalidState) as refused:
        region_services.region_delete(user=root, region=w.county_region)
    assert "不能删除" in refused.value.message
    assert Region.objects.filter(pk=w.county_region.pk).exists()


def test_only_administrators_write_the_catalogue(w):
    with pytest.raises(PermissionDenied):
        region_services.unit_save(user=w.reviewer, unit=None, fields={"name": "新单位"})
    assert not Unit.objects.filter(name="新单位").exists()
