"""The dashboards show figures by the one display rule (DOMAIN.md, "Display"; issue 12): a
figure beside its target with the decimals it needs, gaps and paces of a percentage in 个百分点,
tied ranks marked 并列. Snapshots are written by hand, as the engine would write them."""

import pytest
from django.urls import reverse

from indicators.models import Indicator, Region

from .conftest import write_snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(seeded):
    return Region.objects.get(kind=Region.Kind.CITY)


def row_of(table, first_cell: str) -> list[str]:
    return next(
        [c.export_text for c in r.cells] for r in table.rows if r.cells[0].text == first_cell
    )


def test_the_indicator_page_shows_an_interpolated_target_and_its_gap_to_the_decimal(
    leader_client, city
):
    # Given K1 (one decimal) at 3.22 in 2026 against the target interpolated halfway between
    # 2025's 3.1 and 2027's 3.4: 3.25 (not met; 5 % band → nearly met), a gap of 0.03, and the
    # pace still needed: (3.4 − 3.22) / 1 year = 0.18 a year
    k1 = Indicator.objects.get(code="K1")
    write_snapshot(
        k1,
        city,
        2026,
        actual_value=3.22,
        target_value=3.25,
        target_comparator="gte",
        target_interpolated=True,
        attainment=3.22 / 3.25,
        gap=3.25 - 3.22,
        year_status="nearly_met",
        outlook_status="needs_acceleration",
        outlook_ratio=0.8,
        final_year=2027,
        required_annual_change=3.4 - 3.22,
    )
    # When the indicator page is opened for 2026
    response = leader_client.get(reverse("dashboards:indicator", args=["K1"]), {"year": 2026})
    years = response.context["tables"]["years"]
    # Then the year's row reads 3.22 against ≥3.25, a gap of 0.03 个百分点, nearly met
    assert row_of(years, "2026年")[1:5] == ["3.22", "≥3.25（折算）", "99.1%", "0.03"]
    assert years.columns[4] == "差距（个百分点）"
    # And the pace is in percentage points
    assert "每年需增加 0.18 个百分点" in response.content.decode()
    # And the card's figures are the same
    card = response.context["card"]
    assert (card.latest_text, card.target.text) == ("3.22", "≥3.25")


def test_the_overview_card_shows_2_96_against_3_0(leader_client, city):
    # Given K1 at 2.96 in 2025 against 温政发〔2023〕17号's ≥3.0 (nearly met)
    write_snapshot(
        Indicator.objects.get(code="K1"),
        city,
        2025,
        actual_value=2.96,
        target_value=3.0,
        target_comparator="gte",
        attainment=2.96 / 3.0,
        gap=0.04,
        year_status="nearly_met",
        outlook_status="needs_acceleration",
    )
    response = leader_client.get(reverse("dashboards:overview"), {"year": 2025})
    card = response.context["cards"][0]
    # Then 2.96, not 3.0, beside ≥3.0
    assert (card.latest_text, card.target.text, card.attainment) == ("2.96", "≥3.0", "98.7%")
    row = row_of(response.context["tables"]["key_indicators"], "1")
    assert row[3] == "2.96" and row[5] == "≥3.0"


def test_the_county_ranking_gives_equal_values_the_same_rank(leader_client, city):
    # Given K4 (high-tech enterprises, higher is better) in 2024: 瓯海区 520, 鹿城区 and 龙湾区
    # 480 each, 乐清市 400
    k4 = Indicator.objects.get(code="K4")
    for name, value in (("鹿城区", 480.0), ("龙湾区", 480.0), ("瓯海区", 520.0), ("乐清市", 400.0)):
        write_snapshot(
            k4,
            Region.objects.get(name=name),
            2024,
            actual_value=value,
            year_status="no_target",
            outlook_status="not_applicable",
        )
    # When the counties page ranks them
    response = leader_client.get(reverse("dashboards:counties"), {"year": 2024, "indicator": "K4"})
    ranking = response.context["tables"]["ranking"]
    # Then 1, 2 (并列), 2 (并列), 4: tied values share a rank and the next one is skipped
    ranks = {r.cells[1].text: r.cells[0].export_text for r in ranking.rows}
    assert ranks == {"瓯海区": "1", "鹿城区": "2（并列）", "龙湾区": "2（并列）", "乐清市": "4"}
    assert [r.cells[0].value for r in ranking.rows] == [1, 2, 2, 4]
