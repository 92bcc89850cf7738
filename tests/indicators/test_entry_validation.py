"""Every validation rule of an actual: a number, a range fitting the kind and unit, the outlier
check against last year, the year; through the services and beside the field on the entry page."""

from decimal import Decimal

import pytest
from django.urls import reverse

from common.numbers import NotANumber, parse_number
from indicators.entry import services
from indicators.models import Actual
from tests.indicators.entry_world import YEAR, approved_actual, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(db):
    return make_world()


def save(w, indicator, value, *, explanation="", region=None, year=YEAR, user=None):
    return services.actual_save(
        user=user or w.bureau,
        indicator=indicator,
        region=region or w.city,
        year=year,
        value=value,
        explanation=explanation,
    )


def refused(w, indicator, value, field="value", **kwargs) -> str:
    before = list(Actual.objects.values_list("pk", "version"))
    with pytest.raises(services.ValidationFailed) as info:
        save(w, indicator, value, **kwargs)
    assert info.value.code == "validation_failed"
    assert field in info.value.details, info.value.details
    assert list(Actual.objects.values_list("pk", "version")) == before  # nothing saved
    return "".join(info.value.details[field])


# --- reading a number ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("3700", Decimal(3700)),
        ("３７００", Decimal(3700)),  # full-width digits
        ("3,700", Decimal(3700)),
        ("3，700", Decimal(3700)),  # full-width comma
        ("2.61%", Decimal("2.61")),  # a trailing % is dropped: shares are entered in percent
        ("２．６１％", Decimal("2.61")),
        (" 2.61 ", Decimal("2.61")),
        ("−5.5", Decimal("-5.5")),  # the Unicode minus sign
        (2.61, Decimal("2.61")),  # a float keeps its shortest form
        ("2.6100000000000003", Decimal("2.61")),  # spreadsheet binary noise
        ("1,234,567.5", Decimal("1234567.5")),
        (Decimal("3700.000000"), Decimal(3700)),
    ],
)
def test_it_reads_numbers_the_way_people_type_them(raw, expected):
    assert parse_number(raw) == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("abc", "不是数字"),
        ("3,7", "千位分隔符"),
        ("12..5", "不是数字"),
        ("=A1*2", "公式"),
        ("1.1234567", "小数位数过多"),
        ("1e20", "数值过大"),
        (True, "逻辑值"),
    ],
)
def test_it_refuses_what_is_not_a_number_with_a_reason(raw, reason):
    with pytest.raises(NotANumber) as info:
        parse_number(raw)
    assert reason in info.value.message


@pytest.mark.parametrize("raw", ["", "  ", "—", "-", "无", None])
def test_it_reads_blank_markers_as_nothing(raw):
    assert parse_number(raw) is None


def test_it_refuses_text_and_blank_values_in_the_service(w):
    assert "不是数字" in refused(w, w.count, "三千七百")
    assert "请填写数值" in refused(w, w.count, "")


def test_it_scales_a_percentage_formatted_spreadsheet_cell_back_to_percent():
    # Given a cell showing 2.61% (Excel stores 0.0261); Then the value is 2.61
    assert parse_number(0.0261, percent_format=True) == Decimal("2.61")


# --- ranges by kind and unit -----------------------------------------------------------------
@pytest.mark.parametrize("value", ["0", "100", "2.61", "66.8"])
def test_it_accepts_a_share_between_0_and_100(w, value):
    assert save(w, w.share, value).value == Decimal(value)


@pytest.mark.parametrize("value", ["-0.1", "100.1", "261"])
def test_it_refuses_a_share_outside_0_to_100(w, value):
    assert "0 到 100" in refused(w, w.share, value)


@pytest.mark.parametrize("value", ["0", "3700", "3,700"])
def test_it_accepts_a_count_as_a_non_negative_integer(w, value):
    assert save(w, w.count, value).value == parse_number(value)


@pytest.mark.parametrize("value", ["12.5", "-1"])
def test_it_refuses_a_count_that_is_negative_or_not_whole(w, value):
    assert "不小于 0 的整数" in refused(w, w.count, value)


@pytest.mark.parametrize("value", ["-100", "-3.5", "0", "15", "1000"])
def test_it_accepts_a_growth_rate_between_minus_100_and_1000(w, value):
    assert save(w, w.growth, value).value == Decimal(value)


@pytest.mark.parametrize("value", ["-100.1", "1000.5", "5000"])
def test_it_refuses_a_growth_rate_outside_minus_100_to_1000(w, value):
    assert "−100" in refused(w, w.growth, value) or "-100" in refused(w, w.growth, value)


def test_it_accepts_decimals_for_an_amount_in_a_scaled_unit(w):
    # 亿元 is money, not a count: 256.3 亿元 is fine, a negative amount is not
    assert save(w, w.money, "256.3").value == Decimal("256.3")


def test_it_refuses_a_negative_amount(w):
    assert "不能为负数" in refused(w, w.money, "-1", year=YEAR - 1)


@pytest.mark.parametrize(
    ("value", "ok"), [("1", True), ("50", True), ("0", False), ("12.5", False)]
)
def test_it_wants_a_rank_to_be_a_whole_number_from_1(w, value, ok):
    if ok:
        assert save(w, w.rank, value).value == Decimal(value)
    else:
        assert "排名" in refused(w, w.rank, value)


# --- the outlier check -----------------------------------------------------------------------
def test_it_asks_for_an_explanation_when_the_change_exceeds_the_threshold(w):
    # Given last year's value 100 and the default threshold of 50 %
    approved_actual(w.count, w.city, YEAR - 1, 100)
    # When this year's value is 151 (+51 %), Then an explanation is required, with the change
    message = refused(w, w.count, "151", field="explanation")
    assert "+51.0%" in message and "变动说明" in message
    # When it is explained, Then it is saved
    assert save(w, w.count, "151", explanation="新认定高企集中").explanation == "新认定高企集中"


