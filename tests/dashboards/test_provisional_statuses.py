"""A status judged on a submitted, not yet approved figure never looks final (issue 12): its
badge is outlined and marked 暂 with an explanation on hover, the overview counts it apart, and a
download says so."""

import pytest
from django.urls import reverse

from common.display import PROVISIONAL_HINT
from indicators.models import Indicator, Region

from .conftest import write_snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def city(seeded):
    return Region.objects.get(kind=Region.Kind.CITY)


def met(indicator_code, city, *, provisional):
    write_snapshot(
        Indicator.objects.get(code=indicator_code),
        city,
        2024,
        actual_value=5000.0,
        actual_provisional=provisional,
        target_value=4900.0,
        target_comparator="gte",
        attainment=5000 / 4900,
        year_status="met",
        outlook_status="on_track",
    )


def test_a_provisional_status_is_outlined_marked_and_explained(leader_client, city):
    # Given K4 met on a submitted (unapproved) 2024 figure, and K5 met on an approved one
    met("K4", city, provisional=True)
    met("K5", city, provisional=False)
    # When leadership opens the overview
    response = leader_client.get(reverse("dashboards:overview"), {"year": 2024})
    k4, k5 = response.context["cards"][3], response.context["cards"][4]
    # Then K4's statuses are provisional, K5's final
    assert (k4.year_provisional, k4.outlook_provisional) == (True, True)
    assert (k5.year_provisional, k5.outlook_provisional) == (False, False)
    # And K4's card draws an outlined badge marked 暂 with the explanation on hover
    html = response.content.decode()
    card_html = html[html.index('data-indicator="K4"') : html.index('data-indicator="K5"')]
    assert 'class="badge st-met provisional"' in card_html
    assert '<span class="mark">暂</span>' in card_html
    assert f'title="{PROVISIONAL_HINT}"' in card_html
    k5_html = html[html.index('data-indicator="K5"') :]
    assert 'class="badge st-met"' in k5_html[: k5_html.index("</article>")]


def test_the_overview_counts_provisional_statuses_apart(leader_client, city):
    # Given two key indicators met, one of them on a submitted figure
    met("K4", city, provisional=True)
    met("K5", city, provisional=False)
    response = leader_client.get(reverse("dashboards:overview"), {"year": 2024})
    # Then "met" counts 1 final and 1 provisional, in the summary and in its table
    summary = {style.code: (n, p) for style, n, p in response.context["status_summary"]["year"]}
    assert summary["met"] == (1, 1)
    outlook = {style.code: (n, p) for style, n, p in response.context["status_summary"]["outlook"]}
    assert outlook["on_track"] == (1, 1)
    table = response.context["tables"]["status_counts"]
    row = next(r for r in table.rows if r.group == "年度状态" and r.cells[0].text == "已达标")
    assert [c.value for c in row.cells[1:]] == [1, 1, 1, 1]
    assert table.columns[2] == "九大重点指标：暂定（未审核）"


def test_a_download_marks_a_provisional_status(leader_client, city):
    # Given K4 met on a submitted figure
    met("K4", city, provisional=True)
    url = reverse("dashboards:overview")
    response = leader_client.get(url, {"year": 2024, "format": "csv", "table": "key_indicators"})
    text = response.content.decode("utf-8-sig")
    # Then its row says the status is provisional and unreviewed
    k4_line = next(line for line in text.splitlines() if "高新技术企业累计数" in line)
    assert "已达标（暂，未审核）" in k4_line and "按期可达（暂，未审核）" in k4_line
