"""What every API view shares: renderers by action, the JSON error shape, path patterns, and the
schema decorator of the read-only collections. Used by both apps' API views (indicators, proposals).

The docstrings of the views are the API documentation (drf-spectacular), hence in Chinese.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework.renderers import JSONRenderer

from indicators.api.renderers import CSVRenderer, XLSXRenderer

TABULAR_ACTIONS = {"list", "retrieve", "review_queue"}
ID_REGEX = r"[0-9]{1,15}"
# A code in a path: no slash, no control character (PostgreSQL refuses NUL in text).
CODE_REGEX = r"[^/\x00-\x1f]{1,40}"

HEADER_PARAMETER = OpenApiParameter(
    "header",
    OpenApiTypes.STR,
    enum=["label", "key"],
    description="仅用于 csv / xlsx：表头用中文名称（label，默认）或字段名（key）。",
)


class ApiViewMixin:
    """What every API view shares: JSON, plus CSV and Excel for the tables; errors always JSON."""

    tabular_renderers = [JSONRenderer, CSVRenderer, XLSXRenderer]

    def get_renderers(self):
        action_name = getattr(self, "action", None)
        method = getattr(getattr(self, "request", None), "method", "GET")
        tabular = action_name in TABULAR_ACTIONS if action_name else method in ("GET", "HEAD")
        return [r() for r in self.tabular_renderers] if tabular else [JSONRenderer()]

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        # An error is JSON even when the client asked for CSV or Excel: one shape for every 4xx.
        self.request.accepted_renderer = JSONRenderer()
        self.request.accepted_media_type = "application/json"
        return response


def read_only_viewset_schema(noun: str, lookup: str):
    return extend_schema_view(
        list=extend_schema(summary=f"{noun}列表", parameters=[HEADER_PARAMETER]),
        retrieve=extend_schema(summary=f"单个{noun}（按{lookup}）", parameters=[HEADER_PARAMETER]),
    )


def validated(serializer_class, request, **kwargs) -> dict:
    serializer = serializer_class(data=request.data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
