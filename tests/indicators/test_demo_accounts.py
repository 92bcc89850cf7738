"""`setup_demo_accounts` creates one account per role, bound to its unit or region, idempotently;
with DEBUG off (a server) it refuses unless forced, since their password is published."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from indicators.roles import Role, user_roles

pytestmark = pytest.mark.django_db

DEMO_USERNAMES = ["leader", "bureau", "county", "reviewer", "admin"]


@pytest.fixture(autouse=True)
def laptop():
    """The demo's own setting: `make run` runs with DEBUG on."""
    with override_settings(DEBUG=True):
        yield


def test_it_creates_one_account_per_role_bound_to_its_unit_or_region(seeded, capsys):
    call_command("setup_demo_accounts")
    out = capsys.readouterr().out
    User = get_user_model()
    expected = {
        "leader": Role.LEADERSHIP,
        "bureau": Role.BUREAU_STAFF,
        "county": Role.COUNTY_STAFF,
        "reviewer": Role.REVIEWER,
        "admin": Role.ADMINISTRATOR,
    }
    for username, role in expected.items():
        user = User.objects.get(username=username)
        assert role.value in user_roles(user)
        assert username in out
    assert User.objects.get(username="bureau").profile.unit.name == "市科技局"
    assert User.objects.get(username="county").profile.region.name == "鹿城区"
    assert User.objects.get(username="admin").is_superuser
    assert not User.objects.get(username="leader").is_staff


def test_a_second_run_changes_nothing(seeded):
    call_command("setup_demo_accounts")
    call_command("setup_demo_accounts")
    assert get_user_model().objects.filter(username__in=DEMO_USERNAMES).count() == 5


def test_the_printed_password_logs_in(seeded, rf):
    from wzsci.passwords import DEMO_PASSWORD

    call_command("setup_demo_accounts")
    assert (
        authenticate(rf.post("/accounts/login/"), username="county", password=DEMO_PASSWORD)
        is not None
    )


def test_it_refuses_on_a_server(seeded):
    # Given DEBUG off (a production server); When the demo accounts are asked for
    with override_settings(DEBUG=False), pytest.raises(CommandError, match="--force"):
        call_command("setup_demo_accounts", stdout=StringIO())
    # Then none exists, nor any role group's member
    assert not get_user_model().objects.filter(username__in=DEMO_USERNAMES).exists()


def test_it_creates_them_on_a_server_only_when_forced(seeded):
    with override_settings(DEBUG=False):
        call_command("setup_demo_accounts", "--force", stdout=StringIO())
    assert get_user_model().objects.filter(username__in=DEMO_USERNAMES).count() == 5
