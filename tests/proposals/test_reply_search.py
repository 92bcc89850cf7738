"""Chinese full-text search over the replies: jieba tokens, PostgreSQL full-text or SQLite tokens.

The same tests run on both databases (CI runs the suite on SQLite and on PostgreSQL); the last
one checks, on PostgreSQL only, that the search is the indexed to_tsvector expression.
"""

import pytest
from django.db import connection

from proposals.models import Reply
from proposals.search import filter_by_text, query_tokens, search_tokens_for
from proposals.selectors.replies import reply_list
from tests.conftest import SERVICES_REQUIRED, skip_or_fail

pytestmark = pytest.mark.django_db

R94, R123, R102 = "温科提复〔2023〕94号", "温科提复〔2023〕123号", "温科提复〔2024〕102号"


def found(query: str) -> set[str]:
    return set(reply_list(query=query).values_list("doc_number", flat=True))


def test_it_finds_incubators_in_94_and_not_in_102(seeded):
    # 孵化器 (incubator) is printed in 94号 (孵化器服务效能, 孵化器内部) and 123号 (孵化器集群),
    # never in 102号, whose 孵化 is only 大孵化集群 and 孵化育成体系.
    assert found("孵化器") == {R94, R123}
    # 孵化 itself is printed in all three replies, so all three are found.
    assert found("孵化") == {R94, R123, R102}


def test_every_word_of_the_query_must_be_present(seeded):
    # 四技服务 only in 102号; 孵化器 + 四技服务 in none
    assert found("四技服务收入") == {R102}
    assert found("孵化器 四技服务") == set()
    assert found("揭榜挂帅") == {R94, R123, R102}


def test_it_searches_the_header_too(seeded):
    assert found("洪晓畅") == {R94}
    assert found("温科提复") == {R94, R123, R102}


def test_an_empty_or_punctuation_query_lists_every_reply(seeded):
    assert found("") == {R94, R123, R102}
    assert found("，。！") == {R94, R123, R102}
    assert found("量子引力") == set()


def test_tokens_are_jieba_words_padded_for_whole_word_matching():
    tokens = search_tokens_for("优化孵化器服务效能")
    assert tokens.startswith(" ") and tokens.endswith(" ")
    assert " 孵化 " in tokens and " 孵化器 " in tokens
    assert query_tokens("孵化器，孵化器") == ["孵化器"]
    # Latin letters are lower-cased, as PostgreSQL's 'simple' configuration does
    assert query_tokens("R&D经费") == ["r", "d", "经费"]


def test_on_postgresql_it_uses_the_indexed_tsvector_expression(seeded):
    if connection.vendor != "postgresql":
        skip_or_fail("DATABASE_URL is not PostgreSQL", required=SERVICES_REQUIRED)
    sql = str(reply_list(query="孵化器").query)
    assert "to_tsvector('simple'::regconfig" in sql and "plainto_tsquery" in sql
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'proposals_reply_search_gin'"
        )
        (indexdef,) = cursor.fetchone()
    assert (
        "gin" in indexdef.lower() and "to_tsvector('simple'::regconfig, search_tokens)" in indexdef
    )
    # The index serves the search. Three rows are never worth an index to the planner, so
    # sequential and plain index scans are priced out: if the filter's expression did not match
    # the index's, the plan would still be a (penalised) sequential scan.
    queryset = filter_by_text(Reply.objects.all(), "孵化器")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        plan = queryset.explain()
    assert "proposals_reply_search_gin" in plan
    assert Reply.objects.count() == 3
