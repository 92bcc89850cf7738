"""CSV and Excel renderings of the tabular endpoints (`?format=csv`, `?format=xlsx`, or Accept).

A list becomes one row per item; a nested object becomes dotted columns (`lead_unit.name`); a
list inside an item becomes one cell. The header row is the fields' Chinese labels, or the JSON
keys with `?header=key` (for programs). Errors are never rendered here: the views switch
them to JSON (views.ApiViewMixin.handle_exception).
"""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal, InvalidOperation
from urllib.parse import quote

from rest_framework import serializers
from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer, JSONRenderer

# A cell starting with one of these is a formula to a spreadsheet (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def items_of(data) -> list:
    if isinstance(data, dict) and isinstance(data.get("results"), list):
        return data["results"]
    if isinstance(data, list):
        return data
    if isinstance(data, dict):
        return [data]
    return []


def flatten(item: dict, prefix: str = "") -> dict:
    out = {}
    for key, value in item.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, f"{name}."))
        elif isinstance(value, list):
            if all(not isinstance(v, dict | list) for v in value):
                out[name] = "；".join("" if v is None else str(v) for v in value)
            else:
                out[name] = json.dumps(value, ensure_ascii=False)
        else:
            out[name] = value
    return out


def field_info(view) -> tuple[dict[str, str], set[str]]:
    """The serializer's labels by field name, and the names of its decimal fields."""
    labels: dict[str, str] = {}
    decimals: set[str] = set()
    get_class = getattr(view, "get_serializer_class", None)
    if get_class is None:
        return labels, decimals
    try:
        fields = get_class()().fields
    except Exception:  # a view without a serializer for this action: keys it is
        return labels, decimals

    def walk(fields, prefix="", label_prefix=""):
        for name, field in fields.items():
            label = str(field.label) if field.label else name
            if isinstance(field, serializers.Serializer):
                walk(field.fields, f"{prefix}{name}.", f"{label_prefix}{label}·")
                continue
            labels[f"{prefix}{name}"] = f"{label_prefix}{label}"
            if isinstance(field, serializers.DecimalField):
                decimals.add(f"{prefix}{name}")

    walk(fields)
    return labels, decimals


class TabularRenderer(BaseRenderer):
    def table(self, data, renderer_context) -> tuple[list[str], list[str], list[dict], set[str]]:
        renderer_context = renderer_context or {}
        rows = [
            flatten(item) if isinstance(item, dict) else {"value": item} for item in items_of(data)
        ]
        columns: list[str] = []
        seen = set()
        for row in rows:
            for key in row:
                if key not in seen:
                    seen.add(key)
                    columns.append(key)
        labels, decimals = field_info(renderer_context.get("view"))
        if not columns:
            columns = list(labels)
        request = renderer_context.get("request")
        use_keys = request is not None and request.query_params.get("header") == "key"
        header = columns if use_keys else [labels.get(c, c) for c in columns]
        return columns, header, rows, decimals

    def filename(self, renderer_context) -> str:
        view = (renderer_context or {}).get("view")
        name = getattr(view, "export_name", None) or getattr(view, "basename", None) or "export"
        return f"{name}.{self.format}"

    def set_disposition(self, renderer_context) -> None:
        response = (renderer_context or {}).get("response")
        if response is not None and response.status_code < 400:
            name = self.filename(renderer_context)
            response["Content-Disposition"] = (
                f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name)}"
            )


def safe_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    text = str(value)
    if text.startswith(FORMULA_START):
        try:
            float(text)
        except ValueError:
            return "'" + text
    return text


class CSVRenderer(TabularRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        columns, header, rows, _ = self.table(data, renderer_context)
        self.set_disposition(renderer_context)
        buffer = io.StringIO()
        # A byte-order mark, so that Excel opens the Chinese text as UTF-8.
        buffer.write("\ufeff")
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(header)
        for row in rows:
            writer.writerow([safe_text(row.get(c)) for c in columns])
        return buffer.getvalue().encode("utf-8")


class XLSXRenderer(TabularRenderer):
    media_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Font

        columns, header, rows, decimals = self.table(data, renderer_context)
        self.set_disposition(renderer_context)
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("数据")
        sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        head_cells = []
        for title in header:
            cell = WriteOnlyCell(sheet, value=title)
            cell.font = bold
            head_cells.append(cell)
        sheet.append(head_cells)
        for row in rows:
            sheet.append([self.cell(sheet, row.get(c), c in decimals) for c in columns])
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    @staticmethod
    def cell(sheet, value, is_decimal: bool):
        from openpyxl.cell import WriteOnlyCell

        if value is None:
            return None
        if is_decimal and isinstance(value, str):
            try:
                return Decimal(value)
            except InvalidOperation:
                pass
        if isinstance(value, bool):
            return "是" if value else "否"
        if isinstance(value, int | float | Decimal):
            return value
        cell = WriteOnlyCell(sheet, value=str(value))
        cell.data_type = "s"  # text stays text: never a formula
        return cell


class ContentNegotiation(DefaultContentNegotiation):
    """DRF's negotiation, except that an unknown `?format=` is a 406 (not a 404: the resource
    exists, only not in that format)."""

    def filter_renderers(self, renderers, format):
        matching = [renderer for renderer in renderers if renderer.format == format]
        if not matching:
            raise NotAcceptable(available_renderers=renderers)
        return matching


class PlainJSONRenderer(JSONRenderer):
    """JSON of plain values (str, int, float, bool, None) — the status rows — by the standard
    library's C encoder alone: DRF's encoder class and its two replace() passes over the whole
    text cost a fifth of the encoding for nothing on such data. Output as DRF's: compact, UTF-8,
    U+2028/U+2029 escaped."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if data is None:
            return b""
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        if "\u2028" in text or "\u2029" in text:
            text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
        return text.encode()
