"""The set-up split (issue 11, defect 9): `manage.py setup --production` (`make setup-production`)
migrates, seeds and collects static files, and creates no account with a known password — its
first administrator comes from WZSCI_ADMIN_USERNAME / WZSCI_ADMIN_PASSWORD or a terminal, and it
refuses without either. The demo `setup` (`make setup`, `make run`) refuses when DEBUG is off."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from indicators.models import Actual, Indicator
from indicators.roles import Role, user_roles
from wzsci.passwords import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

DEMO_USERNAMES = ["leader", "bureau", "county", "reviewer", "admin"]
STRONG = "Ou-river bridge 1998"


class NoTerminal(StringIO):
    """Standard input as CI and `docker compose run` give it: not a terminal."""

    def isatty(self):
        return False


class Terminal(StringIO):
    def isatty(self):
        return True


@pytest.fixture
def server(tmp_path, monkeypatch):
    """A server: DEBUG off, static files collected into a folder of the test's own, and no
    administrator in the environment unless the test sets one."""
    monkeypatch.delenv("WZSCI_ADMIN_USERNAME", raising=False)
    monkeypatch.delenv("WZSCI_ADMIN_PASSWORD", raising=False)
    with override_settings(DEBUG=False, STATIC_ROOT=tmp_path / "static"):
        yield tmp_path / "static"


def setup_production(**kwargs):
    out = StringIO()
    call_command("setup", "--production", stdin=NoTerminal(), stdout=out, stderr=out, **kwargs)
    return out.getvalue()


def logs_in(rf, username, password):
    return authenticate(rf.post("/accounts/login/"), username=username, password=password)


def accounts():
    return set(get_user_model().objects.values_list("username", flat=True))


def test_it_sets_up_a_server_from_the_environment_with_no_demo_account_or_data(
    server, monkeypatch, rf
):
    # Given the first administrator in the environment, and no terminal
    monkeypatch.setenv("WZSCI_ADMIN_USERNAME", "wzkj-admin")
    monkeypatch.setenv("WZSCI_ADMIN_PASSWORD", STRONG)
    # When the production set-up runs
    out = setup_production()
    # Then that administrator is the only account, and logs in with that password
    assert accounts() == {"wzkj-admin"}
    admin = get_user_model().objects.get(username="wzkj-admin")
    assert admin.is_superuser and admin.is_staff
    assert Role.ADMINISTRATOR in user_roles(admin)
    assert logs_in(rf, "wzkj-admin", STRONG) == admin
    # no demo account and no demo actual; the seed is loaded, the static files collected
    assert not get_user_model().objects.filter(username__in=DEMO_USERNAMES).exists()
    assert not Actual.objects.filter(origin=Actual.Origin.DEMO).exists()
    assert Indicator.objects.filter(code="K1").exists()
    assert (server / "vendor" / "plotly" / "plotly.min.js").exists()
    assert (server / "js" / "site.js").exists()
    assert DEMO_PASSWORD not in out


def test_it_refuses_without_an_administrator_and_without_a_terminal(server):
    with pytest.raises(CommandError, match="WZSCI_ADMIN_USERNAME"):
        setup_production()
    assert accounts() == set()


def test_it_refuses_half_an_administrator(server, monkeypatch):
    monkeypatch.setenv("WZSCI_ADMIN_USERNAME", "wzkj-admin")
    with pytest.raises(CommandError, match="WZSCI_ADMIN_PASSWORD"):
        setup_production()
    assert accounts() == set()


@pytest.mark.parametrize(
    "password",
    [DEMO_PASSWORD, "WZSCI-DEMO-2026", "20262026", "2026202620", "short-1", "password123"],
)
def test_it_refuses_a_password_the_policy_refuses(server, monkeypatch, password):
    # Given a published, digits-only, short or common password in the environment
    monkeypatch.setenv("WZSCI_ADMIN_USERNAME", "wzkj-admin")
    monkeypatch.setenv("WZSCI_ADMIN_PASSWORD", password)
    # Then the set-up stops before anything is created
    with pytest.raises(CommandError, match="WZSCI_ADMIN_PASSWORD"):
        setup_production()
    assert accounts() == set()


def test_it_asks_for_the_administrator_on_a_terminal(server, monkeypatch, rf):
    # Given a terminal where the operator types a refused password first, then a good one
    answers = iter(["20262026", "20262026", STRONG, STRONG])
    monkeypatch.setattr("builtins.input", lambda prompt="": "wzkj-admin")
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    out = StringIO()
    call_command("setup", "--production", stdin=Terminal(), stdout=out, stderr=out)
    # Then the refusal was shown, and the account has the accepted password
    assert "密码只包含数字" in out.getvalue()
    assert accounts() == {"wzkj-admin"}
    assert logs_in(rf, "wzkj-admin", STRONG) is not None


def test_a_second_run_keeps_the_administrator_and_asks_for_none(server, monkeypatch):
    monkeypatch.setenv("WZSCI_ADMIN_USERNAME", "wzkj-admin")
    monkeypatch.setenv("WZSCI_ADMIN_PASSWORD", STRONG)
    setup_production()
    # When it runs again (an upgrade) with no administrator in the environment, no terminal
    monkeypatch.delenv("WZSCI_ADMIN_USERNAME")
    monkeypatch.delenv("WZSCI_ADMIN_PASSWORD")
    out = setup_production()
    # Then nothing is refused and nothing is added
    assert "已有系统管理员" in out
    assert accounts() == {"wzkj-admin"}


def test_the_demo_setup_refuses_on_a_server(server):
    with pytest.raises(CommandError, match="--production"):
        call_command("setup", stdout=StringIO())
    assert accounts() == set()
    assert not Actual.objects.filter(origin=Actual.Origin.DEMO).exists()
