"""The production portal's pages and the creator's side of it."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.utils import timezone

from production import services
from production.models import Meeting, PitchReview, Submission, Team
from tests.ndas.conftest import real_pdf
from tests.pitches.factories import PitchFactory
from tests.production.conftest import sign_nda

pytestmark = pytest.mark.django_db


def test_the_company_reviews_from_its_queue_page(client, production, creator, pitch):
    sign_nda(pitch, production)
    client.force_login(production)
    page = client.get("/production/queue/")
    assert page.status_code == 200
    assert pitch.title in page.content.decode()
    form = client.get(f"/production/queue/{pitch.pk}/review/")
    assert form.status_code == 200
    bad = client.post(f"/production/queue/{pitch.pk}/review/", {"status": "approved", "rating": 0})
    assert bad.status_code == 200
    assert not PitchReview.objects.exists()
    sent = client.post(
        f"/production/queue/{pitch.pk}/review/",
        {"status": "approved", "rating": 8, "feedback": "Yes"},
        follow=True,
    )
    assert "was sent" in sent.content.decode()
    assert PitchReview.objects.get().rating == 8
    assert client.get(f"/production/queue/{pitch.pk}/review/").status_code == 404
    client.force_login(creator)
    assert "Yes" in client.get("/creator/reviews/").content.decode()
    assert client.get("/production/queue/").status_code == 403


def test_the_board_and_calls_pages_move_submissions(client, production, creator, other_company):
    call = services.create_call(
        company=production,
        fields={"title": "Noir", "deadline": timezone.now() + timedelta(days=5)},
    )
    pitch = PitchFactory(owner=creator)
    client.force_login(creator)
    assert "Noir" in client.get("/calls/").content.decode()
    sent = client.post(f"/calls/{call.pk}/", {"pitch": pitch.pk, "message": "Hi"}, follow=True)
    assert "was submitted" in sent.content.decode()
    submission = Submission.objects.get()
    client.force_login(production)
    assert client.get("/production/submissions/").status_code == 200
    client.post("/production/submissions/", {"ids": [submission.pk], "status": "shortlisted"})
    submission.refresh_from_db()
    assert submission.status == "shortlisted"
    assert "Noir" in client.get(f"/production/calls/{call.pk}/").content.decode()
    made = client.post(
        "/production/calls/",
        {
            "title": "Docs",
            "deadline": (timezone.now() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert made.status_code == 302
    client.force_login(other_company)
    assert client.get(f"/production/calls/{call.pk}/").status_code == 404
    client.post("/production/submissions/", {"ids": [submission.pk], "status": "rejected"})
    assert Submission.objects.get().status == "shortlisted"
    client.force_login(creator)
    mine = client.get("/submissions/").content.decode()
    assert "Shortlisted" in mine


def test_team_verification_and_calendar_pages(client, production, creator):
    client.force_login(production)
    client.post("/production/team/", {"form": "team", "name": "Dev"})
    team = Team.objects.get()
    client.post("/production/team/", {"form": "code", "team": team.pk})
    team.refresh_from_db()
    assert team.join_code in client.get("/production/team/").content.decode()
    client.post(
        "/production/verification/",
        {"company_name": "Big Studio", "region": "UK", "registration_number": "12", "website": ""},
    )
    page = client.get("/production/verification/").content.decode()
    assert "eight digits" in page
    pdf = real_pdf("insurance")
    client.post("/production/verification/", {"document": io.BytesIO(pdf)})
    soon = (timezone.now() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    client.post(
        "/calendar/",
        {
            "form": "meeting",
            "creator": creator.username,
            "first_time": soon,
            "meeting_type": "video",
            "duration": 30,
        },
    )
    meeting = Meeting.objects.get()
    client.force_login(creator)
    assert 'data-action="accept"' in client.get("/calendar/").content.decode()
    client.post(f"/calendar/meetings/{meeting.pk}/accept/")
    meeting.refresh_from_db()
    assert meeting.status == "accepted"
