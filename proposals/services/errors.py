"""Errors of the proposals' services: the shared ServiceError family (common/errors.py: stable
English `code`, Chinese `message`, `details`), plus the reply import's own."""

from __future__ import annotations

from django.utils.translation import gettext

from common.errors import PermissionDenied, ServiceError, ValidationFailed

__all__ = [
    "DuplicateReply",
    "PermissionDenied",
    "ReplyImportRejected",
    "ServiceError",
    "ValidationFailed",
    "service_error_payload",
]


class ReplyImportRejected(ValidationFailed):
    """The reply is refused as a whole; `problems` lists every problem found, in Chinese."""

    code = "reply_import_rejected"
    default_message_en = "The reply was not saved: it has errors."

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__(
            gettext("答复未保存：发现 %(len)s 处问题，请修改后再确认。")
            % {"len": len(self.problems)},
            details={"problems": self.problems},
        )


class DuplicateReply(ValidationFailed):
    code = "duplicate_doc_number"
    default_message_en = "A reply with this document number has already been imported."


def service_error_payload(exc: ServiceError) -> dict:
    """The JSON an API client gets for a refused write: code + Chinese message + details."""
    return {"code": exc.code, "message": exc.message, "details": exc.details}
