"""The first screen after `make run`: the nine key indicators, drawn in a real browser."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_shows_the_nine_key_indicators_with_their_targets(page, live_server, seeded):
    # Given the seed loaded; When a visitor opens the home page
    page.goto(live_server.url + "/")
    # Then the table lists the nine indicators in printed order, with the 2027 target of the first
    rows = page.locator("table.key-indicators tbody tr")
    assert rows.count() == 9
    assert "R&D经费占地区生产总值的比重" in rows.nth(0).inner_text()
    assert "3.4" in rows.nth(0).inner_text()
    assert "高新技术产业投资增速" in rows.nth(8).inner_text()
    page.watch.assert_clean()
