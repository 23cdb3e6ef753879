"""Routes of ratings, feedback, comments, heat and audience demand (included before the pitch
routes, whose `pitches/<key>` would otherwise take `pitches/audience-demand`)."""

from django.urls import path

from pitches.api import views_comments as comments
from pitches.api import views_feedback as feedback
from pitches.api import views_heat as heat
from pitches.api import views_ratings as ratings

app_name = "engagement-api"

urlpatterns = [
    path("pitches/hot", heat.HotPitchesApi.as_view(), name="hot"),
    path("pitches/trending", heat.HotPitchesApi.as_view(trending=True), name="trending"),
    path("pitches/audience-demand", heat.AudienceDemandApi.as_view(), name="audience-demand"),
    path("pitches/<int:pitch_id>/heat", heat.PitchHeatApi.as_view(), name="heat"),
    path("pitches/<int:pitch_id>/rate", ratings.PitchRateApi.as_view(), name="rate"),
    path(
        "pitches/<int:pitch_id>/rating-status",
        ratings.RatingStatusApi.as_view(),
        name="rating-status",
    ),
    path(
        "pitches/<int:pitch_id>/consumption-status",
        ratings.ConsumptionStatusApi.as_view(),
        name="consumption-status",
    ),
    path("pitches/<int:pitch_id>/feedback", feedback.PitchFeedbackApi.as_view(), name="feedback"),
    path(
        "pitches/<int:pitch_id>/feedback/mine",
        feedback.MyFeedbackApi.as_view(),
        name="feedback-mine",
    ),
    path(
        "pitches/<int:pitch_id>/feedback-progress",
        feedback.FeedbackProgressApi.as_view(),
        name="feedback-progress",
    ),
    path(
        "creator/pitches/<int:pitch_id>/feedback",
        feedback.CreatorFeedbackApi.as_view(),
        name="creator-feedback",
    ),
    path("pitches/<int:pitch_id>/comments", comments.CommentListApi.as_view(), name="comments"),
    path(
        "pitches/<int:pitch_id>/comments/<int:comment_id>",
        comments.CommentDetailApi.as_view(),
        name="comment",
    ),
]
