"""Fixtures of the translation tests: the seed with the demo actuals (the dashboards' shared
layer), and a client that reads in English."""

import pytest
from django.conf import settings

from tests.conftest import shared_value
from tests.dashboards.conftest import load_demo  # noqa: F401  (declares the shared layer "demo")


@pytest.fixture
def demo(seeded, request):
    """The seed plus the demo actuals of 2022–2024, progress recomputed (shared)."""
    return shared_value(request, "demo")


@pytest.fixture
def english_client(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
