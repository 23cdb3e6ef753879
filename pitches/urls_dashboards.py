from django.urls import path

from pitches import views_dashboards as views

app_name = "dashboards"

urlpatterns = [
    path("creator/dashboard/", views.creator_dashboard, name="creator"),
    path("investor/dashboard/", views.investor_dashboard, name="investor"),
    path("production/dashboard/", views.production_dashboard, name="production"),
    path("staff/analytics/", views.staff_dashboard, name="staff"),
]
