# The proposal-reply models (Proposal, Reply, Commitment, ReportedFigure) come with the
# proposal-replies issue.
