"""The Excel template's input cells: Excel's data validation with each indicator's range (the
same rule the import applies) and number formats with thousand separators; the template so
built is still read back by the import (a round trip through a real .xlsx)."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from indicators.entry import services
from indicators.entry.validation import value_bounds, value_range_problems
from indicators.models import Actual
from tests.indicators.entry_world import YEAR, approved_actual, make_world

pytestmark = pytest.mark.django_db
VALUE_COLUMN = 11  # K: 本年值 (after 年份, 期间, 数据版本)


@pytest.fixture
def w(db):
    return make_world()


def _template(client, user):
    client.force_login(user)
    response = client.get(reverse("entry:template") + f"?year={YEAR}")
    ws = load_workbook(io.BytesIO(response.content))["填报"]
    rows = {ws.cell(row=r, column=2).value: r for r in range(4, ws.max_row + 1)}
    return ws, rows


def _validation_of(ws, coordinate):
    found = [dv for dv in ws.data_validations.dataValidation if coordinate in dv.sqref]
    assert len(found) <= 1
    return found[0] if found else None


def test_value_cells_carry_the_indicators_range(client, w):
    ws, rows = _template(client, w.county)

    def rule(code):
        dv = _validation_of(ws, ws.cell(row=rows[code], column=VALUE_COLUMN).coordinate)
        return (dv.type, dv.operator, dv.formula1, dv.formula2, dv.allow_blank)

    # A share in %: a decimal from 0 to 100
    assert rule("K1") == ("decimal", "between", "0", "100", True)
    # A growth rate: −100 to 1000
    assert rule("K9") == ("decimal", "between", "-100", "1000", True)
    # A count of 家: a whole number from 0
    assert rule("K4") == ("whole", "greaterThanOrEqual", "0", None, True)
    # A rank: a whole number from 1
    assert rule("G-1") == ("whole", "greaterThanOrEqual", "1", None, True)
    # 亿元: any number from 0
    assert rule("K7") == ("decimal", "greaterThanOrEqual", "0", None, True)
    dv = _validation_of(ws, ws.cell(row=rows["K1"], column=VALUE_COLUMN).coordinate)
    assert dv.showErrorMessage and "0 到 100" in dv.error


def test_the_ranges_are_those_the_import_applies(w):
    for indicator in (w.share, w.growth, w.count, w.rank, w.money):
        bounds = value_bounds(indicator)
        assert value_range_problems(indicator=indicator, value=bounds.low) == []
        assert value_range_problems(indicator=indicator, value=bounds.low - 1) != []
        if bounds.high is not None:
            assert value_range_problems(indicator=indicator, value=bounds.high) == []
            assert value_range_problems(indicator=indicator, value=bounds.high + 1) != []


def test_value_cells_have_number_formats_with_thousand_separators(client, w):
    ws, rows = _template(client, w.county)
    assert ws.cell(row=rows["K4"], column=VALUE_COLUMN).number_format == "#,##0"
    assert ws.cell(row=rows["K1"], column=VALUE_COLUMN).number_format == "#,##0.0#####"
    assert ws.cell(row=rows["K7"], column=VALUE_COLUMN).number_format == "#,##0.0#####"


def test_an_approved_locked_value_has_no_validation(client, w):
    services.review_approve(
        user=w.reviewer,
        obj=services.review_submit(
            user=w.county,
            obj=services.actual_save(
                user=w.county, indicator=w.count, region=w.county_region, year=YEAR, value="9"
            ),
        ),
    )
    ws, rows = _template(client, w.county)
    assert _validation_of(ws, ws.cell(row=rows["K4"], column=VALUE_COLUMN).coordinate) is None
    assert _validation_of(ws, ws.cell(row=rows["K1"], column=VALUE_COLUMN).coordinate) is not None


def test_the_validated_template_round_trips_through_the_import(client, w):
    # Given last year's 3,500 家 and the county's template, filled in as numbers
    approved_actual(w.count, w.county_region, YEAR - 1, 3500)
    ws, rows = _template(client, w.county)
    ws.cell(row=rows["K4"], column=VALUE_COLUMN, value=3700)
    ws.cell(row=rows["K1"], column=VALUE_COLUMN, value=2.61)
    ws.cell(row=rows["K9"], column=VALUE_COLUMN, value=-3.5)
    buffer = io.BytesIO()
    ws.parent.save(buffer)
    # When it is uploaded
    response = client.post(
        reverse("entry:import"),
        {"year": YEAR, "file": SimpleUploadedFile("模板.xlsx", buffer.getvalue())},
    )
    # Then the three values are saved as typed
    assert response.status_code == 302
    saved = {a.indicator.code: a.value for a in Actual.objects.filter(year=YEAR)}
    assert saved == {"K4": Decimal(3700), "K1": Decimal("2.61"), "K9": Decimal("-3.5")}
