"""Vintages of a full year's figure (issue 13, item 3, entry side): a 快报 then a 年报 are two
records, both kept, each through the same review; the value's page shows every vintage with the
change between them and which one counts (the latest approved); the entry page and the review
queue name the vintage."""

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.entry import services
from indicators.models import Actual, WorkflowState
from tests.indicators.entry_world import YEAR, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(db):
    return make_world()


def approved(w, indicator, value, vintage):
    actual = services.actual_save(
        user=w.bureau,
        indicator=indicator,
        region=w.city,
        year=YEAR,
        value=value,
        vintage=vintage,
        explanation="快报之后的年报",
    )
    actual = services.review_submit(user=w.bureau, obj=actual)
    return services.review_approve(user=w.reviewer, obj=actual)


def test_a_flash_then_a_final_figure_are_two_records_both_kept(w):
    # Given 温州市's 2024 高企 (K4) as 快报 4,500, approved
    flash = approved(w, w.count, "4500", "flash")
    # When the 年报 arrives at 4,620 and is approved through the same review
    final = approved(w, w.count, "4620", "final")
    # Then both records are there, the 快报 exactly as it was
    flash.refresh_from_db()
    assert flash.pk != final.pk
    assert (flash.vintage, flash.value, flash.state) == ("flash", Decimal(4500), "approved")
    assert (final.vintage, final.value, final.state) == ("final", Decimal(4620), "approved")
    assert Actual.objects.filter(indicator=w.count, region=w.city, year=YEAR).count() == 2
    # And the 快报's history is untouched by the 年报's steps
    assert [h.history_change_reason for h in flash.history.order_by("history_id")] == [
        "表单：新建草稿",
        "表单：提交审核",
        "审核通过",
    ]


def test_an_approved_vintage_is_locked_but_a_later_one_may_be_added(w):
    approved(w, w.count, "4500", "flash")
    with pytest.raises(services.Locked) as locked:
        services.actual_save(
            user=w.bureau, indicator=w.count, region=w.city, year=YEAR, value="4600", vintage="快报"
        )
    assert "2024年全年·快报" in locked.value.message
    revised = services.actual_save(
        user=w.bureau, indicator=w.count, region=w.city, year=YEAR, value="4600", vintage="修订"
    )
    assert (revised.vintage, revised.state) == ("revised", WorkflowState.DRAFT)


def test_a_new_annual_value_is_a_final_figure_unless_chosen(w):
    actual = services.actual_save(
        user=w.bureau, indicator=w.count, region=w.city, year=YEAR, value="4500"
    )
    assert actual.vintage == Actual.Vintage.FINAL


def test_the_values_page_shows_every_vintage_with_the_change_and_the_one_that_counts(client, w):
    # Given R&D intensity (K1, %) as 快报 2.6 and 年报 2.61, both approved, and a 修订 2.65 in draft
    approved(w, w.share, "2.6", "flash")
    final = approved(w, w.share, "2.61", "final")
    services.actual_save(
        user=w.bureau, indicator=w.share, region=w.city, year=YEAR, value="2.65", vintage="revised"
    )
    client.force_login(w.bureau)
    page = client.get(reverse("entry:actual_detail", args=[final.pk])).content.decode()
    table = page[page.index("全年数的各数据版本") : page.index("修改历史")]
    # Then every vintage is listed in order, with the change in 个百分点
    assert table.index("快报") < table.index("年报（正式）") < table.index("修订")
    assert "+0.01 个百分点" in table
    assert "+0.04 个百分点" in table
    # And the 年报 counts: the latest approved (the 修订 is a draft)
    counting = table[table.index('data-vintage="final"') :]
    assert "计入（最新的已审核版本）" in counting[: counting.index("</tr>")]
    assert table.count("计入（最新的已审核版本）") == 1


def test_a_change_of_a_count_between_vintages_is_in_its_unit_and_relative(client, w):
    approved(w, w.count, "4500", "flash")
    final = approved(w, w.count, "4620", "final")
    client.force_login(w.bureau)
    page = client.get(reverse("entry:actual_detail", args=[final.pk])).content.decode()
    assert "+120 家（+2.7%）" in page


def test_the_entry_page_saves_the_vintage_chosen(client, w):
    client.force_login(w.bureau)
    page = client.get(reverse("entry:home"), {"year": YEAR, "region": w.city.code}).content.decode()
    assert 'id="vintage-select"' in page
    response = client.post(
        reverse("entry:home") + f"?year={YEAR}&region={w.city.code}&vintage=flash",
        {
            "year": YEAR,
            "region": w.city.code,
            "period": 12,
            "vintage": "flash",
            "action": "save",
            f"r{w.count.pk}-value": "4500",
            f"r{w.count.pk}-version": 0,
        },
    )
    assert response.status_code == 302
    assert "vintage=flash" in response["Location"]
    assert Actual.objects.get(indicator=w.count).vintage == "flash"


def test_the_entry_page_of_a_new_vintage_leaves_the_old_one_as_it_was(client, w):
    flash = approved(w, w.count, "4500", "flash")
    client.force_login(w.bureau)
    # By default the row shows the latest vintage (the approved 快报, read-only)
    page = client.get(reverse("entry:home"), {"year": YEAR, "region": w.city.code}).content.decode()
    assert f'name="r{w.count.pk}-value"' not in page
    # The 年报 page offers an empty field beside it
    page = client.get(
        reverse("entry:home"), {"year": YEAR, "region": w.city.code, "vintage": "final"}
    ).content.decode()
    assert f'name="r{w.count.pk}-value" value=""' in page
    client.post(
        reverse("entry:home") + f"?year={YEAR}&region={w.city.code}&vintage=final",
        {
            "year": YEAR,
            "region": w.city.code,
            "period": 12,
            "vintage": "final",
            "action": "submit",
            f"r{w.count.pk}-value": "4620",
            f"r{w.count.pk}-version": 0,
        },
    )
    flash.refresh_from_db()
    assert (flash.value, flash.state) == (Decimal(4500), "approved")
    final = Actual.objects.get(indicator=w.count, vintage="final")
    assert (final.value, final.state) == (Decimal(4620), "submitted")


def test_the_review_queue_names_period_and_vintage_and_the_change_from_the_earlier_one(client, w):
    approved(w, w.count, "4500", "flash")
    final = services.actual_save(
        user=w.bureau, indicator=w.count, region=w.city, year=YEAR, value="4620"
    )
    services.review_submit(user=w.bureau, obj=final)
    client.force_login(w.reviewer)
    page = client.get(reverse("entry:review_queue")).content.decode()
    row = page[page.index(f'value="{final.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "2024年全年" in row
    assert "年报（正式）" in row
    assert "较快报 +120 家" in row
