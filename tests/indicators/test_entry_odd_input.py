"""Odd input a person or a script can send to the entry pages gets an answer, never a 500."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.indicators.entry_world import YEAR, make_world
from tests.indicators.test_excel_import import upload


@pytest.fixture
def w(db):
    return make_world()


@pytest.mark.parametrize("year", ["²", "٣", "2024x", "99999999999999999999"])
def test_the_review_queue_answers_a_year_that_is_not_an_ascii_number(client, w, year):
    client.force_login(w.reviewer)
    response = client.get(reverse("entry:review_queue"), {"year": year})
    assert response.status_code in {200, 400}


def test_the_review_queue_ignores_ids_that_are_not_ascii_numbers(client, w):
    client.force_login(w.reviewer)
    response = client.post(reverse("entry:review_queue"), {"ids": ["²", "x"], "action": "approve"})
    assert response.status_code in {200, 302, 400}


@pytest.mark.parametrize("version", ["inf", "1e999", "-inf"])
def test_an_uploaded_template_with_an_impossible_version_is_answered(client, w, version):
    # Given the county clerk's template with a value filled in and its version cell overwritten
    client.force_login(w.county)
    wb = load_workbook(io.BytesIO(client.get(reverse("entry:template") + f"?year={YEAR}").content))
    ws = wb["填报"]
    header_row = next(r for r in range(1, 6) if "版本" in [c.value for c in ws[r]])
    version_col = [c.value for c in ws[header_row]].index("版本") + 1
    rows = {ws.cell(row=r, column=2).value: r for r in range(header_row + 1, ws.max_row + 1)}
    ws.cell(row=rows["K4"], column=11, value=3700)
    ws.cell(row=rows["K4"], column=version_col, value=version)
    buffer = io.BytesIO()
    wb.save(buffer)
    # When it is uploaded, Then the page answers (saved, or refused with a message), no 500
    response = upload(client, w.county, buffer.getvalue())
    assert response.status_code in {200, 302}
