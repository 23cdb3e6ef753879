from django.urls import URLPattern, path

from staff import views

app_name = "staff"

urlpatterns: list[URLPattern] = [
    path("report/", views.report_page, name="report"),
]
