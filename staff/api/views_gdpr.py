"""GDPR (AD11): requests with their deadlines, the export download, erasure, metrics."""

from __future__ import annotations

from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from pitchey.api import PagePagination, flat_response, query_params, request_user
from staff import gdpr_selectors, selectors
from staff.api.common import REDIRECT, ReasonSerializer, StaffApi, destructive, shape
from staff.services import gdpr

GDPR = "staff.handle_gdpr"


class GdprRequestListApi(StaffApi):
    staff_permission = GDPR

    class InputSerializer(serializers.Serializer):
        user_id = serializers.IntegerField(min_value=1)
        type = serializers.CharField(max_length=20)
        details = serializers.CharField(max_length=2000, required=False, allow_blank=True)
        reason = serializers.CharField(max_length=2000, required=False, allow_blank=True)

    @extend_schema(
        summary="GDPR requests, nearest deadline first",
        responses=shape("GdprRequests", "requests", "total", "page", "limit", "totalPages"),
    )
    def get(self, request: Request) -> Response:
        rows = gdpr_selectors.requests(selectors.as_dict(query_params(request)))
        paginator = PagePagination("requests")
        page = paginator.paginate_queryset(rows, request, self)
        items = [gdpr_selectors.request_json(r) for r in page]
        return paginator.page_response({"requests": items, **paginator.list_counts()})

    @extend_schema(
        summary="Record an access (export) or erasure request for a user",
        request=InputSerializer,
        responses={201: shape("GdprRequestCreated", "request")},
    )
    def post(self, request: Request) -> Response:
        payload = self.InputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        user = selectors.user_for_console(data["user_id"])
        if user is None:
            raise Http404
        row = gdpr.create_request(
            user=user,
            kind=data["type"],
            actor=request_user(request),
            details=data.get("details") or data.get("reason") or "",
        )
        return flat_response({"request": gdpr_selectors.request_json(row)}, status.HTTP_201_CREATED)


class GdprEraseApi(StaffApi):
    staff_permission = GDPR

    @extend_schema(
        summary="Carry out an erasure request (a reason and a recent login)",
        request=ReasonSerializer,
        responses=shape("GdprErased", "request"),
    )
    def post(self, request: Request, request_id: int) -> Response:
        row = get_object_or_404(gdpr_selectors.requests({}), pk=request_id)
        payload = ReasonSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        reason = destructive(request, payload.validated_data.get("reason"))
        row = gdpr.erase(request=row, actor=request_user(request), reason=reason)
        return flat_response({"request": gdpr_selectors.request_json(row)})


class GdprDownloadApi(StaffApi):
    staff_permission = GDPR

    @extend_schema(summary="Download an export", responses=REDIRECT)
    def get(self, request: Request, request_id: int) -> HttpResponseRedirect:
        row = get_object_or_404(gdpr_selectors.requests({}), pk=request_id)
        url = gdpr.download_url(row)
        if url is None:
            raise Http404
        return HttpResponseRedirect(url)


class GdprMetricsApi(StaffApi):
    staff_permission = GDPR

    @extend_schema(summary="GDPR request figures", responses=shape("GdprMetrics", "requests"))
    def get(self, request: Request) -> Response:
        return flat_response(gdpr_selectors.metrics())


class ConsentMetricsApi(StaffApi):
    staff_permission = GDPR

    @extend_schema(summary="Consent figures", responses=shape("ConsentMetrics", "consents"))
    def get(self, request: Request) -> Response:
        return flat_response(gdpr_selectors.consent_metrics())
