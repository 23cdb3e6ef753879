from django.urls import path

from production import views

app_name = "production"

urlpatterns = [
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
]
