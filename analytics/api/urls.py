"""Analytics API routes (section 3.4 "Analytics & reports")."""

from django.urls import path

from analytics.api import views

app_name = "analytics-api"

urlpatterns = [
    path("analytics/realtime", views.RealtimeApi.as_view(), name="realtime"),
    path("analytics/dashboard", views.DashboardApi.as_view(), name="dashboard"),
    path("analytics/user", views.UserAnalyticsApi.as_view(), name="user"),
    path("analytics/user/<int:user_id>", views.UserAnalyticsApi.as_view(), name="user-detail"),
    path("analytics/track", views.TrackApi.as_view(), name="track"),
    path("analytics/schedule-report", views.ScheduleReportApi.as_view(), name="schedule-report"),
    path(
        "analytics/scheduled-reports",
        views.ScheduledReportListApi.as_view(),
        name="scheduled-reports",
    ),
    path(
        "analytics/scheduled-reports/<int:report_id>",
        views.ScheduledReportDeleteApi.as_view(),
        name="scheduled-report",
    ),
]
