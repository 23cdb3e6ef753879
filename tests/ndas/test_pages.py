"""The NDA pages: request access with signature, the requester's list, the creator's inbox."""

from __future__ import annotations

import pytest
from django.test import Client

from ndas.models import NdaRequest
from ndas.text import sha256_text
from pitches.models import PitchAccess
from tests.factories import UserFactory
from tests.ndas.conftest import make_request

pytestmark = pytest.mark.django_db


def _login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_request_access_page_signs_and_lists(nda_pitch, investor):
    client = _login(investor)
    page = client.get(f"/pitches/{nda_pitch.pk}/request-access/")
    assert page.status_code == 200
    text_hash = page.context["agreement"].sha256
    assert text_hash.encode() in page.content
    bad = client.post(
        f"/pitches/{nda_pitch.pk}/request-access/",
        {"full_name": "Ivan Investor", "text_sha256": text_hash},
    )
    assert bad.status_code == 200
    assert not NdaRequest.objects.exists()
    done = client.post(
        f"/pitches/{nda_pitch.pk}/request-access/",
        {
            "full_name": "Ivan Investor",
            "consent": "on",
            "message": "Hello",
            "text_sha256": text_hash,
        },
        HTTP_USER_AGENT="browser/1",
    )
    assert done.status_code == 302
    row = NdaRequest.objects.get()
    assert row.signer_user_agent == "browser/1"
    assert row.signed_text.startswith(page.context["agreement"].content)
    assert row.text_sha256 == sha256_text(row.signed_text) != text_hash
    listing = client.get("/ndas/")
    assert b"Harbour of Whispers" in listing.content
    panel = client.get(f"/pitch/{nda_pitch.slug}/")
    assert b'data-status="pending"' in panel.content


def test_inbox_approve_reject_revoke_and_bulk(
    nda_pitch, creator, investor, production, other_creator
):
    second_investor = UserFactory(user_type="investor")
    a, b, c = (make_request(nda_pitch, u) for u in (investor, production, second_investor))
    client = _login(creator)
    inbox = client.get("/creator/ndas/")
    assert inbox.status_code == 200
    assert str(a.signer_name).encode() in inbox.content
    assert (
        _login(other_creator)
        .post(f"/creator/ndas/{a.pk}/approve/", {"expiry_days": 30})
        .status_code
        == 404
    )
    client.post(f"/creator/ndas/{a.pk}/approve/", {"expiry_days": 0, "custom_terms": ""})
    a.refresh_from_db()
    assert a.status == "approved"
    assert PitchAccess.objects.get().expires_at is None
    client.post("/creator/ndas/bulk/", {"ids": [b.pk, c.pk], "action": "reject", "reason": "Full"})
    assert set(NdaRequest.objects.filter(pk__in=[b.pk, c.pk]).values_list("status", flat=True)) == {
        "rejected"
    }
    client.post(f"/creator/ndas/{a.pk}/revoke/", {"reason": "done"})
    a.refresh_from_db()
    assert a.status == "revoked"
    assert client.get(f"/creator/ndas/pitch/{nda_pitch.pk}/access-log/").status_code == 200


def test_withdraw_from_the_list_page(nda_pitch, investor, production):
    row = make_request(nda_pitch, investor)
    assert _login(production).post(f"/ndas/{row.pk}/withdraw/").status_code == 404
    _login(investor).post(f"/ndas/{row.pk}/withdraw/")
    row.refresh_from_db()
    assert row.status == "withdrawn"


def test_pages_ask_first_then_sign_after_approval(nda_pitch, investor, creator):
    buyer, owner = _login(investor), _login(creator)
    url = f"/pitches/{nda_pitch.pk}/request-access/"
    asked = buyer.post(
        url, {"action": "ask", "ask-message": "Keen", "ask-company_name": "Ivan Cap"}
    )
    assert asked.status_code == 302
    row = NdaRequest.objects.get()
    assert (row.is_signed, row.message, row.company_info) == (
        False,
        "Keen",
        {"company_name": "Ivan Cap"},
    )
    panel = buyer.get(f"/pitch/{nda_pitch.slug}/").content
    assert b'data-status="pending" data-signed="false"' in panel
    inbox = owner.get("/creator/ndas/").content
    assert b"Not signed yet" in inbox
    owner.post(f"/creator/ndas/{row.pk}/approve/", {"expiry_days": 30})
    row.refresh_from_db()
    assert row.awaits_signature
    assert not PitchAccess.objects.exists()
    listing = buyer.get("/ndas/").content
    assert b'data-action="sign"' in listing
    page = buyer.get(url)
    assert b'id="nda-to-sign" data-status="approved"' in page.content
    # Another request is refused while this one waits; the only action offered is signing.
    again = buyer.post(url, {"action": "ask", "ask-message": "again"})
    assert again.status_code == 200
    assert NdaRequest.objects.count() == 1
    text_hash = page.context["agreement"].sha256
    signed = buyer.post(
        url,
        {"action": "sign", "full_name": "Ivan Investor", "consent": "on", "text_sha256": text_hash},
    )
    assert signed.status_code == 302
    row.refresh_from_db()
    assert row.signed_text.startswith(page.context["agreement"].content)
    assert row.text_sha256 == sha256_text(row.signed_text) != text_hash
    assert PitchAccess.objects.live().filter(user=investor, pitch=nda_pitch).exists()
    assert b'data-status="approved"' in buyer.get(f"/pitch/{nda_pitch.slug}/").content


def test_signing_on_the_page_needs_consent(nda_pitch, investor):
    buyer = _login(investor)
    url = f"/pitches/{nda_pitch.pk}/request-access/"
    buyer.post(url, {"action": "ask"})
    refused = buyer.post(url, {"action": "sign", "full_name": "Ivan Investor"})
    assert refused.status_code == 200
    assert not NdaRequest.objects.get().is_signed
