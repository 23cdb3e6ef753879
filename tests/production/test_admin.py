"""The admin decides verifications through the services."""

from __future__ import annotations

import pytest

from production import services
from production.models import CompanyVerification

pytestmark = pytest.mark.django_db

URL = "/admin/production/companyverification/"


def _pending(company):
    return services.submit_verification(
        company=company,
        company_name="Big Studio Ltd",
        region="UK",
        registration_number="01234567",
        website="https://example.com",
    )


def test_admin_approves_and_rejects_with_a_reason(client, staff, production, other_company):
    first, second = _pending(production), _pending(other_company)
    client.force_login(staff)
    assert client.get(URL).status_code == 200
    assert client.get(f"{URL}{first.pk}/change/").status_code == 200
    client.post(URL, {"action": "approve", "_selected_action": [first.pk]})
    production.refresh_from_db()
    assert production.company_verified
    asked = client.post(URL, {"action": "reject", "_selected_action": [second.pk]})
    assert b"Why reject" in asked.content
    assert CompanyVerification.objects.get(pk=second.pk).status == "pending"
    client.post(
        URL,
        {"action": "reject", "_selected_action": [second.pk], "apply": "1", "reason": "Unknown"},
    )
    second.refresh_from_db()
    assert (second.status, second.reason, second.decided_by) == ("rejected", "Unknown", staff)
