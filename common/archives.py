"""Zip archives (.docx, .xlsx) checked from their central directory before anything parses them.

A .docx or an .xlsx is a zip. Its central directory, at the end of the file, declares every
member's compressed and uncompressed size; reading it costs a few kilobytes whatever the archive
holds. `check_archive` refuses, from those declarations alone, an archive that would expand past
a size or a compression ratio no real document reaches ("zip bombs", issue 11, defect 2: a 100 KB
.docx expanding to 46 MB held a worker for 31 s). Python's zipfile (which python-docx and
openpyxl use) never inflates a member past its declared size, so a lying header cannot get
around the check: the member is cut short and the reader fails on it.

Pure: no Django. `configured_limits()` reads the settings lazily for the callers that have them.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext

MB = 1024 * 1024
# A member this small may compress as well as it likes (an empty sheet's XML, a style part):
# the ratio is only judged for members, and archives, larger than this.
RATIO_FLOOR_BYTES = 1 * MB


@dataclass(frozen=True)
class ArchiveLimits:
    max_uncompressed: int = 50 * MB  # all members together, declared uncompressed sizes
    max_ratio: int = 100  # uncompressed / compressed, for the archive and for each large member
    max_members: int = 10_000


class ArchiveRefused(ValueError):
    """The archive is refused before parsing; `.message` says why, in Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotAnArchive(ArchiveRefused):
    """The bytes are not a readable zip at all."""


def configured_limits() -> ArchiveLimits:
    """The limits from the settings (WZSCI_MAX_UNCOMPRESSED_BYTES, WZSCI_MAX_COMPRESSION_RATIO)."""
    from django.conf import settings

    return ArchiveLimits(
        max_uncompressed=int(settings.WZSCI_MAX_UNCOMPRESSED_BYTES),
        max_ratio=int(settings.WZSCI_MAX_COMPRESSION_RATIO),
    )


def check_archive(source, *, limits: ArchiveLimits | None = None) -> list[str]:
    """Raise ArchiveRefused if the zip in `source` (bytes or a seekable binary file) would expand
    too far; return its member names otherwise. A file object is left at position 0."""
    limits = limits or ArchiveLimits()
    stream = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    try:
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        raise NotAnArchive(gettext("文件不是有效的压缩文档（可能已损坏）")) from None
    finally:
        if hasattr(stream, "seek"):
            stream.seek(0)
    if len(members) > limits.max_members:
        raise ArchiveRefused(
            gettext("文档包含的部件过多（%(len)s 个，上限 %(max_members)s 个），已拒绝处理。")
            % {"len": len(members), "max_members": limits.max_members}
        )
    expanded = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members)
    if expanded > limits.max_uncompressed:
        raise ArchiveRefused(
            gettext(
                "文件解压后过大（约 %(size)s MB，上限 %(limit)s MB），已拒绝处理。"
                "请删除无关内容或分批上传。"
            )
            % {"size": f"{expanded / MB:.0f}", "limit": f"{limits.max_uncompressed / MB:.0f}"}
        )
    for member in [*members, None]:
        size = member.file_size if member else expanded
        squeezed = member.compress_size if member else packed
        if size > RATIO_FLOOR_BYTES and size > limits.max_ratio * max(squeezed, 1):
            raise ArchiveRefused(
                gettext(
                    "文件的压缩比异常（约 %(ratio)s 倍，上限 %(limit)s 倍），可能是“压缩炸弹”，已拒绝处理。"
                )
                % {"ratio": f"{size / max(squeezed, 1):.0f}", "limit": limits.max_ratio}
            )
    return [m.filename for m in members]
