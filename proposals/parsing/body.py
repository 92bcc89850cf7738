"""The body of a reply, split into what was achieved and what comes next (下一步)."""

from __future__ import annotations

import re

from proposals.parsing.dates import DATE
from proposals.parsing.header import PROPOSER
from proposals.parsing.results import ParsedReply
from proposals.parsing.text import split_sentences

_NEXT_STEPS = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|\d{1,2}[、.．]|[（(][一二三四五六七八九十]+[）)])?(?:下一步|下步)"
)
_CLOSING = re.compile(r"^(?:最后|此复|特此|联系人|抄送|附件)")
_DATE_LINE = re.compile(DATE + "$")  # the signature date: the end of the body
_OPENING_END = re.compile(r"答复如下|收悉")
# Without a 下一步 part, a sentence is taken for a commitment when it speaks of the future.
_FUTURE = re.compile(r"我们将|我局将|将继续|将进一步|将加快|力争|争取|下一步|下步|今年")


def split_body(paragraphs: list[str], reply: ParsedReply) -> tuple[list[str], list[str]]:
    """(achievements paragraphs, next-steps paragraphs)."""
    start = 0
    for index, paragraph in enumerate(paragraphs):
        if _OPENING_END.search(paragraph):
            start = index + 1
            break
    else:
        for index, paragraph in enumerate(paragraphs):
            if PROPOSER.match(paragraph):
                start = index + 1
                break
    end = len(paragraphs)
    for index in range(start, len(paragraphs)):
        if _CLOSING.match(paragraphs[index]) or _DATE_LINE.match(paragraphs[index]):
            end = index
            break
    body = paragraphs[start:end]
    for index, paragraph in enumerate(body):
        if _NEXT_STEPS.match(paragraph):
            return body[:index], body[index:]
    if any("。" in paragraph for paragraph in body):
        reply.warnings.append("未找到“下一步”部分：承诺候选按“将、力争、争取”等措辞从全文推测")
    # Sentence by sentence from here on: a year is not carried from one sentence to the next.
    achievements, next_steps = [], []
    for paragraph in body:
        for _, sentence in split_sentences(paragraph):
            (next_steps if _FUTURE.search(sentence) else achievements).append(sentence)
    return achievements, next_steps
