"""The models of the proposals app, one module per subject; imported here so Django finds them."""

from proposals.models.documents import ReplyDraft
from proposals.models.replies import Commitment, Comparator, Proposal, Reply, ReportedFigure

__all__ = ["Commitment", "Comparator", "Proposal", "Reply", "ReplyDraft", "ReportedFigure"]
