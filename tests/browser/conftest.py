"""Browser fixtures: Playwright driving Debian's Chromium against the live test server.

Every page a test opens is watched: a console error or a request to any host other than the
live server fails the test (deployments are on intranets: no page may reach the internet).
Screenshots go to test-artifacts/screenshots/.
"""

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


@pytest.fixture(scope="session")
def browser(chromium_path):
    # Playwright's sync API keeps an event loop in this thread; the test's own ORM calls are
    # synchronous and safe, so Django's async guard is relaxed for browser tests only.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=chromium_path,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


class PageWatch:
    """What a page did that it must not: console errors, requests leaving the server."""

    def __init__(self, server_url: str):
        self.server_netloc = urlparse(server_url).netloc
        self.console_errors: list[str] = []
        self.outside_requests: list[str] = []

    def on_console(self, msg):
        if msg.type == "error":
            self.console_errors.append(msg.text)

    def on_request(self, request):
        url = urlparse(request.url)
        if url.scheme in {"http", "https", "ws", "wss"} and url.netloc != self.server_netloc:
            self.outside_requests.append(request.url)

    def assert_clean(self):
        assert self.outside_requests == [], f"requests left the server: {self.outside_requests}"
        assert self.console_errors == [], f"console errors: {self.console_errors}"


@pytest.fixture
def page(browser, live_server, request):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    watch = PageWatch(live_server.url)
    page.on("console", watch.on_console)
    page.on("request", watch.on_request)
    # Block anything outside the server outright, so a stray CDN link cannot hang a test.
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if urlparse(route.request.url).netloc == watch.server_netloc
            or route.request.url.startswith("data:")
            else route.abort()
        ),
    )
    page.watch = watch
    yield page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    try:
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    finally:
        context.close()


def login(page, live_server, username: str, password: str):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")
