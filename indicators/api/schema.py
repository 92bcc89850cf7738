"""The OpenAPI schema: drf-spectacular's, plus the error responses every operation can give,
so that the schema states the one error shape (exceptions.py) where a client meets it."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers
from rest_framework.permissions import AllowAny


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(
        help_text="稳定的英文错误代码，如 validation_failed、read_only_token"
    )
    message = serializers.CharField(help_text="中文说明")
    message_en = serializers.CharField(help_text="English message")
    details = serializers.DictField(help_text="按字段列出的问题，或其他补充信息（如 wait_seconds）")


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


ERROR_DESCRIPTIONS = {
    "400": "请求有误（validation_failed、invalid_filter、parse_error 等）",
    "401": "未登录或令牌无效（not_authenticated、authentication_failed）",
    "403": "无权执行（permission_denied）、审核本人填报或修改的数据（four_eyes）或只读令牌写入"
    "（read_only_token）",
    "404": "未找到（not_found）",
    "409": "他人已修改（edit_conflict）、已锁定或年度已关闭（locked）、状态不符（invalid_state）",
    "429": "请求过于频繁（throttled），见 Retry-After",
}


class ApiAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        public = all(issubclass(p, AllowAny) for p in self.view.permission_classes)
        codes = ["400"]
        if not public:
            codes += ["401", "403", "429"]
        if "{" in self.path:
            codes.append("404")
        if self.method not in ("GET", "HEAD", "OPTIONS"):
            codes.append("409")
        for code in codes:
            if code in responses and responses[code].get("content"):
                continue
            response = self._get_response_for_code(
                ErrorSerializer, code, media_types=["application/json"], direction=direction
            )
            response["description"] = ERROR_DESCRIPTIONS[code]
            responses[code] = response
        return responses
