"""The password policy's own validators (settings.AUTH_PASSWORD_VALIDATORS).

Django's validators refuse short, common and digits-only passwords; `KnownPasswordValidator`
refuses the demo accounts' password, which README prints for `make run`, and
`MinimumLengthValidator` is Django's with its message in Chinese (Django 5.2's own Chinese
catalogue lacks this sentence).
"""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# The password of the demo accounts (`manage.py setup_demo_accounts`), printed in README and by
# `make run`: for a first look on a laptop, never for a real account.
DEMO_PASSWORD = "wzsci-demo-2026"
KNOWN_PASSWORDS = frozenset({DEMO_PASSWORD})


def _normalised(password: str) -> str:
    return password.strip().casefold()


class KnownPasswordValidator:
    """Refuse a published password (the demo password), in any letter case."""

    def __init__(self, passwords=KNOWN_PASSWORDS):
        self.passwords = {_normalised(p) for p in passwords}

    def validate(self, password, user=None):
        if _normalised(password) in self.passwords:
            raise ValidationError(
                _("这是公开的演示密码，不能用于正式账号。"), code="password_published"
            )

    def get_help_text(self):
        return _("密码不能是公开的演示密码。")


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """Django's length rule, saying so in Chinese."""

    def get_error_message(self):
        return _("密码太短，至少需要 %(min_length)d 个字符。") % {"min_length": self.min_length}

    def get_help_text(self):
        return _("密码至少需要 %(min_length)d 个字符。") % {"min_length": self.min_length}
