"""Pagination: limit/offset everywhere; the status endpoints skip the count.

An export (`?format=csv|xlsx`) without `limit` is not paginated: it is the whole filtered list,
up to WZSCI_API_EXPORT_MAX_ROWS rows (beyond that the client is asked to narrow or page).
"""

from __future__ import annotations

from django.conf import settings
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from indicators.api.exceptions import ExportTooLarge

EXPORT_FORMATS = {"csv", "xlsx"}
# Far past any real table; keeps an absurd offset from reaching the database as an overflow.
MAX_OFFSET = 10**9


def is_export(request) -> bool:
    renderer = getattr(request, "accepted_renderer", None)
    return getattr(renderer, "format", None) in EXPORT_FORMATS


class ApiPagination(LimitOffsetPagination):
    default_limit = 100
    max_limit = 1000

    def export_rows(self, queryset, request):
        """The whole list for an export, or None when the client pages the export itself."""
        self.export = is_export(request) and self.limit_query_param not in request.query_params
        if not self.export:
            return None
        cap = settings.WZSCI_API_EXPORT_MAX_ROWS
        rows = list(queryset[: cap + 1])
        if len(rows) > cap:
            raise ExportTooLarge(
                f"导出的数据超过 {cap} 行，请缩小筛选范围，或用 limit/offset 分批导出。"
            )
        return rows

    def paginate_queryset(self, queryset, request, view=None):
        rows = self.export_rows(queryset, request)
        if rows is not None:
            return rows
        return super().paginate_queryset(queryset, request, view)

    def get_offset(self, request):
        return min(super().get_offset(request), MAX_OFFSET)

    def get_paginated_response(self, data):
        if self.export:
            return Response(data)
        return super().get_paginated_response(data)


class UncountedPagination(ApiPagination):
    """Limit/offset without COUNT(*): one query fetches limit + 1 rows to know whether more follow.

    The status endpoints are polled; on national-scale data a count would cost more than the page.
    """

    def paginate_queryset(self, queryset, request, view=None):
        rows = self.export_rows(queryset, request)
        if rows is not None:
            return rows
        self.request = request
        self.limit = self.get_limit(request)
        self.offset = self.get_offset(request)
        rows = list(queryset[self.offset : self.offset + self.limit + 1])
        self.has_next = len(rows) > self.limit
        return rows[: self.limit]

    def get_next_link(self):
        if not self.has_next:
            return None
        url = self.request.build_absolute_uri()
        url = replace_query_param(url, self.limit_query_param, self.limit)
        return replace_query_param(url, self.offset_query_param, self.offset + self.limit)

    def get_previous_link(self):
        if self.offset <= 0:
            return None
        url = replace_query_param(
            self.request.build_absolute_uri(), self.limit_query_param, self.limit
        )
        if self.offset - self.limit <= 0:
            return remove_query_param(url, self.offset_query_param)
        return replace_query_param(url, self.offset_query_param, self.offset - self.limit)

    def get_paginated_response(self, data):
        if self.export:
            return Response(data)
        return Response(
            {"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data}
        )

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"].pop("count", None)
        schema["required"] = [name for name in schema.get("required", []) if name != "count"]
        return schema
