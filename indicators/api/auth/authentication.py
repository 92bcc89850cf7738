"""Token authentication: `Authorization: Token <key>`; the token acts as its user."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from indicators.api.exceptions import ERRORS
from indicators.catalogue.services.tokens import api_token_touch, token_for_key

KEYWORD = "Token"


class TokenAuthentication(BaseAuthentication):
    """`request.user` is the token's user, `request.auth` the ApiToken itself."""

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != KEYWORD.lower().encode():
            return None  # not ours: another scheme, or the browser's session
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                "请求头格式应为 Authorization: Token <密钥>。", code="authentication_failed"
            )
        try:
            key = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(ERRORS["authentication_failed"][1]) from None
        token = token_for_key(key)
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(ERRORS["authentication_failed"][1])
        api_token_touch(token=token)
        return token.user, token

    def authenticate_header(self, request):
        # Makes an unauthenticated request a 401 with a challenge, rather than a 403.
        return f'{KEYWORD} realm="wzsci-api"'


class TokenAuthenticationScheme(OpenApiAuthenticationExtension):
    target_class = "indicators.api.auth.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "接口令牌，由系统管理员创建：`Authorization: Token <密钥>`。只读令牌不能写入。",
        }
