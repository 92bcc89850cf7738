"""One formatting rule for a figure on every page, chart and download (issue 14, Why 11: 3 and
3.7 on entry, 3.0 and 3.70 on the dashboards), and a target exceeded never shown as a negative
gap (docs/display.md)."""

import csv
import io
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.urls import reverse
from openpyxl import load_workbook

from common.display import gap_words
from indicators.models import Indicator, Region
from tests.factories import ActualFactory

from .conftest import write_snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def k3_met_at_3_70(seeded):
    """K3 (two decimals, in %) at 3.7 in 2024 against ≥3.5: met, exceeded by 0.2."""
    k3 = Indicator.objects.get(code="K3")
    assert k3.decimals == 2
    city = Region.objects.get(kind=Region.Kind.CITY)
    ActualFactory(indicator=k3, region=city, year=2024, value=Decimal("3.7"))
    write_snapshot(
        k3,
        city,
        2024,
        actual_value=3.7,
        target_value=3.5,
        target_comparator="gte",
        gap=3.5 - 3.7,
        attainment=3.7 / 3.5,
        year_status="met",
        outlook_status="on_track",
    )
    return k3


def test_a_figure_reads_the_same_on_every_page_chart_and_download(leader_client, k3_met_at_3_70):
    k3 = k3_met_at_3_70
    query = {"year": 2024}
    # Given 3.7 on a two-decimal indicator; when the overview, the indicator page, its chart
    # and their downloads show it
    overview = leader_client.get(reverse("dashboards:overview"), query)
    key = overview.context["tables"]["key_indicators"]
    key_row = next(r for r in key.rows if r.cells[1].text == k3.name)
    indicator_url = reverse("dashboards:indicator", args=["K3"])
    page = leader_client.get(indicator_url, query)
    years = page.context["tables"]["years"]
    year_row = next(r for r in years.rows if r.cells[0].value == 2024)
    chart = page.context["charts"]["path"].figure.to_plotly_json()
    hovers = [str(d) for trace in chart["data"] for d in (trace.get("customdata") or [])]
    csv_rows = list(
        csv.reader(
            io.StringIO(
                leader_client.get(
                    indicator_url, {**query, "format": "csv", "table": "years"}
                ).content.decode("utf-8-sig")
            )
        )
    )
    sheet = load_workbook(
        io.BytesIO(
            leader_client.get(indicator_url, {**query, "format": "xlsx", "table": "years"}).content
        )
    ).active
    xlsx_row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == 2024)
    # And a page of the entry side renders it with the shared filter, given the indicator
    entry = Template("{% load display %}{{ value|num:indicator }}").render(
        Context({"value": Decimal("3.700000"), "indicator": k3})
    )
    # Then it reads 3.70 everywhere: never 3.7 in one place and 3.70 in another
    assert key_row.cells[3].text == "3.70"
    assert year_row.cells[1].text == "3.70"
    assert any("3.70" in h for h in hovers) and not any(h == "3.7" for h in hovers)
    assert next(r for r in csv_rows if r[0] == "2024年")[1] == "3.70"
    assert (xlsx_row[1].value, xlsx_row[1].number_format) == (3.7, "#,##0.00")
    assert entry == "3.70"


def test_a_whole_number_on_a_one_decimal_indicator_reads_3_0_everywhere(seeded):
    k1 = Indicator.objects.get(code="K1")
    render = Template("{% load display %}{{ value|num:indicator }}·{{ value|num:1 }}").render
    assert render(Context({"value": Decimal("3"), "indicator": k1})) == "3.0·3.0"


def test_a_target_exceeded_shows_how_much_it_is_exceeded_by_never_a_negative_gap(
    leader_client, k3_met_at_3_70
):
    # Given 3.7 against ≥3.5 (gap T − A = −0.2); when the indicator page shows the year
    page = leader_client.get(reverse("dashboards:indicator", args=["K3"]), {"year": 2024})
    years = page.context["tables"]["years"]
    row = next(r for r in years.rows if r.cells[0].value == 2024)
    gap = row.cells[years.columns.index("差距（个百分点）")]
    # Then the gap reads 超出 0.20 (the decimals of the figures beside it), not −0.20
    assert gap.text == "超出 0.20"
    assert "-0.20" not in page.content.decode()


def test_the_gap_words():
    assert gap_words(0.05, 2) == "0.05"
    assert gap_words(-1200, 0) == "超出 1,200"
    assert gap_words(0.0, 1) == "0.0"
    assert gap_words(None, 1) == "—"


def test_the_values_own_entry_page_reads_it_as_the_dashboards_do(client, reviewer, k3_met_at_3_70):
    # Given 3.7 on a two-decimal indicator (the dashboards show 3.70)
    actual = k3_met_at_3_70.actuals.get(year=2024)
    client.force_login(reviewer)

    # When a reviewer opens the value's page on the entry side
    page = client.get(reverse("entry:actual_detail", args=[actual.pk])).content.decode()

    # Then it reads 3.70 too, never a bare 3.7
    assert '<dd class="big">3.70 <small>' in page
    assert '<dd class="big">3.7 <small>' not in page
