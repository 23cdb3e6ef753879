"""Approval and signature in either order: the SPA's request, approve, then sign, and our pages'
sign at request, then approve. Access opens exactly when both exist, never before."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from analytics.models import AuditLog
from messaging.models import Notification
from ndas import services
from ndas.models import Nda, NdaRequest
from pitches import access
from pitches.models import PitchAccess
from pitchey.errors import Conflict, DomainError, NotFoundError
from tests.ndas.conftest import MARK, make_request
from tests.ndas.test_markers import _client as _session_client
from tests.ndas.test_markers import _leaks, _nda_bodies

pytestmark = pytest.mark.django_db


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _ask(pitch, user) -> NdaRequest:
    return services.request_nda(pitch=pitch, requester=user, message="May I read it?")


def _sign(row: NdaRequest, user, name: str = "Ivan Investor") -> NdaRequest:
    return services.sign_nda(nda_request=row, actor=user, full_name=name, consent=True)


def _opened(pitch, user) -> bool:
    return access.can_view_confidential(user, pitch)


# --- the state machine -----------------------------------------------------------------------


def test_request_then_approve_then_sign_opens_access_only_at_signature(
    nda_pitch, investor, creator
):
    row = _ask(nda_pitch, investor)
    assert (row.status, row.is_signed, row.text_sha256) == ("pending", False, "")
    services.approve_nda(
        nda_request=row, actor=creator, custom_terms="No agencies.", expiry_days=30
    )
    row.refresh_from_db()
    assert row.awaits_signature
    assert not Nda.objects.exists()
    assert not PitchAccess.objects.exists()
    assert not _opened(nda_pitch, investor)

    signed = _sign(row, investor)
    nda = Nda.objects.get(pk=signed.pk)
    assert nda.custom_terms == "No agencies."
    assert nda.access_expires_at is not None
    assert nda.access_expires_at - timezone.now() > timedelta(days=29)
    assert signed.signer_name == "Ivan Investor"
    assert len(signed.text_sha256) == 64
    assert PitchAccess.objects.live().get(user=investor, pitch=nda_pitch).source_id == str(nda.pk)
    assert _opened(nda_pitch, investor)
    nda_pitch.refresh_from_db()
    assert nda_pitch.nda_count == 1
    actions = list(
        AuditLog.objects.filter(object_id=str(row.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "ndas.request.created",
        "ndas.request.approved",
        "ndas.request.signed",
        "ndas.nda.executed",
    ]


def test_sign_at_request_then_approve_opens_access_at_approval(nda_pitch, investor, creator):
    row = make_request(nda_pitch, investor)
    assert row.is_signed
    assert row.status == "pending"
    assert not _opened(nda_pitch, investor)
    services.approve_nda(nda_request=row, actor=creator)
    assert _opened(nda_pitch, investor)
    assert Nda.objects.filter(pk=row.pk, status="approved").exists()


def test_request_then_sign_then_approve(nda_pitch, investor, creator):
    row = _ask(nda_pitch, investor)
    _sign(row, investor)
    assert not _opened(nda_pitch, investor)
    assert Notification.objects.filter(user=creator, kind="nda_signed").exists()
    services.approve_nda(nda_request=row, actor=creator)
    assert _opened(nda_pitch, investor)


def test_signature_rules(nda_pitch, investor, production, creator):
    row = _ask(nda_pitch, investor)
    with pytest.raises(NotFoundError):
        _sign(row, production)
    with pytest.raises(DomainError, match="full legal name and tick the consent"):
        services.sign_nda(nda_request=row, actor=investor, full_name="Ivan", consent=False)
    with pytest.raises(DomainError, match="NDA text changed"):
        services.sign_nda(
            nda_request=row,
            actor=investor,
            full_name="Ivan Investor",
            consent=True,
            text_sha256="0" * 64,
        )
    row.refresh_from_db()
    assert not row.is_signed
    _sign(row, investor)
    with pytest.raises(Conflict, match="already signed"):
        _sign(row, investor)
    rejected = _ask(nda_pitch, production)
    services.reject_nda(nda_request=rejected, actor=creator, reason="No.")
    with pytest.raises(Conflict, match="can no longer be signed"):
        _sign(rejected, production)


def test_an_unsigned_approval_can_be_revoked_or_withdrawn_and_then_not_signed(
    nda_pitch, investor, production, creator
):
    first = _ask(nda_pitch, investor)
    services.approve_nda(nda_request=first, actor=creator)
    services.revoke_nda(nda_request=first, actor=creator, reason="Changed my mind.")
    first.refresh_from_db()
    assert first.status == "revoked"
    with pytest.raises(Conflict):
        _sign(first, investor)
    second = _ask(nda_pitch, production)
    services.approve_nda(nda_request=second, actor=creator)
    services.withdraw_nda_request(nda_request=second, actor=production)
    second.refresh_from_db()
    assert second.status == "withdrawn"
    assert not PitchAccess.objects.exists()
    nda_pitch.refresh_from_db()
    assert nda_pitch.nda_count == 0


def test_an_approval_left_unsigned_expires_after_thirty_days(nda_pitch, investor, creator):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        row = _ask(nda_pitch, investor)
        services.approve_nda(nda_request=row, actor=creator)
    with time_machine.travel(start + timedelta(days=31), tick=False):
        with pytest.raises(Conflict, match="expired"):
            _sign(row, investor)
        assert services.expire_stale_requests() == 1
        row.refresh_from_db()
        assert row.status == "expired"
        note = Notification.objects.filter(user=investor, kind="nda_expired").get()
        assert "not signed" in note.body
        # The pair may ask again.
        assert _ask(nda_pitch, investor).status == "pending"


# --- the API, as the SPA drives it -------------------------------------------------------------


def test_spa_request_approve_sign_cycle_with_the_keys_it_reads(nda_pitch, investor, creator):
    buyer, owner = _client(investor), _client(creator)
    created = buyer.post(
        "/api/ndas/request",
        {"pitchId": nda_pitch.pk, "ndaType": "basic", "message": "Hello", "expiryDays": 90},
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["success"] is True
    # nda.service.ts requestNDA reads the request from `data` itself.
    assert body["data"]["id"] == body["data"]["nda"]["id"]
    assert body["data"]["pitchId"] == nda_pitch.pk
    assert body["data"]["status"] == "pending"
    assert body["data"]["isSigned"] is False
    nda_id = body["data"]["id"]

    status = buyer.get(f"/api/ndas/pitch/{nda_pitch.pk}/status").json()["data"]
    assert (status["hasNDA"], status["canAccess"], status["nda"]["status"]) == (
        True,
        False,
        "pending",
    )

    incoming = owner.get("/api/ndas/incoming-requests").json()["data"]["ndaRequests"]
    assert incoming[0]["requester"]["username"] == investor.username
    assert incoming[0]["username"] == incoming[0]["requesterUsername"] == investor.username
    listed = owner.get("/api/ndas").json()["data"]["ndas"]
    assert (listed[0]["username"], listed[0]["creatorName"], listed[0]["pitch"]["genre"]) == (
        investor.username,
        creator.display_name,
        nda_pitch.genre,
    )
    assert incoming[0]["pitch"]["genre"] == nda_pitch.genre
    assert incoming[0]["creatorName"] == creator.display_name

    approved = owner.post(f"/api/ndas/{nda_id}/approve", {"expiryDays": 30}, format="json")
    assert approved.status_code == 200
    assert approved.json()["data"]["nda"]["status"] == "approved"  # the wizard's "review" step
    assert approved.json()["data"]["nda"]["accessGranted"] is False
    pitch = buyer.get(f"/api/pitches/{nda_pitch.pk}").content.decode()
    assert MARK not in pitch

    signed = buyer.post(
        f"/api/ndas/{nda_id}/sign",
        {
            "ndaId": nda_id,
            "signature": "Ivan Investor - 2026-01-01T00:00:00Z",
            "fullName": "Ivan Investor",
            "title": "Partner",
            "company": "Ivan Capital",
            "address": "1 Quay",
            "acceptTerms": True,
        },
        format="json",
    )
    assert signed.status_code == 200, signed.content
    data = signed.json()["data"]
    assert data["nda"]["status"] == "signed"
    assert data["nda"]["accessGranted"] is True
    assert data["conversation"] == {
        "creatorId": creator.pk,
        "creatorName": creator.display_name,
        "pitchTitle": nda_pitch.title,
    }
    status = buyer.get(f"/api/ndas/pitch/{nda_pitch.pk}/status").json()["data"]
    assert (status["hasNDA"], status["hasSignedNDA"], status["canAccess"]) == (True, True, True)
    assert status["nda"]["status"] == "signed"
    assert f"{MARK}-long_synopsis" in buyer.get(f"/api/pitches/{nda_pitch.pk}").content.decode()


def test_sign_api_bad_input_and_someone_elses_request(nda_pitch, investor, production):
    row = _ask(nda_pitch, investor)
    stranger = _client(production).post(
        f"/api/ndas/{row.pk}/sign",
        {"fullName": "Pat Producer", "acceptTerms": True},
        format="json",
    )
    assert stranger.status_code == 404
    refused = _client(investor).post(
        f"/api/ndas/{row.pk}/sign",
        {"fullName": "Ivan Investor", "acceptTerms": False},
        format="json",
    )
    assert refused.status_code == 400
    assert "acceptTerms" in refused.json()["error"]["details"]
    nameless = _client(investor).post(f"/api/ndas/{row.pk}/sign", {}, format="json")
    assert nameless.status_code == 400
    assert "fullName" in nameless.json()["error"]["details"]
    row.refresh_from_db()
    assert not row.is_signed
    # A bare typed signature string is a signature (pitch.service.ts signNDA).
    bare = _client(investor).post(
        f"/api/ndas/{row.pk}/sign", {"signature": "Ivan Investor"}, format="json"
    )
    assert bare.status_code == 200
    row.refresh_from_db()
    assert row.signer_name == "Ivan Investor"


@pytest.mark.parametrize("order", ["sign-at-request", "request-approve-sign"])
def test_no_protected_material_before_both_approval_and_signature(
    order, nda_pitch, investor, creator, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        row = (
            make_request(nda_pitch, investor)
            if order == "sign-at-request"
            else _ask(nda_pitch, investor)
        )
    assert not _leaks(_nda_bodies(_session_client(investor), nda_pitch, [row.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        services.approve_nda(nda_request=row, actor=creator)
    if order == "request-approve-sign":
        # Approved but unsigned: still nothing protected, in any channel.
        assert not _leaks(_nda_bodies(_session_client(investor), nda_pitch, [row.pk]))
        with django_capture_on_commit_callbacks(execute=True):
            _sign(row, investor)
    assert _leaks(_nda_bodies(_session_client(investor), nda_pitch, [row.pk]))
    assert all(MARK not in m.body for m in mailoutbox)
