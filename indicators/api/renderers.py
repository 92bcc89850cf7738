"""CSV and Excel renderings of the tabular endpoints (`?format=csv`, `?format=xlsx`, or Accept).

A list becomes one row per item; a nested object becomes dotted columns (`lead_unit.name`); a
list inside an item becomes one cell. The header row is the fields' Chinese labels, or the JSON
keys with `?header=key` (for programs). Every cell, the header included, is written by the
site's one formula-safe writer (common/spreadsheets.py). Errors are never rendered here: the
views switch them to JSON (views.ApiViewMixin.handle_exception).
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation

from rest_framework import serializers
from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer, JSONRenderer

from common.spreadsheets import (
    XLSX_CONTENT_TYPE,
    content_disposition,
    csv_bytes,
    workbook_bytes,
    xlsx_row,
)


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
            response["Content-Disposition"] = content_disposition(self.filename(renderer_context))


def csv_value(value):
    """A value as the CSV shows it: 是/否 for a boolean, the rest as it is (csv_bytes writes
    it, text made inert)."""
    if isinstance(value, bool):
        return "是" if value else "否"
    return value


class CSVRenderer(TabularRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        columns, header, rows, _ = self.table(data, renderer_context)
        self.set_disposition(renderer_context)
        body = ([csv_value(row.get(c)) for c in columns] for row in rows)
        return csv_bytes([header, *body])


class XLSXRenderer(TabularRenderer):
    media_type = XLSX_CONTENT_TYPE
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        from openpyxl import Workbook
        from openpyxl.styles import Font

        columns, header, rows, decimals = self.table(data, renderer_context)
        self.set_disposition(renderer_context)
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("数据")
        sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        head_cells = xlsx_row(sheet, [str(title) for title in header])
        for cell in head_cells:
            cell.font = bold
        sheet.append(head_cells)
        for row in rows:
            sheet.append(xlsx_row(sheet, [self.value(row.get(c), c in decimals) for c in columns]))
        return workbook_bytes(workbook)

    @staticmethod
    def value(value, is_decimal: bool):
        """What a cell holds: a number for a decimal field, 是/否 for a boolean, else text
        (made inert by xlsx_row)."""
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
        return str(value)


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
