from django.urls import path

from portals import views

app_name = "portals"

urlpatterns = [
    path("home/", views.home, name="home"),
    path("following/", views.following, name="following"),
]
