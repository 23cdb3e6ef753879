"""Demo data has NDAs in every state; staff revoke from the admin; the jobs' commands run."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client

from accounts.models import User
from ndas.models import Nda, NdaRequest
from pitches import access
from pitches.models import Pitch
from tests.ndas.conftest import make_request

pytestmark = pytest.mark.django_db


def test_demo_data_has_every_state_and_the_investor_sees_some_pitches_fully():
    call_command("seed_demo", force=True, stdout=io.StringIO())
    states = set(NdaRequest.objects.values_list("status", flat=True))
    assert states == {"pending", "approved", "rejected", "withdrawn", "expired", "revoked"}
    investor = User.objects.get(email="sarah.investor@demo.com")
    nda_pitches = Pitch.objects.filter(require_nda=True)
    open_to_her = [p for p in nda_pitches if access.can_view_confidential(investor, p)]
    assert 0 < len(open_to_her) < nda_pitches.count()
    assert Nda.objects.filter(access_expires_at__isnull=True).exists()
    before = NdaRequest.objects.count()
    call_command("seed_demo", force=True, stdout=io.StringIO())
    assert NdaRequest.objects.count() == before  # idempotent


def test_staff_revoke_from_the_admin_is_audited(nda_pitch, investor, creator, staff):
    from analytics.models import AuditLog
    from ndas import services

    row = make_request(nda_pitch, investor)
    services.approve_nda(nda_request=row, actor=creator)
    client = Client()
    client.force_login(staff)
    assert client.get("/admin/ndas/ndarequest/?status__exact=approved").status_code == 200
    assert client.get("/admin/ndas/nda/").status_code == 200
    response = client.post(
        "/admin/ndas/ndarequest/",
        {"action": "revoke", "_selected_action": [row.pk]},
        REMOTE_ADDR="192.0.2.4",
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == "revoked"
    assert not access.can_view_confidential(investor, nda_pitch)
    entry = AuditLog.objects.get(action="ndas.nda.revoked", object_id=str(row.pk))
    assert entry.actor_id == staff.pk
    assert entry.ip_address == "192.0.2.4"


def test_job_commands_report_counts():
    for command in (
        "expire_nda_requests",
        "expire_nda_access",
        "warn_nda_expiry",
        "remind_nda_requests",
    ):
        out = io.StringIO()
        call_command(command, "--dry-run", stdout=out)
        assert "would change 0" in out.getvalue()
