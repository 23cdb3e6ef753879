"""Dashboard, analytics and activity-feed routes of every portal (section 3.4 paths)."""

from django.urls import path

from pitches.api import views_dashboards as views

app_name = "dashboards-api"

urlpatterns = [
    path("creator/dashboard", views.CreatorDashboardApi.as_view(), name="creator-dashboard"),
    path("creator/stats", views.CreatorStatsApi.as_view(), name="creator-stats"),
    path("creator/analytics", views.CreatorAnalyticsApi.as_view(), name="creator-analytics"),
    path("creator/activities", views.CreatorActivitiesApi.as_view(), name="creator-activities"),
    path(
        "creator/pitches/<int:pitch_id>/analytics",
        views.CreatorPitchAnalyticsApi.as_view(),
        name="creator-pitch-analytics",
    ),
    path(
        "pitches/<int:pitch_id>/engagement",
        views.PitchEngagementApi.as_view(),
        name="pitch-engagement",
    ),
    path("analytics/track-view", views.TrackViewApi.as_view(), name="track-view"),
    path("activity/feed", views.ActivityFeedApi.as_view(), name="activity-feed"),
    path(
        "investor/activity/feed",
        views.InvestorActivityFeedApi.as_view(),
        name="investor-activity-feed",
    ),
    path("investor/analytics", views.InvestorAnalyticsApi.as_view(), name="investor-analytics"),
    path(
        "production/dashboard",
        views.ProductionDashboardApi.as_view(),
        name="production-dashboard",
    ),
    path(
        "production/analytics",
        views.ProductionAnalyticsApi.as_view(),
        name="production-analytics",
    ),
    path("production/stats", views.ProductionStatsApi.as_view(), name="production-stats"),
    path("production/activity", views.ProductionActivityApi.as_view(), name="production-activity"),
    path("admin/dashboard", views.AdminDashboardApi.as_view(), name="admin-dashboard"),
    path("admin/stats", views.AdminDashboardApi.as_view(), name="admin-stats"),
    path("admin/analytics", views.AdminAnalyticsApi.as_view(), name="admin-analytics"),
    path("admin/liquidity", views.AdminLiquidityApi.as_view(), name="admin-liquidity"),
]
