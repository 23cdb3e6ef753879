"""The audit trail (AD8): append-only in the ORM, the admin and the database; every entry
carries a dotted code, the actor, the caller's IP and a diff of changed fields; the staff read
it filtered, export it as CSV, and see the moderation subset."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import ProgrammingError, connection, transaction

from analytics.models import AppendOnly, AuditLog
from analytics.services import record_activity
from billing import services as billing_services
from pitches.models import Pitch
from tests.factories import UserFactory
from tests.pitches.factories import PitchFactory
from tests.staff.conftest import client_for, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(creator) -> AuditLog:
    return record_activity(creator, "accounts.user.updated", actor=creator, data={"n": 1})


def test_entries_cannot_be_changed_or_deleted_through_the_orm(entry):
    entry.action = "forged"
    with pytest.raises(AppendOnly):
        entry.save()
    with pytest.raises(AppendOnly):
        entry.delete()
    with pytest.raises(AppendOnly):
        AuditLog.objects.filter(pk=entry.pk).update(action="forged")
    with pytest.raises(AppendOnly):
        AuditLog.objects.filter(pk=entry.pk).delete()
    assert AuditLog.objects.get(pk=entry.pk).action == "accounts.user.updated"


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_logs SET action = 'forged' WHERE id = %s",
        "DELETE FROM audit_logs WHERE id = %s",
    ],
)
def test_the_database_refuses_changes_and_deletes_too(entry, sql):
    with (
        pytest.raises(ProgrammingError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, [entry.pk])
    assert AuditLog.objects.get(pk=entry.pk).action == "accounts.user.updated"


def test_the_admin_site_offers_no_change_or_delete(entry, staff):
    client = client_for(staff)
    assert client.get(f"/admin/analytics/auditlog/{entry.pk}/delete/").status_code == 403
    response = client.post(f"/admin/analytics/auditlog/{entry.pk}/change/", {"action": "x"})
    assert response.status_code == 403
    assert AuditLog.objects.get(pk=entry.pk).action == "accounts.user.updated"


def test_a_deleted_actor_leaves_the_entry_unattributed(creator):
    someone = UserFactory(credits=0)
    kept = record_activity(creator, "accounts.user.updated", actor=someone)
    someone.delete()
    kept.refresh_from_db()
    assert kept.actor_id is None
    assert kept.action == "accounts.user.updated"


def test_entries_carry_the_callers_ip_and_a_diff(creator):
    pitch = PitchFactory(owner=creator, status=Pitch.Status.DRAFT, title="Before")
    api = client_for(creator)
    response = api.put(
        f"/api/pitches/{pitch.pk}", {"title": "After"}, format="json", REMOTE_ADDR="203.0.113.9"
    )
    assert response.status_code == 200, response.content
    updated = AuditLog.objects.get(action="pitches.pitch.updated")
    assert updated.actor_id == creator.pk
    assert updated.ip_address == "203.0.113.9"
    assert updated.data["changes"]["title"] == ["Before", "After"]


def test_state_changes_across_apps_are_audited(creator, investor):
    api = client_for(creator)
    api.put("/api/user/profile", {"bio": "Writer"}, format="json")
    api.post(f"/api/users/{investor.pk}/block", format="json")
    api.post(f"/api/users/{investor.pk}/unblock", format="json")
    billing_services.grant_credits(user=creator, amount=5, reason="Goodwill", actor=None)
    actions = set(AuditLog.objects.values_list("action", flat=True))
    assert {
        "accounts.profile.updated",
        "accounts.block.created",
        "accounts.block.removed",
        "billing.credits.granted",
    } <= actions
    profile = AuditLog.objects.get(action="accounts.profile.updated")
    assert profile.data["changes"]["bio"][1] == "Writer"


def test_staff_filter_the_trail_and_export_csv(creator, investor):
    record_activity(creator, "accounts.user.updated", actor=creator)
    record_activity(investor, "accounts.user.updated", actor=investor)
    record_activity(creator, "pitches.pitch.created", actor=creator)
    api = client_for(make_staff("admin"))
    by_actor = api.get(f"/api/audit-log?actor={creator.pk}").json()
    assert by_actor["total"] == 2
    assert {e["actorId"] for e in by_actor["entries"]} == {creator.pk}
    by_prefix = api.get("/api/audit-log?action=pitches.").json()
    assert [e["action"] for e in by_prefix["entries"]] == ["pitches.pitch.created"]
    by_object = api.get(f"/api/audit-log?objectType=accounts.user&objectId={investor.pk}").json()
    assert by_object["total"] == 1
    assert api.get("/api/audit-log?from=yesterday").status_code == 400
    export = api.get(f"/api/audit-log/export?actor={creator.pk}")
    assert export["Content-Type"] == "text/csv"
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode())))
    assert rows[0][:3] == ["id", "created_at", "action"]
    assert sorted(r[2] for r in rows[1:]) == ["accounts.user.updated", "pitches.pitch.created"]
    stats = api.get("/api/audit-log/stats").json()
    assert stats["total"] == 3


def test_the_csv_never_carries_a_formula(creator):
    formula = UserFactory(email="=cmd@example.com")
    record_activity(creator, "accounts.user.updated", actor=formula)
    export = client_for(make_staff("admin")).get("/api/audit-log/export")
    body = b"".join(export.streaming_content).decode()
    assert ",'=cmd@example.com," in body


def test_moderation_log_is_the_staff_subset(creator):
    pitch = PitchFactory(owner=creator, status=Pitch.Status.PUBLISHED)
    moderator = make_staff("moderator")
    record_activity(creator, "accounts.profile.updated", actor=creator)
    api = client_for(moderator)
    api.post("/api/admin/bulk-action", {"action": "hide", "pitchIds": [pitch.pk]}, format="json")
    log = api.get("/api/admin/moderation-log").json()
    assert [e["action"] for e in log["entries"]] == ["pitches.pitch.hidden"]
    assert log["entries"][0]["actorId"] == moderator.pk
    assert ContentType.objects.get_for_model(Pitch).model == log["entries"][0]["objectType"][8:]


def test_a_destructive_admin_request_needs_a_recent_login(creator, staff, time_machine):
    from django.test import Client
    from django.utils import timezone

    client = Client()  # the admin's forms are form-encoded
    client.force_login(staff)
    url = f"/admin/accounts/user/{creator.pk}/change/"
    assert client.get(url).status_code == 200
    time_machine.move_to(timezone.now() + timezone.timedelta(minutes=20))
    assert client.get(url).status_code == 200  # reading stays open
    response = client.post(
        "/admin/accounts/user/", {"action": "deactivate", "_selected_action": [creator.pk]}
    )
    assert response.status_code == 302
    assert "/login/" in response["Location"]
    creator.refresh_from_db()
    assert creator.is_active
    client.force_login(staff)  # logging in again is the re-authentication
    client.post("/admin/accounts/user/", {"action": "deactivate", "_selected_action": [creator.pk]})
    creator.refresh_from_db()
    assert not creator.is_active
