"""Dates as replies print them: 2023年6月20日 or 二〇二三年六月二十日."""

from __future__ import annotations

import re
from datetime import date

_CN_DIGITS = {"〇": 0, "零": 0, "○": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5}
_CN_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
_CN_DATE_CHARS = "〇零○一二三四五六七八九十"
DATE = (
    r"(?:(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日"
    rf"|(?P<cy>[{_CN_DATE_CHARS}]{{4}})年(?P<cm>[{_CN_DATE_CHARS}]{{1,2}})月"
    rf"(?P<cd>[{_CN_DATE_CHARS}]{{1,3}})日)"
)


def _cn_number(text: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十九 → 29, 三十一 → 31."""
    if "十" not in text:
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    tens, _, ones = text.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def to_date(match: re.Match[str]) -> date | None:
    """The date a match of DATE prints; None for an impossible one (2023年2月30日)."""
    try:
        if match.group("y"):
            return date(int(match.group("y")), int(match.group("m")), int(match.group("d")))
        year = int("".join(str(_CN_DIGITS[ch]) for ch in match.group("cy")))
        return date(year, _cn_number(match.group("cm")), _cn_number(match.group("cd")))
    except (KeyError, ValueError):
        return None
