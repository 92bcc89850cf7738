"""Entry of periods (issue 13, item 1): a year-to-date figure of a monthly, quarterly or
half-yearly indicator is saved for its period (the month it ends with), refused for a period its
frequency does not report or with a vintage other than 年报, and never stored as the full year;
locking, assignment, closed years and 撤回 hold per (cell, period)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.entry import services
from indicators.models import Actual, Indicator, ReportingAssignment, WorkflowState
from tests.indicators.entry_world import YEAR, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(db):
    world = make_world()
    # Given 技术交易额 (K7, a flow) reported quarterly and 高新技术产业投资增速 (K9) monthly
    world.money.frequency = Indicator.Frequency.QUARTERLY
    world.money.save()
    world.growth.frequency = Indicator.Frequency.MONTHLY
    world.growth.save()
    return world


def save(w, indicator, value, *, period, vintage=None, user=None, region=None, **extra):
    return services.actual_save(
        user=user or w.county,
        indicator=indicator,
        region=region or w.county_region,
        year=YEAR,
        value=value,
        period=period,
        vintage=vintage,
        **extra,
    )


def test_it_saves_a_year_to_date_figure_for_its_period(w):
    # When 鹿城区 enters K7's 1–6月 figure
    actual = save(w, w.money, "40", period=6)
    # Then it is stored as the period 1–6月, 年报, a draft, never as the full year
    actual.refresh_from_db()
    assert (actual.period, actual.vintage, actual.value, actual.state) == (
        6,
        Actual.Vintage.FINAL,
        Decimal(40),
        WorkflowState.DRAFT,
    )
    assert not Actual.objects.filter(indicator=w.money, period=12).exists()


def test_the_period_may_be_named_as_published(w):
    assert save(w, w.money, "40", period="1–6月").period == 6
    assert save(w, w.money, "70", period="前三季度").period == 9
    assert save(w, w.money, "100", period="全年").period == 12


def test_it_refuses_a_period_the_indicators_frequency_does_not_report(w):
    # When 鹿城区 enters K7 (quarterly) for 1–5月
    with pytest.raises(services.ValidationFailed) as refused:
        save(w, w.money, "30", period=5)
    # Then it is refused with the periods K7 reports, and nothing is saved
    assert refused.value.details["period"] == [
        "“技术交易额”按季填报，期间应为1–3月、1–6月、1–9月、全年，不能填报1–5月。"
    ]
    assert not Actual.objects.exists()


def test_a_yearly_indicator_reports_the_full_year_only(w):
    with pytest.raises(services.ValidationFailed) as refused:
        save(w, w.count, "3700", period=9)
    assert refused.value.details["period"] == [
        "“高新技术企业累计数”按年填报，期间应为全年，不能填报1–9月。"
    ]
    assert not Actual.objects.exists()


def test_it_refuses_a_vintage_on_a_year_to_date_figure(w):
    # 快报 / 修订 are vintages of a full year's figure; 1–6月 has one record
    for vintage in ("flash", "revised"):
        with pytest.raises(services.ValidationFailed) as refused:
            save(w, w.money, "40", period=6, vintage=vintage)
        assert "只用于全年数" in refused.value.details["vintage"][0]
    assert not Actual.objects.exists()


def test_it_refuses_a_period_that_is_no_month(w):
    for period in (0, 13, "1–13月", "上旬"):
        with pytest.raises(services.ValidationFailed) as refused:
            save(w, w.money, "40", period=period)
        assert "period" in refused.value.details
    assert not Actual.objects.exists()


def test_each_period_is_a_record_of_its_own_with_its_own_version(w):
    # Given K7's 1–3月 and 1–6月 of 鹿城区
    q1 = save(w, w.money, "20", period=3)
    h1 = save(w, w.money, "40", period=6)
    # When 1–6月 is corrected with the version the form showed
    save(w, w.money, "42", period=6, expected_version=h1.version)
    # Then 1–3月 is as it was
    q1.refresh_from_db()
    assert (q1.value, q1.version) == (Decimal(20), 1)
    # And a save of 1–6月 with a stale version is a conflict, naming the newer figure
    with pytest.raises(services.EditConflict):
        save(w, w.money, "45", period=6, expected_version=1)
    assert Actual.objects.get(indicator=w.money, period=6).value == Decimal(42)


def test_withdraw_and_lock_hold_per_period(w):
    h1 = services.review_submit(user=w.county, obj=save(w, w.money, "40", period=6))
    q3 = services.review_submit(user=w.county, obj=save(w, w.money, "70", period=9))
    services.review_approve(user=w.reviewer, obj=q3)
    # The approved 1–9月 is locked…
    with pytest.raises(services.Locked) as locked:
        save(w, w.money, "71", period=9)
    assert "2024年1–9月" in locked.value.message
    # …while the submitted 1–6月 is withdrawn to draft and corrected
    services.review_withdraw(user=w.county, obj=h1)
    save(w, w.money, "41", period=6)
    assert Actual.objects.get(indicator=w.money, period=6).state == WorkflowState.DRAFT
    assert Actual.objects.get(indicator=w.money, period=9).state == WorkflowState.APPROVED


def test_a_closed_year_refuses_every_period(w):
    services.year_close(user=w.reviewer, year=YEAR)
    with pytest.raises(services.Locked):
        save(w, w.money, "40", period=6)


def test_a_county_enters_only_its_assigned_cells_in_every_period(w):
    # Given K7 assigned to the city only
    ReportingAssignment.objects.create(indicator=w.money, region=w.city, unit=w.bureau_unit)
    with pytest.raises(services.NotAssigned):
        save(w, w.money, "40", period=6)
    # And its 1–6月 entry page does not list K7
    from django.test import Client

    client = Client()
    client.force_login(w.county)
    page = client.get(reverse("entry:home"), {"year": YEAR, "period": 6}).content.decode()
    assert "技术交易额" not in page
    assert "高新技术产业投资增速" in page


def test_the_entry_page_offers_the_periods_and_saves_a_year_to_date_figure(client, w):
    client.force_login(w.county)
    # The full year (the default) lists every indicator, as before
    page = client.get(reverse("entry:home"), {"year": YEAR}).content.decode()
    assert 'id="period-select"' in page
    assert '<option value="5">1–5月</option>' in page  # K9 is monthly
    assert "技术交易额" in page and "高新技术企业累计数" in page
    # 1–6月 lists the monthly and quarterly indicators only
    page = client.get(reverse("entry:home"), {"year": YEAR, "period": 6}).content.decode()
    assert "2024年度指标填报 · 1–6月" in page
    assert "本页填报2024年1–6月的累计数（年初至当期）" in page
    assert "2023年1–6月值" in page  # last year's figure of the same period
    assert "技术交易额" in page and "高新技术产业投资增速" in page
    assert "高新技术企业累计数" not in page
    # When the county saves K7's 1–6月 on it
    response = client.post(
        reverse("entry:home") + f"?year={YEAR}&period=6",
        {
            "year": YEAR,
            "region": w.county_region.code,
            "period": 6,
            "action": "save",
            f"r{w.money.pk}-value": "40",
            f"r{w.money.pk}-version": 0,
        },
    )
    # Then it is saved as 1–6月 and the page comes back to 1–6月
    assert response.status_code == 302
    assert "period=6" in response["Location"]
    saved = Actual.objects.get(indicator=w.money)
    assert (saved.period, saved.value) == (6, Decimal(40))


def test_the_values_page_lists_every_period_of_the_year(client, w):
    save(w, w.money, "20", period=3)
    h1 = save(w, w.money, "40", period=6)
    client.force_login(w.county)
    page = client.get(reverse("entry:actual_detail", args=[h1.pk])).content.decode()
    assert "2024年各期累计数" in page
    assert page.index(">1–3月<") < page.index(">1–6月<")


@pytest.mark.parametrize(
    "raw, month",
    [
        (9, 9),
        (9.0, 9),
        ("1–9月", 9),
        ("1-9月", 9),
        ("2024年1-9月", 9),
        ("９月", 9),
        ("前三季度", 9),
        ("上半年", 6),
        ("全年", 12),
        ("年度", 12),
        ("1-12月", 12),
    ],
)
def test_a_period_is_read_as_people_write_it(raw, month):
    from indicators.entry.validation import parse_period

    assert parse_period(raw) == (month, [])


@pytest.mark.parametrize("raw", [9.5, float("inf"), float("nan"), "0", "1–13月", "上旬", True])
def test_a_period_that_is_no_month_is_a_problem_not_a_crash(raw):
    from indicators.entry.validation import parse_period

    month, problems = parse_period(raw)
    assert month is None
    assert problems and problems[0].startswith("期间应为截至月份")
