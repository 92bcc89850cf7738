"""Exports read in English have English headers: a dashboard table's CSV and the year's actuals
in Excel. (The Excel templates keep their Chinese column headers: the import reads them.)"""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.i18n.test_english_pages import CJK

pytestmark = pytest.mark.django_db


def test_a_dashboard_table_exports_with_english_headers(english_client, demo, leader):
    english_client.force_login(leader)

    response = english_client.get(
        reverse("dashboards:overview") + "?year=2024&format=csv&table=key_indicators"
    )

    assert response.status_code == 200
    header = response.content.decode("utf-8-sig").splitlines()[0]
    assert "Indicator" in header and "Year status" in header and "Outlook" in header
    assert not CJK.search(header)


def test_the_actuals_export_has_english_headers(english_client, demo, reviewer):
    english_client.force_login(reviewer)

    response = english_client.get(reverse("entry:export") + "?year=2024")

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    assert "Actual" in header and "Reviewed by" in header
    assert not any(CJK.search(str(value)) for value in header)
