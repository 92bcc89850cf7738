"""Numbers with a unit of measure in a sentence (180万平方米, 25项, 第7): shared by the
commitments and the reported figures."""

from __future__ import annotations

import re
from decimal import Decimal

# Units of measure, longest first where one is the start of another (人次 before 人).
_BASE_UNITS = (
    "平方米",
    "个百分点",
    "人次",
    "人年",
    "元",
    "家",
    "项",
    "个",
    "名",
    "人",
    "支",
    "件",
    "台",
    "套",
    "位",
    "所",
    "篇",
    "条",
    "批",
    "场",
    "户",
    "倍",
    "%",
)
_QUANTITY = re.compile(
    # At most 15 digits before the point and 6 after: a longer run of digits is no figure anyone
    # reported, and is not read (a pasted 5,000-digit "number" is left as text, issue 11).
    r"(?<![\d.A-Za-z])(?P<number>\d{1,15}(?:,\d{3}){0,4}(?:\.\d{1,6})?)(?P<about>余|多)?"
    r"(?P<scale>万|亿)?(?P<unit>" + "|".join(re.escape(u) for u in _BASE_UNITS) + ")"
)

# A rank printed without its unit: 提升幅度全省第2。 乐清、瑞安…排名第7、10位 (the 7).
_BARE_RANK = re.compile(r"第(?P<number>\d{1,6})(?=[、，,。；;）)]|$)")


def quantities(sentence: str) -> list[tuple[re.Match[str], Decimal, str]]:
    """(match, printed number, unit) of every quantity in the sentence, in order of position."""
    found = []
    for match in _QUANTITY.finditer(sentence):
        number = Decimal(match.group("number").replace(",", ""))
        unit = (match.group("scale") or "") + match.group("unit")
        found.append((match, number, unit))
    for match in _BARE_RANK.finditer(sentence):
        found.append((match, Decimal(match.group("number")), "位"))
    return sorted(found, key=lambda item: item[0].start())
