"""A fast first visit (issue 14): in production (STATIC_MANIFEST=1, after collectstatic) static
files are served by WhiteNoise under hashed names, brotli- or gzip-encoded, with a far-future
cache header, so that the overview's first load transfers at most 2 MB (plotly.min.js alone is
about 4.8 MB raw). Sizes, not times: bench/first_visit.py measures the cold load."""

import re

import pytest
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse

MANIFEST = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
LIMIT = 2_000_000
PLOTLY = "vendor/plotly/plotly.min.js"


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """The static files as production collects them: hashed, with .br and .gz copies."""
    root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(STATIC_ROOT=root, STORAGES=MANIFEST, WHITENOISE_USE_FINDERS=False):
        # Less the admin's and the API docs' files, which no leader page loads (compressing
        # them only slows the test).
        ignore = ["admin", "drf_spectacular_sidecar", "rest_framework", "geo"]
        call_command("collectstatic", "--noinput", verbosity=0, ignore_patterns=ignore)
    assert not (root / "vendor/plotly/widgetbundle.js").exists()
    return root


@pytest.fixture
def production_static(collected):
    with override_settings(
        STATIC_ROOT=collected, STORAGES=MANIFEST, WHITENOISE_USE_FINDERS=False, DEBUG=False
    ):
        yield collected


def fetch(client: Client, url: str, encodings: str):
    response = client.get(url, HTTP_ACCEPT_ENCODING=encodings)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def test_it_serves_the_plotly_bundle_compressed_under_a_hashed_name(production_static):
    # Given the collected files; When a browser asks for plotly.min.js
    client = Client()
    url = staticfiles_storage.url(PLOTLY)
    assert re.search(r"plotly\.min\.[0-9a-f]{12}\.js$", url), url
    raw = (production_static / PLOTLY).stat().st_size
    brotli, brotli_body = fetch(client, url, "gzip, deflate, br")
    gzip, gzip_body = fetch(client, url, "gzip, deflate")
    # Then a browser that takes brotli gets brotli, one that takes only gzip gets gzip,
    # each a fraction of the raw bundle
    assert brotli.status_code == gzip.status_code == 200
    assert brotli["Content-Encoding"] == "br"
    assert gzip["Content-Encoding"] == "gzip"
    assert len(brotli_body) < len(gzip_body) < raw / 3
    assert "Accept-Encoding" in brotli["Vary"]
    # And the hashed name is cached for good (immutable, a year or more)
    cache = brotli["Cache-Control"]
    assert "immutable" in cache
    assert int(re.search(r"max-age=(\d+)", cache).group(1)) >= 365 * 24 * 3600


def test_it_keeps_the_overview_first_load_under_two_megabytes(production_static, leader, seeded):
    # Given a leader on the production static files; When the overview is loaded cold
    client = Client()
    client.force_login(leader)
    page = client.get(reverse("dashboards:overview"), HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert page.status_code == 200
    html = page.content.decode()
    assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
    assert any("plotly.min." in a for a in assets) and any(a.endswith(".css") for a in assets)
    encoded = len(page.content)
    raw = len(page.content)
    for url in assets:
        response, body = fetch(client, url, "gzip, deflate, br")
        assert response.status_code == 200, url
        encoded += len(body)
        raw += (production_static / url.removeprefix("/static/")).stat().st_size
    # Then everything it transfers adds up to at most 2 MB, where the raw files alone would not
    assert encoded <= LIMIT, encoded
    assert raw > LIMIT, raw
