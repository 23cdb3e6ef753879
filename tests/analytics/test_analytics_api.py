"""Realtime counters, client events, scheduled and content reports; services that track."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.services import auth
from analytics.models import Event, ScheduledReport
from analytics.services import reports
from messaging import services as messaging
from pitches import services as pitch_services
from pitchey.errors import DomainError, NotFoundError
from tests.pitches.factories import PitchFactory

pytestmark = pytest.mark.django_db


def test_realtime_costs_one_query_and_then_none_while_cached(
    api, creator, investor, django_assert_num_queries
):
    pitch = PitchFactory(owner=creator)
    Event.objects.create(
        event_type="pitch_view", user_id=investor.pk, pitch_id=pitch.pk, creator_id=creator.pk
    )
    Event.objects.create(
        event_type="pitch_like",
        user_id=investor.pk,
        pitch_id=pitch.pk,
        creator_id=creator.pk,
        created_at=timezone.now() - timedelta(hours=5),
    )
    api.force_authenticate(creator)
    with django_assert_num_queries(1):
        stats = api.get("/api/analytics/realtime").json()["data"]["stats"]
    assert stats["platform"]["pitchView"] == 1
    assert stats["platform"]["pitchLike"] == 0  # older than the hour
    assert stats["mine"]["pitchLike"] == 1  # within the creator's 24 hours
    assert stats["activeUsers"] == 1
    with django_assert_num_queries(0):
        assert api.get("/api/analytics/realtime").status_code == 200


def test_realtime_needs_a_login(api):
    assert api.get("/api/analytics/realtime").status_code == 401


def test_browsers_report_page_views_and_sessions_but_not_service_events(
    api, watcher, django_capture_on_commit_callbacks
):
    api.force_authenticate(watcher)
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            "/api/analytics/track",
            {"eventType": "page_view", "page": "/marketplace", "sessionId": "abc"},
            format="json",
        )
    assert response.status_code == 202
    event = Event.objects.get()
    assert (event.event_type, event.user_id, event.session_id) == ("page_view", watcher.pk, "abc")
    assert event.event_data == {"page": "/marketplace"}
    for body in ({"eventType": "nda_signed"}, {"eventType": "page_view", "pitchId": "x"}, {}):
        response = api.post("/api/analytics/track", body, format="json")
        assert response.status_code == 400
        assert response.json()["error"]["details"]
    assert Event.objects.count() == 1


def test_scheduled_reports_are_listed_cancelled_and_sent(api, creator, investor, mailoutbox):
    api.force_authenticate(creator)
    response = api.post(
        "/api/analytics/schedule-report", {"frequency": "daily", "name": "Mine"}, format="json"
    )
    assert response.status_code == 201
    data = response.json()["data"]
    assert {"reportId", "nextRun"} <= set(data)
    assert [
        r["id"] for r in api.get("/api/analytics/scheduled-reports").json()["data"]["reports"]
    ] == [data["reportId"]]
    api.force_authenticate(investor)
    assert api.delete(f"/api/analytics/scheduled-reports/{data['reportId']}").status_code == 404
    assert ScheduledReport.objects.count() == 1
    assert (
        api.post(
            "/api/analytics/schedule-report", {"frequency": "hourly"}, format="json"
        ).status_code
        == 400
    )
    report = ScheduledReport.objects.get()
    later = report.next_run_at + timedelta(minutes=1)
    assert reports.send_due_reports(now=later, dry_run=True) == 1
    assert mailoutbox == []
    assert reports.send_due_reports(now=later) == 1
    report.refresh_from_db()
    assert report.next_run_at > later
    assert reports.send_due_reports(now=later) == 0
    api.force_authenticate(creator)
    assert api.delete(f"/api/analytics/scheduled-reports/{report.pk}").status_code == 200
    assert not ScheduledReport.objects.exists()


def test_report_rules(creator):
    with pytest.raises(DomainError, match="daily, weekly or monthly"):
        reports.schedule_report(user=creator, frequency="yearly")
    for _ in range(reports.MAX_REPORTS_PER_USER):
        reports.schedule_report(user=creator, frequency="weekly")
    with pytest.raises(DomainError, match="At most"):
        reports.schedule_report(user=creator, frequency="weekly")
    with pytest.raises(NotFoundError):
        reports.cancel_report(user=creator, report_id=999999)


def test_nda_message_login_and_session_services_track(
    creator, investor, django_capture_on_commit_callbacks, settings, tmp_path
):
    from ndas import services as ndas

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    pitch = PitchFactory(owner=creator, require_nda=True, nda_type="platform")
    with django_capture_on_commit_callbacks(execute=True):
        request = ndas.request_nda(
            pitch=pitch, requester=investor, full_name="Ivan Investor", consent=True
        )
        ndas.approve_nda(nda_request=request, actor=creator)
        conversation = messaging.start_conversation(
            creator=investor, recipient_ids=[creator.pk], pitch_id=pitch.pk
        )
        messaging.send_message(sender=investor, conversation=conversation, content="Hello")
        messaging.send_message(sender=investor, conversation=conversation, content="Again")
        messaging.mark_conversation_read(user=creator, conversation=conversation)
        auth.start_session(user=investor, user_agent="Firefox")
        with pytest.raises(DomainError):
            auth.authenticate_credentials(email=investor.email, password="wrong")
    kinds = sorted(Event.objects.values_list("event_type", flat=True))
    assert kinds == sorted(
        [
            "nda_request",
            "nda_signed",
            "message_sent",
            "message_sent",
            "message_read",
            "message_read",
            "login",
            "session_start",
            "login_failed",
        ]
    )
    signed = Event.objects.get(event_type="nda_signed")
    assert (signed.user_id, signed.pitch_id, signed.creator_id) == (
        investor.pk,
        pitch.pk,
        creator.pk,
    )
    assert set(
        Event.objects.filter(event_type="message_sent").values_list("pitch_id", flat=True)
    ) == {pitch.pk}


def test_a_search_and_a_filter_are_told_apart(api, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        api.get("/api/search", {"q": "lighthouse"})
        api.get("/api/browse", {"genre": "Drama"})
        api.get("/api/browse")
    rows = sorted(Event.objects.values_list("event_type", "event_data"))
    assert [kind for kind, _ in rows] == ["filter_applied", "search"]
    assert rows[1][1]["query"] == "lighthouse"


def test_pitch_views_count_through_track_view(
    api, creator, investor, django_capture_on_commit_callbacks
):
    pitch = PitchFactory(owner=creator)
    api.force_authenticate(investor)
    with django_capture_on_commit_callbacks(execute=True):
        first = api.post("/api/analytics/track-view", {"pitchId": pitch.pk}, format="json")
        second = api.post("/api/analytics/track-view", {"pitchId": pitch.pk}, format="json")
    assert first.json()["data"] == {"tracked": True, "pitchId": pitch.pk, "viewCount": 1}
    assert second.json()["data"]["tracked"] is False
    assert Event.objects.filter(event_type="pitch_view").count() == 1
    assert (
        api.post("/api/analytics/track-view", {"pitchId": 10**30}, format="json").status_code == 400
    )


def test_publishing_and_following_feed_the_activity_feed(
    api, creator, investor, django_capture_on_commit_callbacks
):
    from accounts.services import social

    pitch = PitchFactory(owner=creator, status="draft", published_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        social.follow_user(follower=investor, target=creator)
        pitch_services.publish_pitch(pitch=pitch, actor=creator)
    api.force_authenticate(investor)
    body = api.get("/api/activity/feed").json()
    descriptions = [item["description"] for item in body["items"]]
    assert any("published " + pitch.title in d for d in descriptions)
    assert any(d.startswith("You followed") for d in descriptions)
    assert body["summary"]["following"] == 1
