"""The audit trail for staff (AD8): filtered list, stats, CSV export, the moderation log."""

from __future__ import annotations

from django.http import StreamingHttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from pitchey.api import PagePagination, flat_response, query_params
from staff import audit, selectors
from staff.api.common import StaffApi, shape

FILTERS = [
    OpenApiParameter(name, str, required=False)
    for name in ("actor", "action", "objectType", "objectId", "from", "to")
]


def _page(request: Request, view: StaffApi, rows: object, key: str) -> Response:
    paginator = PagePagination(key)
    page = paginator.paginate_queryset(rows, request, view)
    items = [selectors.audit_json(e) for e in page]
    return paginator.page_response({key: items, "logs": items, **paginator.list_counts()})


class AuditLogApi(StaffApi):
    staff_permission = "staff.view_audit"

    @extend_schema(
        summary="The audit trail: filter by actor, action (or prefix), object and time",
        parameters=FILTERS,
        responses=shape("AuditLog", "entries", "total", "page", "limit", "totalPages"),
    )
    def get(self, request: Request) -> Response:
        rows = audit.entries(selectors.as_dict(query_params(request)))
        return _page(request, self, rows, "entries")


class AuditLogStatsApi(StaffApi):
    staff_permission = "staff.view_audit"

    @extend_schema(
        summary="Audit trail figures of the last 30 days",
        responses=shape("AuditStats", "total", "actors", "by_action", "period_days"),
    )
    def get(self, request: Request) -> Response:
        return flat_response(audit.stats())


class AuditLogExportApi(StaffApi):
    staff_permission = "staff.view_audit"

    @extend_schema(
        summary="The filtered audit trail as CSV",
        parameters=FILTERS,
        responses={(200, "text/csv"): OpenApiTypes.STR},
    )
    def get(self, request: Request) -> StreamingHttpResponse:
        rows = audit.entries(selectors.as_dict(query_params(request)))
        response = StreamingHttpResponse(audit.csv_lines(rows), content_type="text/csv")
        stamp = timezone.now().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="audit-log-{stamp}.csv"'
        return response


class ModerationLogApi(StaffApi):
    staff_permission = "staff.moderate_content"

    @extend_schema(
        summary="The moderation log: the staff subset of the audit trail",
        parameters=FILTERS,
        responses=shape("ModerationLog", "entries", "total", "page", "limit", "totalPages"),
    )
    def get(self, request: Request) -> Response:
        rows = audit.moderation(selectors.as_dict(query_params(request)))
        return _page(request, self, rows, "entries")
