"""The API's own pages: the entry point, the caller (me), the OpenAPI schema and its
documentation page, and the JSON 404 for any other address under /api/."""

from __future__ import annotations

from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from drf_spectacular.utils import extend_schema
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from indicators.api.exceptions import error_body
from indicators.api.serializers.meta import MeSerializer
from indicators.api.views.base import ApiViewMixin
from indicators.roles import user_roles


class MeView(ApiViewMixin, APIView):
    """当前调用者：用户名、角色、所属单位和区域；以令牌调用时附令牌信息（是否只读）。"""

    @extend_schema(summary="当前调用者", responses=MeSerializer)
    def get(self, request, *args, **kwargs):
        from indicators.models import ApiToken, Profile

        profile = Profile.objects.select_related("unit", "region").filter(user=request.user).first()
        token = request.auth if isinstance(request.auth, ApiToken) else None
        data = {
            "username": request.user.get_username(),
            "roles": sorted(user_roles(request.user)),
            "unit": profile.unit.name if profile and profile.unit else None,
            "region": profile.region.code if profile and profile.region else None,
            "token": {"client_name": token.client_name, "read_only": token.read_only}
            if token
            else None,
        }
        return Response(MeSerializer(data).data)


class ApiRootView(ApiViewMixin, APIView):
    """The entry point: where each collection is."""

    permission_classes = [AllowAny]
    schema = None

    def get(self, request, *args, **kwargs):
        names = [
            "status",
            "indicator-list",
            "target-list",
            "actual-list",
            "snapshot-list",
            "periodsnapshot-list",
            "region-list",
            "unit-list",
            "plan-list",
            "lever-list",
            "task-list",
            "taskreport-list",
            "proposal-list",
            "reply-list",
            "commitment-list",
            "reportedfigure-list",
            "figure-check",
            "due",
            "me",
            "schema",
        ]
        links = {
            name.removesuffix("-list"): request.build_absolute_uri(reverse(f"api:{name}"))
            for name in names
        }
        links["docs"] = request.build_absolute_uri(reverse("api_docs"))
        return Response(links)


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 schema; public, like the documentation page (it holds no data)."""

    permission_classes = [AllowAny]


class DocsView(SpectacularSwaggerSplitView):
    """The documentation page (Swagger UI, assets served locally by drf-spectacular-sidecar).
    The split view serves its start-up script from `?script` rather than inline, as the
    Content-Security-Policy requires (docs/security.md, "Deployment")."""

    permission_classes = [AllowAny]
    url_name = "api:schema"
    title = "wzsci 接口文档"


@csrf_exempt
def api_not_found(request, *args, **kwargs):
    """Any other address under /api/: the API's 404, in the API's shape."""
    return JsonResponse(
        error_body("not_found"), status=404, json_dumps_params={"ensure_ascii": False}
    )
