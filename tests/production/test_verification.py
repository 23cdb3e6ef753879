"""Company verification: automatic checks, the document, staff decisions and the API."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from accounts.models import User
from messaging.models import Notification
from pitchey.errors import Conflict, DomainError, NotAllowed
from production import selectors, services
from production.models import CompanyVerification
from tests.ndas.conftest import real_pdf
from tests.production.conftest import client_for

pytestmark = pytest.mark.django_db


def _submit(company, **extra):
    fields = {
        "company_name": "Big Studio Ltd",
        "region": "UK",
        "registration_number": "01234567",
        "website": "https://www.example.com",
    }
    fields.update(extra)
    return services.submit_verification(company=company, **fields)


def test_passing_checks_put_the_company_in_the_staff_queue(production):
    verification = _submit(production)
    assert verification.status == "pending"
    assert verification.missing == []
    assert list(selectors.verification_queue()) == [verification]


@pytest.mark.parametrize(
    ("extra", "missing"),
    [
        ({"registration_number": "12AB"}, "eight digits"),
        ({"region": "US", "registration_number": "1234"}, "EIN"),
        ({"website": "https://elsewhere.org"}, "does not match"),
        ({"website": ""}, "Add your company website"),
        ({"registration_number": ""}, "registration number"),
    ],
)
def test_failed_checks_leave_it_incomplete_with_what_is_missing(production, extra, missing):
    verification = _submit(production, **extra)
    assert verification.status == "incomplete"
    assert any(missing in message for message in verification.missing)
    assert list(selectors.verification_queue()) == []


def test_a_personal_mailbox_never_matches_a_website(production):
    User.objects.filter(pk=production.pk).update(email="boss@gmail.com")
    production.refresh_from_db()
    verification = _submit(production, website="https://gmail.com")
    assert "personal mailbox" in " ".join(verification.missing)


def test_a_document_stands_in_for_the_number_and_resubmitting_updates_one_row(production):
    _submit(production, registration_number="")
    pdf = real_pdf("insurance")
    verification = services.attach_document(
        company=production, fileobj=io.BytesIO(pdf), name="insurance.pdf", size=len(pdf)
    )
    assert verification.status == "pending"
    assert verification.document_type == "application/pdf"
    assert CompanyVerification.objects.filter(company=production).count() == 1


def test_a_non_pdf_document_is_refused(production):
    with pytest.raises(DomainError, match="not accepted"):
        services.attach_document(
            company=production, fileobj=io.BytesIO(b"plain text"), name="a.pdf", size=10
        )
    assert not CompanyVerification.objects.exists()


def test_staff_approve_gives_the_badge_and_tells_the_company(
    production, staff, django_capture_on_commit_callbacks
):
    verification = _submit(production)
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_verification(verification=verification, actor=staff, reason="Checked")
    production.refresh_from_db()
    assert production.company_verified
    assert production.company_number == "01234567"
    note = Notification.objects.get(user=production)
    assert note.kind == "company_verification"
    with pytest.raises(Conflict):
        services.approve_verification(verification=verification, actor=staff)
    with pytest.raises(Conflict, match="already verified"):
        _submit(production)


def test_rejection_needs_a_reason_and_staff(production, other_company, staff):
    verification = _submit(production)
    with pytest.raises(NotAllowed):
        services.reject_verification(verification=verification, actor=other_company, reason="no")
    with pytest.raises(DomainError, match="reason"):
        services.reject_verification(verification=verification, actor=staff, reason=" ")
    services.reject_verification(verification=verification, actor=staff, reason="Number unknown")
    production.refresh_from_db()
    assert not production.company_verified
    body = client_for(production).get("/api/production/verification-status").json()["data"]
    assert body["status"] == "rejected"
    assert "Number unknown" in body["missing"][0]


def test_the_command_decides_like_the_admin(production, staff):
    verification = _submit(production)
    out = io.StringIO()
    call_command("decide_verification", "--list", stdout=out)
    assert "Big Studio Ltd" in out.getvalue()
    call_command(
        "decide_verification",
        str(verification.pk),
        "--reject",
        "--reason",
        "Unreadable",
        "--actor",
        staff.email,
        stdout=out,
    )
    verification.refresh_from_db()
    assert verification.status == "rejected"
    assert verification.decided_by == staff


def test_verify_api_keys_and_field_errors(as_company, production):
    answer = as_company.get("/api/production/verification-status")
    assert answer.status_code == 200
    data = answer.json()["data"]
    assert data["status"] == "unverified"
    assert data["missing"]
    answer = as_company.post(
        "/api/production/verify",
        {
            "companyName": "Big Studio Ltd",
            "region": "UK",
            "websiteUrl": "https://example.com",
            "hasCompanyNumber": True,
            "companyNumber": "01234567",
        },
        format="json",
    )
    assert answer.status_code == 201
    assert answer.json()["data"]["status"] == "pending"
    assert answer.json()["data"]["verification"]["checks"]
    bad = as_company.post("/api/production/verify", {"region": "ZZ", "companyName": "X"})
    assert bad.status_code == 400
    assert "region" in bad.json()["error"]["details"]
    missing = as_company.post("/api/production/verify", {"region": "UK"})
    assert missing.status_code == 400
    assert "companyName" in missing.json()["error"]["details"]


def test_upload_and_directory_search(as_company, production):
    pdf = real_pdf("insurance")
    answer = as_company.post(
        "/api/production/verify/upload-insurance",
        {"insuranceFile": io.BytesIO(pdf)},
        format="multipart",
    )
    assert answer.status_code == 201, answer.content
    assert answer.json()["data"]["verification"]["hasDocument"]
    empty = as_company.post("/api/production/verify/upload-insurance", {}, format="multipart")
    assert empty.status_code == 400
    _submit(production)
    found = as_company.get("/api/production/verify/companies-house/search?q=big").json()
    assert found["data"]["results"][0]["companyNumber"] == "01234567"


def test_other_portals_cannot_verify(creator):
    answer = client_for(creator).post(
        "/api/production/verify", {"companyName": "X", "region": "UK"}
    )
    assert answer.status_code == 403
    assert not CompanyVerification.objects.exists()
