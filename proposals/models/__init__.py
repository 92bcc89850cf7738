"""The models of the proposals app, one module per subject; imported here so Django finds them."""

from proposals.models.documents import ReplyDraft
from proposals.models.evidence import CommitmentFile, CommitmentNarrative
from proposals.models.handling import (
    Handling,
    HandlingCoUnit,
    HandlingEvaluation,
    HandlingState,
    HandlingStep,
    ResultClass,
    Satisfaction,
)
from proposals.models.replies import Commitment, Comparator, Proposal, Reply, ReportedFigure

__all__ = [
    "Commitment",
    "CommitmentFile",
    "CommitmentNarrative",
    "Comparator",
    "Handling",
    "HandlingCoUnit",
    "HandlingEvaluation",
    "HandlingState",
    "HandlingStep",
    "Proposal",
    "Reply",
    "ReplyDraft",
    "ReportedFigure",
    "ResultClass",
    "Satisfaction",
]
