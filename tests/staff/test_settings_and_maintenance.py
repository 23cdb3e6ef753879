"""Runtime settings (AD6, AD7): stored, cached, audited; maintenance mode refuses writes by
non-staff with a 503 envelope and Retry-After while reads and staff keep working; feature
switches and the banner; system health; broadcasts."""

from __future__ import annotations

import pytest

from analytics.models import AuditLog
from messaging.models import Notification
from pitchey import runtime
from staff.models import Broadcast
from tests.factories import UserFactory
from tests.pitches.factories import PitchFactory
from tests.staff.conftest import client_for, make_staff

pytestmark = pytest.mark.django_db


def _maintenance(on: bool, **extra) -> None:
    api = client_for(make_staff("admin"))
    body = {"maintenance": {"enabled": on, **extra}}
    response = api.put("/api/admin/settings", body, format="json")
    assert response.status_code == 200, response.content


def test_maintenance_refuses_a_write_and_allows_a_read(creator):
    pitch = PitchFactory(owner=creator, status="published")
    _maintenance(True, message="Back at noon", retryAfter=120)
    api = client_for(creator)
    read = api.get(f"/api/pitches/{pitch.pk}")
    assert read.status_code == 200
    write = api.put(f"/api/pitches/{pitch.pk}", {"title": "Changed"}, format="json")
    assert write.status_code == 503
    assert write["Retry-After"] == "120"
    assert write.json()["error"] == {"code": "SERVICE_UNAVAILABLE", "message": "Back at noon"}
    pitch.refresh_from_db()
    assert pitch.title != "Changed"
    page = client_for(creator).post("/settings/", {})
    assert page.status_code == 503
    assert "Back at noon" in page.content.decode()


def test_staff_keep_working_and_logins_stay_open_during_maintenance(creator):
    _maintenance(True)
    moderator = make_staff("moderator")
    pitch = PitchFactory(owner=creator, status="published")
    hidden = client_for(moderator).post(
        "/api/admin/bulk-action", {"action": "hide", "pitchIds": [pitch.pk]}, format="json"
    )
    assert hidden.status_code == 200
    login = client_for(None).post(
        "/api/auth/sign-in", {"email": creator.email, "password": "Demo123"}, format="json"
    )
    assert login.status_code == 200
    _maintenance(False)
    assert client_for(creator).post("/api/reports", {}, format="json").status_code == 400


def test_settings_are_validated_audited_and_shown_as_a_banner():
    api = client_for(make_staff("admin"))
    bad = api.put("/api/admin/settings", {"features": {"teleport": True}}, format="json")
    assert bad.status_code == 400
    assert "features.teleport" in bad.json()["error"]["details"]
    assert api.put("/api/admin/settings", {"rockets": {}}, format="json").status_code == 400
    wrong_type = api.put("/api/admin/settings", {"maintenance": {"enabled": "yes"}}, format="json")
    assert wrong_type.status_code == 400
    saved = api.put(
        "/api/admin/settings",
        {"announcement": {"enabled": True, "message": "New: slates!", "level": "success"}},
        format="json",
    )
    assert saved.json()["announcement"]["message"] == "New: slates!"
    entry = AuditLog.objects.get(action="staff.settings.updated")
    assert entry.data["changes"]["announcement.message"] == ["", "New: slates!"]
    assert "New: slates!" in client_for(None).get("/").content.decode()
    assert api.get("/api/admin/settings").json()["settings"]["announcement"]["enabled"] is True


def test_the_registration_switch_closes_sign_ups():
    api = client_for(make_staff("admin"))
    api.put("/api/admin/settings", {"features": {"userRegistration": False}}, format="json")
    assert runtime.feature_enabled("user_registration") is False
    response = client_for(None).post(
        "/api/auth/register",
        {
            "email": "new@example.com",
            "username": "newbie",
            "password": "A-long-passphrase-42",
            "userType": "creator",
        },
        format="json",
    )
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "FEATURE_DISABLED"


def test_system_health_lists_dependencies_with_latency():
    body = client_for(make_staff("admin")).get("/api/admin/system/health").json()
    assert body["services"]["database"]["latencyMs"] >= 0
    assert body["maintenance"] is False


def test_broadcast_reaches_the_audience_in_bulk(django_capture_on_commit_callbacks):
    creators = UserFactory.create_batch(3, user_type="creator")
    UserFactory(user_type="investor")
    api = client_for(make_staff("admin"))
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            "/api/admin/broadcast",
            {"title": "Scheduled downtime", "message": "Sunday 02:00", "audience": "creator"},
            format="json",
        )
    assert response.status_code == 202, response.content
    notified = set(Notification.objects.filter(kind="announcement").values_list("user", flat=True))
    assert notified == {c.pk for c in creators}
    assert Broadcast.objects.get().sent_count == 3
    bad = api.post("/api/admin/broadcast", {"audience": "aliens"}, format="json")
    assert bad.status_code == 400
    assert set(bad.json()["error"]["details"]) == {"title", "audience"}
