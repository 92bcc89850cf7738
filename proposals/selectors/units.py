"""Units and the city, found by the names printed on replies (温州市科学技术局 → 市科技局)."""

from __future__ import annotations

from indicators.models import Region, Unit

# Printed names of the units that sign replies, and the short names units.yaml keeps them by.
_UNIT_WORDS = {
    "科学技术局": "科技局",
    "发展和改革委员会": "发展改革委",
    "经济和信息化局": "经信局",
    "人力资源和社会保障局": "人力社保局",
    "市场监督管理局": "市场监管局",
    "科学技术协会": "科协",
}


def unit_by_name(name: str | None) -> Unit | None:
    """The unit a printed name means: 市科技局 as is, 温州市科学技术局 by its short form."""
    name = (name or "").strip()
    if not name:
        return None
    for candidate in _unit_name_candidates(name):
        unit = Unit.objects.filter(name=candidate).first()
        if unit is not None:
            return unit
    return None


def _unit_name_candidates(name: str) -> list[str]:
    candidates = [name]
    short = name.removeprefix("温州")
    for long, abbreviated in _UNIT_WORDS.items():
        short = short.replace(long, abbreviated)
    candidates.append(short)
    if not short.startswith("市"):
        candidates.append("市" + short)
    return candidates


def city() -> Region:
    return Region.objects.get(kind=Region.Kind.CITY)
