from django.urls import path

from content.api import views

app_name = "content-api"

urlpatterns = [
    path("content/stats", views.SiteStatsApi.as_view(), name="stats"),
    path("content/<slug:slug>", views.SitePageApi.as_view(), name="page"),
    path("locale", views.LocaleApi.as_view(), name="locale"),
    path("contact", views.ContactApi.as_view(), name="contact"),
    path("errors/log", views.ErrorLogApi.as_view(), name="error-log"),
    path("monitoring/console-error", views.ConsoleErrorApi.as_view(), name="console-error"),
]
