"""Requests no page can answer, refused before any view or database sees them."""

from __future__ import annotations

from urllib.parse import unquote

from django.http import Http404

API_PREFIX = "/api/"  # wzsci/urls.py mounts the API and its docs there


class RefuseNulInURLMiddleware:
    """A NUL byte anywhere in the path or the query string of a page is a 404 (issue 11,
    defect 12).

    No URL of wzsci holds one, and PostgreSQL refuses NUL in text, so a dashboard filter or a
    code carrying one ended in a DataError, a 500. Checked on the decoded path and on the
    query string decoded. The API (under /api/) answers for itself, in its JSON error shape: a
    NUL in a code or an id is its 404 `not_found`, in a filter its 400 `invalid_filter`
    (tests/api/test_api_errors.py).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(API_PREFIX):
            query = request.META.get("QUERY_STRING", "")
            if "\x00" in request.path_info or "\x00" in unquote(query):
                raise Http404("NUL")
        return self.get_response(request)
