"""The raw floor of the status endpoint (bench/bench_api.py): the same payload with no framework.

A bare WSGI application: one SQL query (the same SELECT the endpoint's queryset compiles to,
joins and LIMIT included), rows turned into the same dicts, `json.dumps`. No Django, no DRF, no
authentication, no throttling, no filter validation — what any implementation must at least do.
Served by the same gunicorn, with the same workers, as the endpoint.

    gunicorn bench.api_floor:application     # FLOOR_DATABASE_URL=postgres://…/wzsci_bench
"""

from __future__ import annotations

import json
import os
from urllib.parse import parse_qs, urlencode
from zoneinfo import ZoneInfo

import psycopg

from indicators.api.status_columns import STATUS_COLUMNS, STATUS_KEYS

TZ = ZoneInfo("Asia/Shanghai")
LIMIT = 100
# The Chinese labels of the engine's statuses (indicators.models.ProgressSnapshot); the
# benchmark checks that the floor's payload equals the endpoint's, labels included.
YEAR_STATUS = {
    "met": "已达标",
    "nearly_met": "接近达标",
    "not_met": "未达标",
    "no_data": "暂无数据",
    "no_target": "无目标",
}
OUTLOOK = {
    "achieved": "已实现目标",
    "on_track": "按期可达",
    "needs_acceleration": "需加快",
    "limited_progress": "进展有限",
    "deterioration": "倒退",
    "not_assessed": "无法评估",
    "not_applicable": "不适用",
}
# The endpoint's columns, from the one list the endpoint uses (pure: no Django imported).
KEYS = STATUS_KEYS
SQL = """
SELECT {columns}
FROM indicators_progresssnapshot s
JOIN indicators_indicator i ON i.id = s.indicator_id
JOIN indicators_region r ON r.id = s.region_id
LEFT JOIN indicators_plan p ON p.id = s.target_plan_id
WHERE s.year = %(year)s {region}
ORDER BY s.indicator_id, s.region_id, s.year
LIMIT %(limit)s OFFSET %(offset)s
"""
COLUMNS = ", ".join(column.sql for column in STATUS_COLUMNS)
SQL_ALL = SQL.format(columns=COLUMNS, region="")
SQL_REGION = SQL.format(columns=COLUMNS, region="AND r.code = %(region)s")

_connection = None


def connection():
    global _connection
    if _connection is None or _connection.closed:
        _connection = psycopg.connect(os.environ["FLOOR_DATABASE_URL"], autocommit=True)
    return _connection


def application(environ, start_response):
    query = parse_qs(environ.get("QUERY_STRING", ""))
    year = int(query.get("year", ["2023"])[0])
    region = query.get("region", [None])[0]
    offset = int(query.get("offset", ["0"])[0])
    rows = (
        connection()
        .execute(
            SQL_REGION if region else SQL_ALL,
            {"year": year, "region": region, "limit": LIMIT + 1, "offset": offset},
        )
        .fetchall()
    )
    has_next = len(rows) > LIMIT
    results = []
    for row in rows[:LIMIT]:
        item = dict(zip(KEYS, row, strict=True))
        item["year_status_label"] = YEAR_STATUS.get(item["year_status"], item["year_status"])
        item["outlook_status_label"] = OUTLOOK.get(item["outlook_status"], item["outlook_status"])
        item["computed_at"] = item["computed_at"].astimezone(TZ).isoformat()
        results.append(item)
    base = f"http://{environ.get('HTTP_HOST', 'localhost')}{environ.get('PATH_INFO', '/')}"
    params = {"year": year, **({"region": region} if region else {})}
    body = {
        "next": f"{base}?{urlencode({**params, 'limit': LIMIT, 'offset': offset + LIMIT})}"
        if has_next
        else None,
        "previous": None if offset == 0 else f"{base}?{urlencode(params)}",
        "results": results,
    }
    payload = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    start_response(
        "200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(payload)))]
    )
    return [payload]
