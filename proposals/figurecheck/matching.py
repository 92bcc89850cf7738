"""Which indicator a figure most likely speaks of, and which earlier reported figure is the same.

Pure. Two ways, in this order:

1. **An earlier reported figure says the same thing.** Staff linked every reported figure of the
   replies by hand; when a figure's words (its phrase, `extract.local_phrase`) are those of a
   reported figure in the same unit of measure (Dice similarity of character pairs ≥
   `SAME_PHRASE`, 0.6), the most similar one's indicator and region are proposed, or no
   indicator where staff linked none. A sentence quoted from a reply, with its number changed
   or not, is recognised so.
2. **The words of the indicator's name.** Each indicator in a compatible unit of measure is
   scored by the character pairs of its name found in the figure's context: a pair in the
   figure's own clause counts 1, in the clause before ½, then ¼ …; the score is
   matched × matched / pairs-in-the-name (long names are not favoured for being long), and at
   least one pair must be in the figure's own clause. A
   growth-rate indicator needs 增长/增速 near the figure, and only a growth-rate indicator takes
   a figure printed so. The best indicator is proposed when it matched at least `MIN_MATCHED`
   pairs and covered at least `MIN_COVERAGE` of its name; otherwise none (a guess staff would
   have to undo is worse than none).

Before pairs are taken, the usual short names are written out (`TERMS`): R&D经费强度 is
R&D经费占地区生产总值的比重, 高企 高新技术企业, 孵化空间/孵化面积 孵化场地面积, 增速 增长.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from proposals.checks import same_unit
from proposals.figurecheck.extract import FoundFigure

SAME_PHRASE = 0.6
MIN_MATCHED = 1.5
MIN_COVERAGE = 0.35
GROWTH_KIND = "growth_rate"

# Short names → the words the catalogue uses (applied to the text and to the names alike).
TERMS = (
    ("研究与试验发展", "R&D"),
    ("研发经费投入强度", "R&D经费占地区生产总值的比重"),
    ("研发经费强度", "R&D经费占地区生产总值的比重"),
    ("R&D经费投入强度", "R&D经费占地区生产总值的比重"),
    ("R&D经费强度", "R&D经费占地区生产总值的比重"),
    ("R&D投入强度", "R&D经费占地区生产总值的比重"),
    ("国家高新技术企业", "高新技术企业"),
    ("高企", "高新技术企业"),
    ("科小", "科技型中小企业"),
    ("孵化空间", "孵化场地面积"),
    ("孵化面积", "孵化场地面积"),
    ("增速", "增长"),
)
_GROWTH_WORDS = ("增长", "增幅")
_DROPPED = re.compile(r"[\s\d#.,，、；;：:。！？!?“”\"'‘’《》（）()【】\[\]{}·—\-~%％]+")

_SCALES = {"万": Decimal(10_000), "亿": Decimal(100_000_000), "千": Decimal(1000)}


def normalised(text: str) -> str:
    text = text or ""
    for short, full in TERMS:
        text = text.replace(short, full)
    return _DROPPED.sub("", text.lower())


@functools.lru_cache(maxsize=8192)
def pairs(text: str) -> frozenset[str]:
    """The character pairs of a text after `normalised` (cached: the names and the earlier
    figures' phrases are compared with every figure of a text)."""
    flat = normalised(text)
    return frozenset(flat[i : i + 2] for i in range(len(flat) - 1))


def similarity(a: str, b: str) -> float:
    """Dice coefficient of the character pairs of two phrases (1.0: the same words)."""
    pa, pb = pairs(a), pairs(b)
    if not pa or not pb:
        return 0.0
    return 2 * len(pa & pb) / (len(pa) + len(pb))


def unit_factor(printed_unit: str, reference_unit: str) -> Decimal | None:
    """How many reference units one printed unit is: 万人 → 人 is 10000, 亿元 → 万元 is 10000,
    名 → 人 is 1; None when the units do not measure the same thing."""
    if same_unit(printed_unit, reference_unit):
        return Decimal(1)
    (p_scale, p_base), (r_scale, r_base) = _split(printed_unit), _split(reference_unit)
    if p_base and r_base and same_unit(p_base, r_base):
        return p_scale / r_scale
    return None


def _split(unit: str) -> tuple[Decimal, str]:
    unit = (unit or "").strip()
    if len(unit) > 1 and unit[0] in _SCALES:
        return _SCALES[unit[0]], unit[1:]
    return Decimal(1), unit


@dataclass(frozen=True)
class IndicatorInfo:
    id: int
    code: str
    name: str
    unit: str
    kind: str
    decimals: int


@dataclass(frozen=True)
class PriorFigure:
    """A figure an earlier reply reported, with its phrase (`extract.local_phrase` of its
    sentence) and the reply it comes from."""

    id: int
    value: Decimal
    unit: str
    year: int
    region: str
    indicator_id: int | None
    phrase: str
    sentence: str
    reply: str
    signed_on: str


@dataclass(frozen=True)
class Suggestion:
    """The indicator proposed for a figure (None: none fits), how it was found (`prior`: an
    earlier reported figure with the same words; `name`: its name), the score, and the earlier
    reported figures that say the same thing (same words, same unit)."""

    indicator: IndicatorInfo | None
    basis: str
    score: float
    region: str | None
    same_priors: tuple[PriorFigure, ...]


def suggest(
    figure: FoundFigure,
    indicators: Sequence[IndicatorInfo],
    priors: Iterable[PriorFigure],
) -> Suggestion:
    by_id = {i.id: i for i in indicators}
    scored = [
        (similarity(figure.phrase, p.phrase), p)
        for p in priors
        if unit_factor(figure.unit, p.unit) is not None
    ]
    # The most similar first; between equals, one that staff linked to an indicator.
    scored = sorted(
        ((score, p) for score, p in scored if score >= SAME_PHRASE),
        key=lambda item: (-item[0], item[1].indicator_id is None),
    )
    same = tuple(p for _score, p in scored)
    if scored:
        score, best = scored[0]
        # Staff read these very words and linked them (or judged that no indicator fits).
        indicator = by_id.get(best.indicator_id)
        region = None if figure.region_printed else best.region
        return Suggestion(indicator, "prior" if indicator else "", score, region, same)
    best_indicator, best_score = None, 0.0
    for indicator in indicators:
        if unit_factor(figure.unit, indicator.unit) is None:
            continue
        score = name_score(figure, indicator)
        if score > best_score:
            best_indicator, best_score = indicator, score
    if best_indicator is None:
        return Suggestion(None, "", 0.0, None, same)
    return Suggestion(best_indicator, "name", best_score, None, same)


def name_score(figure: FoundFigure, indicator: IndicatorInfo) -> float:
    """matched × coverage of the indicator's name in the figure's context; 0 below the floors."""
    own_clause = normalised(figure.context[0]) if figure.context else ""
    growth_printed = any(w in own_clause for w in _GROWTH_WORDS)
    if (indicator.kind == GROWTH_KIND) != growth_printed and figure.unit in ("%", "个百分点"):
        return 0.0
    name_pairs = pairs(indicator.name)
    if not name_pairs:
        return 0.0
    weights: dict[str, float] = {}
    for distance, clause in enumerate(figure.context):
        weight = 0.5**distance
        for pair in pairs(clause) & name_pairs:
            weights[pair] = max(weights.get(pair, 0.0), weight)
    if 1.0 not in weights.values():
        return 0.0  # nothing of the name in the figure's own clause
    matched = sum(weights.values())
    coverage = matched / len(name_pairs)
    if matched < MIN_MATCHED or coverage < MIN_COVERAGE:
        return 0.0
    return matched * coverage
