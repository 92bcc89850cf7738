"""Reported figures: the numbers a reply reports as achieved, each with the year it is for."""

from __future__ import annotations

import re

from proposals.parsing.quantities import quantities
from proposals.parsing.results import ReportedFigure
from proposals.parsing.text import clause_around, split_sentences

# A year that stamps the facts after it: 2022年, 2022 年. Not the end of a range (2023-2025年),
# not a year inside a title (《…（2023-2025年）》).
_YEAR = re.compile(r"(?<![\d\-—–~至])((?:19|20)\d{2})年")
# A year used as a reference point rather than a stamp: 是2021年入选数的2倍, 在2021年…的基础上.
_REFERENCE_BEFORE = ("比", "较", "是", "同比", "相比", "与")
_REFERENCE_AFTER = re.compile(r"^[^，。；]*?(?:的基础上|基础上|相比|同期)")
# "Now": 截至目前, 目前, 现全市已… — the year of the reply.
_AS_OF = re.compile(r"截[至止]目前|截[至止]当前|目前|(?:^|(?<=[，；：]))现(?=[全已在有])")


def _year_markers(sentence: str, reply_year: int | None) -> list[tuple[int, int | None, str]]:
    masked = re.sub(r"《[^》]*》", lambda m: "《" + "　" * (len(m.group()) - 2) + "》", sentence)
    markers: list[tuple[int, int | None, str]] = []
    for match in _YEAR.finditer(masked):
        before = masked[: match.start()]
        if before.endswith(_REFERENCE_BEFORE) or _REFERENCE_AFTER.match(masked[match.end() :]):
            continue
        markers.append((match.start(), int(match.group(1)), "sentence"))
    for match in _AS_OF.finditer(masked):
        markers.append((match.start(), reply_year, "as_of_reply"))
    return sorted(markers)


def find_reported_figures(paragraphs: list[str], reply_year: int | None) -> list[ReportedFigure]:
    """Every quantity of the achievements paragraphs, with the year it is reported for."""
    found = []
    for paragraph in paragraphs:
        carried: int | None = None  # the last year printed in an earlier sentence
        for _, sentence in split_sentences(paragraph):
            markers = _year_markers(sentence, reply_year)
            for match, number, unit in quantities(sentence):
                earlier = [m for m in markers if m[0] < match.start()]
                if earlier:
                    _, year, basis = earlier[-1]
                elif carried is not None:
                    year, basis = carried, "paragraph"
                else:
                    year, basis = None, "none"
                if year is None:
                    basis = "none"
                found.append(
                    ReportedFigure(
                        sentence=sentence,
                        clause=clause_around(sentence, match.start(), match.end()),
                        value=number,
                        unit=unit,
                        year=year,
                        year_basis=basis,
                    )
                )
            stamps = [year for _, year, basis in markers if basis == "sentence"]
            if stamps:
                carried = stamps[-1]
    return found
