"""Words for users (issue 14): the pages leaders and staff read carry no command line, no
technical jargon and no emoji; the method is named in plain Chinese and linked to its
explanation; 接口文档 sits in the administrators' menu, not the leaders'."""

import re

import pytest
from django.urls import reverse

from indicators.catalogue.demo import DEMO_NOTE
from indicators.entry.services.years import year_close

from .leader_pages import leader_page_paths

# What must not reach a leader's or a member of staff's screen.
FORBIDDEN = ["manage.py", "clear_demo_data", "load_seed", "Open SDG", "插值", "水平值", "接口文档"]
# Pictographs drawn only by an emoji font (🔒 shows as an empty box without one), and the
# selector that asks for emoji presentation. Text symbols from common fonts (the status icons
# ✔ ✘ ★ ◐ ○, the pencil ✎) are fine.
EMOJI = re.compile("[\U0001f000-\U0001faff\ufe0f]")


def visible_text(html: str) -> str:
    """The page without its embedded chart data and tags: what a reader sees."""
    html = re.sub(r"<script\b.*?</script>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def emoji_in(text: str) -> set[str]:
    return set(EMOJI.findall(text))


def test_it_shows_leaders_no_command_jargon_or_emoji(leader_client, demo):
    # Given the seed with demo values; When a leader opens each page they read
    for name, path in leader_page_paths().items():
        response = leader_client.get(path)
        assert response.status_code == 200, name
        text = visible_text(response.content.decode())
        # Then none of the technical words is there, and no emoji
        for word in FORBIDDEN:
            assert word not in text, (name, word)
        assert emoji_in(text) == set(), name


def test_it_says_in_the_demo_banner_and_notes_who_removes_demo_data(leader_client, demo):
    html = leader_client.get(reverse("dashboards:overview")).content.decode()
    banner = re.search(r'<div class="banner-demo".*?</div>', html, flags=re.S).group(0)
    assert "演示数据" in banner and "管理员" in banner
    assert "manage.py" not in DEMO_NOTE and "管理员" in DEMO_NOTE


def test_it_names_the_method_in_chinese_and_links_to_its_explanation(leader_client, demo):
    html = leader_client.get(reverse("dashboards:overview")).content.decode()
    assert '<a href="#method">研判方法</a>' in html
    explanation = re.search(r'<section class="method" id="method".*?</section>', html, flags=re.S)
    assert explanation and "年均增速" in explanation.group(0)


def test_it_calls_the_ratio_kind_in_plain_words_on_the_indicator_page(leader_client, demo):
    html = leader_client.get(reverse("dashboards:indicator", args=["K1"])).content.decode()
    assert "比率类指标" in html
    assert "水平值" not in html


def test_it_draws_a_lock_mark_not_an_emoji_on_a_closed_year(client, county, reviewer, seeded):
    # Given 2023 closed by the reviewer; When county staff open that year's entry page
    year_close(user=reviewer, year=2023)
    client.force_login(county)
    html = client.get(reverse("entry:home") + "?year=2023").content.decode()
    # Then the closed year is marked by the drawn lock, with no emoji
    assert 'class="lock-mark"' in html
    assert emoji_in(visible_text(html)) == set()


@pytest.mark.parametrize("persona", ["leader", "county", "bureau", "reviewer"])
def test_it_keeps_the_api_docs_out_of_the_main_menu(client, seeded, people, persona):
    client.force_login(people[persona])
    html = client.get(reverse("home")).content.decode()
    assert reverse("api_docs") not in html


def test_it_gives_administrators_the_api_docs_in_their_own_menu(client, seeded, admin):
    client.force_login(admin)
    html = client.get(reverse("home")).content.decode()
    menu = re.search(r'<nav class="toolnav".*?</nav>', html, flags=re.S).group(0)
    assert reverse("api_docs") in menu and "接口文档" in menu
    main = re.search(r'<nav class="mainnav".*?</nav>', html, flags=re.S).group(0)
    assert reverse("api_docs") not in main


def test_it_rewords_the_note_of_demo_values_loaded_before(seeded):
    from indicators.catalogue.demo import load_demo_data
    from indicators.models import Actual

    # Given demo values whose note still names a command line (as loaded by an earlier version)
    load_demo_data(recompute=False)
    old = "演示数据：…（python manage.py clear_demo_data 可删除）"
    Actual.objects.filter(origin=Actual.Origin.DEMO).update(source_note=old)
    # When the demo data is loaded again
    load_demo_data(recompute=False)
    # Then every demo value carries the plain note
    notes = set(
        Actual.objects.filter(origin=Actual.Origin.DEMO).values_list("source_note", flat=True)
    )
    assert notes == {DEMO_NOTE}
