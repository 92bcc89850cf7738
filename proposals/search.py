"""Chinese full-text search over replies.

Chinese has no spaces, so the database cannot split it into words by itself. jieba does, at
write time: `search_tokens_for` turns a reply's text into a space-joined, lower-cased token
string, stored on `Reply.search_tokens`. A query is segmented the same way and every one of its
tokens must match (AND):

- PostgreSQL: `to_tsvector('simple', search_tokens) @@ plainto_tsquery('simple', <tokens>)`,
  served by the GIN index of migration 0002 (PostgreSQL only). The 'simple' configuration only
  lower-cases and splits on spaces, which is what pre-segmented text needs.
- SQLite (the embedded set-up): the stored string is padded with spaces, so each token is
  matched whole with `icontains(" token ")`.

The text is indexed with jieba's search mode (孵化器 → 孵化, 化器, 孵化器) and the query with
its precise mode (孵化器 → 孵化器), so a query word finds a text in which jieba saw it either
as a word or inside a longer one.
"""

from __future__ import annotations

import logging
import re

from django.db import connections
from django.db.models import BooleanField, F, Func, QuerySet, Value

logger = logging.getLogger(__name__)

# A token worth indexing holds a letter, a digit or a CJK character (no punctuation alone).
_WORD = re.compile(r"[0-9A-Za-z\u3400-\u9fff]")
_MAX_QUERY_TOKENS = 20


def _jieba():
    import jieba  # imported on first use: building its dictionary takes a second

    jieba.setLogLevel(logging.WARNING)
    return jieba


def _clean(tokens) -> list[str]:
    out = []
    for token in tokens:
        token = token.strip().lower()
        if token and _WORD.search(token):
            out.append(token)
    return out


def search_tokens_for(*parts: str) -> str:
    """The token string stored for a reply: its header fields and full text, segmented."""
    text = "\n".join(p for p in parts if p)
    tokens = _clean(_jieba().cut_for_search(text))
    # Padded with spaces so that the SQLite fallback can match whole tokens.
    return f" {' '.join(tokens)} " if tokens else ""


def reply_search_tokens(*, doc_number: str, proposal, full_text: str) -> str:
    """What a reply's index holds: its document number, its proposal's session, proposer and
    title, and its full text. Rebuilt whenever one of them changes (proposals/services/)."""
    return search_tokens_for(
        doc_number, proposal.session, proposal.proposer, proposal.title, full_text
    )


def query_tokens(query: str) -> list[str]:
    """The tokens of a search box query, in order, without repeats."""
    seen: dict[str, None] = {}
    for token in _clean(_jieba().cut(query or "")):
        seen.setdefault(token, None)
    return list(seen)[:_MAX_QUERY_TOKENS]


class SimpleTsMatch(Func):
    """to_tsvector('simple', <field>) @@ plainto_tsquery('simple', <query>), PostgreSQL only.

    Written out (rather than django.contrib.postgres's SearchVector, which wraps the column in
    COALESCE and a cast) so that the expression is the one the GIN index was built on.
    """

    output_field = BooleanField()
    arity = 2

    def as_sql(self, compiler, connection, **extra_context):
        field_sql, field_params = compiler.compile(self.source_expressions[0])
        query_sql, query_params = compiler.compile(self.source_expressions[1])
        sql = f"to_tsvector('simple'::regconfig, {field_sql}) @@ plainto_tsquery('simple'::regconfig, {query_sql})"
        return sql, (*field_params, *query_params)


def filter_by_text(queryset: QuerySet, query: str, *, field: str = "search_tokens") -> QuerySet:
    """Replies whose text holds every token of `query`; all of them for an empty query."""
    tokens = query_tokens(query)
    if not tokens:
        return queryset
    if connections[queryset.db].vendor == "postgresql":
        return queryset.filter(SimpleTsMatch(F(field), Value(" ".join(tokens))))
    for token in tokens:
        queryset = queryset.filter(**{f"{field}__icontains": f" {token} "})
    return queryset
