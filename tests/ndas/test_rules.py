"""Each NDA rule: duplicates, owners, blocks, who decides, expiry, withdrawal, bulk, verify."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.services import block_user
from analytics.models import AuditLog
from messaging.models import Notification
from ndas import services
from ndas.models import Nda, NdaRequest
from pitches import access
from pitches.models import PitchAccess
from pitchey.errors import NotAllowed
from tests.factories import UserFactory
from tests.ndas.conftest import make_request, signature
from tests.pitches.factories import PitchFactory

pytestmark = pytest.mark.django_db


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _post_request(client: APIClient, pitch, **extra):
    return client.post(
        "/api/ndas/request", {"pitchId": pitch.pk, "signature": signature(), **extra}, format="json"
    )


# --- requesting -------------------------------------------------------------------------------


def test_a_second_request_while_pending_or_approved_is_409(nda_pitch, investor, creator):
    client = _client(investor)
    assert _post_request(client, nda_pitch).status_code == 201
    second = _post_request(client, nda_pitch)
    assert second.status_code == 409
    assert second.json()["error"]["code"] == "CONFLICT"
    services.approve_nda(nda_request=NdaRequest.objects.get(), actor=creator)
    assert _post_request(client, nda_pitch).status_code == 409
    assert NdaRequest.objects.count() == 1


def test_after_rejection_a_new_request_is_allowed(nda_pitch, investor, creator):
    services.reject_nda(nda_request=make_request(nda_pitch, investor), actor=creator, reason="no")
    assert _post_request(_client(investor), nda_pitch).status_code == 201


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_requests_make_exactly_one_row(nda_pitch, investor):
    barrier = threading.Barrier(2)
    results: list[str] = []

    def attempt() -> None:
        try:
            barrier.wait()
            make_request(nda_pitch, investor)
            results.append("ok")
        except services.Conflict:
            results.append("conflict")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["conflict", "ok"]
    assert NdaRequest.objects.filter(pitch=nda_pitch, requester=investor).count() == 1


def test_the_owner_cannot_request_their_own_pitch(nda_pitch, creator):
    response = _post_request(_client(creator), nda_pitch)
    assert response.status_code == 403
    assert not NdaRequest.objects.exists()


@pytest.mark.parametrize("owner_blocks", [True, False])
def test_a_blocked_user_cannot_request(nda_pitch, investor, owner_blocks):
    owner = nda_pitch.owner
    blocker, target = (owner, investor) if owner_blocks else (investor, owner)
    block_user(blocker=blocker, target=target)
    response = _post_request(_client(investor), nda_pitch)
    assert response.status_code == 403
    assert not NdaRequest.objects.exists()


def test_production_may_request_and_watchers_are_told_what_their_role_can_do(
    nda_pitch, watcher, production
):
    refused = _post_request(_client(watcher), nda_pitch)
    assert refused.status_code == 403
    assert "Watchers follow, like and save pitches" in refused.json()["error"]["message"]
    assert not NdaRequest.objects.filter(requester=watcher).exists()
    with pytest.raises(NotAllowed, match="Watchers follow"):
        make_request(nda_pitch, watcher)
    assert _post_request(_client(production), nda_pitch).status_code == 201


def test_a_signature_needs_a_name_and_consent(nda_pitch, investor):
    client = _client(investor)
    response = client.post(
        "/api/ndas/request",
        {"pitchId": nda_pitch.pk, "signature": {"fullName": "Ivan", "consent": False}},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"
    assert "signature" in response.json()["error"]["details"]
    blank_name = {"pitchId": nda_pitch.pk, "signature": {"fullName": " ", "consent": True}}
    nameless = client.post("/api/ndas/request", blank_name, format="json")
    assert nameless.status_code == 400
    stale = _post_request(client, nda_pitch, textSha256="0" * 64)
    assert stale.status_code == 400
    assert not NdaRequest.objects.exists()


def test_a_draft_or_missing_pitch_is_404(creator, investor):
    draft = PitchFactory(owner=creator, status="draft", published_at=None)
    assert _post_request(_client(investor), draft).status_code == 404
    missing = _client(investor).post(
        "/api/ndas/request", {"pitchId": 999999, "signature": signature()}, format="json"
    )
    assert missing.status_code == 404


# --- deciding ---------------------------------------------------------------------------------


def test_only_the_owner_decides_someone_elses_request_is_404(nda_pitch, investor, other_creator):
    row = make_request(nda_pitch, investor)
    for user in (other_creator, investor):
        client = _client(user)
        for action in ("approve", "reject", "revoke"):
            response = client.post(f"/api/ndas/{row.pk}/{action}", {}, format="json")
            assert response.status_code == 404, (user, action)
    assert _client(other_creator).get(f"/api/ndas/{row.pk}").status_code == 404
    row.refresh_from_db()
    assert row.status == "pending"
    assert not PitchAccess.objects.exists()


def test_approve_validates_its_input(nda_pitch, investor, creator):
    row = make_request(nda_pitch, investor)
    response = _client(creator).post(
        f"/api/ndas/{row.pk}/approve", {"expiryDays": -3}, format="json"
    )
    assert response.status_code == 400
    assert "expiryDays" in response.json()["error"]["details"]
    row.refresh_from_db()
    assert row.status == "pending"


def test_approve_with_never_expiring_access(nda_pitch, investor, creator):
    row = make_request(nda_pitch, investor)
    response = _client(creator).post(
        f"/api/ndas/{row.pk}/approve", {"expiryDays": None}, format="json"
    )
    assert response.status_code == 200
    assert Nda.objects.get(pk=row.pk).access_expires_at is None
    assert PitchAccess.objects.get().expires_at is None


def test_reject_with_a_reason_tells_the_requester(nda_pitch, investor, creator):
    row = make_request(nda_pitch, investor)
    response = _client(creator).post(
        f"/api/ndas/{row.pk}/reject", {"rejectionReason": "Too early"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["data"]["nda"]["rejectionReason"] == "Too early"
    assert Notification.objects.filter(user=investor, kind="nda_rejected").exists()
    assert not access.can_view_confidential(investor, nda_pitch)


def test_withdrawal_of_a_pending_request(nda_pitch, investor, other_creator):
    row = make_request(nda_pitch, investor)
    assert _client(other_creator).post(f"/api/ndas/{row.pk}/withdraw").status_code == 404
    response = _client(investor).post(f"/api/ndas/{row.pk}/withdraw")
    assert response.status_code == 200
    assert response.json()["data"]["nda"]["status"] == "withdrawn"
    assert _client(investor).post(f"/api/ndas/{row.pk}/withdraw").status_code == 409
    assert AuditLog.objects.filter(action="ndas.request.withdrawn", object_id=str(row.pk)).exists()


def test_bulk_approve_with_a_foreign_id_approves_nothing(
    nda_pitch, investor, production, creator, other_creator
):
    mine = make_request(nda_pitch, investor)
    foreign = make_request(PitchFactory(owner=other_creator), production)
    response = _client(creator).post(
        "/api/ndas/bulk-approve", {"ndaIds": [mine.pk, foreign.pk]}, format="json"
    )
    assert response.status_code == 404
    assert NdaRequest.objects.filter(status="approved").count() == 0
    assert not PitchAccess.objects.exists()


def test_bulk_approve_and_reject(nda_pitch, investor, production, creator):
    a, b = make_request(nda_pitch, investor), make_request(nda_pitch, production)
    c = make_request(nda_pitch, UserFactory(user_type="investor"))
    services.reject_nda(nda_request=b, actor=creator)
    response = _client(creator).post(
        "/api/ndas/bulk-approve", {"ndaIds": [a.pk, b.pk]}, format="json"
    )
    data = response.json()["data"]
    assert data["successful"] == [a.pk]
    assert [f["id"] for f in data["failed"]] == [b.pk]
    rejected = _client(creator).post(
        "/api/ndas/bulk-reject", {"ndaIds": [c.pk], "reason": "Full"}, format="json"
    )
    assert rejected.json()["data"]["successful"] == [c.pk]
    assert (
        _client(creator).post("/api/ndas/bulk-approve", {"ndaIds": []}, format="json").status_code
        == 400
    )


# --- time ---------------------------------------------------------------------------------------


def test_unanswered_requests_expire_after_30_days(nda_pitch, investor, creator):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        row = make_request(nda_pitch, investor)
    with time_machine.travel(start + timedelta(days=29), tick=False):
        assert services.expire_stale_requests() == 0
    with time_machine.travel(start + timedelta(days=31), tick=False):
        response = _client(creator).post(f"/api/ndas/{row.pk}/approve", {}, format="json")
        assert response.status_code == 409
        call_command("expire_nda_requests", "--dry-run")
        assert NdaRequest.objects.get(pk=row.pk).status == "pending"
        call_command("expire_nda_requests")
        assert NdaRequest.objects.get(pk=row.pk).status == "expired"
        assert _post_request(_client(investor), nda_pitch).status_code == 201


def test_granted_access_ends_at_its_length_even_before_the_job_runs(nda_pitch, investor, creator):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        row = make_request(nda_pitch, investor)
        services.approve_nda(nda_request=row, actor=creator, expiry_days=10)
        assert access.can_view_confidential(investor, nda_pitch)
    with time_machine.travel(start + timedelta(days=4), tick=False):
        assert services.send_expiry_warnings() == 1
        assert services.send_expiry_warnings() == 0  # once
        assert Notification.objects.filter(kind="nda_expiring").count() == 2
    with time_machine.travel(start + timedelta(days=11), tick=False):
        assert not access.can_view_confidential(investor, nda_pitch)
        status = _client(investor).get(f"/api/ndas/pitch/{nda_pitch.pk}/status").json()["data"]
        assert status["canAccess"] is False
        assert status["hasSignedNDA"] is False
        assert status["hasNDA"] is True  # there is a request to show, now expired
        assert status["nda"]["status"] == "expired"
        assert services.expire_access(dry_run=True) == 1
        call_command("expire_nda_access")
        assert Nda.objects.get(pk=row.pk).status == "expired"
        assert NdaRequest.objects.get(pk=row.pk).status == "expired"
        nda_pitch.refresh_from_db()
        assert nda_pitch.nda_count == 0


def test_reminders_at_most_once_per_request_per_day(nda_pitch, investor, creator):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        row = make_request(nda_pitch, investor)
        assert _client(investor).post(f"/api/ndas/{row.pk}/remind").status_code == 200
        assert _client(investor).post(f"/api/ndas/{row.pk}/remind").status_code == 409
    with time_machine.travel(start + timedelta(hours=23), tick=False):
        assert services.send_pending_reminders() == 0
    with time_machine.travel(start + timedelta(days=1, hours=1), tick=False):
        assert services.send_pending_reminders(dry_run=True) == 1
        assert services.send_pending_reminders() == 1
        assert services.send_pending_reminders() == 0
    assert Notification.objects.filter(user=creator, kind="nda_reminder").count() == 2


# --- verify, standard text, custom NDA --------------------------------------------------------


def test_verify_a_tampered_hash_is_not_valid(nda_pitch, investor, creator):
    row = make_request(nda_pitch, investor)
    services.approve_nda(nda_request=row, actor=creator)
    good = Nda.objects.get(pk=row.pk).document_sha256
    tampered = ("0" if good[0] != "0" else "1") + good[1:]
    assert APIClient().get(f"/api/ndas/verify/{good}").json()["data"]["valid"] is True
    assert APIClient().get(f"/api/ndas/verify/{row.text_sha256}").json()["data"]["valid"] is True
    assert APIClient().get(f"/api/ndas/verify/{tampered}").json()["data"]["valid"] is False
    assert APIClient().get("/api/ndas/verify/not-a-hash").json()["data"]["valid"] is False
    page = APIClient().get(f"/verify/nda/{good}/")
    assert page.status_code == 200
    assert b"Ivan Investor" in page.content
    assert b'data-valid="false"' in APIClient().get(f"/verify/nda/{tampered}/").content


def test_the_standard_nda_is_public_and_versioned(nda_pitch):
    response = APIClient().get(
        "/api/ndas/standard",
        {
            "recipientName": "Rita Reader",
            "disclosingName": "Dan Discloser",
            "projectName": "Moon",
            "date": "2026-01-02",
        },
    )
    data = response.json()["data"]
    assert data["name"] == "Pitchey Standard NDA v1"
    assert data["version"] == 1
    assert "Rita Reader" in data["content"]
    assert "Dan Discloser" in data["content"]
    assert "2026-01-02" in data["content"]
    assert '"Moon"' in data["content"]
    by_pitch = APIClient().get("/api/ndas/standard", {"pitchId": nda_pitch.pk}).json()["data"]
    assert "Harbour of Whispers" in by_pitch["content"]
    assert APIClient().get("/api/ndas/standard", {"date": "yesterday"}).status_code == 400


def test_a_custom_nda_pdf_is_type_checked_and_its_hash_is_signed(
    nda_pitch, creator, investor, other_creator
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.ndas.conftest import real_pdf

    client = _client(creator)
    fake = SimpleUploadedFile("nda.pdf", b"MZ not a pdf", content_type="application/pdf")
    bad = client.post(
        "/api/upload/nda", {"pitchId": nda_pitch.pk, "file": fake}, format="multipart"
    )
    assert bad.status_code == 400
    pdf = SimpleUploadedFile(
        "our-nda.pdf", real_pdf("Our own terms"), content_type="application/pdf"
    )
    foreign = _client(other_creator).post(
        "/api/upload/nda", {"pitchId": nda_pitch.pk, "file": pdf}, format="multipart"
    )
    assert foreign.status_code == 404
    pdf.seek(0)
    ok = client.post("/api/upload/nda", {"pitchId": nda_pitch.pk, "file": pdf}, format="multipart")
    assert ok.status_code == 201, ok.content
    digest = ok.json()["data"]["sha256"]
    agreement = _client(investor).get(f"/api/ndas/pitch/{nda_pitch.pk}/agreement").json()["data"]
    assert agreement["ndaType"] == "custom"
    assert digest in agreement["content"]
    nda_pitch.refresh_from_db()
    row = make_request(nda_pitch, investor)
    assert row.nda_type == "custom"
    assert row.custom_document_sha256 == digest


# --- reads --------------------------------------------------------------------------------------


def test_can_request_and_status(nda_pitch, investor, creator):
    client = _client(investor)
    first = client.get(f"/api/ndas/pitch/{nda_pitch.pk}/can-request").json()["data"]
    assert first["canRequest"] is True
    assert first["existingNDA" if "existingNDA" in first else "existingNda"] is None
    make_request(nda_pitch, investor)
    again = client.get(f"/api/ndas/pitch/{nda_pitch.pk}/can-request").json()["data"]
    assert again["canRequest"] is False
    own = _client(creator).get(f"/api/ndas/pitch/{nda_pitch.pk}/can-request").json()["data"]
    assert own["canRequest"] is False
    assert "own pitch" in own["reason"]


def test_stats_for_the_user_and_per_pitch(nda_pitch, investor, production, creator, other_creator):
    services.approve_nda(nda_request=make_request(nda_pitch, investor), actor=creator)
    make_request(nda_pitch, production)
    stats = _client(creator).get("/api/ndas/stats").json()["data"]["stats"]
    assert stats["incoming"]["pending"] == 1
    assert stats["incoming"]["approved"] == 1
    per_pitch = _client(creator).get(f"/api/ndas/stats/{nda_pitch.pk}").json()["data"]["stats"]
    assert per_pitch["active"] == 1
    assert per_pitch["ndaCount"] == 1
    assert _client(other_creator).get(f"/api/ndas/stats/{nda_pitch.pk}").status_code == 404


def test_download_signed_is_for_the_parties_only(nda_pitch, investor, creator, other_creator):
    row = make_request(nda_pitch, investor)
    assert (
        _client(investor).get(f"/api/ndas/{row.pk}/download-signed").status_code == 404
    )  # not yet
    services.approve_nda(nda_request=row, actor=creator)
    assert _client(other_creator).get(f"/api/ndas/{row.pk}/download-signed").status_code == 404
    assert _client(investor).get(f"/api/ndas/{row.pk}/download-signed").status_code == 302


def test_access_log_csv_is_the_owners(nda_pitch, investor, creator, other_creator):
    services.approve_nda(nda_request=make_request(nda_pitch, investor), actor=creator)
    document = nda_pitch.documents.get()
    _client(investor).get(
        f"/api/pitches/{nda_pitch.pk}/documents/{document.pk}/download", REMOTE_ADDR="198.51.100.7"
    )
    client = APIClient()
    client.force_login(creator)
    csv = client.get(f"/creator/ndas/pitch/{nda_pitch.pk}/access-log/?format=csv")
    assert csv["Content-Type"].startswith("text/csv")
    text = csv.content.decode()
    assert investor.email in text
    assert "198.51.100.7" in text
    other = APIClient()
    other.force_login(other_creator)
    assert other.get(f"/creator/ndas/pitch/{nda_pitch.pk}/access-log/").status_code == 404


def test_someone_else_cannot_remind_or_read(nda_pitch, investor, production, other_creator):
    row = make_request(nda_pitch, investor)
    for user in (production, other_creator):
        assert _client(user).post(f"/api/ndas/{row.pk}/remind").status_code == 404
        assert _client(user).get(f"/api/ndas/{row.pk}").status_code == 404
    row.refresh_from_db()
    assert row.last_reminded_at is None


def test_the_can_request_answer_is_composed_once_for_every_door(nda_pitch, investor, creator):
    from ndas import selectors

    first = selectors.request_answer(investor, nda_pitch)
    assert (first.can_request, first.reason, first.existing) == (True, None, None)
    row = make_request(nda_pitch, investor)
    pending = selectors.request_answer(investor, nda_pitch)
    assert pending.reason == "You already have a pending NDA."
    assert pending.existing == row
    assert not selectors.request_answer(creator, nda_pitch).can_request
    with pytest.raises(services.NotAllowed, match="your own pitch"):
        make_request(nda_pitch, creator)
