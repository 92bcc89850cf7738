"""Who may use wzsci as what: a staff account's profile (its unit or region) and REST API
tokens. Administrators only."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.utils.translation import gettext

from common.errors import ValidationFailed
from indicators import rules
from indicators.catalogue.services.base import (
    add_problem,
    assign,
    check_rules,
    delete_row,
    require_perm,
    row_for_update,
    save_row,
)
from indicators.catalogue.services.tokens import api_token_create
from indicators.models import ApiToken, Profile

PROFILE_FIELDS = ("user", "unit", "region")
CLIENT_NAME_MAX = ApiToken._meta.get_field("client_name").max_length


def require_access_manager(user) -> None:
    require_perm(
        user,
        rules.MANAGE_ACCESS,
        gettext("只有系统管理员可以管理用户资料和接口令牌。"),
        "Only administrators may manage profiles and API tokens.",
    )


@transaction.atomic
def profile_save(
    *, user, profile: Profile | None, fields: Mapping, reason: str | None = None
) -> Profile:
    """Bind an account to a unit (bureau staff) or a region (county staff): add its profile
    (`profile` None) or correct it; `fields` by PROFILE_FIELDS."""
    require_access_manager(user)
    row = row_for_update(Profile, profile)
    adding = row.pk is None
    if not assign(row, fields, PROFILE_FIELDS) and not adding:
        return row
    check_rules(row, {})
    save_row(
        row,
        user=user,
        reason=reason or ("新增用户资料" if adding else "修改用户资料"),
    )
    return row


@transaction.atomic
def profile_delete(*, user, profile: Profile, reason: str = "删除用户资料") -> None:
    """Unbind an account from its unit or region (the account itself stays)."""
    require_access_manager(user)
    delete_row(row_for_update(Profile, profile), user=user, reason=reason)


@transaction.atomic
def api_token_save(
    *,
    user,
    token: ApiToken | None,
    client_name: str,
    for_user=None,
    read_only: bool = True,
) -> tuple[ApiToken, str | None]:
    """Create a token for `for_user` (`token` None), or rename one; returns the token and, for
    a new one, its key, which exists in clear only now (indicators/catalogue/services/tokens.py).

    A token's user and access are fixed once it exists: a client that needs other rights gets a
    new token, and the old one is revoked.
    """
    require_access_manager(user)
    client_name = (client_name or "").strip()
    problems: dict[str, list[str]] = {}
    if not client_name:
        add_problem(problems, "client_name", gettext("请填写客户端名称。"))
    elif len(client_name) > CLIENT_NAME_MAX:
        add_problem(
            problems,
            "client_name",
            gettext("客户端名称不能超过 %(CLIENT_NAME_MAX)s 个字。")
            % {"CLIENT_NAME_MAX": CLIENT_NAME_MAX},
        )
    if token is None and for_user is None:
        add_problem(problems, "user", gettext("请选择令牌代表的用户。"))
    if problems:
        raise ValidationFailed(details=problems)
    if token is None:
        return api_token_create(
            client_name=client_name, user=for_user, read_only=read_only, created_by=user
        )
    row = row_for_update(ApiToken, token)
    if row.client_name != client_name:
        row.client_name = client_name
        save_row(row, user=user, reason="修改接口令牌名称")
    return row, None
