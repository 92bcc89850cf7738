"""A reply's figure is compared with the vintage that existed when the reply was written: the
2023 快报 approved in February for a reply of June, not the 年报 approved in September; where
that cannot be known (no date, nothing approved by then), with the current figure — and the
check says which."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from indicators.catalogue.services.tokens import api_token_create
from indicators.models import Actual, Indicator, Region, WorkflowState
from proposals.figurecheck.check import figure_check
from proposals.figurecheck.vintages import AS_OF_DATE, CURRENT, full_year_figures
from proposals.selectors.disagreements import figure_checks
from tests.factories import make_persona
from tests.proposals.factories import ReplyFactory, ReportedFigureFactory

pytestmark = pytest.mark.django_db

SENTENCE = "带动全市R&D经费强度2.61%，首超全国平均水平。"


def at(day: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.fromisoformat(day))


def approve_on(actual: Actual, moment: dt.datetime) -> None:
    """Date the record's history as if it had been approved at `moment`."""
    Actual.objects.filter(pk=actual.pk).update(reviewed_at=moment)
    actual.history.all().update(history_date=moment)


@pytest.fixture
def k1_2023(seeded):
    """K1 × 温州市 × 2023: the 快报 2.61 approved on 20 February 2024, the 年报 2.71 on
    25 September 2024."""
    k1, city = Indicator.objects.get(code="K1"), Region.objects.get(kind=Region.Kind.CITY)
    flash = Actual.objects.create(
        indicator=k1,
        region=city,
        year=2023,
        vintage=Actual.Vintage.FLASH,
        value=Decimal("2.61"),
        state=WorkflowState.APPROVED,
    )
    final = Actual.objects.create(
        indicator=k1,
        region=city,
        year=2023,
        vintage=Actual.Vintage.FINAL,
        value=Decimal("2.71"),
        state=WorkflowState.APPROVED,
    )
    approve_on(flash, at("2024-02-20T10:00"))
    approve_on(final, at("2024-09-25T10:00"))
    return k1, city, flash, final


def k1_result(report):
    return next(r for r in report.results if r.figure.printed == "2.61%")


def test_a_reply_of_june_is_compared_with_the_flash_that_existed_then(k1_2023):
    # When the sentence is checked as written on 26 June 2024 (温科提复〔2024〕102号's date)
    result = k1_result(figure_check(text=SENTENCE, as_of_year=2024, as_of=dt.date(2024, 6, 26)))

    # Then it agrees with the 快报 of 2.61, and the source says so
    reference = result.judgement.against.reference
    assert result.verdict == "agrees"
    assert reference.value == Decimal("2.61")
    assert "快报" in reference.source
    assert "按答复日期（2024-06-26）时已审核的快报比对" in reference.source


def test_without_a_date_it_is_compared_with_the_current_final_and_says_so(k1_2023):
    result = k1_result(figure_check(text=SENTENCE, as_of_year=2024))

    reference = result.judgement.against.reference
    assert result.verdict == "differs"
    assert (reference.value, result.judgement.against.difference) == (
        Decimal("2.71"),
        Decimal("-0.10"),
    )
    assert "按当前的年报（正式）比对" in reference.source


def test_after_the_final_was_approved_the_final_counts(k1_2023):
    result = k1_result(figure_check(text=SENTENCE, as_of_year=2024, as_of=dt.date(2024, 10, 8)))

    assert result.verdict == "differs"
    assert "按答复日期（2024-10-08）时已审核的年报（正式）比对" in (
        result.judgement.against.reference.source
    )


def test_before_any_vintage_was_approved_it_falls_back_to_the_current_and_says_why(k1_2023):
    result = k1_result(figure_check(text=SENTENCE, as_of_year=2024, as_of=dt.date(2024, 1, 10)))

    assert result.judgement.against.reference.value == Decimal("2.71")
    assert "答复日期（2024-01-10）时尚无已审核数值记录，按当前的年报（正式）比对" in (
        result.judgement.against.reference.source
    )


def test_the_value_a_vintage_held_on_the_day_is_the_one_compared(k1_2023):
    # Given the 快报 corrected in July, after the June reply, from 2.61 to 2.65
    _k1, _city, flash, _final = k1_2023
    flash.value = Decimal("2.65")
    flash.save()
    flash.history.filter(history_date__gt=at("2024-03-01T00:00")).update(
        history_date=at("2024-07-15T10:00")
    )
    # When the June reply is checked, and the vintages as they stand on a day in August
    june = full_year_figures(
        [(flash.indicator_id, flash.region_id, 2023)], as_of=dt.date(2024, 6, 26)
    )
    august = full_year_figures(
        [(flash.indicator_id, flash.region_id, 2023)], as_of=dt.date(2024, 8, 1)
    )
    # Then June saw 2.61, August 2.65 — both the 快报, chosen by date
    (june_figure,), (august_figure,) = june.values(), august.values()
    assert (june_figure.value, june_figure.vintage, june_figure.basis) == (
        Decimal("2.61"),
        "flash",
        AS_OF_DATE,
    )
    assert (august_figure.value, august_figure.vintage) == (Decimal("2.65"), "flash")


