"""Pages and form posts of ratings, feedback and comments, and pitch preview images (included
before `pitches.urls`, whose `creator/pitches/<id>/<action>/` would otherwise take the feedback
tab)."""

from django.urls import path

from pitches import views_engagement as views
from pitches import views_previews

app_name = "engagement"

urlpatterns = [
    path("pitch/<int:pitch_id>/engagement/", views.engagement_fragment, name="fragment"),
    path("pitch/<int:pitch_id>/rate/", views.rate, name="rate"),
    path("pitch/<int:pitch_id>/feedback/", views.feedback_save, name="feedback"),
    path("pitch/<int:pitch_id>/feedback/delete/", views.feedback_delete, name="feedback-delete"),
    path("pitch/<int:pitch_id>/comments/", views.comment_post, name="comment"),
    path(
        "pitch/<int:pitch_id>/comments/<int:comment_id>/<str:action>/",
        views.comment_change,
        name="comment-change",
    ),
    path("creator/pitches/<int:pitch_id>/feedback/", views.feedback_tab, name="feedback-tab"),
    path("og/pitch/<int:pitch_id>.png", views_previews.pitch_image, name="pitch-preview"),
]
