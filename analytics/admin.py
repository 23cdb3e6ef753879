from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from analytics.models import (
    Aggregate,
    ArchiveObject,
    ArchiveRun,
    AuditLog,
    ContentReport,
    Event,
    RollupState,
    ScheduledReport,
    SlowRequest,
)
from pitchey import admin_actions


class ReadOnlyAdmin(admin_actions.ReadOnlyAdmin):
    """Records kept for the record: visible and filterable, never edited by hand."""

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [f.name for f in self.model._meta.fields]


@admin.register(AuditLog)
class AuditLogAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "action", "actor", "content_type", "object_id", "ip_address"]
    list_filter = ["action", "content_type"]
    search_fields = ["action", "object_id", "actor__email", "ip_address"]
    date_hierarchy = "created_at"


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "event_type", "user_id", "pitch_id", "creator_id", "ip_address"]
    list_filter = ["event_type", "event_category", ("created_at", admin.DateFieldListFilter)]
    search_fields = ["=user_id", "=pitch_id", "=creator_id", "session_id", "ip_address"]
    date_hierarchy = "created_at"
    show_full_result_count = False  # a COUNT(*) over millions of events on every page is waste


@admin.register(Aggregate)
class AggregateAdmin(ReadOnlyAdmin):
    list_display = ["period", "period_start", "metric_type", "entity_type", "entity_id", "value"]
    list_filter = ["period", "entity_type", "metric_type"]
    search_fields = ["=entity_id"]
    date_hierarchy = "period_start"
    show_full_result_count = False


@admin.register(RollupState)
class RollupStateAdmin(ReadOnlyAdmin):
    list_display = ["period", "completed_until", "updated_at"]


ARCHIVE_OBJECT_FIELDS = [
    "table",
    "day",
    "part",
    "status",
    "row_count",
    "deleted_count",
    "sha256",
    "verified_at",
]


class ArchiveObjectInline(admin.TabularInline):
    model = ArchiveObject
    fields = tuple(ARCHIVE_OBJECT_FIELDS)
    readonly_fields = tuple(ARCHIVE_OBJECT_FIELDS)
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ArchiveRun)
class ArchiveRunAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "before", "status", "finished_at", "rows"]
    list_filter = ["status"]
    inlines = [ArchiveObjectInline]

    @admin.display(description="Rows archived")
    def rows(self, run: ArchiveRun) -> int:
        tables = (run.summary or {}).get("tables", {})
        return sum(int(t.get("rows", 0)) for t in tables.values())


@admin.register(ArchiveObject)
class ArchiveObjectAdmin(ReadOnlyAdmin):
    list_display = [
        "key",
        "table",
        "day",
        "status",
        "row_count",
        "deleted_count",
        "verified",
        "size",
    ]
    list_filter = ["status", "table"]
    search_fields = ["key"]
    date_hierarchy = "day"

    @admin.display(boolean=True, description="Verified")
    def verified(self, obj: ArchiveObject) -> bool:
        return obj.verified_at is not None


@admin.register(SlowRequest)
class SlowRequestAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "kind",
        "method",
        "route",
        "duration_ms",
        "query_count",
        "status_code",
    ]
    list_filter = ["kind", "method"]
    search_fields = ["route", "sql"]
    date_hierarchy = "created_at"


@admin.register(ScheduledReport)
class ScheduledReportAdmin(admin.ModelAdmin):
    list_display = ["user", "report_type", "frequency", "next_run_at", "last_run_at"]
    list_filter = ["frequency", "report_type"]
    search_fields = ["user__email", "name"]
    raw_id_fields = ["user"]


@admin.register(ContentReport)
class ContentReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "target_type", "target_id", "reason", "reporter", "resolved_at"]
    list_filter = ["target_type", "reason", ("resolved_at", admin.EmptyFieldListFilter)]
    search_fields = ["target_id", "reason", "details", "reporter__email"]
    readonly_fields = ["reporter", "target_type", "target_id", "reason", "details", "created_at"]
    actions = ["mark_resolved"]

    @admin.action(description="Mark as resolved")
    def mark_resolved(self, request: HttpRequest, queryset: QuerySet[ContentReport]) -> None:
        from analytics.services import reports

        count = reports.resolve_reports(
            ids=list(queryset.values_list("pk", flat=True)), actor=request.user
        )
        self.message_user(request, f"{count} reports resolved.")
