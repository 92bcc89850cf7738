"""What the indicator page says of the outlook (issue 12): inside an ≈ goal's band no more pace is
asked for, and a yearly quantity's ratio is explained as what it is."""

import pytest
from django.urls import reverse

from indicators.models import Indicator, Region

from .conftest import write_snapshot

pytestmark = pytest.mark.django_db


def hint(response) -> str:
    html = response.content.decode()
    start = html.index("（≥0.95 按期可达")
    return html[html.rindex("<p", 0, start) : html.index("</p>", start)]


def test_an_approx_goal_inside_its_band_says_it_is_there(leader_client, seeded):
    # Given K1 at 3.3 in 2024 against a final goal of 3.4 ≈ (inside 3.4 ± 0.17): achieved
    write_snapshot(
        Indicator.objects.get(code="K1"),
        Region.objects.get(kind=Region.Kind.CITY),
        2024,
        actual_value=3.3,
        final_year=2027,
        final_goal=3.4,
        final_comparator="approx",
        outlook_status="achieved",
        outlook_ratio=1.6,
        required_annual_change=0.0,
        required_growth_rate=0.0,
    )
    response = leader_client.get(reverse("dashboards:indicator", args=["K1"]), {"year": 2024})
    # Then the page says 已在目标区间, not 每年需增加 0.03 个百分点
    text = hint(response)
    assert "达到 2027 年目标：已在目标区间" in text
    assert "每年需增加" not in text


def test_a_flows_ratio_is_explained_as_a_share_of_the_yearly_target(leader_client, seeded):
    # Given K8 at 140 in 2024 against the 2027 yearly target of 150: R = 0.9333
    write_snapshot(
        Indicator.objects.get(code="K8"),
        Region.objects.get(kind=Region.Kind.CITY),
        2024,
        actual_value=140.0,
        final_year=2027,
        final_goal=150.0,
        final_comparator="gte",
        outlook_status="needs_acceleration",
        outlook_ratio=140 / 150,
    )
    response = leader_client.get(reverse("dashboards:indicator", args=["K8"]), {"year": 2024})
    text = hint(response)
    assert "最近一年实际值（满三年数据时为线性趋势推算的期末值）与期末年度目标之比 0.93" in text
    assert "实际年均增速" not in text
