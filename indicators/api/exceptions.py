"""One JSON shape for every 4xx of the API, whatever raised it:

    {"error": {"code": "validation_failed", "message": "中文", "message_en": "English", "details": {...}}}

`code` is stable and meant for programs; `message` is for people (Chinese), `message_en` for the
other system's logs. `details` maps a field to its messages for validation errors, and carries
what else a client needs (the current version on an edit conflict, the wait on a throttle).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error

from common.errors import ServiceError

# code → (HTTP status, message in Chinese, message in English)
ERRORS: dict[str, tuple[int, str, str]] = {
    "validation_failed": (
        400,
        "提交的数据有误，请按 details 所列逐项修改后重试。",
        "The request is invalid; see details.",
    ),
    "invalid_filter": (
        400,
        "查询参数有误，请按 details 所列逐项修改后重试。",
        "Invalid query parameters; see details.",
    ),
    "parse_error": (
        400,
        "请求内容无法解析，请提交有效的 JSON。",
        "The request body could not be parsed as JSON.",
    ),
    "json_too_deep": (
        400,
        "JSON 嵌套层数过多，请提交扁平的数据。",
        "The JSON body is nested too deeply.",
    ),
    "export_too_large": (
        400,
        "导出的数据行数超过上限，请缩小筛选范围，或用 limit/offset 分批导出。",
        "Too many rows to export at once; narrow the filters or page with limit/offset.",
    ),
    "not_authenticated": (
        401,
        "请先登录，或在请求头中提供接口令牌：Authorization: Token <密钥>。",
        "Authentication required: send the header 'Authorization: Token <key>'.",
    ),
    "authentication_failed": (
        401,
        "接口令牌无效、已撤销，或其用户已停用。",
        "The token is invalid or revoked, or its user is inactive.",
    ),
    "permission_denied": (
        403,
        "您无权执行此操作。",
        "You do not have permission to perform this action.",
    ),
    "four_eyes": (
        403,
        "四眼原则：不能审核本人填报或修改的数据，请由其他审核员审核。",
        "Four eyes: nobody reviews what they entered or last changed.",
    ),
    "not_assigned": (
        403,
        "按填报分工，该指标不由该区域填报。",
        "This indicator is not assigned to this region.",
    ),
    "read_only_token": (
        403,
        "该接口令牌为只读令牌，不能写入数据。",
        "This token is read-only; writes are refused.",
    ),
    "request_too_large": (
        413,
        "请求内容过大，请分批提交。",
        "The request body is too large; send it in parts.",
    ),
    "not_found": (404, "未找到所请求的资源。", "Not found."),
    "method_not_allowed": (405, "该地址不支持此请求方法。", "Method not allowed on this resource."),
    "not_acceptable": (
        406,
        "不支持所请求的格式；可用格式为 json、csv、xlsx。",
        "The requested format is not available; use json, csv or xlsx.",
    ),
    "unsupported_media_type": (
        415,
        "不支持该请求内容类型，请以 application/json 提交。",
        "Unsupported request content type; send application/json.",
    ),
    "edit_conflict": (
        409,
        "数据已被他人修改，请刷新后重试。",
        "The record was changed by someone else.",
    ),
    "locked": (409, "该数据已锁定，不能修改。", "The record is locked."),
    "invalid_state": (
        409,
        "当前状态下不能进行此操作。",
        "This step does not apply to the current state.",
    ),
    "throttled": (429, "请求过于频繁，请稍后再试。", "Too many requests; try again later."),
}

# Status of a service error by its code; anything else a service refuses is a bad request.
SERVICE_STATUS = {
    "permission_denied": 403,
    "four_eyes": 403,
    "not_assigned": 403,
    "validation_failed": 400,
    "edit_conflict": 409,
    "locked": 409,
    "invalid_state": 409,
    "not_found": 404,
}


class ReadOnlyToken(exceptions.PermissionDenied):
    default_detail = ERRORS["read_only_token"][1]
    default_code = "read_only_token"


class ExportTooLarge(exceptions.APIException):
    status_code = 400
    default_detail = ERRORS["export_too_large"][1]
    default_code = "export_too_large"


def error_body(
    code: str, *, message: str | None = None, message_en: str | None = None, details=None
) -> dict:
    _, zh, en = ERRORS.get(code, (400, "请求有误。", "Bad request."))
    return {
        "error": {
            "code": code,
            "message": message or zh,
            "message_en": message_en or en,
            "details": details or {},
        }
    }


def is_chinese(text) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in str(text))


def plain(detail):
    """DRF's ErrorDetail tree as plain JSON values."""
    if isinstance(detail, dict):
        return {str(key): plain(value) for key, value in detail.items()}
    if isinstance(detail, list | tuple):
        return [plain(item) for item in detail]
    if detail is None or isinstance(detail, bool | int | float):
        return detail
    return str(detail)


