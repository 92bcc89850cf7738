"""`manage.py setup`: the demo on a laptop (`make setup`, `make run`), or, with --production, a
server's set-up (`make setup-production`) that creates no account with a known password.

Demo: migrate, seed, synthetic demo actuals, progress, commitments, one demo account per role
(password printed). Refused when DEBUG is off.

Production: migrate, the first administrator, seed, static files, progress, commitments. The
first administrator comes from WZSCI_ADMIN_USERNAME / WZSCI_ADMIN_PASSWORD, or is asked for on a
terminal; with neither it is refused. Its password passes the password policy. Where an active
administrator already exists (a second run, an upgrade) none is created and none is asked for.
Every step is idempotent, so the command is also the upgrade: run it again after a new release.
"""

import getpass
import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from common.errors import ValidationFailed
from indicators.catalogue.services.accounts import (
    administrator_exists,
    first_admin_check,
    first_admin_create,
)

ADMIN_USERNAME_ENV = "WZSCI_ADMIN_USERNAME"
ADMIN_PASSWORD_ENV = "WZSCI_ADMIN_PASSWORD"


def _problems(exc: ValidationFailed) -> str:
    return "".join(m for ms in exc.details.values() for m in ms) or exc.message


class Command(BaseCommand):
    help = (
        "Set wzsci up. Without options: the demo (demo data and demo accounts; DEBUG on only). "
        "--production: migrate, first administrator, seed, collectstatic, progress — no demo "
        f"account, no demo data. The administrator comes from {ADMIN_USERNAME_ENV} / "
        f"{ADMIN_PASSWORD_ENV} or is asked for on a terminal."
    )
    # Tests hand the command a standard input of their own (as createsuperuser's do).
    stealth_options = ("stdin",)

    def add_arguments(self, parser):
        parser.add_argument(
            "--production",
            action="store_true",
            help="a server's set-up: no demo account, no demo data, static files collected",
        )

    def handle(self, *args, **options):
        self.stdin = options.get("stdin", sys.stdin)
        if options["production"]:
            self.setup_production()
        else:
            self.setup_demo()

    def step(self, name, *args):
        call_command(name, *args, stdout=self.stdout, stderr=self.stderr)

    def setup_demo(self):
        if not settings.DEBUG:
            raise CommandError(
                _(
                    "DEBUG 已关闭（生产环境）：演示安装会创建密码公开的账号，已拒绝。"
                    "服务器请用 python manage.py setup --production（make setup-production）。"
                )
            )
        self.step("migrate", "--noinput")
        self.step("load_seed")
        self.step("load_demo_data")
        self.step("recompute_progress")
        self.step("refresh_commitments")
        self.step("setup_demo_accounts")

    def setup_production(self):
        # Read and check the administrator from the environment before any work, so that a
        # refused password stops the set-up before it has changed anything.
        from_env = self.admin_from_environment()
        self.step("migrate", "--noinput")
        if administrator_exists():
            self.stdout.write(_("已有系统管理员，未新建账号。"))
        else:
            username, password = from_env or self.admin_from_terminal()
            try:
                user = first_admin_create(username=username, password=password)
            except ValidationFailed as exc:
                raise CommandError(_problems(exc)) from exc
            self.stdout.write(_("已创建系统管理员：%(username)s") % {"username": user.username})
        self.step("load_seed")
        self.step("collectstatic", "--noinput")
        self.step("recompute_progress")
        self.step("refresh_commitments")
        self.stdout.write(
            self.style.SUCCESS(_("生产环境安装完成：未创建演示账号，未载入演示数据。"))
        )

    def admin_from_environment(self) -> tuple[str, str] | None:
        username = os.environ.get(ADMIN_USERNAME_ENV, "")
        password = os.environ.get(ADMIN_PASSWORD_ENV, "")
        if not username and not password:
            return None
        if not username or not password:
            raise CommandError(
                _("请同时设置 %(user)s 和 %(password)s，或两者都不设置（在终端上输入）。")
                % {"user": ADMIN_USERNAME_ENV, "password": ADMIN_PASSWORD_ENV}
            )
        try:
            first_admin_check(username=username, password=password)
        except ValidationFailed as exc:
            raise CommandError(
                _("%(user)s / %(password)s 不可用：%(problems)s")
                % {
                    "user": ADMIN_USERNAME_ENV,
                    "password": ADMIN_PASSWORD_ENV,
                    "problems": _problems(exc),
                }
            ) from exc
        return username.strip(), password

    def admin_from_terminal(self) -> tuple[str, str]:
        if not (hasattr(self.stdin, "isatty") and self.stdin.isatty()):
            raise CommandError(
                _(
                    "没有可输入的终端，也没有设置 %(user)s 和 %(password)s："
                    "未创建系统管理员。请设置这两个环境变量后重新运行。"
                )
                % {"user": ADMIN_USERNAME_ENV, "password": ADMIN_PASSWORD_ENV}
            )
        self.stdout.write(_("创建第一个系统管理员（密码至少 10 位，不能是常见密码或纯数字）。"))
        while True:
            username = input(_("管理员用户名：")).strip()
            password = getpass.getpass(_("密码："))
            if password != getpass.getpass(_("再次输入密码：")):
                self.stderr.write(_("两次输入的密码不一致，请重新输入。"))
                continue
            try:
                first_admin_check(username=username, password=password)
            except ValidationFailed as exc:
                self.stderr.write(_problems(exc))
                continue
            return username, password
