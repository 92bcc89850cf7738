"""The API's view of the progress engine's results: the snapshots, and the status endpoints
that other systems poll."""

from __future__ import annotations

import functools
import hashlib
import operator

from django.http import HttpResponseNotModified
from django.shortcuts import get_object_or_404
from django.utils import timezone, translation
from django.utils.http import http_date, parse_http_date_safe
from django_filters.utils import translate_validation
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.generics import ListAPIView

from indicators.api.filters import PeriodSnapshotFilter, SnapshotFilter
from indicators.api.pagination import UncountedPagination
from indicators.api.renderers import CSVRenderer, PlainJSONRenderer, XLSXRenderer
from indicators.api.serializers.progress import (
    PeriodSnapshotSerializer,
    ProgressSnapshotSerializer,
    StatusRowSerializer,
)
from indicators.api.status_columns import STATUS_COLUMNS, STATUS_KEYS
from indicators.api.status_query import StatusRows
from indicators.api.views.base import (
    HEADER_PARAMETER,
    ID_REGEX,
    ApiViewMixin,
    read_only_viewset_schema,
)
from indicators.models import Indicator, PeriodSnapshot, ProgressSnapshot


@read_only_viewset_schema("进度快照", "ID")
class ProgressSnapshotViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """进度快照：进度计算引擎为每个 指标 × 区域 × 年度 算出的全部结果（目标、完成率、差距、
    年度状态、趋势研判、所需进度、区域合计核对）。只读；由后台任务在数据变化后重算。"""

    queryset = (
        ProgressSnapshot.objects.with_marks()
        .select_related("indicator", "region", "target_plan", "other_target_plan")
        .order_by("indicator_id", "region_id", "year")
    )
    serializer_class = ProgressSnapshotSerializer
    filterset_class = SnapshotFilter
    lookup_value_regex = ID_REGEX


@read_only_viewset_schema("序时进度", "ID")
class PeriodSnapshotViewSet(ApiViewMixin, viewsets.ReadOnlyModelViewSet):
    """序时进度：按月、按季、按半年填报的指标，每个 指标 × 区域 × 年度 × 期间（年初至该月累计）
    的序时目标、占年度目标比重、序时完成率和序时状态（超序时、符合序时、落后序时；无年度目标时为
    无目标），以及所用口径（按时间均匀、按往年季节规律及其所依据的年份、与年度目标直接比较）。
    例：`/api/v1/periods/?indicator=K8&year=2023&period=9` 为 2023年1–9月的新增孵化面积。
    期间 period 为截至月份 1–12，12 为全年。只读；由后台任务在数据变化后重算。"""

    queryset = PeriodSnapshot.objects.select_related("indicator", "region").order_by(
        "indicator_id", "region__order", "year", "period", "pk"
    )
    serializer_class = PeriodSnapshotSerializer
    filterset_class = PeriodSnapshotFilter
    lookup_value_regex = ID_REGEX


# ---------------------------------------------------------------------------------------------
# The status endpoints: polled by other systems, so built for speed — one query for the page
# (no COUNT), rows turned into dicts without a serializer, and conditional requests (ETag /
# Last-Modified → 304) so that an unchanged page costs neither serialization nor transfer.
# ---------------------------------------------------------------------------------------------
# The columns (indicators.api.status_columns): keys in the response, paths in the ORM.
STATUS_PATHS = tuple(column.path for column in STATUS_COLUMNS)
YEAR_STATUS_AT = STATUS_KEYS.index("year_status")
OUTLOOK_AT = STATUS_KEYS.index("outlook_status")
COMPUTED_AT = STATUS_KEYS.index("computed_at")


@functools.cache
def status_labels(language: str) -> tuple[dict, dict]:
    """The statuses' labels in a language (made once per language, not per request)."""
    with translation.override(language):
        return (
            {value: str(label) for value, label in ProgressSnapshot.YearStatus.choices},
            {value: str(label) for value, label in ProgressSnapshot.Outlook.choices},
        )


def status_dicts(rows: list[tuple]) -> list[dict]:
    """Query rows → the documented dicts (StatusRowSerializer), with Chinese labels."""
    year_labels, outlook_labels = status_labels(translation.get_language() or "zh-hans")
    tz = timezone.get_current_timezone()
    out = []
    for row in rows:
        item = dict(zip(STATUS_KEYS, row, strict=True))
        item["year_status_label"] = year_labels.get(row[YEAR_STATUS_AT], row[YEAR_STATUS_AT])
        item["outlook_status_label"] = outlook_labels.get(row[OUTLOOK_AT], row[OUTLOOK_AT])
        computed_at = row[COMPUTED_AT]
        item["computed_at"] = computed_at.astimezone(tz).isoformat() if computed_at else None
        out.append(item)
    return out


ETAG_FIELDS = operator.itemgetter(
    *(
        STATUS_KEYS.index(key)
        for key in ("indicator", "indicator_name", "region", "region_name", "year", "stale")
    )
)


def etag_key(row: tuple) -> tuple:
    """What of a row the ETag covers: its key, names, stale flag and computed_at (as a number:
    a datetime's repr costs more than the rest of the row together)."""
    computed_at = row[COMPUTED_AT]
    return (*ETAG_FIELDS(row), computed_at.timestamp() if computed_at else None)


