"""The errors every service raises: a write refused for a reason the user can act on.

Each has a stable English `code` (for the API) and a Chinese `message` (for people); the entry
pages, the import, the admin, the API and the proposals app all show them as they are. Pure
Python, no Django: `indicators.entry.services` re-exports them, `proposals.services.errors` adds
its own, and `indicators.api.exceptions` turns any of them into the API's error shape.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext, gettext_lazy


class ServiceError(Exception):
    """A write refused for a reason the user can act on.

    `code` is stable English snake_case (for the API), `message` Chinese (for people),
    `message_en` English, `details` a dict ({field: [Chinese messages]} for validation).
    """

    code = "service_error"
    default_message = gettext_lazy("操作未能完成。")
    default_message_en = "The operation could not be completed."

    def __init__(self, message: str | None = None, *, message_en: str | None = None, details=None):
        self.message = message or self.default_message
        self.message_en = message_en or self.default_message_en
        self.details = dict(details or {})
        super().__init__(self.message)


class PermissionDenied(ServiceError):
    code = "permission_denied"
    default_message = gettext_lazy("您没有权限进行此操作。")
    default_message_en = "You are not allowed to do this."


class FourEyes(PermissionDenied):
    """A review refused because the reviewer entered or last changed what they would review."""

    code = "four_eyes"
    default_message = gettext_lazy("四眼原则：不能审核本人填报或修改的数据，请由其他审核员审核。")
    default_message_en = "Four eyes: nobody reviews what they entered or last changed."


class ValidationFailed(ServiceError):
    code = "validation_failed"
    default_message = gettext_lazy("填写的内容有误，请按提示修改。")
    default_message_en = "The input is not valid."

    def __init__(self, message: str | None = None, *, message_en: str | None = None, details=None):
        if message is None and details:
            # The field messages themselves say what to fix; an API client shows this one line.
            message = "".join(m for ms in dict(details).values() for m in ms if isinstance(m, str))
        super().__init__(message, message_en=message_en, details=details)


class InvalidState(ValidationFailed):
    """A workflow step that does not apply to the current state (approve a draft, submit twice)."""

    code = "invalid_state"
    default_message = gettext_lazy("当前状态下不能进行此操作。")
    default_message_en = "This step does not apply to the current state."


class EditConflict(ServiceError):
    code = "edit_conflict"
    default_message = gettext_lazy("该数据已被他人修改，您的修改未保存。")
    default_message_en = "Someone else changed this value meanwhile; your change was not saved."

    def __init__(self, message=None, *, current=None, message_en=None, details=None):
        super().__init__(message, message_en=message_en, details=details)
        self.current = current


class Locked(ServiceError):
    code = "locked"
    default_message = gettext_lazy("该数据已锁定，不能修改。")
    default_message_en = "This value is locked."


@dataclass(frozen=True)
class ImportProblem:
    sheet: str
    row: int | None
    column: str
    reason: str

    def __str__(self) -> str:
        where = []
        if self.sheet:
            where.append(gettext("工作表“%(sheet)s”") % {"sheet": self.sheet})
        if self.row:
            where.append(gettext("第%(row)s行") % {"row": self.row})
        if self.column:
            where.append(gettext("“%(column)s”列") % {"column": self.column})
        return f"{''.join(where)}：{self.reason}" if where else self.reason

    def as_dict(self) -> dict:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "reason": self.reason}


class ImportRejected(ValidationFailed):
    """The whole file (or batch) is refused; `problems` lists every problem found."""

    default_message = gettext_lazy("导入未完成：文件中有错误，全部数据均未保存。")
    default_message_en = "Import rejected: the file has errors; nothing was saved."

    def __init__(self, problems: list[ImportProblem], message=None):
        self.problems = list(problems)
        super().__init__(
            message
            or gettext("导入未完成：发现 %(len)s 处问题，全部数据均未保存。请修改后重新上传。")
            % {"len": len(self.problems)},
            details={
                "rows": [str(p) for p in self.problems],
                "problems": [p.as_dict() for p in self.problems],
            },
        )
