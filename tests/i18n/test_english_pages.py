"""Every main page, read in English as the role that sees it, shows no Chinese but data.

Data are what people entered or the seed holds: names of indicators, regions, units, levers,
tasks, plans; the text of replies and commitments; people's names. The test reads every text
value stored in the database (every CharField and TextField of every row of wzsci's models and
of the accounts), removes each of them from the page, longest first, and then finds no CJK
character left. A Chinese word of a template or a message is never stored in the database, so it
survives the removal and fails the test; the one blind spot is a template word that is also, by
itself, a stored value (a template saying 温州市 would pass) — which is data-shaped anyway.
"""

from __future__ import annotations

import html
import re

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language_info

from indicators.models import Actual, Region, RegionGroup, Task, Unit
from proposals.models import Commitment, Handling, Reply

pytestmark = pytest.mark.django_db

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]+")
# A reply's letter shows its stored text line by line: each line of a stored text (of at least
# this many characters) is data as well.
SHORTEST_LINE = 4
# What stands between two tags or quotes of a page; the shortest beginning of a stored text that
# counts as that text cut short; a reply's text laid out as a letter (no <div> inside).
BETWEEN_TAGS = re.compile(r"[^<>\"]+")
SHORTEST_CUT = 10
LETTER = re.compile(r'<div class="prop-letter">.*?</div>', re.S)


def strings_in(value) -> list[str]:
    """The non-empty strings of a stored value: itself, or those inside a JSON list or object."""
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [text for item in value for text in strings_in(item)]
    return []


def stored_texts() -> list[str]:
    """Every distinct non-empty text stored in wzsci's tables (text and JSON columns) and the
    accounts' names."""
    texts: set[str] = set()
    for config in ("indicators", "proposals"):
        for model in apps.get_app_config(config).get_models():
            fields = [
                field.name
                for field in model._meta.concrete_fields
                if isinstance(field, models.CharField | models.TextField | models.JSONField)
                and not field.choices
                and field.editable  # not a derived index such as a reply's search tokens
            ]
            if not fields:
                continue
            for row in model.objects.values_list(*fields):
                texts.update(text for value in row for text in strings_in(value))
    for first, last in get_user_model().objects.values_list("first_name", "last_name"):
        texts.update({first, last, f"{last}{first}", f"{first}{last}"} - {""})
    # The language switch names each language in itself (简体中文, English) on every page, by design
    # (tests/common/test_error_pages_and_language.py).
    texts.update(info["name_local"] for info in map(get_language_info, dict(settings.LANGUAGES)))
    pieces = set()
    for text in texts:
        pieces.update(
            line.strip() for line in text.splitlines() if len(line.strip()) >= SHORTEST_LINE
        )
    return sorted(texts | pieces, key=len, reverse=True)


def chinese_left(page: str, data: list[str]) -> list[str]:
    """The page's Chinese once the data is taken out, each piece with a little context.

    Data as pages show it:
    - a reply's full text laid out as a letter (`<div class="prop-letter">`): all of it is the
      stored text, cut into headings, points and highlighted figures;
    - a stored value alone between tags or quotes, or the beginning of one cut short (a title
      or a table cell shows the first characters of a long text, with or without "…"), at least
      ten characters long or the whole value;
    - a stored value inside a sentence of the page ("鹿城区 (2024)"), taken out whole; a chart may
      break a long name with <br>.
    A value of one character (家, 项) is data only where it stands alone.
    """
    text = html.unescape(page)
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)
    text = LETTER.sub(" ", text).replace("<br>", "")
    chinese = [value for value in data if CJK.search(value)]
    whole = set(chinese)

    def stored(piece: re.Match) -> str:
        shown = piece.group().strip().removesuffix("…").strip()
        if not CJK.search(shown):
            return piece.group()
        if shown in whole or (
            len(shown) >= SHORTEST_CUT and any(value.startswith(shown) for value in chinese)
        ):
            return " "
        return piece.group()

    text = BETWEEN_TAGS.sub(stored, text)
    for value in chinese:
        if len(value) > 1:
            text = text.replace(value, " ")
    return sorted(
        {
            f"{text[max(0, m.start() - 12) : m.start()]}[{m.group()}]"
            for m in CJK.finditer(text)
            if m.group() not in whole
        }
    )


