"""The whole NDA cycle through the API: sign, approve, read everything, download a stamped copy,
revoke, fall back to the public view, and old links die with their lifetime."""

from __future__ import annotations

import io
from datetime import timedelta
from urllib.parse import urlparse

import pytest
import time_machine
from django.utils import timezone
from pypdf import PdfReader
from rest_framework.test import APIClient

from analytics.models import AuditLog
from ndas.models import Nda, NdaRequest, StampedCopy
from ndas.text import sha256_text
from pitches.models import DocumentAccessLog, PitchAccess
from tests.ndas.conftest import MARK, signature

pytestmark = pytest.mark.django_db


def _follow(client: APIClient, response) -> bytes:
    assert response.status_code == 302, response.status_code
    served = client.get(urlparse(response["Location"]).path)
    if served.status_code != 200:
        return b""
    return b"".join(served.streaming_content)


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_request_approve_read_download_revoke(nda_pitch, creator, investor, mailoutbox):
    investor_api, creator_api = APIClient(), APIClient()
    investor_api.force_authenticate(investor)
    creator_api.force_authenticate(creator)
    document = nda_pitch.documents.get()

    agreement = investor_api.get(f"/api/ndas/pitch/{nda_pitch.pk}/agreement").json()["data"]
    assert "Harbour of Whispers" in agreement["content"]
    assert MARK not in agreement["content"]  # the creator's own NDA text is protected material
    created = investor_api.post(
        "/api/ndas/request",
        {
            "pitchId": nda_pitch.pk,
            "message": "Keen to read it.",
            "companyInfo": {"companyName": "Ivan Capital"},
            "signature": signature(),
            "textSha256": agreement["textSha256"],
        },
        format="json",
        HTTP_USER_AGENT="pytest-agent/1.0",
        REMOTE_ADDR="203.0.113.9",
    )
    assert created.status_code == 201, created.content
    nda = created.json()["data"]["nda"]
    assert nda["status"] == "pending"
    row = NdaRequest.objects.get(pk=nda["id"])
    assert row.signer_name == "Ivan Investor"
    assert row.signer_user_agent == "pytest-agent/1.0"
    assert row.signer_ip == "203.0.113.9"
    # The signed text is the text shown, sealed with a random reference that its hash covers.
    assert (
        row.signed_text == f"{agreement['content']}\n\nSignature reference: {row.signature_nonce}"
    )
    assert row.text_sha256 == sha256_text(row.signed_text)

    # Still the public view before approval.
    before = investor_api.get(f"/api/pitches/{nda_pitch.pk}").content.decode()
    assert MARK not in before

    approved = creator_api.post(
        f"/api/ndas/{row.pk}/approve",
        {"customTerms": "No sharing with agencies.", "expiryDays": 30},
        format="json",
    )
    assert approved.status_code == 200, approved.content
    body = approved.json()["data"]["nda"]
    assert body["status"] == "signed"  # approved and signed: in force, as the SPA names it
    assert body["requestStatus"] == "approved"
    assert body["accessGranted"] is True
    assert body["signed"]["customTerms"] == "No sharing with agencies."
    grant = PitchAccess.objects.get(user=investor, pitch=nda_pitch)
    assert grant.source == "nda"
    assert grant.source_id == str(row.pk)
    nda_pitch.refresh_from_db()
    assert nda_pitch.nda_count == 1

    detail = investor_api.get(f"/api/pitches/{nda_pitch.pk}").content.decode()
    for field in ("long_synopsis", "themes", "custom_nda_text", "budget"):
        assert f"{MARK}-{field}" in detail

    # The protected PDF is served stamped with the viewer and the NDA id.
    link = investor_api.get(f"/api/pitches/{nda_pitch.pk}/documents/{document.pk}/download")
    stamped = _follow(investor_api, link)
    text = _pdf_text(stamped)
    assert f"{MARK} script page 1" in text
    assert f"{MARK} script page 2" in text
    assert text.count(investor.email) >= 2  # every page
    assert f"NDA {row.pk}" in text
    copy = StampedCopy.objects.get(viewer=investor)
    assert copy.nda_id == row.pk
    log = DocumentAccessLog.objects.get(document=document, user=investor)
    assert log.ip_address

    # Both parties download the signed NDA; its hash verifies publicly.
    for client in (investor_api, creator_api):
        pdf = _follow(client, client.get(f"/api/ndas/{row.pk}/download-signed"))
        assert "Ivan Investor" in _pdf_text(pdf)
    signed = Nda.objects.get(pk=row.pk)
    verify = APIClient().get(f"/api/ndas/verify/{signed.document_sha256}").json()["data"]
    assert verify["valid"] is True
    assert verify["signedBy"] == "Ivan Investor"
    assert MARK not in str(verify)

    # Revoke: access ends at once; a link issued before works only within its 300 s lifetime.
    early_link = investor_api.get(f"/api/pitches/{nda_pitch.pk}/documents/{document.pk}/download")
    assert early_link.status_code == 302
    revoked = creator_api.post(
        f"/api/ndas/{row.pk}/revoke", {"reason": "Deal is off"}, format="json"
    )
    assert revoked.status_code == 200
    assert revoked.json()["data"]["nda"]["status"] == "revoked"
    after = investor_api.get(f"/api/pitches/{nda_pitch.pk}").content.decode()
    assert MARK not in after
    assert "Harbour of Whispers" in after
    refused = investor_api.get(f"/api/pitches/{nda_pitch.pk}/documents/{document.pk}/download")
    assert refused.status_code == 404
    with time_machine.travel(timezone.now() + timedelta(seconds=301)):
        assert investor_api.get(urlparse(early_link["Location"]).path).status_code == 404
    nda_pitch.refresh_from_db()
    assert nda_pitch.nda_count == 0

    actions = set(AuditLog.objects.filter(object_id=str(row.pk)).values_list("action", flat=True))
    assert {"ndas.request.created", "ndas.request.approved", "ndas.nda.revoked"} <= actions
    assert {m.to[0] for m in mailoutbox} <= {creator.email, investor.email}
    assert all(MARK not in m.body for m in mailoutbox)
