"""Numbers read the way people type them, and written the way people read them.

Pure functions (no Django; the chart builders use them too). Reading: the entry form, the
Excel/CSV import and the services all read numbers through `parse_number`, so "３，７００",
"3,700", "2.61%" and " 2.61 " mean the same everywhere; what is refused gets a Chinese reason the
user can act on. Writing, two rules:

- `display_number` (and `target_text`) for what people read on a page or a chart: thousands
  separators, at least the indicator's decimals and never fewer than the number was entered or
  printed with (2.85 on a one-decimal indicator is 2.85, not 2.9), "—" for a missing number;
  `display_rounded` and `display_percent` for derived quantities (ratios, shares, paces), rounded
  to a fixed precision but never to a misleading 100 % or 0; common/display.py shows a figure
  beside its target so that the two never contradict the status (DOMAIN.md, "Display");
- `format_number` for text a program or a spreadsheet reads back: no separators, no exponent.
"""

from __future__ import annotations

import math
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from common.words import gettext, gettext_noop

# Cells that mean "nothing entered" rather than "zero".
BLANK_MARKERS = frozenset(
    {"", "-", "--", "—", "——", "－", "/", "／", "无", "空", "n/a", "N/A", "NA"}
)

# Thousands separators people use: ASCII and full-width commas, thin and normal spaces, the
# Chinese enumeration comma, and the apostrophe of Swiss-style sheets.
_SEPARATORS = re.compile(r"[,，、'\u00a0\u2009\u202f ]")
_MINUS_SIGNS = str.maketrans({"−": "-", "–": "-", "—": "-", "－": "-", "﹣": "-"})
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_DIGITS_ONLY = re.compile(r"^[+\-−]?[\d,，.\s'０-９]+([eE][+-]?\d+)?%?$")
_SEPARATED_INTEGER = re.compile(r"^[+-]?\d{1,3}([,，]\d{3})+(\.\d+)?$")

MAX_DECIMAL_PLACES = 6  # the database keeps six (Actual.value is DECIMAL(20, 6))
MAX_INTEGER_DIGITS = 14
# Text longer than this is no number anyone types (the longest legitimate one, a spreadsheet's
# binary noise such as "-12345678901234.000000000000003", is about 32 characters). It is refused
# before it is normalised, matched or converted, so a pasted megabyte costs nothing.
MAX_NUMBER_TEXT = 64
# An exponent beyond this many digits is refused before conversion: "1e1000000" is nine
# characters, but int(Decimal("1e1000000")) builds a million-digit integer (issue 11, defect 1).
MAX_EXPONENT_DIGITS = 4
TOO_LARGE = gettext_noop("数值过大")


