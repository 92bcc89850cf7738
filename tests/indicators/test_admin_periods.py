"""The admin of periods, vintages, frequencies and region target sources: each saved through its
service, with the service's Chinese refusals beside the fields."""

import datetime as dt
from decimal import Decimal
from unittest import mock

import pytest
from django.urls import reverse

from indicators.catalogue.services import indicators as indicator_services
from indicators.entry import services as entry_services
from indicators.models import Actual, Indicator, Target
from tests.factories import TargetFactory, make_person
from tests.indicators.entry_world import YEAR, make_world
from tests.proposals.formscrape import form_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(db):
    return make_world()


@pytest.fixture
def root_client(client, w):
    client.force_login(make_person("root", is_staff=True, is_superuser=True))
    return client


def add_page(client, model: str) -> tuple[str, dict[str, str]]:
    url = reverse(f"admin:indicators_{model}_add")
    return url, form_fields(client.get(url).content.decode(), f"{model}_form")


def change_page(client, obj) -> tuple[str, dict[str, str]]:
    model = obj._meta.model_name
    url = reverse(f"admin:indicators_{model}_change", args=[obj.pk])
    return url, form_fields(client.get(url).content.decode(), f"{model}_form")


def post(client, url, data):
    response = client.post(url, {**data, "_save": "保存"})
    errors = response.context["errors"] if response.status_code == 200 else None
    return response, errors


def test_an_administrator_adds_a_year_to_date_figure_and_a_flash(root_client, w):
    # Given K7 reported quarterly
    Indicator.objects.filter(pk=w.money.pk).update(frequency=Indicator.Frequency.QUARTERLY)
    url, blank = add_page(root_client, "actual")
    base = {**blank, "indicator": w.money.pk, "region": w.city.pk, "year": YEAR}

    # When the administrator adds its 1–9月 figure, then the year's 快报
    first, errors = post(
        root_client, url, {**base, "period": 9, "vintage": "final", "value": "250"}
    )
    assert first.status_code == 302, errors
    second, errors = post(
        root_client, url, {**base, "period": 12, "vintage": "flash", "value": "330"}
    )
    assert second.status_code == 302, errors

    # Then both are drafts entered through the service, each its own record
    saved = {
        (a.period, a.vintage): (a.value, a.state, a.origin)
        for a in Actual.objects.filter(indicator=w.money, region=w.city, year=YEAR)
    }
    assert saved == {
        (9, "final"): (Decimal("250"), "draft", "entry"),
        (12, "flash"): (Decimal("330"), "draft", "entry"),
    }
    assert Actual.objects.get(period=9, indicator=w.money).history.latest().history_change_reason


def test_the_admin_refuses_a_period_the_frequency_does_not_report_saving_nothing(root_client, w):
    Indicator.objects.filter(pk=w.money.pk).update(frequency=Indicator.Frequency.QUARTERLY)
    url, blank = add_page(root_client, "actual")

    response, errors = post(
        root_client,
        url,
        {
            **blank,
            "indicator": w.money.pk,
            "region": w.city.pk,
            "year": YEAR,
            "period": 8,
            "vintage": "final",
            "value": "250",
        },
    )

    assert response.status_code == 200 and errors
    assert not Actual.objects.filter(indicator=w.money).exists()


def test_an_actuals_period_and_vintage_are_fixed_once_it_exists(root_client, w):
    actual = entry_services.actual_save(
        user=w.county, indicator=w.count, region=w.county_region, year=YEAR, value="10"
    )
    url, data = change_page(root_client, actual)

    # When the page is posted back with another period and a new value
    response, errors = post(root_client, url, {**data, "period": 6, "value": "12"})

    # Then the value changed through the service, the period did not
    assert response.status_code == 302, errors
    actual.refresh_from_db()
    assert (actual.period, actual.vintage, actual.value) == (12, "final", Decimal("12"))


def test_an_administrator_sets_an_indicators_frequency(root_client, w):
    url, data = change_page(root_client, w.money)

    with mock.patch(
        "indicators.admin.targets.indicator_services.indicator_save",
        wraps=indicator_services.indicator_save,
    ) as service:
        response, errors = post(root_client, url, {**data, "frequency": "monthly"})

    assert response.status_code == 302, errors
    w.money.refresh_from_db()
    assert w.money.frequency == "monthly"
    # The form's dry run, then the save: both through the catalogue's service
    assert service.call_count == 2
    assert service.call_args.kwargs["fields"]["frequency"] == "monthly"


def test_a_frequency_that_would_orphan_figures_is_refused_in_chinese(root_client, w):
    # Given K7 monthly, with a 1–8月 figure
    Indicator.objects.filter(pk=w.money.pk).update(frequency=Indicator.Frequency.MONTHLY)
    w.money.refresh_from_db()
    entry_services.actual_save(
        user=w.bureau, indicator=w.money, region=w.city, year=YEAR, period=8, value="200"
    )
    url, data = change_page(root_client, w.money)

    # When the administrator makes it quarterly
    response, _errors = post(root_client, url, {**data, "frequency": "quarterly"})

    # Then the page says why, naming the period, and nothing changed
    assert response.status_code == 200
    text = response.content.decode()
    assert "1–8月" in text and "请先处理这些数值再修改填报频度" in text
    w.money.refresh_from_db()
    assert w.money.frequency == "monthly"


def test_a_region_targets_source_is_saved_through_the_service(root_client, w):
    target = TargetFactory(
        indicator=w.count, region=w.county_region, plan=w.plan, year=YEAR, value=Decimal("50")
    )
    url, data = change_page(root_client, target)

    response, errors = post(
        root_client,
        url,
        {
            **data,
            "source_kind": "notice",
            "source_doc_number": "温科发〔2024〕12号",
            "source_date": "2024-03-15",
        },
    )

    assert response.status_code == 302, errors
    target.refresh_from_db()
    assert (target.source_kind, target.source_doc_number, target.source_date) == (
        "notice",
        "温科发〔2024〕12号",
        dt.date(2024, 3, 15),
    )
    assert target.history.latest().history_change_reason == "后台修改目标值"


@pytest.mark.parametrize(
    ("source", "message"),
    [
        (
            {"source_kind": "notice", "source_doc_number": "", "source_date": ""},
            "分解文件须填写文号",
        ),
        (
            {"source_kind": "county", "source_doc_number": "温科发〔2024〕12号"},
            "县区自定的目标没有文号",
        ),
        ({"source_kind": "", "source_date": "2024-03-15"}, "请选择目标来源"),
    ],
)
def test_a_region_targets_source_is_checked_as_the_targets_page_checks_it(
    root_client, w, source, message
):
    target = TargetFactory(
        indicator=w.count, region=w.county_region, plan=w.plan, year=YEAR, value=Decimal("50")
    )
    url, data = change_page(root_client, target)

    response, _ = post(root_client, url, {**data, **source})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert Target.objects.get(pk=target.pk).source_kind == ""
