"""Closing a reporting year from the years page: a confirmation first, no close button while
items wait for review (with their count), and a closed year's entry pages without entry controls."""

import re

import pytest
from django.urls import reverse

from indicators.entry import services
from indicators.models import YearClosure
from tests.indicators.entry_world import YEAR, make_world, submitted_actual

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(db):
    return make_world()


def _close_button(page: str, year: int) -> str:
    forms = re.findall(r"<form.*?</form>", page, flags=re.S)
    form = next(f for f in forms if f'name="year" value="{year}"' in f and 'value="close"' in f)
    return re.search(r'<button[^>]*value="close"[^>]*>', form).group(0)


def test_it_asks_for_a_confirmation_before_closing(client, w):
    client.force_login(w.reviewer)
    # When the reviewer presses 关闭年度 once
    page = client.post(reverse("entry:years"), {"action": "close", "year": YEAR}).content.decode()
    # Then nothing is closed yet, and the page asks for a ticked confirmation
    assert not YearClosure.objects.exists()
    assert f"确认关闭{YEAR}年度" in page
    assert 'type="checkbox" name="confirm"' in page
    # When the reviewer confirms
    client.post(reverse("entry:years"), {"action": "close", "year": YEAR, "confirm": "1"})
    # Then the year is closed
    assert YearClosure.objects.filter(year=YEAR, closed_by=w.reviewer).exists()


def test_it_disables_closing_while_items_wait_for_review_and_shows_how_many(client, w):
    # Given two values submitted for 2024
    submitted_actual(w, w.count, w.county_region, YEAR, "10")
    submitted_actual(w, w.money, w.county_region, YEAR, "5")
    client.force_login(w.reviewer)
    page = client.get(reverse("entry:years")).content.decode()
    # Then 2024's close button is disabled, with the count beside it
    assert "disabled" in _close_button(page, YEAR)
    assert "仍有 2 条待审核" in page
    # And an earlier year with nothing pending can be closed
    assert "disabled" not in _close_button(page, YEAR - 1)
    # And a confirmed close is still refused by the service
    client.post(reverse("entry:years"), {"action": "close", "year": YEAR, "confirm": "1"})
    assert not YearClosure.objects.exists()


def test_a_closed_year_hides_the_entry_controls(client, w):
    services.year_close(user=w.reviewer, year=YEAR)
    client.force_login(w.county)
    page = client.get(reverse("entry:home") + f"?year={YEAR}").content.decode()
    assert "年度已关闭" in page
    # No filling instructions, no template download or upload, no save or submit buttons
    assert "填写数值后点" not in page
    assert "上传 Excel / CSV" not in page
    assert "Excel 模板" not in page
    assert "保存草稿</button>" not in page
    assert "提交审核</button>" not in page


def test_an_open_year_still_shows_the_entry_controls(client, w):
    client.force_login(w.county)
    page = client.get(reverse("entry:home") + f"?year={YEAR}").content.decode()
    assert "填写数值后点" in page
    assert "上传 Excel / CSV" in page
    assert "提交审核</button>" in page


def test_the_import_page_offers_no_template_for_a_closed_year(client, w):
    services.year_close(user=w.reviewer, year=YEAR)
    client.force_login(w.county)
    page = client.get(reverse("entry:import")).content.decode()
    assert f'?year={YEAR}"' not in page
    assert f'?year={YEAR + 1}"' in page