class NotANumber(ValueError):
    """The text is not a number; `.message` says why, in Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def is_blank(raw) -> bool:
    if raw is None:
        return True
    if isinstance(raw, str):
        return unicodedata.normalize("NFKC", raw).strip() in BLANK_MARKERS
    return False


def parse_number(raw, *, percent_format: bool = False) -> Decimal | None:
    """Return the Decimal the user meant, None for a blank cell, or raise NotANumber.

    Accepts ints, Decimals, floats (through their shortest repr, so 2.61 stays 2.61) and text with
    full-width digits, thousands separators (3,700 · 3，700 · 3 700), a leading + or a Unicode
    minus, and a trailing % (dropped: a share is entered in percent, "2.61%" is 2.61).
    `percent_format` is for spreadsheet cells formatted as a percentage, which store 0.0261 for
    what the user sees and typed as 2.61%; the value is scaled back to 2.61.
    Refused: formulas, NaN/infinity, more than six decimal places, absurdly long numbers (more
    than MAX_NUMBER_TEXT characters, or an exponent past MAX_EXPONENT_DIGITS digits: refused from
    the text, before any conversion).
    """
    if raw is None:
        return None
    if isinstance(raw, bool):  # True is an int in Python; in a sheet it is a checkbox
        raise NotANumber(gettext("应为数字，不是逻辑值（TRUE/FALSE）"))
    if isinstance(raw, Decimal):
        value = raw
    elif isinstance(raw, int):
        value = Decimal(raw)
    elif isinstance(raw, float):
        if raw != raw or raw in (float("inf"), float("-inf")):
            raise NotANumber(gettext("应为有限的数字"))
        value = Decimal(repr(raw))
    elif isinstance(raw, str):
        value = _parse_text(raw)
        if value is None:
            return None
    else:
        raise NotANumber(gettext("应为数字，不是 %(type)s") % {"type": type(raw).__name__})
    if not value.is_finite():
        raise NotANumber(gettext("应为有限的数字"))
    if percent_format:
        value = value * 100
    return _checked(value)


def _shown(raw: str, limit: int = 40) -> str:
    """What was typed, as a message quotes it: at most `limit` characters."""
    text = raw.strip()
    return text if len(text) <= limit else text[:limit] + "…"


def _parse_text(raw: str) -> Decimal | None:
    stripped = raw.strip()
    if len(stripped) > MAX_NUMBER_TEXT:  # before normalising: a pasted megabyte costs nothing
        if _DIGITS_ONLY.match(stripped):
            raise NotANumber(
                gettext("%(TOO_LARGE)s（位数过多，最多 %(MAX_NUMBER_TEXT)s 个字符）")
                % {"TOO_LARGE": gettext(TOO_LARGE), "MAX_NUMBER_TEXT": MAX_NUMBER_TEXT}
            )
        raise NotANumber(gettext("“%(shown)s”不是数字（过长）") % {"shown": _shown(raw)})
    text = unicodedata.normalize("NFKC", stripped).translate(_MINUS_SIGNS)
    if text in BLANK_MARKERS:
        return None
    if text.startswith("="):
        raise NotANumber(gettext("是公式，请改为直接填写数值"))
    if text.endswith("%"):
        text = text[:-1].strip()
    # A comma is a thousands separator only in its proper place: "3,700" is 3700, "3,7" is not.
    if ("," in text or "，" in text) and not _SEPARATED_INTEGER.match(text):
        raise NotANumber(
            gettext("“%(shown)s”不是有效的数字（千位分隔符位置不对）") % {"shown": _shown(raw)}
        )
    compact = _SEPARATORS.sub("", text)
    match = _NUMBER.match(compact)
    if not match:
        raise NotANumber(gettext("“%(shown)s”不是数字") % {"shown": _shown(raw)})
    _refuse_huge(match)
    try:
        return Decimal(compact)
    except InvalidOperation as exc:  # pragma: no cover - the pattern above already refuses these
        raise NotANumber(gettext("“%(shown)s”不是数字") % {"shown": _shown(raw)}) from exc


def _refuse_huge(match: re.Match[str]) -> None:
    """Refuse, from the text alone, an exponent no conversion should be asked to build
    ("1e1000000", "1e300000"); the exact size is checked in `_checked`. A tiny number
    ("1e-300000") is left to round to zero, and zero is zero whatever its exponent."""
    mantissa, exponent_part = match.group(1), match.group(3)
    if not exponent_part or not mantissa.replace(".", "").strip("0"):
        return
    digits = exponent_part[1:].lstrip("+-").lstrip("0")
    if len(digits) > MAX_EXPONENT_DIGITS and exponent_part[1:2] != "-":
        raise NotANumber(gettext(TOO_LARGE))


def _checked(value: Decimal) -> Decimal:
    # The size first, from the exponent alone: int() of a Decimal such as 1E+1000000 would build
    # the whole integer before any comparison.
    if value and value.adjusted() >= MAX_INTEGER_DIGITS:
        raise NotANumber(gettext(TOO_LARGE))
    value = Decimal(int(value)) if value == value.to_integral_value() else value.normalize()
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > MAX_DECIMAL_PLACES:
        # Spreadsheets keep binary noise (2.6100000000000003); round it away rather than refuse,
        # but refuse real precision the database cannot keep.
        rounded = value.quantize(Decimal(1).scaleb(-MAX_DECIMAL_PLACES))
        if abs(value - rounded) > Decimal("1e-9"):
            raise NotANumber(
                gettext("小数位数过多（最多 %(MAX_DECIMAL_PLACES)s 位）")
                % {"MAX_DECIMAL_PLACES": MAX_DECIMAL_PLACES}
            )
        value = rounded.normalize()
    if abs(value) >= Decimal(10) ** MAX_INTEGER_DIGITS:
        raise NotANumber(gettext(TOO_LARGE))
    return value


def decimal_places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def format_number(value) -> str:
    """A Decimal as machine-readable text: no separators, no exponent, no trailing zeros (3700,
    2.61, 0.00001); "" for None.

    For values that are read back (the entry form's inputs, the spreadsheet and CSV round trip,
    the services' messages quoting what was typed). Pages show numbers with `display_number`.
    """
    if value is None:
        return ""
    value = Decimal(value)
    if value == value.to_integral_value() and value.adjusted() <= MAX_INTEGER_DIGITS:
        return str(int(value))
    return format(value.normalize(), "f")  # no int() of a number past the database's digits


# --- Numbers on pages and charts ----------------------------------------------------------------

MISSING = "—"


def is_missing(value) -> bool:
    """None or NaN (pandas' missing float): a number that is not there."""
    return value is None or (isinstance(value, float) and math.isnan(value))


def display_number(
    value, decimals: int | None = None, *, missing: str = MISSING, limit: int = MAX_DECIMAL_PLACES
) -> str:
    """A figure (an actual, a target) as people read it on a page or a chart: 3,700 · 2.61.

    Shown with at least ``decimals`` (the indicator's precision, Indicator.decimals) and at least
    the decimals the number carries itself, up to ``limit``: a value entered as 2.85 on a
    one-decimal indicator is 2.85, a target printed 3.0 is 3.0. Trailing zeros beyond
    ``decimals`` are not shown (the database does not keep them: 2.80 is stored as 2.8). A float
    is read to the six places the database keeps, so 0.1 + 0.2 is 0.3. ``limit`` caps a computed
    figure (an interpolated target of 2.9333… shows 2.933 with ``limit=3``); such a figure is
    rounded there. ``missing`` for None or NaN.
    """
    if is_missing(value):
        return missing
    places = figure_decimals(value, decimals, limit=limit)
    if isinstance(value, float):
        return f"{value + 0.0 if value else 0.0:,.{places}f}"  # no "-0.0"
    return f"{Decimal(value):,.{places}f}"


def figure_decimals(value, decimals: int | None = None, *, limit: int = MAX_DECIMAL_PLACES) -> int:
    """How many decimals :func:`display_number` shows ``value`` with (see there)."""
    own = decimal_places(_decimal_of(value))
    return max(decimals or 0, min(own, limit))


def display_rounded(value, decimals: int, *, missing: str = MISSING) -> str:
    """A derived quantity (a ratio, a pace, a sum of regions) rounded to ``decimals``: 0.83.

    A non-zero value never shows as 0 (nor −0): decimals are added until a digit shows, up to
    six (0.004 with 2 decimals is 0.004, not 0.00).
    """
    if is_missing(value):
        return missing
    value = float(value)
    places = decimals
    while value != 0 and round(value, places) == 0 and places < MAX_DECIMAL_PLACES:
        places += 1
    text = f"{value:,.{places}f}"
    return text[1:] if text.startswith("-") and float(text.replace(",", "")) == 0 else text


def display_percent(fraction, digits: int = 1, *, missing: str = MISSING) -> str:
    """A fraction as a percentage, 0.987 → "98.7%", for attainments, progress and shares.

    A fraction other than exactly 1 never shows as 100.0 % (0.99996 is "99.996%", 1.00004 is
    "100.004%"): "100 %" reads as on target, and a figure a hair below it is not met. Likewise
    a non-zero fraction never shows as 0.0 %.
    """
    if is_missing(fraction):
        return missing
    percent = float(fraction) * 100
    places = digits
    while places < MAX_DECIMAL_PLACES and (
        (percent != 100 and round(percent, places) == 100)
        or (percent != 0 and round(percent, places) == 0)
    ):
        places += 1
    return f"{percent:.{places}f}%"


def target_text(
    value,
    symbol: str,
    decimals: int | None = None,
    *,
    missing: str = MISSING,
    limit: int = MAX_DECIMAL_PLACES,
) -> str:
    """A target as printed: the comparator's symbol (≥ ≈ ≤, Target.Comparator's labels) and the
    number, "≥3,700", at least the decimals it was printed with; `missing` when there is no
    value."""
    if is_missing(value):
        return missing
    return f"{symbol}{display_number(value, decimals, limit=limit)}"


def _decimal_of(value) -> Decimal:
    if isinstance(value, float):
        return Decimal(repr(round(value, MAX_DECIMAL_PLACES))).normalize()
    return Decimal(value).normalize()
