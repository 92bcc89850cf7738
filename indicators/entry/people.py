"""How a person is named on the entry pages, in exports and in the services' messages."""

from __future__ import annotations


def person_name(user, *, nobody: str = "系统") -> str:
    """How a person is named on pages and in messages: 林晓 (family name first, no space, for
    Chinese names), else Django's full name, else the username."""
    if user is None:
        return nobody
    first, last = (user.first_name or "").strip(), (user.last_name or "").strip()
    if any("\u4e00" <= ch <= "\u9fff" for ch in first + last):
        return f"{last}{first}"
    return user.get_full_name() or user.get_username()
