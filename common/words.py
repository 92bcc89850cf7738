"""Words that pure code prints itself (the chart builders' status words and legend entries, the
number reader's messages, the figure check's verdicts), in the reader's language.

Chinese is the source language. Pure code marks each word with `gettext` (so that `makemessages`
finds it) and imports nothing of Django: the application hands its translation function to `use()`
when it starts (indicators/apps.py), and until then — in the pure tests, say — every word reads in
Chinese. Labels, titles and names that come from the pages are translated by the callers.
"""

from __future__ import annotations

from collections.abc import Callable


def _untranslated(message: str) -> str:
    return message


_translate: Callable[[str], str] = _untranslated


def use(translate: Callable[[str], str]) -> None:
    """Translate every word from now on with `translate` (Django's gettext, in the app)."""
    global _translate
    _translate = translate


def gettext(message: str) -> str:
    """`message` (Chinese) in the active language."""
    return _translate(message)


def gettext_noop(message: str) -> str:
    """Marks `message` for the catalogue and returns it untranslated (translated when shown)."""
    return message
