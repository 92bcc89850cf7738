"""The review workflow in the API, written once for every Reviewable viewset (actuals, task
reports): submit, withdraw, approve and return through the one set of workflow services the pages, the
import and the admin use (indicators/entry/services/workflow.py)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from indicators.api.serializers.entry import ReturnSerializer, SubmitSerializer
from indicators.api.views.base import validated
from indicators.entry import services


class ReviewWorkflowViewMixin:
    """The workflow actions of a viewset over a Reviewable model.

    Each answers the row as it now stands, in the viewset's own serializer (which is also what
    the schema documents). `workflow_origin` is the path named in an actual's history.
    """

    workflow_origin: str | None = None

    def respond(self, obj, status_code=status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=obj.pk)
        return Response(self.get_serializer_class()(fresh).data, status=status_code)

    @extend_schema(summary="提交审核", request=SubmitSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, *args, **kwargs):
        obj = self.get_object()
        data = validated(SubmitSerializer, request)
        obj = services.review_submit(
            user=request.user,
            obj=obj,
            expected_version=data.get("expected_version"),
            origin=self.workflow_origin,
        )
        return self.respond(obj)

    @extend_schema(summary="撤回为草稿（填报人，审核前）", request=SubmitSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, *args, **kwargs):
        obj = self.get_object()
        data = validated(SubmitSerializer, request)
        obj = services.review_withdraw(
            user=request.user, obj=obj, expected_version=data.get("expected_version")
        )
        return self.respond(obj)

    @extend_schema(summary="审核通过（审核员）", request=SubmitSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, *args, **kwargs):
        obj = self.get_object()
        data = validated(SubmitSerializer, request)
        obj = services.review_approve(
            user=request.user, obj=obj, expected_version=data.get("expected_version")
        )
        return self.respond(obj)

    @extend_schema(summary="退回（审核员，须填写意见）", request=ReturnSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, *args, **kwargs):
        obj = self.get_object()
        data = validated(ReturnSerializer, request)
        obj = services.review_return(
            user=request.user,
            obj=obj,
            comment=data["comment"],
            expected_version=data.get("expected_version"),
        )
        return self.respond(obj)
