from django.urls import path

from production import views, views_creator, views_portal

app_name = "production"

urlpatterns = [
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
    path("calendar/", views.calendar, name="calendar"),
    path(
        "calendar/meetings/<int:meeting_id>/<str:action>/",
        views.answer_meeting,
        name="meeting-answer",
    ),
    path("production/queue/", views_portal.queue, name="queue"),
    path("production/queue/<int:pitch_id>/review/", views_portal.review, name="review"),
    path("production/submissions/", views_portal.submissions, name="submissions"),
    path("production/calls/", views_portal.calls, name="calls"),
    path("production/calls/<int:call_id>/", views_portal.call, name="call"),
    path("production/team/", views_portal.team, name="team"),
    path("production/verification/", views_portal.verification, name="verification"),
    path("calls/", views_creator.calls, name="open-calls"),
    path("calls/<int:call_id>/", views_creator.call, name="open-call"),
    path("submissions/", views_creator.my_submissions, name="my-submissions"),
    path("creator/reviews/", views_creator.my_reviews, name="my-reviews"),
]
