"""The seed loader is idempotent and updates exactly what a fixture edit changed."""

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from indicators.catalogue.seed import load_seed
from indicators.models import Actual, Indicator, Region, Target, Task

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


def test_it_changes_nothing_on_a_second_load(seeded):
    # Given the seed loaded once
    counts = (
        Indicator.objects.count(),
        Target.objects.count(),
        Task.objects.count(),
        Actual.objects.count(),
    )
    # When it is loaded again
    report = load_seed()
    # Then nothing was created, updated or deleted
    assert report.changed == 0, report.lines()
    assert counts == (
        Indicator.objects.count(),
        Target.objects.count(),
        Task.objects.count(),
        Actual.objects.count(),
    )


def test_it_updates_exactly_the_row_a_fixture_edit_changed(seeded, tmp_path):
    # Given a copy of the fixtures in which one printed target is edited (K4 2025: 5500 → 5600)
    copy = tmp_path / "fixtures"
    shutil.copytree(FIXTURES, copy)
    plan_file = copy / "plans" / "wzf-2023-17.yaml"
    text = plan_file.read_text(encoding="utf-8")
    marker = '{indicator: K4, year: 2025, value: "5500"'
    assert text.count(marker) == 1
    plan_file.write_text(
        text.replace(marker, '{indicator: K4, year: 2025, value: "5600"'), encoding="utf-8"
    )
    # When the edited fixtures are loaded
    report = load_seed(fixtures_dir=copy)
    # Then exactly one row changed, and it is that target
    assert report.changed == 1, report.lines()
    assert report.counts[("Target", "updated")] == 1
    assert Target.objects.get(indicator__code="K4", year=2025).value == Decimal("5600")


def test_it_never_overwrites_a_baseline_someone_entered(seeded):
    # Given the 2022 baseline of K7 corrected by a reviewer through the workflow (origin entry)
    city = Region.objects.get(kind=Region.Kind.CITY)
    actual = Actual.objects.get(indicator__code="K7", region=city, year=2022)
    actual.value, actual.origin = Decimal("257.3"), Actual.Origin.ENTRY
    actual.save()
    # When the seed is loaded again
    report = load_seed()
    # Then the entered value stands, and the loader says it left it
    actual.refresh_from_db()
    assert actual.value == Decimal("257.3")
    assert any("K7" in note and "未覆盖" in note for note in report.notes)


def test_the_command_prints_what_it_did(seeded, capsys):
    call_command("load_seed")
    out = capsys.readouterr().out
    assert "0 行有变化" in out
    assert "Target: unchanged" in out
