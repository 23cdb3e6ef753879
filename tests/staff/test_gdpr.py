"""GDPR (AD11): access requests export everything as a signed download; erasure leaves no
personal data of the person in any table while every ledger sum stays the same."""

from __future__ import annotations

import json
from decimal import Decimal
from urllib.parse import urlparse

import pytest
from django.apps import apps
from django.db import models
from django.db.models import Sum, TextField
from django.db.models.functions import Cast

from accounts.models import User
from billing import services as billing_services
from billing.models import CreditEntry, Payment
from content import services as content_services
from messaging import services as messaging_services
from pitches.engagement import services as engagement
from pitches.models import Pitch
from pitches.models.search import SavedSearch, SearchHistory
from staff.models import GdprRequest
from tests.accounts.conftest import browser_client, log_in
from tests.factories import UserFactory
from tests.pitches.factories import PitchFactory
from tests.staff.conftest import client_for, enable_real_mfa, make_staff

pytestmark = pytest.mark.django_db

IP = "198.51.100.77"
MARKERS = ["zelda.erase@example.com", "zelda_erase", "Quixotic", "+44 7700 900123", IP]


@pytest.fixture
def gdpr_admin():
    admin = make_staff("admin")
    codes = enable_real_mfa(admin)
    api = client_for(admin)
    confirmed = api.post("/api/admin/reauth", {"password": "Demo123", "code": codes[0]})
    assert confirmed.status_code == 200
    return api


@pytest.fixture
def zelda() -> User:
    return UserFactory(
        email="zelda.erase@example.com",
        username="zelda_erase",
        first_name="Zelda",
        last_name="Quixotic",
        phone="+44 7700 900123",
        user_type="creator",
    )


def _live_a_little(zelda: User, other: User) -> None:
    client = browser_client()
    client.defaults["REMOTE_ADDR"] = IP
    log_in(client, zelda)
    assert (
        client.put("/api/user/profile", {"bio": "Quixotic bio"}, format="json").status_code == 200
    )
    pitch = PitchFactory(owner=other, status=Pitch.Status.PUBLISHED)
    engagement.post_comment(pitch=pitch, author=zelda, body="Quixotic thoughts")
    conversation = messaging_services.start_conversation(creator=zelda, recipient_ids=[other.pk])
    messaging_services.send_message(
        sender=zelda, conversation=conversation, content="From Zelda Quixotic"
    )
    PitchFactory(owner=zelda, status=Pitch.Status.PUBLISHED, title="A tale of windmills")
    billing_services.grant_credits(user=zelda, amount=7, reason="Goodwill", actor=None)
    content_services.send_contact_message(
        kind="general",
        email=zelda.email,
        subject="About my account",
        message="Zelda Quixotic writing",
        name="Zelda Quixotic",
        sender=zelda,
        ip_address=IP,
    )
    content_services.record_client_error(
        source="error_log", report={"message": "zelda_erase saw a crash"}, user=zelda, ip_address=IP
    )
    SearchHistory.objects.create(user=zelda, query="Quixotic windmills", normalized="quixotic")
    SavedSearch.objects.create(owner=zelda, name="Quixotic picks", search_query="Quixotic")
    client.post(
        "/api/reports",
        {"targetType": "pitch", "targetId": str(pitch.pk), "reason": "spam",
         "details": "zelda.erase@example.com says so"},
        format="json",
    )  # fmt: skip


def _rows_naming(marker: str) -> list[str]:
    """Every table and column still holding `marker`."""
    found = []
    for model in apps.get_models():
        if not model._meta.managed or model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.GenericIPAddressField):
                hits = (
                    model._default_manager.filter(**{field.name: marker}).exists()
                    if (marker == IP)
                    else False
                )
            elif isinstance(field, models.CharField | models.TextField | models.JSONField):
                hits = (
                    model._default_manager.annotate(_text=Cast(field.name, TextField()))
                    .filter(_text__icontains=marker)
                    .exists()
                )
            else:
                continue
            if hits:
                found.append(f"{model._meta.db_table}.{field.column}")
    return found


