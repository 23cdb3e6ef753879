"""Dashboard, analytics and activity-feed routes of every portal (section 3.4 paths)."""

from django.urls import path

from pitches.api import views_analytics as reads
from pitches.api import views_dashboards as views
from pitches.api import views_heat as heat

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
    path(
        "analytics/pitch/<int:pitch_id>",
        reads.PitchRangeAnalyticsApi.as_view(),
        name="analytics-pitch",
    ),
    path(
        "analytics/funnel/<int:pitch_id>", reads.PitchFunnelApi.as_view(), name="analytics-funnel"
    ),
    path("analytics/engagement", reads.EngagementApi.as_view(), name="analytics-engagement"),
    path("analytics/compare/<str:kind>", reads.CompareApi.as_view(), name="analytics-compare"),
    path(
        "analytics/compare/<str:kind>/<int:subject_id>",
        reads.CompareApi.as_view(),
        name="analytics-compare-one",
    ),
    path("analytics/revenue", reads.RevenueApi.as_view(), name="analytics-revenue"),
    path("analytics/activity", reads.ActivityApi.as_view(), name="analytics-activity"),
    path(
        "analytics/trending",
        heat.HotPitchesApi.as_view(trending=True),
        name="analytics-trending",
    ),
    path("views/pitch/<int:pitch_id>", reads.PitchViewersApi.as_view(), name="views-pitch"),
    path("views/analytics", reads.ViewAnalyticsApi.as_view(), name="views-analytics"),
    path("views/track", views.TrackViewApi.as_view(), name="views-track"),
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
