"""Every number with a unit of measure in a text, with what it most likely speaks of.

Pure. The reply parser does the reading (proposals/parsing: lines, paragraphs glued across page
breaks, sentences, quantities such as 180万平方米 / 第2, and the year each figure is stamped
with), so a sentence is read the same way in a reply being imported and in a text being checked.
This module adds what a check needs beyond a reply's figures:

- the **claim**: a figure achieved (compared with actuals and reported figures) or a figure
  promised or planned (compared with targets): a paragraph under 下一步 / 今后 / 明年工作… (until
  a paragraph goes back to the past, 近年来… / 2023年，…, or another document's 文号), or a
  sentence that says 力争, 争取, 预计, 确保, 计划实施…, 将新增…, 到2025年 (a year not yet past);
- the **year**: the parser's (a year printed in the sentence or earlier in its paragraph, or the
  document's year for 截至目前 / 现…); where none is printed, the document's year for a claim of
  the future, else the year before it (a 通报 or 总结 written in 2024 reports on 2023);
- the **period**: "" for a whole year, else what the sentence prints (1-9月, 上半年, 一季度): a
  figure for part of a year is never compared with a whole year's value;
- the **region**: the nearest region named before the figure in its sentence, after the last
  semicolon (鹿城区, 乐清 …; a list of regions in an earlier statement does not carry over),
  else the city;
- the **qualifier**: 超/以上/余/多 (at least), 近/约/左右 (about), 不足/以内 (at most);
- the **context** the indicator is guessed from: the words of the figure's clause, and of the
  clauses before it in the sentence, other numbers masked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from proposals.parsing.figures import find_reported_figures
from proposals.parsing.quantities import quantities
from proposals.parsing.text import clause_around, clean_lines, split_paragraphs, split_sentences

AT_LEAST, AT_MOST, ABOUT = "at_least", "at_most", "about"
ACTUAL_CLAIM, TARGET_CLAIM = "actual", "target"

# Where a figure's year comes from, beyond the parser's (sentence, paragraph, as_of_reply).
ASSUMED_LAST_YEAR = "assumed_last_year"
ASSUMED_THIS_YEAR = "assumed_this_year"

# A paragraph that opens the part about the future; every paragraph after it speaks of plans.
_FUTURE_PART = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.．]|\d{1,2}[、.．]|[（(][一二三四五六七八九十]+[）)])?"
    r"(?:下一步|下步|今后|明年|(?:20\d{2})年(?:工作)?(?:思路|计划|打算|安排|重点|目标))"
)
# A paragraph that goes back to what was achieved (近年来…, 2023年，…, 今年以来…) or starts another
# document (its 文号 alone on a line) ends the part about the future.
_PAST_PART = re.compile(
    r"^(?:近年来|今年以来|去年以来|一年来|以来|(?P<year>(?:19|20)\d{2})年(?:以来|，|,|全年|上半年|1[-—至]))"
    r"|^[\u4e00-\u9fff]{2,8}[〔\[［【(（]\d{4}[〕\]］】)）]\d+号$"
)
# Words that make a sentence's figure a plan or a promise. 计划 only as a verb (全年计划实施…),
# never a programme's name (三年行动计划, “引才计划”).
_FUTURE_WORDS = re.compile(
    r"力争|争取|预计|确保|我们将|我局将|目标(?:是|为|值|：|:)"
    r"|(?<!行动)计划(?=[实新完建引培开推达举安])"
    r"|将(?:继续|进一步|加快|力争|新增|实现|达到|完成|建成|引进|培育|新建|推动)"
)
_BY_YEAR = re.compile(r"(?:到|至|于)((?:19|20)\d{2})年")

# Part of a year, as statistics print it.
_PERIODS = (
    (re.compile(r"(?<!\d)1\s*[-—–~至到]\s*(1[0-2]|[1-9])月(?:份)?"), None),
    (re.compile(r"前([一二三])季度"), "前{0}季度"),
    (re.compile(r"(?<!前)(?:第)?([一二三四])季度"), "{0}季度"),
    (re.compile(r"(上半年|下半年)"), "{0}"),
)

_BEFORE_AT_LEAST = ("超过", "超", "逾", "突破", "不少于", "不低于")
_BEFORE_ABOUT = ("接近", "将近", "近", "约", "大约")
_BEFORE_AT_MOST = ("不足", "不到", "不超过", "低于", "少于")
_AFTER = (("以上", AT_LEAST), ("多", AT_LEAST), ("余", AT_LEAST), ("左右", ABOUT))
_AFTER_AT_MOST = ("以内", "以下")

_CLAUSE_STOPS = "，,；;：:"
_CITY_WORDS = ("全市", "我市", "市域")


@dataclass(frozen=True)
class FoundFigure:
    """A number with a unit of measure, where it is, and what it most likely refers to.

    `value` and `unit` are as printed (2.5, 万人); `printed` is the figure with its qualifier
    (超1400个). `context` is the figure's clause and the clauses before it in its sentence,
    nearest first, numbers masked ("#"); `phrase` is the words around the figure alone (its
    clause, up to the neighbouring figures), for comparing with a figure reported earlier.
    """

    number: int
    paragraph: int
    sentence: str
    clause: str
    value: Decimal
    unit: str
    printed: str
    year: int | None
    year_basis: str
    period: str
    region: str
    region_printed: bool
    qualifier: str
    claim: str
    context: tuple[str, ...]
    phrase: str

    @property
    def decimals(self) -> int:
        """How many decimals the figure is printed with (2.61 → 2, 152 → 0)."""
        return max(0, -self.value.as_tuple().exponent)


def region_aliases(names: Iterable[str], *, city: str) -> dict[str, str]:
    """Every way a text names a region → the region's name: 鹿城区 and 鹿城, 乐清市 and 乐清,
    温州高新区（经开区） and 温州高新区 and 经开区; the city as 温州市, 温州, 全市, 我市."""
    aliases: dict[str, str] = {}
    for name in names:
        if name == city:
            continue
        aliases[name] = name
        for part in re.split(r"[（）()]", name):
            part = part.strip()
            if len(part) >= 3:
                aliases.setdefault(part, name)
        if len(name) >= 3 and name[-1] in "区市县" and "（" not in name:
            aliases.setdefault(name[:-1], name)
        if name.startswith("温州") and len(name) > 4:
            aliases.setdefault(name.removeprefix("温州"), name)
    for word in (city, city.removesuffix("市"), *_CITY_WORDS):
        aliases.setdefault(word, city)
    return aliases


def find_figures(
    text: str, *, as_of_year: int, regions: Mapping[str, str], city: str
) -> list[FoundFigure]:
    """Every number with a unit of measure in `text`, in order. `as_of_year` is the year the
    text is written in; `regions` maps each way of naming a region to its name
    (`region_aliases`), and `city` is the region a figure belongs to when none is named."""
    paragraphs = split_paragraphs(clean_lines(text if isinstance(text, str) else ""))
    alias_pattern = _alias_pattern(regions)
    found: list[FoundFigure] = []
    future_part = False
    for paragraph_number, paragraph in enumerate(paragraphs, start=1):
        if _FUTURE_PART.match(paragraph):
            future_part = True
        elif (past := _PAST_PART.match(paragraph)) and (
            past.group("year") is None or int(past.group("year")) < as_of_year
        ):
            future_part = False
        # The parser dates each figure; its figures come in the order of the sentences and of the
        # quantities in each, which is the order walked here.
        dated = iter(find_reported_figures([paragraph], as_of_year))
        for _, sentence in split_sentences(paragraph):
            in_sentence = quantities(sentence)
            for index, (match, value, unit) in enumerate(in_sentence):
                parsed = next(dated)
                future = future_part or _speaks_of_future(sentence[: match.start()], as_of_year)
                year, basis = parsed.year, parsed.year_basis
                if year is None:
                    year = as_of_year if future else as_of_year - 1
                    basis = ASSUMED_THIS_YEAR if future else ASSUMED_LAST_YEAR
                claim = TARGET_CLAIM if future or year > as_of_year else ACTUAL_CLAIM
                region, printed_region = _region(sentence[: match.start()], alias_pattern, regions)
                qualifier, printed = _qualifier(sentence, match)
                found.append(
                    FoundFigure(
                        number=len(found) + 1,
                        paragraph=paragraph_number,
                        sentence=sentence,
                        clause=clause_around(sentence, match.start(), match.end()),
                        value=value,
                        unit=unit,
                        printed=printed,
                        year=year,
                        year_basis=basis,
                        period=_period(sentence[: match.start()]),
                        region=region or city,
                        region_printed=printed_region,
                        qualifier=qualifier,
                        claim=claim,
                        context=_context(sentence, match.start()),
                        phrase=local_phrase(sentence, in_sentence, index),
                    )
                )
    return found


def local_phrase(sentence: str, in_sentence: list, index: int) -> str:
    """The words around the `index`-th quantity of `sentence`: its clause, and within it its
    item of an enumeration (between 、), up to the quantities beside it; the quantity itself
    masked ("#"). 建成22家国家级孵化平台、51家省级孵化平台: 51 is "#省级孵化平台"."""
    match = in_sentence[index][0]
    stops = _CLAUSE_STOPS + "、"
    start = max(sentence.rfind(ch, 0, match.start()) for ch in stops) + 1
    if index > 0:
        start = max(start, in_sentence[index - 1][0].end())
    ends = [i for i in (sentence.find(ch, match.end()) for ch in stops + "。！？") if i != -1]
    end = min(ends) if ends else len(sentence)
    if index + 1 < len(in_sentence):
        end = min(end, in_sentence[index + 1][0].start())
    return sentence[start : match.start()] + "#" + sentence[match.end() : max(end, match.end())]


def _speaks_of_future(before: str, as_of_year: int) -> bool:
    if _FUTURE_WORDS.search(before):
        return True
    return any(int(m.group(1)) >= as_of_year for m in _BY_YEAR.finditer(before))


def _period(before: str) -> str:
    """The part of the year printed nearest before the figure; "" for a whole year."""
    best, label = -1, ""
    for pattern, template in _PERIODS:
        for match in pattern.finditer(before):
            if match.start() > best:
                best = match.start()
                label = (
                    f"1-{match.group(1)}月"
                    if template is None
                    else template.format(*match.groups())
                )
    if label == "1-12月":
        return ""
    # A 全年 printed after the period marker speaks of the whole year again.
    if best != -1 and "全年" in before[best:]:
        return ""
    return label


def _alias_pattern(regions: Mapping[str, str]) -> re.Pattern[str] | None:
    if not regions:
        return None
    names = sorted(regions, key=len, reverse=True)  # 温州高新区 before 温州
    return re.compile("|".join(re.escape(n) for n in names))


def _region(before: str, pattern: re.Pattern[str] | None, regions: Mapping[str, str]):
    """(region name, whether the text names it) for the nearest region named before a figure,
    after the last semicolon."""
    if pattern is None:
        return None, False
    before = re.split(r"[；;]", before)[-1]
    last = None
    for match in pattern.finditer(before):
        last = match
    if last is None:
        return None, False
    return regions[last.group()], True


def _qualifier(sentence: str, match: re.Match[str]) -> tuple[str, str]:
    before = sentence[max(0, match.start() - 3) : match.start()]
    after = sentence[match.end() : match.end() + 2]
    printed = match.group()
    for words, kind in (
        (_BEFORE_AT_MOST, AT_MOST),
        (_BEFORE_AT_LEAST, AT_LEAST),
        (_BEFORE_ABOUT, ABOUT),
    ):
        for word in words:
            if before.endswith(word):
                return kind, word + printed
    if "about" in match.groupdict() and match.group("about"):
        return AT_LEAST, printed
    for word in _AFTER_AT_MOST:
        if after.startswith(word):
            return AT_MOST, printed + word
    for word, kind in _AFTER:
        if after.startswith(word):
            return kind, printed + word
    return "", printed


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _context(sentence: str, at: int) -> tuple[str, ...]:
    """The figure's clause (up to the end of the clause), then each clause before it, nearest
    first; numbers masked."""
    stops = [i for i, ch in enumerate(sentence) if ch in _CLAUSE_STOPS]
    end = next((i for i in stops if i >= at), len(sentence))
    bounds = [-1, *[i for i in stops if i < at]]
    clauses = []
    right = end
    for left in reversed(bounds):
        clauses.append(_NUMBER.sub("#", sentence[left + 1 : right]))
        right = left
    return tuple(clauses)
