"""`track(...)`: after commit, one INSERT per request, never in the way of the action."""

from __future__ import annotations

import logging

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from analytics import track, track_many
from analytics.models import Event
from analytics.tracking import batched, write
from pitches import services as pitch_services
from tests.pitches.factories import PitchFactory

pytestmark = pytest.mark.django_db


def test_an_event_waits_for_the_commit_of_its_transaction(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        track("pitch_view", user_id=7, pitch_id=3, creator_id=2)
        assert not Event.objects.exists()
    event = Event.objects.get()
    assert (event.event_type, event.user_id, event.pitch_id, event.creator_id) == (
        "pitch_view",
        7,
        3,
        2,
    )
    assert event.event_category == "engagement"


def test_a_rolled_back_action_leaves_no_event(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                track("pitch_like", user_id=1, pitch_id=1)
                raise RuntimeError("the action failed")
        except RuntimeError:
            pass
    assert not Event.objects.exists()


def test_events_of_one_request_are_written_in_one_insert(django_capture_on_commit_callbacks):
    with (
        CaptureQueriesContext(connection) as queries,
        batched(ip_address="203.0.113.5", user_agent="Firefox"),
    ):
        with django_capture_on_commit_callbacks(execute=True):
            track("login", user_id=1)
            track_many([{"event_type": "session_start", "user_id": 1, "session_id": "9"}])
        with django_capture_on_commit_callbacks(execute=True):
            track("search", user_id=1, data={"query": "noir"})
        assert not Event.objects.exists()
    inserts = [q for q in queries.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) == 1
    assert Event.objects.count() == 3
    assert set(Event.objects.values_list("ip_address", "user_agent")) == {
        ("203.0.113.5", "Firefox")
    }
    assert Event.objects.get(event_type="session_start").session_id == "9"


def test_unknown_types_are_logged_and_dropped(django_capture_on_commit_callbacks, caplog):
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        track("not_a_type", user_id=1)
    assert not Event.objects.exists()
    assert "unknown event type" in caplog.text


def test_a_failed_write_is_logged_not_raised(caplog):
    bad = Event(event_type="pitch_view", event_data={"x": object()})  # not JSON serialisable
    with caplog.at_level(logging.ERROR):
        assert write([bad]) == 0
    assert "could not be written" in caplog.text
    assert Event.objects.count() == 0  # and the connection is still usable


def test_engagement_services_track_their_actions(
    investor, creator, django_capture_on_commit_callbacks
):
    pitch = PitchFactory(owner=creator)
    with django_capture_on_commit_callbacks(execute=True):
        pitch_services.record_view(pitch=pitch, user=investor, session_key="")
        pitch_services.record_view(pitch=pitch, user=investor, session_key="")  # same day: once
        pitch_services.like_pitch(pitch=pitch, user=investor)
        pitch_services.like_pitch(pitch=pitch, user=investor)  # idempotent: once
        pitch_services.save_pitch(pitch=pitch, user=investor)
    rows = sorted(Event.objects.values_list("event_type", "user_id", "pitch_id", "creator_id"))
    assert rows == [
        ("pitch_like", investor.pk, pitch.pk, creator.pk),
        ("pitch_save", investor.pk, pitch.pk, creator.pk),
        ("pitch_view", investor.pk, pitch.pk, creator.pk),
    ]
