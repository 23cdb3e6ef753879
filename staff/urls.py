from django.urls import URLPattern, path

from staff import views, views_data

app_name = "staff"

urlpatterns: list[URLPattern] = [
    path("report/", views.report_page, name="report"),
    # Before accounts' settings/<tab>/ in pitchey/urls.py: the "Your data" tab of settings.
    path("settings/data/", views_data.my_data_page, name="my-data"),
    path(
        "settings/data/<int:request_id>/download/",
        views_data.download_page,
        name="my-data-download",
    ),
    path(
        "settings/data/<int:request_id>/withdraw/",
        views_data.withdraw_page,
        name="my-data-withdraw",
    ),
]
