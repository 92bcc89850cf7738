"""The API's JSON parser: DRF's, with limits on nesting and on number literals (issue 11).

- Nesting (defect 12): a body nested thousands of levels deep made Python's json module raise
  RecursionError, a 500. Here it is a 400 `json_too_deep`, and so is any body nested deeper
  than WZSCI_MAX_JSON_DEPTH (no request of this API needs more than three levels).
- Numbers (defect 1): a number literal is converted only when it is of sane length; a longer
  one (5,000 digits, which Python refuses to convert anyway) or one that overflows a float
  (1e1000000) is kept as the text that was sent, so that the services read it with
  common/numbers.py and refuse it with the same Chinese message as a form ("数值过大").
"""

from __future__ import annotations

import codecs
import math

from django.conf import settings
from rest_framework import exceptions
from rest_framework.parsers import JSONParser
from rest_framework.utils import json

from common.numbers import MAX_NUMBER_TEXT


class JSONTooDeep(exceptions.APIException):
    status_code = 400
    default_code = "json_too_deep"
    default_detail = "JSON 嵌套层数过多。"


def nesting_depth(data) -> int:
    """How deep lists and objects nest in `data` (a scalar is 0, [] is 1), without recursion."""
    deepest = 0
    stack = [(data, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            children = item.values()
        elif isinstance(item, list):
            children = item
        else:
            continue
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in children)
    return deepest


def _int_literal(text: str):
    return int(text) if len(text) <= MAX_NUMBER_TEXT else text


def _float_literal(text: str):
    if len(text) > MAX_NUMBER_TEXT:
        return text
    value = float(text)
    return value if math.isfinite(value) else text


class DepthLimitedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.WZSCI_MAX_JSON_DEPTH
        refusal = JSONTooDeep(f"JSON 嵌套层数过多（上限 {limit} 层），请提交扁平的数据。")
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            data = json.load(
                codecs.getreader(encoding)(stream),
                parse_constant=json.strict_constant if self.strict else None,
                parse_int=_int_literal,
                parse_float=_float_literal,
            )
        except RecursionError:
            raise refusal from None
        except ValueError as exc:
            raise exceptions.ParseError(f"JSON parse error - {exc}") from None
        if nesting_depth(data) > limit:
            raise refusal
        return data
