"""The API documentation page under the un-namespaced name `api_docs`, which the site menu
reverses (wzsci/context_processors.py). Included from wzsci/urls.py without a namespace."""

from django.urls import path

from indicators.api.views.meta import DocsView

urlpatterns = [
    path("", DocsView.as_view(), name="api_docs"),
]
