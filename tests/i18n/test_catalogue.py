"""The English catalogue is complete: every string the code wraps for translation is in it,
translated, never fuzzy, with its placeholders kept, and the compiled catalogue Django reads (.mo)
says the same as the source (.po).

The last test is the one that fails when someone wraps a new string and forgets the catalogue:
it runs `makemessages` as `make messages` does, on a copy of the source tree, merging into a copy
of the committed catalogue, and finds every new string untranslated (and every changed one
fuzzy). It needs GNU gettext (xgettext, msgmerge), as `makemessages` does: it skips without it on
a developer's machine and fails in CI (.ci/run installs it).
"""

from __future__ import annotations

import gettext
import shutil
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test.utils import override_settings

from tests.conftest import BROWSER_REQUIRED, SERVICES_REQUIRED, skip_or_fail
from tests.i18n.catalogue import placeholders, read_po

ROOT = Path(settings.BASE_DIR)
CATALOGUE = ROOT / "locale" / "en" / "LC_MESSAGES"
# What `make messages` leaves out (Makefile, MESSAGES_IGNORE): tools, tests, docs and data.
IGNORED = [
    ".venv",
    "bench",
    "wheelhouse",
    "staticfiles",
    "tests",
    "docs",
    "fixtures",
    "node_modules",
]


def catalogue_problems(text: str) -> list[str]:
    problems = []
    for entry in read_po(text):
        if entry.fuzzy:
            problems.append(f"fuzzy: {entry.where()}")
        elif not entry.translated:
            problems.append(f"untranslated: {entry.where()}")
        else:
            sources = [entry.msgid, entry.msgid_plural or entry.msgid]
            for index, translation in entry.msgstr.items():
                source = sources[min(index, 1)]
                if placeholders(source) != placeholders(translation):
                    problems.append(f"placeholders differ: {entry.where()} → {translation!r}")
    return problems


def test_every_entry_of_the_catalogue_is_translated_and_none_is_fuzzy():
    problems = catalogue_problems((CATALOGUE / "django.po").read_text(encoding="utf-8"))

    assert not problems, "\n".join(problems)


def test_the_compiled_catalogue_says_what_the_source_says():
    entries = read_po((CATALOGUE / "django.po").read_text(encoding="utf-8"))
    with (CATALOGUE / "django.mo").open("rb") as compiled:
        mo = gettext.GNUTranslations(compiled)

    stale = []
    for entry in entries:
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural is None:
            shown = [mo._catalog.get(key)]
            wanted = [entry.msgstr.get(0)]
        else:
            shown = [mo._catalog.get((key, n)) for n in sorted(entry.msgstr)]
            wanted = [entry.msgstr[n] for n in sorted(entry.msgstr)]
        if shown != wanted:
            stale.append(entry.where())

    assert entries and not stale, "compile again (python manage.py compilemessages):\n" + "\n".join(
        stale
    )


def test_a_string_wrapped_without_its_translation_fails(tmp_path, monkeypatch):
    """makemessages on a copy of the tree finds nothing missing from the committed catalogue."""
    for tool in ("xgettext", "msgmerge", "msguniq"):
        if not shutil.which(tool):
            skip_or_fail(
                f"{tool} not found (apt-get install gettext)",
                required=BROWSER_REQUIRED or SERVICES_REQUIRED,
            )
    tree = tmp_path / "tree"
    for path in ROOT.iterdir():
        if path.name.startswith(".") or path.name in IGNORED or path.name == "locale":
            continue
        if path.is_dir():
            shutil.copytree(path, tree / path.name, ignore=shutil.ignore_patterns("__pycache__"))
        elif path.suffix in {".py", ".html", ".txt"}:
            tree.mkdir(exist_ok=True)
            shutil.copy2(path, tree / path.name)
    (tree / "locale" / "en" / "LC_MESSAGES").mkdir(parents=True)
    shutil.copy2(CATALOGUE / "django.po", tree / "locale" / "en" / "LC_MESSAGES" / "django.po")
    monkeypatch.chdir(tree)

    with override_settings(LOCALE_PATHS=[tree / "locale"]):
        call_command("makemessages", locale=["en"], no_obsolete=True, verbosity=0)

    merged = (tree / "locale" / "en" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    problems = catalogue_problems(merged)
    assert not problems, "make messages, then translate:\n" + "\n".join(problems)
