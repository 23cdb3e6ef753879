"""Every app's API routes under /api/ (the SPA's contract paths)."""

from django.urls import URLPattern, URLResolver, include, path

from pitchey import api_views

api_patterns: list[URLPattern | URLResolver] = [
    path("version", api_views.VersionApi.as_view(), name="api-version"),
    path("", include("accounts.api.urls")),
    path("", include("pitches.api.urls_engagement")),
    path("", include("pitches.api.urls")),
    path("", include("curation.api.urls")),
    path("", include("messaging.api.urls")),
    path("", include("ndas.api.urls")),
    path("", include("billing.api.urls")),
    path("", include("pitches.api.urls_dashboards")),
    path("", include("analytics.api.urls")),
    path("", include("investments.api.urls")),
    path("", include("production.api.urls")),
    path("", include("staff.api.urls")),
    path("", include("content.api.urls")),
]
