"""The first administrator of a production set-up (`manage.py setup --production`): the one
account a deployment starts with, whose password the operator chose and the policy accepted.
Later accounts are made by that administrator in the admin."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from common.errors import ValidationFailed
from indicators.roles import Role


def administrator_exists() -> bool:
    """Whether an active administrator can already log in (a second set-up leaves it alone)."""
    User = get_user_model()
    return User.objects.filter(is_active=True, is_superuser=True).exists()


def first_admin_check(*, username: str, password: str) -> None:
    """Refuse a username the model refuses, one already taken, or a password the policy
    (settings.AUTH_PASSWORD_VALIDATORS) refuses; every problem is listed by field."""
    User = get_user_model()
    problems: dict[str, list[str]] = {}
    username = (username or "").strip()
    candidate = User(username=username)
    if not username:
        problems["username"] = [_("请填写管理员用户名。")]
    else:
        try:
            User._meta.get_field(User.USERNAME_FIELD).clean(username, candidate)
        except ValidationError as exc:
            problems["username"] = [str(m) for m in exc.messages]
    if not password:
        problems["password"] = [_("请填写管理员密码。")]
    else:
        try:
            validate_password(password, user=candidate)
        except ValidationError as exc:
            problems["password"] = [str(m) for m in exc.messages]
    if problems:
        raise ValidationFailed(details=problems)


@transaction.atomic
def first_admin_create(*, username: str, password: str):
    """Create the role groups and one superuser in the administrators' group, after the checks
    of `first_admin_check`; returns the account."""
    first_admin_check(username=username, password=password)
    User = get_user_model()
    username = username.strip()
    if User.objects.filter(username=username).exists():
        raise ValidationFailed(details={"username": [_("该用户名已存在。")]})
    for role in Role:
        Group.objects.get_or_create(name=role.value)
    user = User.objects.create_superuser(username=username, email="", password=password)
    user.groups.set([Group.objects.get(name=Role.ADMINISTRATOR.value)])
    return user
