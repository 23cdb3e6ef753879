from django.urls import path

from content import views

app_name = "content"

SLUGS = ("about", "how-it-works", "terms", "privacy", "contact", "help", "team")

urlpatterns = [path(f"{slug}/", views.page, {"slug": slug}, name=slug) for slug in SLUGS]
