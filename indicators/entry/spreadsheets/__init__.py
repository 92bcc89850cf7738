"""Excel and CSV of the entry area: reading an upload back, the yearly template, the export."""

from common.spreadsheets import XLSX_CONTENT_TYPE
from indicators.entry.spreadsheets.export import build_export
from indicators.entry.spreadsheets.reading import OLE_MAGIC, ZIP_MAGIC, read_upload
from indicators.entry.spreadsheets.template import build_template

__all__ = [
    "OLE_MAGIC",
    "XLSX_CONTENT_TYPE",
    "ZIP_MAGIC",
    "build_export",
    "build_template",
    "read_upload",
]
