"""Reading a gettext catalogue (.po) for the translation tests: enough of the format for
Django's catalogues (comments, flags, msgctxt, msgid, msgid_plural, msgstr[n], continued lines,
obsolete entries), so the tests need no extra package."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$')
# The placeholders a translation must keep: %(name)s, %s, %d, and {name} of brace formats.
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


def _unquote(text: str) -> str:
    body = text.strip()[1:-1]
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), "\\" + m.group(1)), body)


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # plural index (0 when singular) → text
    flags: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        return bool(self.msgstr) and all(self.msgstr.values())

    def where(self) -> str:
        return f"{self.msgid!r} ({', '.join(self.references) or 'no reference'})"


def read_po(text: str) -> list[Entry]:
    """The live entries of a catalogue, header excluded (obsolete #~ entries are skipped)."""
    entries = []
    for block in re.split(r"\n\s*\n", text.strip("\n")):
        entry, current = Entry(), None
        for line in block.splitlines():
            if line.startswith("#~"):
                entry = None
                break
            if line.startswith("#,"):
                entry.flags += [flag.strip() for flag in line[2:].split(",")]
            elif line.startswith("#:"):
                entry.references += line[2:].split()
            elif line.startswith("#"):
                continue
            elif match := _KEYWORD.match(line):
                key, index, value = match.group(1), match.group(2), _unquote(match.group(3))
                if key.startswith("msgstr"):
                    current = int(index or 0)
                    entry.msgstr[current] = value
                else:
                    current = key
                    setattr(entry, key, value)
            elif line.startswith('"'):
                if isinstance(current, int):
                    entry.msgstr[current] += _unquote(line)
                else:
                    setattr(entry, current, getattr(entry, current) + _unquote(line))
        if entry is not None and entry.msgid:
            entries.append(entry)
    return entries


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))
