"""Zip bombs and long sheets (issue 11, defects 2 and 4): a 100 KB .docx expanding to 46 MB held
a worker for 31 s; a sheet just under the upload cap was loaded whole before its rows were
counted. Now a .docx or an .xlsx is refused from its zip directory (common/archives.py) before
python-docx or openpyxl opens it, and a workbook is read streaming and refused at the row limit.
Each refusal is in Chinese and saves nothing.
"""

from __future__ import annotations

import io
import re
import zipfile

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook
from openpyxl.worksheet import _read_only

from common.archives import ArchiveLimits, ArchiveRefused, NotAnArchive, check_archive
from indicators.entry.spreadsheets import reading
from indicators.models import Actual
from proposals.models import Reply
from tests.indicators.entry_world import YEAR, make_world, xlsx_bytes

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
HEADER = ["指标代码", "区域", "年份", "本年值", "数据来源说明", "变动说明"]


def rezipped(content: bytes, replace: dict[str, bytes]) -> bytes:
    """The archive with some members replaced or added, deflated as Word and Excel do."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename not in replace:
                target.writestr(info, source.read(info.filename))
        for name, data in replace.items():
            target.writestr(name, data)
    return out.getvalue()


def docx_bomb() -> bytes:
    """A real .docx whose word/document.xml is 50 MB of one repeated paragraph (~100 KB zipped)."""
    buffer = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("温州市科学技术局关于市政协十二届二次会议第1号提案的答复")
    document.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        xml = archive.read("word/document.xml").decode("utf-8")
    paragraph = "<w:p><w:r><w:t>下一步，力争新增高新技术企业500家。</w:t></w:r></w:p>"
    body_end = xml.index("<w:sectPr")
    repeats = 50 * MB // len(paragraph.encode("utf-8")) + 1
    bomb = xml[:body_end] + paragraph * repeats + xml[body_end:]
    return rezipped(buffer.getvalue(), {"word/document.xml": bomb.encode("utf-8")})


@pytest.fixture(scope="module")
def bomb() -> bytes:
    return docx_bomb()


@pytest.fixture
def no_parsing(monkeypatch):
    """Fail the test if the document or workbook is handed to its parser at all."""

    def refuse(*args, **kwargs):
        raise AssertionError("the archive reached its parser")

    monkeypatch.setattr(docx, "Document", refuse)
    monkeypatch.setattr(reading, "load_workbook", refuse)


def test_the_bomb_is_what_the_issue_describes(bomb):
    with zipfile.ZipFile(io.BytesIO(bomb)) as archive:
        expanded = archive.getinfo("word/document.xml").file_size
    assert expanded > 50 * MB and len(bomb) < 400 * 1024


# --- the check itself ----------------------------------------------------------------------------
def test_it_refuses_an_archive_expanding_past_the_size_limit():
    content = rezipped(xlsx_bytes([HEADER]), {"xl/media/filler.bin": b"\0" * (3 * MB)})
    with pytest.raises(ArchiveRefused, match="文件解压后过大"):
        check_archive(content, limits=ArchiveLimits(max_uncompressed=2 * MB, max_ratio=10**6))


def test_it_refuses_an_archive_compressed_past_the_ratio():
    content = rezipped(xlsx_bytes([HEADER]), {"xl/media/filler.bin": b"\0" * (3 * MB)})
    with pytest.raises(ArchiveRefused, match="压缩比异常"):
        check_archive(content, limits=ArchiveLimits(max_uncompressed=100 * MB, max_ratio=100))


def test_it_passes_an_ordinary_workbook_and_names_bytes_that_are_no_zip():
    assert "xl/workbook.xml" in check_archive(
        xlsx_bytes([HEADER, ["K4", "鹿城区", YEAR, 1, "", ""]])
    )
    with pytest.raises(NotAnArchive):
        check_archive(b"PK\x03\x04 not really a zip")


# --- the .docx: proposal import and figure check -------------------------------------------------
def test_the_proposal_import_refuses_the_bomb_before_parsing(
    seeded, client, reviewer, bomb, no_parsing
):
    client.force_login(reviewer)
    replies = Reply.objects.count()
    response = client.post(
        reverse("proposals:import"), {"file": SimpleUploadedFile("答复.docx", bomb)}
    )
    assert response.status_code == 200  # the form again, with the reason
    html = response.content.decode()
    assert "压缩比异常" in html or "文件解压后过大" in html
    assert Reply.objects.count() == replies
    assert not client.session.get("proposals_import_drafts")  # no draft kept either


def test_the_figure_check_refuses_the_bomb_before_parsing(seeded, client, bureau, bomb, no_parsing):
    client.force_login(bureau)
    response = client.post(
        "/proposals/figure-check/", {"file": SimpleUploadedFile("通报.docx", bomb), "year": "2024"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "压缩比异常" in html or "文件解压后过大" in html


# --- the .xlsx: the entry import -----------------------------------------------------------------
def xlsx_bomb() -> bytes:
    """A real workbook with a valid row, and a 60 MB part of zeros beside it (~60 KB zipped)."""
    content = xlsx_bytes([HEADER, ["K4", "鹿城区", YEAR, 1600, "", ""]])
    return rezipped(content, {"xl/media/image1.bin": b"\0" * (60 * MB)})


def test_the_entry_import_refuses_a_workbook_bomb_before_parsing(client, no_parsing):
    w = make_world()
    client.force_login(w.county)
    response = client.post(
        reverse("entry:import"),
        {"year": YEAR, "file": SimpleUploadedFile("填报.xlsx", xlsx_bomb())},
    )
    reasons = [p.reason for p in response.context["problems"]]
    assert any("文件解压后过大" in r or "压缩比异常" in r for r in reasons), reasons
    assert not Actual.objects.exists()


# --- long sheets: streaming, stopped at the row limit --------------------------------------------
def long_workbook(rows: int, *, dimension: bool = True) -> bytes:
    """A generated workbook of `rows` data rows (one value, then rows left empty); without its <dimension>, a reader cannot know
    the sheet's length before reading it through."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("填报")
    sheet.append(HEADER)
    sheet.append(["K4", "鹿城区", YEAR, 1600, "", ""])
    for _ in range(rows - 1):
        sheet.append(["K7", "鹿城区", YEAR, "—", "", ""])  # a row with no value: skipped
    buffer = io.BytesIO()
    book.save(buffer)
    if dimension:
        return buffer.getvalue()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    xml = re.sub(r"<dimension [^>]*/>", "", xml)
    return rezipped(buffer.getvalue(), {"xl/worksheets/sheet1.xml": xml.encode("utf-8")})


