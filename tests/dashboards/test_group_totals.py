"""The 山区5县 page has the group's totals: a sum for additive indicators, an unweighted mean,
said so, for ratios (issue 14, Why 11)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.dashboards.pages.group_totals import group_total
from indicators.models import Indicator, RegionGroup

from .conftest import write_snapshot

pytestmark = pytest.mark.django_db


def test_a_sum_shows_the_widest_members_decimals_and_a_mean_one_more():
    total = group_total([1200.0, Decimal("800.5"), None], additive=True, decimals=0)
    assert (total.text, total.reported, total.members) == ("2,000.5", 2, 3)
    mean = group_total([2.1, 2.6], additive=False, decimals=1)
    assert (mean.kind, mean.text) == ("mean", "2.35")
    assert group_total([None, None], additive=True, decimals=0).text == "—"


def test_the_group_page_totals_additive_indicators_and_averages_ratios(leader_client, seeded):
    # Given 山区5县 and, in 2024, high-tech enterprises (K4, additive) of 120, 80, 95.5, 60 and
    # 44 in its five members, and R&D intensity (K1, a ratio) of 1.2, 1.5, 1.9 in three of them
    group = RegionGroup.objects.get(name="山区5县")
    members = list(group.members.order_by("order", "name"))
    assert len(members) == 5
    k1, k4 = Indicator.objects.get(code="K1"), Indicator.objects.get(code="K4")
    for member, value in zip(members, [120, 80, 95.5, 60, 44], strict=True):
        write_snapshot(k4, member, 2024, actual_value=value)
    for member, value in zip(members[:3], [1.2, 1.5, 1.9], strict=True):
        write_snapshot(k1, member, 2024, actual_value=value)
    # When the group's page is shown
    page = leader_client.get(reverse("dashboards:group", args=[group.pk]), {"year": 2024})
    table = page.context["tables"]["totals"]
    rows = {row.cells[0].text: [c.text for c in row.cells[1:]] for row in table.rows}
    # Then K4 is the sum 120 + 80 + 95.5 + 60 + 44 = 399.5, all five reporting
    assert rows[k4.name][:2] == ["合计", "399.5"]
    assert rows[k4.name][3] == "5"
    # And K1 is the unweighted mean (1.2 + 1.5 + 1.9) / 3 = 1.53 (one decimal more than its
    # figures), labelled as such, three of five reporting
    assert rows[k1.name][:2] == ["简单平均（未加权）", "1.53"]
    assert rows[k1.name][3] == "3"
    assert "简单平均（未加权）" in table.hint
    html = page.content.decode()
    assert "山区5县合计（2024年）" in html and "399.5" in html
