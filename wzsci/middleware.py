"""Requests no page can answer, refused before any view or database sees them."""

from __future__ import annotations

from urllib.parse import unquote

from django.http import Http404


class RefuseNulInURLMiddleware:
    """A NUL byte anywhere in the path or the query string is a 404 (issue 11, defect 12).

    No URL of wzsci holds one, and PostgreSQL refuses NUL in text, so a dashboard filter or a
    code carrying one ended in a DataError, a 500. Checked on the decoded path and on the
    query string both raw ("%00") and decoded.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "\x00" in request.path_info or "\x00" in unquote(query):
            raise Http404("NUL")
        return self.get_response(request)
