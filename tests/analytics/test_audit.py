import pytest

from analytics.models import AuditLog
from analytics.services import record_activity

pytestmark = pytest.mark.django_db


def test_activity_is_recorded_against_its_object(creator, staff):
    entry = record_activity(
        creator, "accounts.user.locked", actor=staff, ip_address="203.0.113.9", data={"minutes": 15}
    )
    assert entry.target == creator
    assert list(AuditLog.objects.for_object(creator)) == [entry]
    assert entry.actor == staff
    assert entry.ip_address == "203.0.113.9"


def test_audit_entries_are_read_only_in_the_admin(admin_client, creator):
    entry = record_activity(creator, "accounts.user.verified")
    response = admin_client.post(f"/admin/analytics/auditlog/{entry.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert AuditLog.objects.filter(pk=entry.pk).exists()
