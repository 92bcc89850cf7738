"""How a person is named wherever people read it: pages, exports, the services' messages."""

from __future__ import annotations


def _has_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def display_name(user, *, nobody: str = "—") -> str:
    """The one way a user is named: 林晓 for a Chinese name (family name first, no space),
    "First Last" for others, else the username; `nobody` when there is no user.

    Pure: reads `first_name`, `last_name` and `username`, so any user-like object will do (an
    anonymous user has none of them and is named by `nobody` only if it is None).
    """
    if user is None:
        return nobody
    first = (getattr(user, "first_name", "") or "").strip()
    last = (getattr(user, "last_name", "") or "").strip()
    if _has_chinese(first + last):
        return f"{last}{first}"
    return " ".join(part for part in (first, last) if part) or getattr(user, "username", "") or ""
