"""Pasted text (issue 11, defect 3): 0.9 MB of text pasted as a reply gave a 500 after 30 s, and
the draft was parsed again on every reload of the confirmation page. Now the reply import caps
the text (WZSCI_MAX_PASTE_BYTES, 200 KB by default, pasted or read from a file) with a Chinese
message, and a draft is parsed once, when it arrives; the session keeps the result."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from proposals import views as proposal_views

pytestmark = pytest.mark.django_db

SOURCES = Path(__file__).resolve().parents[2] / "fixtures" / "sources"
TEXT_94 = (SOURCES / "wkt-2023-94.txt").read_text(encoding="utf-8")
DRAFTS = "proposals_import_drafts"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def test_a_pasted_reply_over_the_default_limit_is_refused(seeded, client, reviewer):
    # Given 0.9 MB of text, as in the issue (the default limit is 200 KB)
    text = (TEXT_94 + "\n") * (900 * 1024 // len(TEXT_94.encode("utf-8")) + 1)
    client.force_login(reviewer)
    # When it is pasted
    response = client.post(reverse("proposals:import"), {"text": text})
    # Then the form says so, in Chinese, and keeps no draft
    assert response.status_code == 200
    html = response.content.decode()
    assert "答复全文过长" in html and "上限为 200 KB" in html
    assert not client.session.get(DRAFTS)


def test_a_reply_file_over_the_limit_is_refused_too(seeded, client, reviewer, settings):
    settings.WZSCI_MAX_PASTE_BYTES = 1024
    client.force_login(reviewer)
    upload = SimpleUploadedFile("答复.txt", ("数" * 400).encode("utf-8"))  # 1,200 bytes
    response = client.post(reverse("proposals:import"), {"file": upload})
    assert "答复全文过长（2 KB），上限为 1 KB" in response.content.decode()
    assert not client.session.get(DRAFTS)


def test_a_reply_at_the_limit_is_taken(seeded, client, reviewer, settings):
    settings.WZSCI_MAX_PASTE_BYTES = len(TEXT_94.strip().encode("utf-8"))
    client.force_login(reviewer)
    response = client.post(reverse("proposals:import"), {"text": TEXT_94})
    assert response.status_code == 302


def test_a_draft_is_parsed_once_not_on_every_reload(seeded, client, reviewer, monkeypatch):
    calls = []
    parse = proposal_views.parse_reply_text

    def counting(text):
        calls.append(len(text))
        return parse(text)

    monkeypatch.setattr(proposal_views, "parse_reply_text", counting)
    client.force_login(reviewer)
    # When the reply is pasted and its confirmation page shown three times
    started = client.post(reverse("proposals:import"), {"text": TEXT_94})
    pages = [client.get(started.url) for _ in range(3)]
    # Then it was parsed once, and every page shows what the parse found
    assert len(calls) == 1
    assert all(page.status_code == 200 for page in pages)
    bodies = {CSRF.sub("", page.content.decode().split("<main", 1)[-1]) for page in pages}
    assert len(bodies) == 1
    assert "承诺候选" in bodies.pop()
