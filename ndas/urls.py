from django.urls import path

from ndas import views

app_name = "ndas"

urlpatterns = [
    path("ndas/", views.my_ndas, name="list"),
    path("ndas/<int:nda_id>/withdraw/", views.withdraw, name="withdraw"),
    path("creator/ndas/", views.inbox, name="inbox"),
    path("creator/ndas/bulk/", views.bulk, name="bulk"),
    path("creator/ndas/<int:nda_id>/<str:action>/", views.decide, name="decide"),
    path("creator/ndas/pitch/<int:pitch_id>/access-log/", views.access_log, name="access-log"),
    path("pitches/<str:key>/request-access/", views.request_access, name="request-access"),
    path("verify/nda/<str:sha256>/", views.verify, name="verify"),
]
