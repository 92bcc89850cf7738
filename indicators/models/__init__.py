"""The models of the indicators app, one module per subject; imported here so Django finds them."""

from indicators.models.access import ApiToken, Profile
from indicators.models.catalogue import (
    MAX_YEAR,
    MIN_YEAR,
    Indicator,
    Lever,
    Plan,
    Region,
    RegionGroup,
    Target,
    TargetSource,
    Task,
    TaskUnit,
    Unit,
    year_in_range,
)
from indicators.models.progress import PeriodSnapshot, ProgressSnapshot, StaleIndicator
from indicators.models.reporting import ReportingAssignment
from indicators.models.workflow import Actual, Reviewable, TaskReport, WorkflowState, YearClosure

__all__ = [
    "MAX_YEAR",
    "MIN_YEAR",
    "Actual",
    "ApiToken",
    "Indicator",
    "Lever",
    "PeriodSnapshot",
    "Plan",
    "Profile",
    "ProgressSnapshot",
    "Region",
    "RegionGroup",
    "ReportingAssignment",
    "Reviewable",
    "StaleIndicator",
    "Target",
    "TargetSource",
    "Task",
    "TaskReport",
    "TaskUnit",
    "Unit",
    "WorkflowState",
    "YearClosure",
    "year_in_range",
]