def test_a_year_to_date_figure_is_never_taken_for_the_year(k1_2023):
    k1, city, _flash, _final = k1_2023
    Actual.objects.create(
        indicator=k1, region=city, year=2023, period=9, value=Decimal("2.4"), state="approved"
    )

    (figure,) = full_year_figures([(k1.id, city.id, 2023)]).values()

    assert (figure.value, figure.vintage, figure.basis) == (Decimal("2.71"), "final", CURRENT)


def test_a_stored_replys_figures_are_compared_with_the_vintage_of_its_signing_date(k1_2023):
    # Given two replies reporting 2.61 % for 2023: one signed in June 2024, one in October
    k1, city, _flash, _final = k1_2023

    def reported(signed_on):
        return ReportedFigureFactory(
            reply=ReplyFactory(signed_on=signed_on, issued_on=signed_on),
            indicator=k1,
            region=city,
            year=2023,
            value=Decimal("2.61"),
            unit_of_measure="%",
            sentence=SENTENCE,
        )

    june, october = reported(dt.date(2024, 6, 26)), reported(dt.date(2024, 10, 8))
    # When they are checked
    checks = {c.figure.pk: c for c in figure_checks()}
    # Then June's agrees with the 快报 it could quote, October's differs from the 年报
    assert (checks[june.pk].actual, checks[june.pk].disagrees) == (Decimal("2.61"), False)
    assert "快报" in checks[june.pk].basis
    assert (checks[october.pk].actual, checks[october.pk].disagrees) == (Decimal("2.71"), True)
    assert "年报" in checks[october.pk].basis


def test_the_api_takes_the_date_a_text_was_written(k1_2023):
    _token, key = api_token_create(client_name="督办系统", user=make_persona("leader"))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")

    june = client.post(
        "/api/v1/figure-check/", {"text": SENTENCE, "written_on": "2024-06-26"}, format="json"
    )
    bad = client.post(
        "/api/v1/figure-check/", {"text": SENTENCE, "written_on": "2024-13-01"}, format="json"
    )

    assert june.status_code == 200, june.json()
    assert june.json()["year"] == 2024
    (row,) = [r for r in june.json()["results"] if r["printed"] == "2.61%"]
    assert row["verdict"] == "agrees"
    assert bad.status_code == 400
    assert bad.json()["error"]["code"] == "validation_failed"
    assert "written_on" in bad.json()["error"]["details"]


@pytest.mark.parametrize(
    ("text", "printed", "period"),
    [
        ("2024年1-9月，全市高新技术产业投资增速17.5%。", "17.5%", 9),
        ("2024年前三季度，全市高新技术产业投资增速17.5%。", "17.5%", 9),
        ("2024年上半年，全市高新技术产业投资增速16.2%。", "16.2%", 6),
    ],
)
def test_a_year_to_date_figure_is_compared_with_the_approved_figure_of_its_period(
    seeded, text, printed, period
):
    # Given K9's approved 2024 figures: 1–6月 16.2 %, 1–9月 17.5 %, and the year 15.0 %
    k9, city = Indicator.objects.get(code="K9"), Region.objects.get(kind=Region.Kind.CITY)
    for month, value in ((6, "16.2"), (9, "17.5"), (12, "15.0")):
        Actual.objects.create(
            indicator=k9,
            region=city,
            year=2024,
            period=month,
            value=Decimal(value),
            state=WorkflowState.APPROVED,
        )

    report = figure_check(text=text, as_of_year=2024)
    result = next(r for r in report.results if r.figure.printed == printed)

    # Then it agrees with the figure of its period, named as such, not with the year's
    assert result.verdict == "agrees"
    assert result.judgement.against.reference.value != Decimal("15.0")
    assert f"1–{period}月" in result.judgement.against.reference.source


def test_a_year_to_date_figure_without_a_record_of_its_period_says_so(seeded):
    report = figure_check(text="2024年1-9月，全市高新技术产业投资增速17.5%。", as_of_year=2024)
    result = next(r for r in report.results if r.figure.printed == "17.5%")

    assert result.verdict == "not_found"
    assert result.judgement.note == "未找到1-9月的已审核累计数值，未作比对"


def test_a_part_of_a_year_that_is_not_year_to_date_is_not_judged(seeded):
    report = figure_check(text="2024年二季度，全市高新技术产业投资增速17.5%。", as_of_year=2024)
    result = next(r for r in report.results if r.figure.printed == "17.5%")

    assert (result.figure.period, result.verdict) == ("二季度", "not_found")
