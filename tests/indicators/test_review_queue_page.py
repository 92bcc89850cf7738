"""The reviewer's queue page: each value beside its year's target, the change from last year (in
个百分点 for a percentage), a marked outlier, numbers as the dashboards write them, and people by
name."""

import re

import pytest
from django.urls import reverse

from tests.factories import TargetFactory
from tests.indicators.entry_world import YEAR, approved_actual, make_world, submitted_actual

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(db):
    world = make_world()
    world.county.first_name, world.county.last_name = "晓", "林"
    world.county.save()
    return world


def _row(page: str, code: str) -> str:
    """The queue's table row of the indicator with this code."""
    rows = re.findall(r"<tr[^>]*>.*?</tr>", page, flags=re.S)
    return next(r for r in rows if f'<span class="ind-code">{code}</span>' in r)


def _queue(client, w) -> str:
    client.force_login(w.reviewer)
    return client.get(reverse("entry:review_queue")).content.decode()


def test_it_shows_the_years_target_with_its_comparator_and_thousand_separators(client, w):
    # Given 鹿城区's 2024 target of ≥3,000 家 and a submitted 2,830 家 (last year 2,700)
    TargetFactory(indicator=w.count, region=w.county_region, plan=w.plan, year=YEAR, value=3000)
    approved_actual(w.count, w.county_region, YEAR - 1, 2700)
    submitted_actual(w, w.count, w.county_region, YEAR, "2830")
    # When the reviewer opens the queue
    row = _row(_queue(client, w), "K4")
    # Then the value and the target read as on the dashboards
    assert "2,830" in row
    assert "≥3,000" in row
    assert "2,700" in row
    # And the change is relative: (2830 − 2700) / 2700 = +4.8 %, not an outlier
    assert "+4.8%" in row
    assert "变动异常" not in row
    assert 'class="outlier"' not in row


def test_it_marks_a_900_percent_change_in_words_and_colour(client, w):
    # Given last year 283 家 and a submitted 2,830 家: +900 %
    approved_actual(w.count, w.county_region, YEAR - 1, 283)
    submitted_actual(w, w.count, w.county_region, YEAR, "2830", explanation="统计口径调整")
    # When the reviewer opens the queue
    row = _row(_queue(client, w), "K4")
    # Then the row is highlighted and says so in words, with the outlier check's reason
    assert "+900.0%" in row
    assert 'class="outlier"' in row
    assert "变动异常" in row
    assert "超过 50%" in row
    # And no target is shown as a dash
    assert "—" in row


def test_it_shows_a_percentages_change_in_percentage_points(client, w):
    # Given R&D intensity 2.6 % last year and 2.61 % submitted
    approved_actual(w.share, w.county_region, YEAR - 1, "2.6")
    submitted_actual(w, w.share, w.county_region, YEAR, "2.61")
    row = _row(_queue(client, w), "K1")
    # Then the change is 2.61 − 2.60 = +0.01 个百分点
    assert "+0.01 个百分点" in row
    assert "变动异常" not in row


def test_it_names_the_submitter_not_the_username(client, w):
    submitted_actual(w, w.count, w.county_region, YEAR, "10")
    row = _row(_queue(client, w), "K4")
    assert "林晓" in row
    assert ">county<" not in row