def field_details(detail) -> dict:
    detail = plain(detail)
    if isinstance(detail, dict):
        return {key: value if isinstance(value, list) else [value] for key, value in detail.items()}
    return {"non_field_errors": detail if isinstance(detail, list) else [detail]}


def service_error_response(exc) -> Response:
    from rest_framework.views import set_rollback

    set_rollback()
    code = getattr(exc, "code", "") or "validation_failed"
    details = dict(getattr(exc, "details", None) or {})
    current = getattr(exc, "current", None)
    if current is not None and "current" not in details:
        details["current"] = describe_current(current)
    body = error_body(
        code,
        message=getattr(exc, "message", None) or None,
        message_en=getattr(exc, "message_en", None) or None,
        details=plain(details),
    )
    return Response(body, status=SERVICE_STATUS.get(code, status.HTTP_400_BAD_REQUEST))


def describe_current(current) -> dict:
    """What an edit conflict shows of the newer record: its version, value, who saved it and when."""
    if isinstance(current, dict):
        return current
    saved_by = getattr(current, "entered_by", None)
    updated_at = getattr(current, "updated_at", None)
    return {
        "id": getattr(current, "pk", None),
        "version": getattr(current, "version", None),
        "value": str(getattr(current, "value", "")) if hasattr(current, "value") else None,
        "state": getattr(current, "state", None),
        "saved_by": getattr(saved_by, "username", None),
        "updated_at": updated_at.isoformat() if updated_at else None,
    }


def is_service_error(exc) -> bool:
    return isinstance(exc, ServiceError)


def api_exception_handler(exc, context):
    """DRF's EXCEPTION_HANDLER: every refusal in the one shape; anything else stays a 500."""
    # Imported here: this module is loaded while DRF's settings (and views) are initialising.
    from rest_framework.views import set_rollback

    if is_service_error(exc):
        return service_error_response(exc)
    if isinstance(exc, RequestDataTooBig):
        set_rollback()
        return Response(error_body("request_too_large"), status=413)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    if not isinstance(exc, exceptions.APIException):
        return None

    headers = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header
    details: dict = {}
    message = None
    if isinstance(exc, exceptions.ValidationError):
        code = getattr(exc, "wzsci_code", None) or "validation_failed"
        details = field_details(exc.detail)
    elif isinstance(exc, exceptions.Throttled):
        code = "throttled"
        if exc.wait is not None:
            wait = max(1, round(exc.wait))
            headers["Retry-After"] = str(wait)
            details = {"wait_seconds": wait}
            message = f"请求过于频繁，请在 {wait} 秒后再试。"
    elif isinstance(exc, exceptions.NotAuthenticated):
        code = "not_authenticated"
    elif isinstance(exc, exceptions.AuthenticationFailed):
        code = "authentication_failed"
    elif isinstance(exc, exceptions.PermissionDenied):
        code = exc.default_code if exc.default_code in ERRORS else "permission_denied"
        codes = exc.get_codes()
        if isinstance(codes, str) and codes in ERRORS:
            code = codes
    elif isinstance(exc, exceptions.MethodNotAllowed):
        code = "method_not_allowed"
    elif isinstance(exc, exceptions.NotAcceptable):
        code = "not_acceptable"
    elif isinstance(exc, exceptions.UnsupportedMediaType):
        code = "unsupported_media_type"
    elif isinstance(exc, exceptions.ParseError):
        code = "parse_error"
    elif isinstance(exc, exceptions.NotFound):
        code = "not_found"
    else:
        codes = exc.get_codes()
        code = codes if isinstance(codes, str) and codes in ERRORS else "validation_failed"
        if code == "validation_failed":
            details = field_details(exc.detail)

    if (
        message is None
        and isinstance(exc.detail, str)
        and str(exc.detail) != str(exc.default_detail)
    ):
        if is_chinese(exc.detail):
            message = str(exc.detail)  # raised with a message of its own: it says more than ours
        elif not details:
            details = {"reason": [str(exc.detail)]}  # e.g. the JSON parser's own words
    set_rollback()
    status_code = exc.status_code
    return Response(
        error_body(code, message=message, details=details), status=status_code, headers=headers
    )
