"""Writes of the entry area, one module per subject; the names callers use are re-exported here.

Every write of actuals, task reports and closed years goes through a function of this package,
whatever path it comes from (the entry pages, the Excel/CSV import, the REST API, the admin), so
the rules are enforced once: permission (indicators/rules.py), the closed year, the review
workflow (workflow.py), optimistic concurrency (`expected_version`) and validation
(indicators/entry/validation.py). Each function is keyword-only, runs in one transaction,
raises a `ServiceError` (common/errors.py, re-exported here), records the history's user and reason, and asks for a
progress recompute of the indicators whose actuals it changed (on commit).
"""

from common.errors import (
    EditConflict,
    FourEyes,
    ImportProblem,
    ImportRejected,
    InvalidState,
    Locked,
    PermissionDenied,
    ServiceError,
    ValidationFailed,
)
from indicators.entry.services.actuals import actual_save
from indicators.entry.services.assignments import (
    NotAssigned,
    assignment_delete,
    assignment_save,
    is_assigned,
    require_assigned,
)
from indicators.entry.services.checks import year_is_closed
from indicators.entry.services.imports import ImportResult, ImportRow, actuals_import
from indicators.entry.services.task_reports import task_report_save
from indicators.entry.services.workflow import (
    REVIEW_ACTIONS,
    Saved,
    review_approve,
    review_many,
    review_return,
    review_submit,
    review_withdraw,
    save_and_submit,
)
from indicators.entry.services.years import year_close, year_reopen
from indicators.progress.batching import recompute_batch

__all__ = [
    "REVIEW_ACTIONS",
    "EditConflict",
    "FourEyes",
    "ImportProblem",
    "ImportRejected",
    "ImportResult",
    "ImportRow",
    "InvalidState",
    "Locked",
    "NotAssigned",
    "PermissionDenied",
    "Saved",
    "ServiceError",
    "ValidationFailed",
    "actual_save",
    "actuals_import",
    "assignment_delete",
    "assignment_save",
    "is_assigned",
    "recompute_batch",
    "require_assigned",
    "review_approve",
    "review_many",
    "review_return",
    "review_submit",
    "review_withdraw",
    "save_and_submit",
    "task_report_save",
    "year_close",
    "year_is_closed",
    "year_reopen",
]
