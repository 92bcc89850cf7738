"""Every download keeps typed text from running as a formula (issue 10: of three .xlsx writers
only two guarded, and the entry template and export wrote a note like =HYPERLINK(...) as a live
formula). One note, four downloads: the entry template, the entry export, a dashboard table's
CSV and the API's CSV."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from indicators.entry import services
from indicators.models import Actual, WorkflowState
from tests.indicators.entry_world import YEAR, make_world

pytestmark = pytest.mark.django_db
NOTE = '=HYPERLINK("http://x","y")'


@pytest.fixture
def w(db):
    world = make_world()
    # Given a county draft and an approved city value whose source note is a formula
    services.actual_save(
        user=world.county,
        indicator=world.count,
        region=world.county_region,
        year=YEAR,
        value="1500",
        source_note=NOTE,
    )
    Actual.objects.create(
        indicator=world.count,
        region=world.city,
        year=YEAR,
        value=Decimal("4200"),
        state=WorkflowState.APPROVED,
        entered_by=world.bureau,
        source_note=NOTE,
    )
    return world


def note_cells(response, sheet: str, header_row: int):
    """The cells under 数据来源说明 of a downloaded workbook."""
    ws = load_workbook(io.BytesIO(response.content))[sheet]
    header = [c.value for c in ws[header_row]]
    column = header.index("数据来源说明") + 1
    return [ws.cell(row=r, column=column) for r in range(header_row + 1, ws.max_row + 1)]


def assert_text_not_formula(cell):
    assert cell.data_type == "s", f"{cell.coordinate} is typed {cell.data_type!r}, not text"
    assert cell.value in (NOTE, "'" + NOTE)


def test_the_entry_template_writes_the_note_as_text(client, w):
    client.force_login(w.county)
    response = client.get(reverse("entry:template"), {"year": YEAR})
    cells = [c for c in note_cells(response, "填报", header_row=3) if c.value]
    assert len(cells) == 1
    assert_text_not_formula(cells[0])


def test_the_entry_export_writes_the_note_as_text(client, w):
    client.force_login(w.bureau)
    response = client.get(reverse("entry:export"), {"year": YEAR})
    cells = [c for c in note_cells(response, f"{YEAR}年实际值", header_row=1) if c.value]
    assert len(cells) == 2
    for cell in cells:
        assert_text_not_formula(cell)


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_a_dashboard_tables_csv_escapes_the_note(client, w):
    client.force_login(w.leader)
    response = client.get(
        reverse("dashboards:indicator", args=[w.count.code]),
        {"year": YEAR, "format": "csv", "table": "actuals"},
    )
    assert response.status_code == 200
    rows = read_csv(response)
    assert rows[1][rows[0].index("数据来源说明")] == "'" + NOTE


def test_the_apis_csv_escapes_the_note(client, w):
    client.force_login(w.leader)
    response = client.get("/api/v1/actuals/", {"format": "csv", "header": "key"})
    assert response.status_code == 200
    rows = read_csv(response)
    notes = [row[rows[0].index("source_note")] for row in rows[1:]]
    assert notes == ["'" + NOTE, "'" + NOTE]
