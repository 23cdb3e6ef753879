"""Staff console API routes (section 3.4 "Admin") and content reports (X15)."""

from django.urls import path

from staff.api import views_audit as audit
from staff.api import views_gdpr as gdpr
from staff.api import views_moderation as moderation
from staff.api import views_operations as operations
from staff.api import views_system as system
from staff.api import views_users as users

app_name = "staff-api"

urlpatterns = [
    path("reports", moderation.ReportCreateApi.as_view(), name="content-reports"),
    path("admin/reauth", moderation.ReauthApi.as_view(), name="reauth"),
    # moderation (AD3)
    path("admin/flags", moderation.FlagListApi.as_view(), name="flags"),
    path("admin/flag/<int:flag_id>/assign", moderation.FlagAssignApi.as_view(), name="flag-assign"),
    path(
        "admin/flag/<int:flag_id>/resolve",
        moderation.FlagResolveApi.as_view(),
        name="flag-resolve",
    ),
    path("admin/content", moderation.ContentListApi.as_view(), name="content"),
    path("admin/content/<int:pitch_id>", moderation.ContentDetailApi.as_view(), name="content-one"),
    path(
        "admin/content/<int:pitch_id>/feature",
        moderation.ContentFeatureApi.as_view(),
        name="content-feature",
    ),
    path("admin/bulk-action", moderation.BulkActionApi.as_view(), name="bulk-action"),
    # audit trail (AD8)
    path("audit-log", audit.AuditLogApi.as_view(), name="audit-log"),
    path("audit-log/stats", audit.AuditLogStatsApi.as_view(), name="audit-log-stats"),
    path("audit-log/export", audit.AuditLogExportApi.as_view(), name="audit-log-export"),
    path("admin/audit-log", audit.AuditLogApi.as_view(), name="admin-audit-log"),
    path("admin/moderation-log", audit.ModerationLogApi.as_view(), name="moderation-log"),
    # settings, maintenance, health, broadcasts (AD6, AD7, AD14)
    path("admin/settings", system.SettingsApi.as_view(), name="settings"),
    path("admin/system/health", system.SystemHealthApi.as_view(), name="system-health"),
    path("admin/broadcast", system.BroadcastApi.as_view(), name="broadcast"),
    # GDPR (AD11)
    path("gdpr/requests", gdpr.GdprRequestListApi.as_view(), name="gdpr-requests"),
    path("gdpr/requests/<int:request_id>/erase", gdpr.GdprEraseApi.as_view(), name="gdpr-erase"),
    path(
        "gdpr/requests/<int:request_id>/download",
        gdpr.GdprDownloadApi.as_view(),
        name="gdpr-download",
    ),
    path("gdpr/metrics", gdpr.GdprMetricsApi.as_view(), name="gdpr-metrics"),
    path("gdpr/consent-metrics", gdpr.ConsentMetricsApi.as_view(), name="gdpr-consent"),
    # operations, reports, transactions (AD9, AD10, AD12-AD14)
    path("admin/verifications", operations.VerificationListApi.as_view(), name="verifications"),
    path(
        "admin/verifications/<int:verification_id>",
        operations.VerificationDecideApi.as_view(),
        name="verification",
    ),
    path("admin/credits/grant", operations.CreditGrantApi.as_view(), name="credits-grant"),
    path("admin/credits/revoke", operations.CreditRevokeApi.as_view(), name="credits-revoke"),
    path(
        "admin/heat-scores/recalculate",
        operations.HeatRecalculateApi.as_view(),
        name="heat-recalculate",
    ),
    path(
        "admin/reputation/recompute",
        operations.ReputationRecomputeApi.as_view(),
        name="reputation-recompute",
    ),
    path(
        "admin/subscription-grants/status",
        operations.SubscriptionGrantsApi.as_view(),
        name="subscription-grants",
    ),
    path("admin/reports", operations.ReportListApi.as_view(), name="reports"),
    path("admin/reports/generate", operations.ReportGenerateApi.as_view(), name="report-generate"),
    path(
        "admin/reports/<int:job_id>/download",
        operations.ReportDownloadApi.as_view(),
        name="report-download",
    ),
    # users (AD2)
    path("admin/users", users.UserListApi.as_view(), name="users"),
    path("admin/user/<int:user_id>", users.UserDetailApi.as_view(), name="user"),
    path("admin/user/<int:user_id>/suspend", users.UserSuspendApi.as_view(), name="user-suspend"),
    path("admin/user/<int:user_id>/ban", users.UserBanApi.as_view(), name="user-ban"),
    path("admin/user/<int:user_id>/restore", users.UserRestoreApi.as_view(), name="user-restore"),
    path("admin/user/<int:user_id>/verify", users.UserVerifyApi.as_view(), name="user-verify"),
]
