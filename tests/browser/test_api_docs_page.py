"""The API's documentation page (issue 7): Swagger UI from drf-spectacular-sidecar, served by the
site itself — a real browser loads it with nothing fetched from outside and no console error."""

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_it_renders_the_api_docs_from_local_assets(page, live_server):
    # Given the site; When a visitor opens the 接口文档 (the administrators' menu links it)
    assert reverse("api_docs") == "/api/v1/docs/"
    page.goto(live_server.url + reverse("api_docs"))
    # Then Swagger UI draws the schema's operations, in Chinese, from the site's own files
    page.wait_for_selector(".opblock-summary", timeout=20_000)
    text = page.inner_text("body")
    assert "wzsci 接口" in text
    assert "/api/v1/status/" in text
    assert "进展状态" in text
    page.watch.assert_clean()