@pytest.mark.parametrize("value", ["150", "50", "120"])
def test_it_saves_a_change_within_the_threshold_without_an_explanation(w, value):
    # Given last year's value 100; When the change is at most 50 % either way; Then no word is needed
    approved_actual(w.count, w.city, YEAR - 1, 100)
    assert save(w, w.count, value).value == Decimal(value)


def test_it_checks_a_fall_as_well_as_a_rise(w):
    approved_actual(w.count, w.city, YEAR - 1, 100)
    assert "-51.0%" in refused(w, w.count, "49", field="explanation")


def test_it_measures_a_growth_rate_change_in_percentage_points(w):
    # Given last year's growth 9.6 %; When this year's is 59.6 % (+50 points), Then it is accepted
    approved_actual(w.growth, w.city, YEAR - 1, "9.6")
    assert save(w, w.growth, "59.6").value == Decimal("59.6")
    # When it is changed to 60 % (+50.4 points), Then an explanation is required
    with pytest.raises(services.ValidationFailed) as info:
        save(w, w.growth, "60")
    assert "+50.4 个百分点" in info.value.details["explanation"][0]


def test_it_asks_for_an_explanation_for_any_change_from_zero(w):
    approved_actual(w.count, w.city, YEAR - 1, 0)
    assert "上年值为 0" in refused(w, w.count, "5", field="explanation")
    assert save(w, w.count, "0").value == 0


def test_it_skips_the_outlier_check_without_last_years_value(w):
    assert save(w, w.count, "999999").value == Decimal(999999)


def test_it_reads_the_threshold_from_the_settings(w, settings):
    # Given a threshold of 20 %; When the change is +21 %; Then an explanation is required
    settings.WZSCI_OUTLIER_SHARE = 0.2
    approved_actual(w.count, w.city, YEAR - 1, 100)
    assert "超过 20%" in refused(w, w.count, "121", field="explanation")


def test_it_checks_the_outlier_again_on_submit(w):
    # Given a draft saved before last year's value was known
    draft = save(w, w.count, "300")
    approved_actual(w.count, w.city, YEAR - 1, 100)
    # When it is submitted, Then the explanation is asked for
    with pytest.raises(services.ValidationFailed) as info:
        services.review_submit(user=w.bureau, obj=draft)
    assert "explanation" in info.value.details


# --- year and text lengths -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("year", "reason"),
    [(2099, "尚未到来"), (1999, "之间"), (2101, "之间"), ("二〇二四", "四位整数")],
)
def test_it_refuses_a_year_that_cannot_be_reported(w, year, reason):
    assert reason in refused(w, w.count, "1", field="year", year=year)


def test_it_refuses_an_overlong_source_note(w):
    with pytest.raises(services.ValidationFailed) as info:
        services.actual_save(
            user=w.bureau,
            indicator=w.count,
            region=w.city,
            year=YEAR,
            value="1",
            source_note="长" * 2001,
        )
    assert "2000" in info.value.details["source_note"][0]


# --- on the entry page -----------------------------------------------------------------------
def _post(client, w, region, rows: dict, action="save"):
    data = {"year": YEAR, "region": region.code, "action": action}
    for indicator, value in rows.items():
        p = f"r{indicator.pk}"
        data |= {
            f"{p}-value": value,
            f"{p}-version": "0",
            f"{p}-source_note": "",
            f"{p}-explanation": "",
        }
    return client.post(reverse("entry:home") + f"?year={YEAR}&region={region.code}", data)


def test_it_shows_the_message_beside_the_field_and_saves_nothing_of_the_page(client, w):
    # Given county staff filling two indicators, one of them wrong
    client.force_login(w.county)
    response = _post(client, w, w.county_region, {w.count: "3,700", w.share: "261"})
    # Then the page comes back with the message in the share's row and the typed values kept
    assert response.status_code == 200
    body = response.content.decode()
    row = body[body.index(f'id="r{w.share.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "比重应在 0 到 100 之间" in row
    assert 'value="261"' in row
    assert "本次保存全部未生效" in body
    # And the right one was not saved either: a page is saved whole or not at all
    assert not Actual.objects.exists()


def test_it_saves_the_page_when_every_row_is_valid(client, w):
    client.force_login(w.county)
    response = _post(client, w, w.county_region, {w.count: "３，７００", w.share: "2.61%"})
    assert response.status_code == 302
    values = dict(Actual.objects.values_list("indicator__code", "value"))
    assert values == {"K4": Decimal(3700), "K1": Decimal("2.61")}


def test_it_shows_the_explanation_field_with_the_reason_when_the_outlier_check_asks(client, w):
    approved_actual(w.count, w.county_region, YEAR - 1, 100)
    client.force_login(w.county)
    response = _post(client, w, w.county_region, {w.count: "300"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'class="explain needed"' in body
    assert "+200.0%" in body and "请填写变动说明" in body


def test_it_does_not_let_a_filled_value_be_cleared(client, w):
    services.actual_save(
        user=w.county, indicator=w.count, region=w.county_region, year=YEAR, value="10"
    )
    client.force_login(w.county)
    data = {"year": YEAR, "region": w.county_region.code, "action": "save"}
    p = f"r{w.count.pk}"
    data |= {f"{p}-value": "", f"{p}-version": "1", f"{p}-source_note": "", f"{p}-explanation": ""}
    response = client.post(reverse("entry:home") + f"?year={YEAR}", data)
    assert "不能清空" in response.content.decode()
    assert Actual.objects.get().value == Decimal(10)