def pages_of(role: str, year: int = 2024) -> dict[str, str]:
    county = Region.objects.exclude(kind=Region.Kind.CITY).order_by("pk").first()
    group = RegionGroup.objects.order_by("pk").first()
    unit = Unit.objects.order_by("pk").first()
    task = Task.objects.order_by("pk").first()
    reply = Reply.objects.order_by("pk").first()
    commitment = Commitment.objects.order_by("pk").first()
    actual = Actual.objects.order_by("pk").first()
    handling = Handling.objects.order_by("pk").first()
    query = f"?year={year}"
    pages = {
        "leader": {
            "home": reverse("home"),
            "overview": reverse("dashboards:overview") + query,
            "indicator": reverse("dashboards:indicator", args=["K1"]) + query,
            "indicator K8": reverse("dashboards:indicator", args=["K8"]) + query,
            "counties": reverse("dashboards:counties") + query + "&indicator=K1",
            "counties K4": reverse("dashboards:counties") + query + "&indicator=K4",
            "region": reverse("dashboards:region", args=[county.code]) + query,
            "group": reverse("dashboards:group", args=[group.pk]) + query,
            "levers": reverse("dashboards:levers") + query,
            "units": reverse("dashboards:units") + query,
            "unit": reverse("dashboards:unit", args=[unit.pk]) + query,
            "task": reverse("dashboards:task", args=[task.pk]) + query,
            "proposals": reverse("proposals:list"),
            "proposal": reverse("proposals:detail", args=[reply.pk]),
            "commitments": reverse("proposals:board"),
            "commitment": reverse("proposals:commitment", args=[commitment.pk]),
            "proposals' unit": reverse("proposals:unit", args=[unit.pk]),
            "handling": reverse("proposals:handling_board"),
            **(
                {
                    "a proposal's handling": reverse(
                        "proposals:handling_detail", args=[handling.proposal_id]
                    )
                }
                if handling
                else {}
            ),
            "figure check": reverse("proposals:figure_check"),
        },
        "county": {
            "entry home": reverse("entry:home"),
            "value": reverse("entry:actual_detail", args=[actual.pk]),
            "tasks to report": reverse("entry:tasks"),
        },
        "bureau": {
            "entry home": reverse("entry:home"),
            "import": reverse("entry:import"),
            "task report": reverse("entry:task_report", args=[task.pk]),
        },
        "reviewer": {
            "review queue": reverse("entry:review_queue"),
            "years": reverse("entry:years"),
            "completeness": reverse("entry:completeness"),
            "targets": reverse("entry:targets"),
            "targets of K4": reverse("entry:targets") + "?indicator=K4&year=2025",
            "proposal import": reverse("proposals:import"),
            "drafts": reverse("proposals:drafts"),
        },
    }
    return pages[role]


@pytest.mark.parametrize("role", ["leader", "county", "bureau", "reviewer"])
def test_every_page_a_role_reads_is_english_but_its_data(english_client, demo, request, role):
    english_client.force_login(request.getfixturevalue(role))
    data = stored_texts()

    found = {}
    for name, path in pages_of(role).items():
        response = english_client.get(path)
        assert response.status_code == 200, (name, path, response.status_code)
        page = response.content.decode()
        assert '<html lang="en">' in page, name
        if left := chinese_left(page, data):
            found[name] = left

    assert not found, "\n".join(f"{name}: {left}" for name, left in found.items())


def test_the_login_and_missing_pages_are_english(english_client, seeded):
    data = stored_texts()
    for path, status in [(reverse("login"), 200), ("/no-such-page/", 404)]:
        response = english_client.get(path)
        assert response.status_code == status
        assert not chinese_left(response.content.decode(), data), path
