"""Schemathesis against the API's own OpenAPI schema: no input gives a 5xx, and every JSON response
matches the schema. Requests go through Django's test client, inside the test's transaction (so
the package's seed stays), with a read token for reads and a bureau write token for writes.
"""

from urllib.parse import urlsplit

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from requests.structures import CaseInsensitiveDict
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.api.conftest import API

pytestmark = pytest.mark.django_db

# Bounded, so that the whole run stays well under two minutes on a shared 2-core machine.
MAX_EXAMPLES = 12
CHECKS = (not_a_server_error, response_schema_conformance)
SAFE = {"GET", "HEAD", "OPTIONS"}


def as_requests_response(django_response, prepared: requests.PreparedRequest) -> requests.Response:
    response = requests.Response()
    response.status_code = django_response.status_code
    response.headers = CaseInsensitiveDict(django_response.items())
    response._content = django_response.content
    response.encoding = "utf-8"
    response.request = prepared
    response.url = prepared.url
    return response


def call(client, case, key: str) -> requests.Response:
    kwargs = case.as_requests_kwargs(
        base_url="http://testserver", headers={"Authorization": f"Token {key}"}
    )
    prepared = requests.Request(
        **{
            k: v
            for k, v in kwargs.items()
            if k in {"method", "url", "headers", "params", "json", "data", "cookies"}
        }
    ).prepare()
    url = urlsplit(prepared.url)
    path = url.path + (f"?{url.query}" if url.query else "")
    body = prepared.body or b""
    headers = {
        k: v
        for k, v in prepared.headers.items()
        if k.lower() not in {"content-length", "content-type", "host"}
    }
    django_response = client.generic(
        prepared.method,
        path,
        data=body.encode() if isinstance(body, str) else body,
        content_type=prepared.headers.get("Content-Type", "application/octet-stream"),
        headers=headers,
    )
    return as_requests_response(django_response, prepared)


def exercise(client, operation, key: str) -> None:
    @hypothesis_settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())
    def run(case):
        response = call(client, case, key)
        case.validate_response(response, checks=CHECKS)

    run()


def test_it_conforms_to_its_schema_and_never_fails_with_a_5xx(client, keys, filled_2023):
    raw = client.get(f"{API}/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    schema = schemathesis.from_dict(raw, base_url="http://testserver")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 40

    failures: dict[str, str] = {}
    for operation in operations:
        key = keys["read"] if operation.method.upper() in SAFE else keys["bureau"]
        try:
            exercise(client, operation, key)
        except Exception as exc:  # collect every operation's failure, then report them together
            failures[operation.verbose_name] = str(exc)[:2000]

    assert not failures, "\n\n".join(f"{name}\n{text}" for name, text in failures.items())