@pytest.fixture
def rows_read(monkeypatch):
    """How many rows openpyxl's streaming reader handed out."""
    counted = {"rows": 0}
    original = _read_only.ReadOnlyWorksheet._cells_by_row

    def counting(self, *args, **kwargs):
        for row in original(self, *args, **kwargs):
            counted["rows"] += 1
            yield row

    monkeypatch.setattr(_read_only.ReadOnlyWorksheet, "_cells_by_row", counting)
    return counted


@pytest.mark.parametrize("dimension", [True, False], ids=["with-dimension", "without-dimension"])
def test_a_sheet_over_the_row_limit_is_refused_without_reading_it_through(
    client, settings, rows_read, dimension
):
    # Given a row limit of 1,000 and a generated sheet of 5,000 rows
    settings.WZSCI_MAX_IMPORT_ROWS = 1000
    w = make_world()
    client.force_login(w.county)
    content = long_workbook(5000, dimension=dimension)
    # When it is imported
    response = client.post(
        reverse("entry:import"), {"year": YEAR, "file": SimpleUploadedFile("填报.xlsx", content)}
    )
    # Then it is refused with the limit, having read at most the rows up to it, and saves nothing
    reasons = [p.reason for p in response.context["problems"]]
    assert any("行数过多" in r and "上限 1000 行" in r for r in reasons), reasons
    assert rows_read["rows"] <= 1001
    assert not Actual.objects.exists()


def test_a_sheet_at_the_row_limit_is_read(client, settings):
    settings.WZSCI_MAX_IMPORT_ROWS = 50
    w = make_world()
    client.force_login(w.county)
    content = long_workbook(49, dimension=False)  # 49 rows and the header: 50
    response = client.post(
        reverse("entry:import"), {"year": YEAR, "file": SimpleUploadedFile("填报.xlsx", content)}
    )
    assert response.status_code == 302, [p.reason for p in response.context["problems"]][:3]
    assert Actual.objects.get(indicator=w.count, region=w.county_region).value == 1600


def test_a_csv_over_the_row_limit_is_refused(client, settings):
    settings.WZSCI_MAX_IMPORT_ROWS = 100
    w = make_world()
    client.force_login(w.county)
    lines = [",".join(HEADER), f"K4,鹿城区,{YEAR},1600,,"] + [f"K7,鹿城区,{YEAR},—,,"] * 200
    content = "\n".join(lines).encode("utf-8")
    response = client.post(
        reverse("entry:import"), {"year": YEAR, "file": SimpleUploadedFile("填报.csv", content)}
    )
    reasons = [p.reason for p in response.context["problems"]]
    assert any("行数过多" in r and "上限 100 行" in r for r in reasons), reasons
    assert not Actual.objects.exists()
