"""占全市比重 is a share of the city's total: it means something for an indicator whose regions
add up to the city, nothing for a ratio (issue 14, Why 11: the column was all "—" for ratios)."""

import pytest
from django.urls import reverse

from indicators.models import Indicator, Region

from .conftest import write_snapshot

pytestmark = pytest.mark.django_db


def region_rows(page):
    table = page.context["tables"]["indicators"]
    column = table.columns.index("占全市比重")
    return {row.cells[0].text: row.cells[column] for row in table.rows}


def test_a_ratio_shows_not_applicable_with_the_reason_and_an_additive_one_its_share(
    leader_client, seeded
):
    # Given a county with R&D intensity (K1, a ratio) and high-tech enterprises (K4, additive:
    # 430 of the city's 4,300 = 10.0 %)
    county = Region.objects.exclude(kind=Region.Kind.CITY).order_by("pk").first()
    k1, k4 = Indicator.objects.get(code="K1"), Indicator.objects.get(code="K4")
    assert k1.rollup == Indicator.Rollup.NONE and k4.rollup == Indicator.Rollup.SUM
    write_snapshot(k1, county, 2024, actual_value=2.6, share_of_city=None)
    write_snapshot(k4, county, 2024, actual_value=430.0, share_of_city=0.1)
    # When the county's page is shown
    page = leader_client.get(reverse("dashboards:region", args=[county.code]), {"year": 2024})
    cells = region_rows(page)
    # Then the ratio reads 不适用, its hover says why; the additive one shows its share
    ratio = cells[k1.name]
    assert ratio.text == "不适用"
    assert "比率类指标不适用" in ratio.hint
    assert 'title="比率类指标不适用' in page.content.decode()
    assert cells[k4.name].text == "10.0%"


def test_the_indicator_pages_region_table_says_not_applicable_for_a_ratio(leader_client, seeded):
    county = Region.objects.exclude(kind=Region.Kind.CITY).order_by("pk").first()
    k1 = Indicator.objects.get(code="K1")
    write_snapshot(k1, county, 2024, actual_value=2.6)
    page = leader_client.get(reverse("dashboards:indicator", args=["K1"]), {"year": 2024})
    table = page.context["tables"]["regions"]
    column = table.columns.index("占全市比重")
    shares = {row.cells[column].text for row in table.rows}
    assert shares == {"不适用"}
