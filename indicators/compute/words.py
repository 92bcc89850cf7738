"""The pure code's words in the reader's language: common/words.py, the one place the
translation is handed in (pyproject.toml lets indicators.compute import it)."""

from common.words import gettext, gettext_noop, use

__all__ = ["gettext", "gettext_noop", "use"]
