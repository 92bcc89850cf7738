"""Read the bureau's replies to CPPCC proposals (提案答复) and propose what staff should confirm.

Pure: no Django, no models. `read_reply_file` turns an upload into text; `parse_reply_text`
turns the text into a `ParsedReply`: the header fields, the quantitative commitments of the
next-steps part (下一步) and the figures reported as achieved, each with its sentence.

The commitments and figures are *candidates*: a member of staff confirms them before they
become rows, so the rules prefer recall to precision (every number with a unit of measure in
the next-steps part is proposed, whether or not a verb such as 新增/力争 is near it).

Parsing never raises. Whatever it cannot find is named, in Chinese, in `ParsedReply.missing`
(header fields) or `ParsedReply.warnings` (everything else), so that the upload form can show
the reply and ask for the rest. Only `read_reply_file` raises, `ReplyFileError`, when a file
is not what its name says.

Text conventions (see fixtures/sources/): sentences and clauses are returned with white space
removed (except between two Latin letters or digits), so every one of them is a substring of
the source once white space is ignored; Markdown emphasis (`**`) and heading marks (`#`) that
some converted replies carry are dropped.

Modules: results.py (what parsing returns), files.py (uploads → text), text.py and dates.py
(shared text helpers), header.py, body.py (achievements vs next steps), quantities.py,
commitments.py, figures.py, and reply.py (the entry point, `parse_reply_text`).
"""

from proposals.parsing.files import ReplyFileError, read_reply_file
from proposals.parsing.reply import parse_reply_text
from proposals.parsing.results import (
    HEADER_LABELS,
    CommitmentCandidate,
    ParsedReply,
    ReportedFigure,
)

__all__ = [
    "HEADER_LABELS",
    "CommitmentCandidate",
    "ParsedReply",
    "ReplyFileError",
    "ReportedFigure",
    "parse_reply_text",
    "read_reply_file",
]
