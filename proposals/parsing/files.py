"""Uploaded reply files (.txt, .docx) to text; `ReplyFileError` for a file that is not readable."""

from __future__ import annotations

import io
from pathlib import PurePath

from common.archives import ArchiveLimits, ArchiveRefused, NotAnArchive, check_archive


class ReplyFileError(ValueError):
    """An uploaded reply that cannot be read. The message is shown to the user as is."""


TEXT_SUFFIXES = {".txt", ".text", ".md"}


def read_reply_file(name: str, data: bytes, *, limits: ArchiveLimits | None = None) -> str:
    """The text of an uploaded reply: .txt (UTF-8, else GB18030) or .docx.

    Raises ReplyFileError (Chinese message) for an empty file, an unsupported type, a file
    whose content is not what its name says (random bytes named .docx, a Word file named .txt),
    or a .docx that would expand past `limits` (common/archives.py; checked from the zip's
    directory before python-docx opens it; the callers pass the configured limits).
    """
    suffix = PurePath(name or "").suffix.lower()
    if not data:
        raise ReplyFileError("文件为空")
    if suffix in TEXT_SUFFIXES:
        text = _decode_text(data)
    elif suffix == ".docx":
        text = _docx_text(data, limits)
    elif suffix in {".doc", ".wps"}:
        raise ReplyFileError(f"不支持 {suffix} 格式，请在 Word 中另存为 .docx 后上传")
    else:
        shown = suffix or "（无扩展名）"
        raise ReplyFileError(f"不支持的文件类型 {shown}，请上传 .txt 或 .docx 文件")
    if not text.strip():
        raise ReplyFileError("文件为空")
    return text


# Magic numbers of the binary formats most often mis-named .txt: zip (docx/xlsx), OLE (doc), PDF.
_BINARY_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0", b"%PDF")


def _decode_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ReplyFileError("文件不是有效的文本文件（UTF-16 编码损坏）") from exc
    if data.startswith(_BINARY_MAGIC) or b"\x00" in data:
        raise ReplyFileError("文件不是有效的文本文件（内容是二进制数据，可能是 Word 或 PDF 文档）")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ReplyFileError("文件不是有效的文本文件（无法按 UTF-8 或 GB18030 解码）")


def _docx_text(data: bytes, limits: ArchiveLimits | None) -> str:
    try:
        check_archive(data, limits=limits)
    except NotAnArchive:
        raise ReplyFileError("文件不是有效的 .docx 文档") from None
    except ArchiveRefused as exc:
        raise ReplyFileError(exc.message) from None
    import docx  # python-docx; imported here so that parsing text needs nothing beyond stdlib
    from docx.table import Table

    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        # Paragraphs and tables in document order: a reply's 抄送 line is sometimes a table.
        for block in document.iter_inner_content():
            if isinstance(block, Table):
                for row in block.rows:
                    cells: list[str] = []
                    for cell in row.cells:
                        if not cells or cell.text != cells[-1]:  # merged cells repeat
                            cells.append(cell.text)
                    lines.append("\t".join(cells))
            else:
                lines.append(block.text)
    except Exception as exc:  # python-docx raises a variety (KeyError, ValueError, lxml errors)
        raise ReplyFileError("文件不是有效的 .docx 文档") from exc
    text = "\n".join(lines)
    if not text.strip():
        raise ReplyFileError("文档中没有文字")
    return text
