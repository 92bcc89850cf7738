"""A moment is shown one way everywhere: "2025-03-01 14:05" in the site's time zone."""

import datetime as dt

from django.template import Context, Template

from common.timefmt import local_time


def test_it_shows_a_moment_in_the_sites_time_zone_to_the_minute(settings):
    # Given 06:05:59 UTC; When shown; Then 14:05 in Asia/Shanghai (UTC+8), no seconds
    assert settings.TIME_ZONE == "Asia/Shanghai"
    moment = dt.datetime(2025, 3, 1, 6, 5, 59, tzinfo=dt.UTC)
    assert local_time(moment) == "2025-03-01 14:05"


def test_it_shows_a_dash_or_the_given_text_for_no_moment():
    assert local_time(None) == "—"
    assert local_time(None, empty="") == ""


def test_it_takes_a_naive_moment_as_already_local():
    assert local_time(dt.datetime(2025, 3, 1, 14, 5)) == "2025-03-01 14:05"


def test_the_template_filter_is_the_same_function():
    moment = dt.datetime(2025, 12, 31, 16, 30, tzinfo=dt.UTC)
    rendered = Template("{% load display %}{{ t|local_time }}|{{ none|local_time }}").render(
        Context({"t": moment, "none": None})
    )
    assert rendered == "2026-01-01 00:30|—"