def page_validators(request, rows: list[tuple], has_next: bool) -> tuple[str, object]:
    """ETag and Last-Modified of a page of status rows.

    The page's newest computed_at is its Last-Modified. The ETag digests the request (path,
    filters, format), the rows' count, whether more follow, and of each row its key, names,
    stale flag and computed_at: the engine stamps every row it writes with a new computed_at and
    the stale flag is read with the indicator's mark (a recompute under way), so the ETag changes whenever a row's figures change, a row
    appears or goes, or the page shifts — without hashing every figure of every row.
    """
    digest = hashlib.sha256()
    digest.update(request.get_full_path().encode())
    digest.update(
        f"|{getattr(request.accepted_renderer, 'format', '')}|{len(rows)}|{has_next}|".encode()
    )
    digest.update(repr([etag_key(row) for row in rows]).encode())
    stamps = [row[COMPUTED_AT] for row in rows if row[COMPUTED_AT] is not None]
    return f'W/"{digest.hexdigest()[:32]}"', (max(stamps) if stamps else None)


def etag_matches(header: str, etag: str) -> bool:
    opaque = etag.removeprefix("W/")
    for candidate in header.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == opaque:
            return True
    return False


def not_modified(request, etag: str, last_modified) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None:  # RFC 9110: If-None-Match wins over If-Modified-Since
        return etag_matches(if_none_match, etag)
    since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
    return (
        since is not None and last_modified is not None and int(last_modified.timestamp()) <= since
    )


CONDITIONAL_PARAMETERS = [
    OpenApiParameter(
        "If-None-Match",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        description="上次响应的 ETag；数据未变时返回 304，无响应体。",
    ),
    OpenApiParameter(
        "If-Modified-Since",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        description="上次响应的 Last-Modified（HTTP 日期）；此后未重算时返回 304。",
    ),
    HEADER_PARAMETER,
]


@extend_schema(
    summary="进展状态（各指标 × 区域 × 年度）",
    parameters=CONDITIONAL_PARAMETERS,
    responses={
        200: StatusRowSerializer(many=True),
        304: OpenApiResponse(description="未变化（If-None-Match / If-Modified-Since 命中）"),
    },
)
class StatusView(ApiViewMixin, ListAPIView):
    """进展状态：供其他系统轮询。例：`/api/v1/status/?year=2023&category=key` 为九项重点指标
    2023 年在各区域的状态。

    分页不计总数（无 count）：有下一页时给出 next。响应带 ETag 和 Last-Modified；
    请求时带上 If-None-Match（或 If-Modified-Since），数据未重算则返回 304。"""

    # In the order of the unique index (indicator, region, year): a page is an index walk.
    # Built once; DRF's get_queryset() hands each request a copy (.all()).
    queryset = (
        ProgressSnapshot.objects.with_marks()
        .order_by("indicator_id", "region_id", "year")
        .values_list(*STATUS_PATHS)
    )
    serializer_class = StatusRowSerializer
    filterset_class = SnapshotFilter
    pagination_class = UncountedPagination
    tabular_renderers = [PlainJSONRenderer, CSVRenderer, XLSXRenderer]
    export_name = "status"

    def status_rows(self, indicator_id: int | None = None) -> StatusRows:
        """The query string checked by the FilterSet, as for every list; the rows then come
        from the written-out SQL of status_query (the FilterSet's ORM path, same result)."""
        filterset = self.filterset_class(
            self.request.query_params, queryset=self.get_queryset(), request=self.request
        )
        if not filterset.is_valid():
            error = translate_validation(filterset.errors)
            error.wzsci_code = "invalid_filter"
            raise error
        return StatusRows(cleaned=filterset.form.cleaned_data, indicator_id=indicator_id)

    def list(self, request, *args, **kwargs):
        rows = self.paginate_queryset(self.status_rows())
        has_next = bool(getattr(self.paginator, "has_next", False)) and not self.paginator.export
        etag, last_modified = page_validators(request, rows, has_next)
        headers = {
            "ETag": etag,
            "Cache-Control": "private, no-cache",
            "Vary": "Accept, Authorization, Cookie",
        }
        if last_modified is not None:
            headers["Last-Modified"] = http_date(last_modified.timestamp())
        if not_modified(request, etag, last_modified):
            response = HttpResponseNotModified()
            for name, value in headers.items():
                response[name] = value
            return response
        response = self.get_paginated_response(status_dicts(rows))
        for name, value in headers.items():
            response[name] = value
        return response


@extend_schema(
    summary="单项指标的进展状态（各区域 × 年度）",
    parameters=CONDITIONAL_PARAMETERS,
    responses={
        200: StatusRowSerializer(many=True),
        304: OpenApiResponse(description="未变化（If-None-Match / If-Modified-Since 命中）"),
    },
)
class IndicatorStatusView(StatusView):
    """单项指标在各区域、各年度的进展状态，例：`/api/v1/indicators/K1/status/?year=2023`。
    与 `/api/v1/status/` 相同的字段、分页和条件请求。"""

    def status_rows(self, indicator_id=None) -> StatusRows:
        indicator = get_object_or_404(Indicator.objects.only("pk"), code=self.kwargs["code"])
        return super().status_rows(indicator_id=indicator.pk)

    @property
    def export_name(self):
        return f"status-{self.kwargs.get('code', '')}"
