"""Operations (AD12-AD14) and reports (AD9, AD10): verification queue through the production
services, credit grants and revocations in the ledger, heat and reputation recomputation,
CSV reports built in the background and downloaded through a signed URL."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlparse

import pytest
from django.core.management import call_command
from django.utils import timezone

from analytics.models import AuditLog
from billing import services as billing_services
from production.models import CompanyVerification
from tests.factories import UserFactory
from tests.staff.conftest import client_for, enable_real_mfa, make_staff

pytestmark = pytest.mark.django_db


def _pending_verification(company) -> CompanyVerification:
    return CompanyVerification.objects.create(
        company=company, company_name="Big Studio Ltd", region="UK", status="pending"
    )


def test_support_works_the_verification_queue(production):
    row = _pending_verification(production)
    api = client_for(make_staff("support"))
    listed = api.get("/api/admin/verifications?limit=10&offset=0&status=pending").json()
    assert listed["total"] == 1
    assert listed["verifications"][0]["companyName"] == "Big Studio Ltd"
    refused = api.patch(f"/api/admin/verifications/{row.pk}", {"approved": False}, format="json")
    assert refused.status_code == 400
    approved = api.patch(f"/api/admin/verifications/{row.pk}", {"approved": True}, format="json")
    assert approved.status_code == 200, approved.content
    production.refresh_from_db()
    assert production.company_verified
    again = api.patch(f"/api/admin/verifications/{row.pk}", {"approved": True}, format="json")
    assert again.status_code == 409
    assert api.patch("/api/admin/verifications/999999", {"approved": True}).status_code == 404


def test_credit_grant_and_revocation_go_through_the_ledger(creator, time_machine):
    support = make_staff("support")
    api = client_for(support)
    before = billing_services.balance_of(creator.pk)
    time_machine.move_to(timezone.now() + timedelta(minutes=20))  # the login is stale
    granted = api.post(
        "/api/admin/credits/grant",
        {"userId": creator.pk, "amount": 25, "reason": "Outage"},
        format="json",
    )
    assert granted.status_code == 201
    assert granted.json()["balance"] == before + 25
    stale = api.post(
        "/api/admin/credits/revoke",
        {"userId": creator.pk, "amount": 5, "reason": "Mistake"},
        format="json",
    )
    assert stale.json()["error"]["code"] == "REAUTH_REQUIRED"
    codes = enable_real_mfa(support)
    api.post("/api/admin/reauth", {"password": "Demo123", "code": codes[0]}, format="json")
    revoked = api.post(
        "/api/admin/credits/revoke",
        {"userId": creator.pk, "amount": 5, "reason": "Mistake"},
        format="json",
    )
    assert revoked.json()["balance"] == before + 20
    too_much = api.post(
        "/api/admin/credits/revoke",
        {"userId": creator.pk, "amount": 10**5, "reason": "x"},
        format="json",
    )
    assert too_much.status_code == 400
    actions = set(AuditLog.objects.filter(actor=support).values_list("action", flat=True))
    assert {"billing.credits.granted", "billing.credits.revoked"} <= actions


def test_heat_and_reputation_recomputation_from_api_and_command(capsys):
    api = client_for(make_staff("admin"))
    heat = api.post("/api/admin/heat-scores/recalculate")
    assert heat.status_code == 200
    assert "pitchesWithHeat" in heat.json()
    assert api.post("/api/admin/reputation/recompute").status_code == 200
    assert AuditLog.objects.filter(action="staff.operations.heat_recalculated").exists()
    call_command("staff_operations", "heat", "--dry-run")
    assert "heat:" in capsys.readouterr().out


def test_reports_are_generated_in_the_background_and_downloaded_signed(
    creator, django_capture_on_commit_callbacks
):
    UserFactory.create_batch(2)
    api = client_for(make_staff("admin"))
    with django_capture_on_commit_callbacks(execute=True):
        queued = api.post(
            "/api/admin/reports/generate", {"type": "users", "filters": {}}, format="json"
        )
    assert queued.status_code == 202
    listed = api.get("/api/admin/reports").json()["reports"]
    assert listed[0]["status"] == "ready"
    assert listed[0]["rows"] >= 3
    redirect = api.get(f"/api/admin/reports/{listed[0]['id']}/download")
    assert redirect.status_code == 302
    served = client_for(None).get(urlparse(redirect["Location"]).path)
    body = b"".join(served.streaming_content).decode()
    assert body.splitlines()[0].startswith("id,email,username")
    assert creator.email in body
    bad = api.post("/api/admin/reports/generate", {"type": "secrets"}, format="json")
    assert bad.status_code == 400
    assert "type" in bad.json()["error"]["details"]
    assert api.get("/api/admin/reports/999999/download").status_code == 404


def test_transactions_and_subscription_grants_read_the_ledger():
    api = client_for(make_staff("admin"))
    assert "transactions" in api.get("/api/admin/transactions").json()
    grants = api.get("/api/admin/subscription-grants/status").json()
    assert "creditsThisMonth" in grants
