from csp.decorators import csp_update
from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from pitchey import health, storage, views
from pitchey.api_urls import api_patterns
from pitchey.resolver import CachedResolver

admin.site.site_header = "Pitchey administration"
admin.site.site_title = "Pitchey admin"
admin.site.index_title = "Marketplace operations"

patterns: list[URLPattern | URLResolver] = [
    # First, the paths load balancers and the SPA hit most: Django tries patterns in order, and
    # more than 500 page patterns come before them otherwise (none of which matches a path under
    # api/ or health, so the order changes no answer: tests/platform/test_url_order.py).
    path("health", health.health, name="health"),
    path("health/live", health.live, name="health-live"),
    path("health/ready", health.ready, name="health-ready"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        # Swagger UI sets inline styles on its widgets; scripts stay 'self' only.
        csp_update({"style-src": ["'unsafe-inline'"]})(
            SpectacularSwaggerSplitView.as_view(url_name="api-schema")
        ),
        name="api-docs",
    ),
    path("api/", include(api_patterns)),
    path("", views.home, name="home"),
    path("", include("staff.urls")),  # its settings/data/ comes before accounts' settings tabs
    path("", include("accounts.urls")),
    path("files/<str:token>", storage.serve_signed_file, name="signed-file"),
    path("admin/", admin.site.urls),
    path("", include("messaging.urls")),
    path("", include("ndas.urls")),
    path("", include("investments.urls")),
    path("", include("billing.urls")),
    path("", include("portals.urls")),
    path("", include("content.urls")),
    path("", include("production.urls")),
    path("", include("pitches.urls_dashboards")),
    # Last under /api/: the SPA reads JSON, so an unknown path is never Django's HTML 404 page.
    re_path(r"^api/", views.api_not_found),
    path("", include("pitches.urls_engagement")),
    path("", include("curation.urls")),
    path("", include("pitches.urls")),
]
if settings.DEBUG:
    patterns += [re_path(r"^__debug404/$", views.handler404)]

# One resolver holds them all, with a cache of resolved paths (pitchey.resolver).
urlpatterns = [CachedResolver(patterns)]

handler400 = "pitchey.views.handler400"
handler404 = "pitchey.views.handler404"
handler500 = "pitchey.views.handler500"
handler403 = "pitchey.views.handler403"