def _ledgers() -> tuple[object, ...]:
    return (
        CreditEntry.objects.aggregate(s=Sum("amount"))["s"],
        CreditEntry.objects.count(),
        Payment.objects.aggregate(s=Sum("amount"))["s"] or Decimal("0"),
    )


def test_erasure_leaves_no_personal_data_and_ledgers_unchanged(zelda, creator, gdpr_admin):
    _live_a_little(zelda, creator)
    assert _rows_naming("Quixotic")  # the scan finds what is there before erasure
    assert _rows_naming(IP)
    ledgers = _ledgers()
    zelda_balance = billing_services.balance_of(zelda.pk)
    created = gdpr_admin.post(
        "/api/gdpr/requests",
        {"userId": zelda.pk, "type": "deletion", "details": "Zelda Quixotic asked by email"},
        format="json",
    )
    assert created.status_code == 201, created.content
    request_id = created.json()["request"]["id"]
    no_reason = gdpr_admin.post(f"/api/gdpr/requests/{request_id}/erase", {}, format="json")
    assert no_reason.status_code == 400
    erased = gdpr_admin.post(
        f"/api/gdpr/requests/{request_id}/erase", {"reason": "Art. 17 request"}, format="json"
    )
    assert erased.status_code == 200, erased.content
    assert erased.json()["request"]["status"] == "completed"
    for marker in MARKERS:
        assert _rows_naming(marker) == [], marker
    assert _ledgers() == ledgers
    assert billing_services.balance_of(zelda.pk) == zelda_balance
    zelda.refresh_from_db()
    assert not zelda.is_active
    assert Pitch.objects.get(owner=zelda).status == Pitch.Status.ARCHIVED


def test_access_request_exports_through_a_signed_download(
    zelda, creator, gdpr_admin, django_capture_on_commit_callbacks
):
    _live_a_little(zelda, creator)
    with django_capture_on_commit_callbacks(execute=True):
        created = gdpr_admin.post(
            "/api/gdpr/requests", {"userId": zelda.pk, "type": "export"}, format="json"
        )
    assert created.status_code == 201
    row = GdprRequest.objects.get()
    assert row.status == "completed"
    assert (row.due_at - row.created_at).days == 30
    listed = gdpr_admin.get("/api/gdpr/requests").json()["requests"][0]
    assert listed["downloadUrl"]
    redirect = gdpr_admin.get(f"/api/gdpr/requests/{row.pk}/download")
    assert redirect.status_code == 302
    served = client_for(None).get(urlparse(redirect["Location"]).path)
    export = json.loads(b"".join(served.streaming_content))
    assert export["account"]["profile"]["email"] == "zelda.erase@example.com"
    assert [m["content"] for m in export["messages_sent"]] == ["From Zelda Quixotic"]
    again = gdpr_admin.post(
        "/api/gdpr/requests", {"userId": zelda.pk, "type": "access"}, format="json"
    )
    assert again.status_code == 201  # the first one is completed, so a new one may open
    metrics = gdpr_admin.get("/api/gdpr/metrics").json()
    assert metrics["requests"]["access"] == 2
    consent = gdpr_admin.get("/api/gdpr/consent-metrics").json()
    assert consent["consents"]["total"] >= 2


def test_one_open_request_per_kind_and_bad_input(zelda, gdpr_admin):
    body = {"userId": zelda.pk, "type": "erasure"}
    assert gdpr_admin.post("/api/gdpr/requests", body, format="json").status_code == 201
    assert gdpr_admin.post("/api/gdpr/requests", body, format="json").status_code == 409
    wrong = gdpr_admin.post(
        "/api/gdpr/requests", {"userId": zelda.pk, "type": "teleport"}, format="json"
    )
    assert wrong.status_code == 400
    assert "type" in wrong.json()["error"]["details"]
    missing = gdpr_admin.post(
        "/api/gdpr/requests", {"userId": 999999, "type": "access"}, format="json"
    )
    assert missing.status_code == 404
    assert gdpr_admin.post("/api/gdpr/requests/999999/erase", {"reason": "x"}).status_code == 404
