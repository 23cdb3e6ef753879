"""The pitch page's Pitchey Score, feedback and comment panels, their form posts and the
creator's feedback tab."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from pitches.engagement import services as engagement
from pitches.engagement.models import PitchComment, PitchFeedback, PitchRating

pytestmark = pytest.mark.django_db


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_the_page_shows_score_thread_and_gated_feedback_form(published_pitch, investor, production):
    engagement.rate_pitch(pitch=published_pitch, rater=production, score=9)
    engagement.post_comment(
        pitch=published_pitch, author=production, body="Hidden me", is_anonymous=True
    )
    page = client_for(investor).get(published_pitch.get_absolute_url()).content.decode()
    assert 'id="pitch-score"' in page
    assert "1 rating" in page
    assert "Hidden me" in page
    assert production.display_name not in page
    assert 'id="feedback-gate"' in page  # the 30 seconds are not up
    assert f'data-live-channels="comments.{published_pitch.pk}"' in page


def test_forms_rate_comment_and_leave_feedback(published_pitch, investor):
    client = client_for(investor)
    url = published_pitch.get_absolute_url()
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.get(url)
    with time_machine.travel(start + timedelta(seconds=45), tick=False):
        assert client.post(f"/pitch/{published_pitch.pk}/rate/", {"rating": 7}).status_code == 302
        client.post(f"/pitch/{published_pitch.pk}/comments/", {"content": "Bravo <b>team</b>"})
        response = client.post(
            f"/pitch/{published_pitch.pk}/feedback/",
            {"strengths": "Hook\nWorld", "overall": "Solid", "rating": "8", "is_anonymous": "on"},
        )
    assert response.status_code == 302
    assert PitchRating.objects.get().score == 8  # the feedback's rating replaced the first one
    assert PitchComment.objects.get().body_html == "Bravo <b>team</b>"
    feedback = PitchFeedback.objects.get()
    assert (feedback.strengths, feedback.is_anonymous) == (["Hook", "World"], True)


def test_the_owner_sees_the_feedback_tab_without_anonymous_names(
    published_pitch, creator, production
):
    start = timezone.now() - timedelta(minutes=1)
    with time_machine.travel(start, tick=False):
        engagement.touch_consumption(pitch=published_pitch, viewer=production)
    engagement.submit_feedback(
        pitch=published_pitch,
        author=production,
        fields={"strengths": ["Great lead"], "is_anonymous": True},
        rating=9,
    )
    client = client_for(creator)
    for url in (
        published_pitch.get_absolute_url(),
        f"/creator/pitches/{published_pitch.pk}/feedback/",
        f"/pitch/{published_pitch.pk}/engagement/",
    ):
        page = client.get(url).content.decode()
        assert "Great lead" in page, url
        assert production.display_name not in page
        assert production.company_name not in page


def test_someone_elses_feedback_tab_is_404(published_pitch, other_creator):
    assert (
        client_for(other_creator)
        .get(f"/creator/pitches/{published_pitch.pk}/feedback/")
        .status_code
        == 404
    )


def test_a_logged_out_visitor_can_rate_but_not_comment(published_pitch):
    client = client_for()
    client.post(f"/pitch/{published_pitch.pk}/rate/", {"rating": 10}, REMOTE_ADDR="203.0.113.5")
    assert PitchRating.objects.get().role == "anonymous"
    response = client.post(f"/pitch/{published_pitch.pk}/comments/", {"content": "Hi"})
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert not PitchComment.objects.exists()
