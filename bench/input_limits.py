"""How long each input limit takes to refuse what it refuses (docs/security.md, "Input limits").

Not a test: it times, in-process and without a database, the function each write path calls to
refuse an input past its limit, with the inputs of issue 11 (the number "1e1000000", a .docx
whose document.xml is 50 MB, 0.9 MB of pasted text, a workbook over the row limit, JSON nested
100,000 deep, a NUL byte in a URL). Each case runs REPEAT times; the median is printed, with the
refusal's message so that a case that was not refused shows it. With --before, it also times
what the same inputs cost the code before the limits (converting the number, loading the
workbook in full mode), for comparison.

    .venv/bin/python -m bench.input_limits [--before]
"""

from __future__ import annotations

import io
import os
import platform
import statistics
import sys
import time
import zipfile
from decimal import Decimal

REPEAT = 5
MB = 1024 * 1024


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wzsci.settings")
    import django

    django.setup()


def timed(action) -> tuple[float, str]:
    """The median seconds of REPEAT runs of `action`, and what it raised or returned."""
    times, outcome = [], ""
    for _ in range(REPEAT):
        start = time.perf_counter()
        try:
            outcome = repr(action())[:60]
        except Exception as exc:  # the refusal is the point
            outcome = f"{type(exc).__name__}: {getattr(exc, 'message', None) or exc}"[:80]
        times.append(time.perf_counter() - start)
    return statistics.median(times), outcome


def docx_bomb() -> bytes:
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    paragraph = "<w:p><w:r><w:t>下一步，力争新增高新技术企业500家。</w:t></w:r></w:p>"
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source:
        xml = source.read("word/document.xml").decode("utf-8")
        at = xml.index("<w:sectPr")
        bomb = xml[:at] + paragraph * (50 * MB // len(paragraph.encode()) + 1) + xml[at:]
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                if info.filename != "word/document.xml":
                    target.writestr(info, source.read(info.filename))
            target.writestr("word/document.xml", bomb)
    return out.getvalue()


def long_workbook(rows: int) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("填报")
    sheet.append(["指标代码", "区域", "年份", "本年值", "数据来源说明", "变动说明"])
    for index in range(rows):
        sheet.append(["K4", f"区域{index}", 2024, index, "来源", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_dimension(content: bytes, rows: int) -> bytes:
    """The workbook with the <dimension> Excel writes (openpyxl's write-only mode leaves it out)."""
    import re

    out = io.BytesIO()
    tag = f'<dimension ref="A1:F{rows + 1}"/>'.encode()
    first_part = rb"(<sheetViews|<sheetFormatPr|<sheetData)"
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(first_part, tag + rb"\1", data, count=1)
            target.writestr(info, data)
    return out.getvalue()


class Upload(io.BytesIO):
    """What the import reads of an UploadedFile: .name, .size, .read, .seek."""

    def __init__(self, content: bytes, name: str):
        super().__init__(content)
        self.name, self.size = name, len(content)


def cases(before: bool):
    from django.conf import settings
    from django.test import RequestFactory
    from rest_framework.parsers import JSONParser

    from common.archives import check_archive, configured_limits
    from common.numbers import parse_number
    from indicators.api.parsers import DepthLimitedJSONParser
    from indicators.entry.spreadsheets.reading import read_upload
    from proposals.forms import ImportStartForm
    from proposals.parsing import read_reply_file
    from wzsci.middleware import RefuseNulInURLMiddleware

    bomb = docx_bomb()
    rows = settings.WZSCI_MAX_IMPORT_ROWS + 10_000
    workbook = long_workbook(rows)
    deep = ("[" * 100_000 + "]" * 100_000).encode()
    pasted = "下一步，力争新增高新技术企业500家。\n" * (900 * 1024 // 55)
    nul = RefuseNulInURLMiddleware(lambda request: None)
    request = RequestFactory().get("/dashboards/regions/", {"indicator": "K4\x00"})
    print(
        f"inputs: .docx {len(bomb) / 1024:.0f} KB → 50 MB; workbook {len(workbook) / MB:.1f} MB, "
        f"{rows} rows; pasted {len(pasted.encode()) / 1024:.0f} KB"
    )
    yield "number 1e1000000", lambda: parse_number("1e1000000")
    yield "number 1e300000", lambda: parse_number("1e300000")
    yield "number of 5,000 digits", lambda: parse_number("9" * 5000)
    yield "pasted reply 0.9 MB", lambda: ImportStartForm({"text": pasted}).is_valid()
    yield ".docx bomb (zip directory)", lambda: check_archive(bomb, limits=configured_limits())
    yield (
        ".docx bomb (reply file reader)",
        lambda: read_reply_file("答复.docx", bomb, limits=configured_limits()),
    )
    yield (
        f"workbook of {rows} rows",
        lambda: read_upload(Upload(workbook, "填报.xlsx"), default_year=2024),
    )
    dimensioned = with_dimension(workbook, rows)
    yield (
        "  the same, with Excel's <dimension>",
        lambda: read_upload(Upload(dimensioned, "填报.xlsx"), default_year=2024),
    )
    yield "JSON nested 100,000 deep", lambda: DepthLimitedJSONParser().parse(io.BytesIO(deep))
    yield "NUL byte in a URL", lambda: nul(request)
    if before:
        from openpyxl import load_workbook

        yield "before: int(Decimal('1e300000'))", lambda: len(str(int(Decimal("1e300000"))))
        yield (
            "before: workbook loaded in full",
            lambda: load_workbook(io.BytesIO(workbook), read_only=False).active.max_row,
        )
        yield "before: DRF's JSON parser, deep", lambda: JSONParser().parse(io.BytesIO(deep))


def main() -> None:
    setup_django()
    sys.set_int_max_str_digits(0)  # for the --before number only
    before = "--before" in sys.argv
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )
    for name, action in cases(before):
        seconds, outcome = timed(action)
        print(f"{name:36} {seconds * 1000:9.1f} ms   {outcome}")


if __name__ == "__main__":
    main()
