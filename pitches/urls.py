from django.urls import path

from pitches import editor, views, views_provenance

app_name = "pitches"

urlpatterns = [
    path("marketplace/", views.marketplace, name="marketplace"),
    path("browse/", views.marketplace, name="browse"),
    path("pitch/<str:key>/", views.pitch_page, name="detail"),
    path("verify/p/<str:content_hash>/", views_provenance.verify_page, name="verify"),
    path("pitch/<int:pitch_id>/save/", views.toggle_save, name="save"),
    path("pitch/<int:pitch_id>/follow/", views.toggle_follow, name="follow"),
    path("pitch/<int:pitch_id>/like/", views.toggle_like, name="like"),
    path("saved/", views.saved_list, name="saved"),
    path("creator/pitches/", views.manage, name="manage"),
    path("creator/pitch/new/", editor.pitch_new, name="new"),
    path("creator/pitches/<int:pitch_id>/edit/", editor.pitch_edit, name="edit-start"),
    path("creator/pitches/<int:pitch_id>/edit/<str:step>/", editor.pitch_edit, name="edit"),
    path("creator/pitches/<int:pitch_id>/<str:action>/", editor.pitch_action, name="action"),
]
