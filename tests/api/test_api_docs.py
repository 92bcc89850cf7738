"""The OpenAPI schema and the documentation page: accurate, public, and nothing from a CDN."""

import re

import pytest
from django.urls import reverse

from tests.api.conftest import API

pytestmark = pytest.mark.django_db


def test_it_serves_an_openapi_3_schema_of_every_endpoint(client):
    schema = client.get(f"{API}/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    for path in (
        "/api/v1/status/",
        "/api/v1/indicators/{code}/status/",
        "/api/v1/actuals/{id}/submit/",
        "/api/v1/task-reports/",
        "/api/v1/commitments/",
    ):
        assert path in paths
    assert schema["components"]["securitySchemes"]["tokenAuth"]["name"] == "Authorization"
    status = schema["paths"]["/api/v1/status/"]["get"]
    assert status["summary"] == "进展状态（各指标 × 区域 × 年度）"
    assert "If-None-Match" in {p["name"] for p in status["parameters"]}
    assert {"200", "304", "401", "429"} <= set(status["responses"])
    error = schema["components"]["schemas"]["Error"]
    assert error["properties"]["error"]["$ref"].endswith("/ErrorDetail")


def test_it_serves_the_docs_page_with_local_assets_only(client):
    response = client.get(reverse("api_docs"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>wzsci 接口文档</title>" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)
    assert any("drf_spectacular_sidecar/swagger-ui-dist" in asset for asset in assets)
    for asset in assets:
        assert asset.startswith("/"), asset
        assert client.get(asset).status_code == 200, asset


def test_it_puts_the_docs_in_the_administrators_menu_not_the_leaders(client, seeded, admin, leader):
    # Given an administrator; When they open the home page; Then their tools menu links the docs
    client.force_login(admin)
    page = client.get("/").content.decode()
    assert 'href="/api/v1/docs/"' in page
    assert "接口文档" in page
    # And a leader's menu does not (issue 14: 接口文档 is not a page leaders read)
    client.force_login(leader)
    page = client.get("/").content.decode()
    assert 'href="/api/v1/docs/"' not in page
    assert "接口文档" not in page
