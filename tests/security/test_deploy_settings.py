"""Deployment settings (issue 11, defect 13): HTTPS, HSTS and secure cookies from the environment,
`manage.py check --deploy` clean under .env.example's production values, 8-hour sessions that
end with the browser, the password policy, and a Content-Security-Policy on every page."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.management.utils import get_random_secret_key
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_person
from wzsci.passwords import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def example_environment() -> dict[str, str]:
    """.env.example's variables as a server has them, SECRET_KEY generated as README says."""
    values = {}
    for line in (ROOT / ".env.example").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    # The example ships no key (an empty one refuses to start with DEBUG=0): nobody can copy it.
    assert values["SECRET_KEY"] == ""
    values["SECRET_KEY"] = get_random_secret_key()
    return values


def run_django(code_or_args: list[str], environment: dict[str, str]):
    """A fresh interpreter with only `environment` (and what Python needs) set."""
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "TMPDIR"}}
    env.update(environment, DJANGO_SETTINGS_MODULE="wzsci.settings", PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, *code_or_args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


SHOW_SETTINGS = """
import django, json
django.setup()
from django.conf import settings as s
print(json.dumps({
    "DEBUG": s.DEBUG,
    "SECURE_SSL_REDIRECT": s.SECURE_SSL_REDIRECT,
    "SECURE_HSTS_SECONDS": s.SECURE_HSTS_SECONDS,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": s.SECURE_HSTS_INCLUDE_SUBDOMAINS,
    "SECURE_HSTS_PRELOAD": s.SECURE_HSTS_PRELOAD,
    "SECURE_PROXY_SSL_HEADER": s.SECURE_PROXY_SSL_HEADER,
    "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": s.CSRF_COOKIE_SECURE,
}))
"""


def test_check_deploy_is_clean_with_the_documented_production_values():
    # Given every variable of .env.example, as a server sets them
    # When Django's deployment check runs in its own process
    result = run_django(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"], example_environment()
    )
    # Then it reports no issue at all (not even a warning)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout + result.stderr


def test_https_hsts_and_secure_cookies_come_from_the_environment():
    production = json.loads(run_django(["-c", SHOW_SETTINGS], example_environment()).stdout)
    assert production == {
        "DEBUG": False,
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
    }
    # Unset (`make run` on plain HTTP on a laptop), all are off
    laptop = json.loads(run_django(["-c", SHOW_SETTINGS], {}).stdout)
    assert laptop["SECURE_SSL_REDIRECT"] is False
    assert laptop["SECURE_HSTS_SECONDS"] == 0
    assert laptop["SECURE_PROXY_SSL_HEADER"] is None
    assert laptop["SESSION_COOKIE_SECURE"] is False


def test_a_production_server_refuses_to_start_without_its_secret_key():
    environment = example_environment() | {"SECRET_KEY": ""}
    result = run_django(["manage.py", "check"], environment)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
def test_a_login_lasts_eight_hours_and_ends_with_the_browser(client, seeded):
    # Given a person who logs in through the login form
    make_person("wang", password="Ou-river bridge 1998")
    response = client.post(
        reverse("login"), {"username": "wang", "password": "Ou-river bridge 1998"}
    )
    assert response.status_code == 302
    # Then the session cookie has no expiry (the browser drops it when closed)
    cookie = response.cookies["sessionid"]
    assert cookie["expires"] == "" and cookie["max-age"] == ""
    # and the server forgets the session 8 hours from now
    expires = Session.objects.get(session_key=cookie.value).expire_date
    hours = (expires - timezone.now()).total_seconds() / 3600
    assert 7.9 < hours <= 8


@pytest.mark.parametrize(
    "password, reason",
    [
        (DEMO_PASSWORD, "公开的演示密码"),
        ("Wzsci-Demo-2026", "公开的演示密码"),
        ("20262026", "只包含数字"),
        ("2026202620", "只包含数字"),
        ("Wz-2026a", "至少需要 10 个字符"),
        ("password123", "太常见"),
        ("qwertyuiop", "太常见"),
    ],
)
def test_the_password_policy_refuses(password, reason):
    with pytest.raises(ValidationError) as refused:
        validate_password(password)
    assert any(reason in message for message in refused.value.messages), refused.value.messages


def test_the_password_policy_accepts_a_long_uncommon_password():
    assert validate_password("瓯江大桥-Ou-river-1998") is None


@pytest.mark.django_db
def test_every_page_carries_a_policy_that_allows_no_inline_script(client, leader, seeded):
    client.force_login(leader)
    for path in [reverse("home"), "/dashboards/", "/entry/", "/proposals/", "/accounts/login/"]:
        policy = client.get(path)["Content-Security-Policy"]
        directives = {}
        for part in policy.split(";"):
            name, _, sources = part.strip().partition(" ")
            directives[name] = sources
        assert directives["script-src"] == "'self'", (path, policy)
        assert directives["default-src"] == "'self'"
        assert directives["object-src"] == "'none'"
        assert directives["frame-ancestors"] == "'none'"


def test_no_template_holds_an_inline_script_or_event_handler():
    """The policy would block them: every behaviour lives in static/js/ (pages the browser test
    does not open are covered here). A JSON data block is not a script and is allowed."""
    import re

    script_tag = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
    handler = re.compile(r"""\son[a-z]+\s*=\s*["']""", re.IGNORECASE)
    offenders = []
    for template in sorted((ROOT / "templates").rglob("*.html")):
        text = template.read_text(encoding="utf-8")
        name = template.relative_to(ROOT)
        for attributes in script_tag.findall(text):
            if "src=" not in attributes and 'type="application/json"' not in attributes:
                offenders.append(f"{name}: inline <script{attributes}>")
        offenders += [f"{name}: handler {m.group().strip()}" for m in handler.finditer(text)]
        if "javascript:" in text:
            offenders.append(f"{name}: javascript: URL")
    assert offenders == []
