"""Calendar and meetings: requests, answers, both calendars, reminders, the ICS feed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from messaging.models import Notification
from pitchey.errors import Conflict
from production import services
from production.models import CalendarEvent, Meeting
from tests.production.conftest import client_for

pytestmark = pytest.mark.django_db


def _soon(hours: int = 48) -> str:
    return (timezone.now() + timedelta(hours=hours)).replace(microsecond=0).isoformat()


def test_a_meeting_is_asked_accepted_and_lands_in_both_calendars(
    production, creator, investor, pitch, django_capture_on_commit_callbacks
):
    company = client_for(production)
    with django_capture_on_commit_callbacks(execute=True):
        asked = company.post(
            "/api/meetings/schedule",
            {
                "pitchId": pitch.pk,
                "creatorId": creator.pk,
                "dateTime": _soon(),
                "meetingType": "video",
                "message": "Coffee?",
                "duration": 45,
            },
            format="json",
        )
    assert asked.status_code == 201, asked.content
    meeting = asked.json()["data"]["meeting"]
    assert Notification.objects.filter(user=creator, kind="meeting_request").exists()
    assert company.post(f"/api/meetings/{meeting['id']}/accept").status_code == 409
    assert client_for(investor).post(f"/api/meetings/{meeting['id']}/accept").status_code == 404
    author = client_for(creator)
    listed = author.get("/api/meetings").json()["data"]["meetings"]
    assert listed[0]["awaitingYou"] is True
    with django_capture_on_commit_callbacks(execute=True):
        accepted = author.post(f"/api/meetings/{meeting['id']}/accept")
    assert accepted.json()["data"]["meeting"]["status"] == "accepted"
    assert Notification.objects.filter(user=production, kind="meeting_update").exists()
    for user in (production, creator):
        events = client_for(user).get("/api/calendar").json()["data"]["events"]
        assert [e["meetingId"] for e in events] == [meeting["id"]]
    assert author.get("/api/creator/calendar/events").json()["data"]["events"]
    assert company.get("/api/production/calendar").json()["data"]["events"]


def test_the_other_side_proposes_times_and_declines(production, creator):
    meeting = services.request_meeting(
        requester=production, creator=creator, times=[timezone.now() + timedelta(days=2)]
    )
    later = timezone.now() + timedelta(days=5)
    author = client_for(creator)
    moved = author.post(
        f"/api/meetings/{meeting.pk}/propose", {"times": [later.isoformat()]}, format="json"
    )
    assert moved.status_code == 200
    assert author.post(f"/api/meetings/{meeting.pk}/accept").status_code == 409  # their turn
    declined = client_for(production).post(
        f"/api/meetings/{meeting.pk}/decline", {"reason": "Busy"}
    )
    assert declined.json()["data"]["meeting"]["status"] == "declined"
    with pytest.raises(Conflict):
        services.cancel_meeting(meeting=meeting, actor=creator)


def test_bad_meeting_input_is_a_400(production, creator, watcher):
    company = client_for(production)
    past = company.post(
        "/api/meetings/schedule",
        {"creatorId": creator.pk, "dateTime": "2001-01-01T10:00:00Z"},
        format="json",
    )
    assert past.status_code == 400
    assert "times" in past.json()["error"]["details"]
    garbage = company.post(
        "/api/meetings/schedule", {"creatorId": creator.pk, "dateTime": "tomorrow"}, format="json"
    )
    assert "dateTime" in garbage.json()["error"]["details"]
    not_creator = company.post(
        "/api/meetings/schedule", {"creatorId": watcher.pk, "dateTime": _soon()}, format="json"
    )
    assert not_creator.status_code == 404
    assert (
        client_for(watcher)
        .post(
            "/api/meetings/schedule", {"creatorId": creator.pk, "dateTime": _soon()}, format="json"
        )
        .status_code
        == 403
    )
    assert not Meeting.objects.exists()


def test_reminders_go_once_the_day_before(production, creator, django_capture_on_commit_callbacks):
    meeting = services.request_meeting(
        requester=production, creator=creator, times=[timezone.now() + timedelta(hours=3)]
    )
    services.accept_meeting(meeting=meeting, actor=creator)
    far = services.request_meeting(
        requester=production, creator=creator, times=[timezone.now() + timedelta(days=3)]
    )
    services.accept_meeting(meeting=far, actor=creator)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_meeting_reminders")
        assert services.send_meeting_reminders() == 0
    reminded = Notification.objects.filter(kind="meeting_reminder")
    assert sorted(reminded.values_list("user_id", flat=True)) == sorted([production.pk, creator.pk])


def test_events_and_the_secret_ics_feed(production, other_company, client):
    company = client_for(production)
    made = company.post(
        "/api/production/calendar",
        {"title": "Probe shoot", "date": "2030-01-01", "type": "shoot"},
        format="json",
    )
    assert made.status_code == 201
    event = made.json()["data"]["event"]
    assert event["start"].startswith("2030-01-01T09:00")
    bad = company.post("/api/calendar", {"title": "X", "type": "party"}, format="json")
    assert bad.status_code == 400
    assert "type" in bad.json()["error"]["details"]
    stranger = client_for(other_company)
    assert stranger.delete(f"/api/calendar/events/{event['id']}").status_code == 404
    url = company.get("/api/calendar/feed").json()["data"]["url"]
    path = url.split("testserver", 1)[1]
    feed = client.get(path)
    assert feed.status_code == 200
    assert feed["Content-Type"].startswith("text/calendar")
    body = feed.content.decode()
    assert "SUMMARY:Probe shoot" in body
    assert "DTSTART:20300101T090000Z" in body
    rotated = company.post("/api/calendar/feed").json()["data"]["url"]
    assert rotated != url
    assert client.get(path).status_code == 404
    assert company.delete(f"/api/calendar/events/{event['id']}").status_code == 200
    assert not CalendarEvent.objects.exists()
