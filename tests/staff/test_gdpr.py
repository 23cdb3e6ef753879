"""GDPR (AD11): access requests export everything as a signed download; erasure leaves no
personal data of the person in any table while every ledger sum stays the same."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from urllib.parse import urlparse

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Sum, TextField
from django.db.models.functions import Cast

from accounts.models import User
from billing import services as billing_services
from billing.models import CreditEntry, Payment
from investments import services as investment_services
from investments.models import Deal, DealEvent, Transaction
from pitches.models import Pitch
from staff.models import GdprRequest
from tests.accounts.conftest import browser_client, log_in
from tests.factories import UserFactory
from tests.pitches.factories import PitchFactory
from tests.staff.conftest import client_for, enable_real_mfa, make_staff
from tests.staff.gdpr_life import EMAIL, EVIDENCE, IP, MARKERS, live_a_little

pytestmark = pytest.mark.django_db


@pytest.fixture
def gdpr_admin():
    admin = make_staff("admin")
    codes = enable_real_mfa(admin)
    api = client_for(admin)
    confirmed = api.post("/api/admin/reauth", {"password": "Demo123", "code": codes[0]})
    assert confirmed.status_code == 200
    return api


@pytest.fixture
def zelda(request) -> User:
    return UserFactory(
        email=EMAIL,
        username="zelda_erase",
        first_name="Zelda",
        last_name="Quixotic",
        phone="+44 7700 900123",
        user_type=getattr(request, "param", "creator"),
    )


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
            column = f"{model._meta.db_table}.{field.column}"
            if hits and column not in EVIDENCE:
                found.append(column)
    return found


def _ledgers() -> tuple[object, ...]:
    return (
        CreditEntry.objects.aggregate(s=Sum("amount"))["s"],
        CreditEntry.objects.count(),
        Payment.objects.aggregate(s=Sum("amount"))["s"] or Decimal("0"),
        Transaction.objects.aggregate(s=Sum("amount"))["s"] or Decimal("0"),
        Transaction.objects.count(),
        Deal.objects.aggregate(s=Sum("amount"))["s"] or Decimal("0"),
    )


@pytest.mark.parametrize("zelda", ["creator", "investor", "production"], indirect=True)
def test_erasure_leaves_no_personal_data_and_ledgers_unchanged(zelda, creator, gdpr_admin):
    extra = live_a_little(zelda, creator)
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
    left = {marker: _rows_naming(marker) for marker in [*MARKERS, *extra]}
    assert left == {marker: [] for marker in left}
    assert _ledgers() == ledgers
    assert billing_services.balance_of(zelda.pk) == zelda_balance
    zelda.refresh_from_db()
    assert not zelda.is_active
    assert not zelda.company_verified
    assert not Pitch.objects.filter(owner=zelda).exclude(status=Pitch.Status.ARCHIVED).exists()


@pytest.mark.parametrize("zelda", ["investor"], indirect=True)
def test_deleting_ones_own_account_is_the_same_erasure(zelda, creator):
    extra = live_a_little(zelda, creator)
    ledgers = _ledgers()
    client = browser_client()
    client.defaults["REMOTE_ADDR"] = IP
    log_in(client, zelda)
    deleted = client.delete("/api/user/account", {"password": "Demo123"}, format="json")
    assert deleted.status_code == 200, deleted.content
    left = {marker: _rows_naming(marker) for marker in [*MARKERS, *extra]}
    assert left == {marker: [] for marker in left}
    assert _ledgers() == ledgers
    row = GdprRequest.objects.get(user=zelda)
    assert (row.kind, row.status, row.requested_by_id) == ("erasure", "completed", zelda.pk)
    assert client.get("/api/auth/session").status_code == 401


EXPORTED = {
    "creator": [
        "watchlist", "info_requests_answered", "nda_templates", "slates", "share_links",
        "deal_messages", "deal_steps", "submissions", "meetings", "calendar", "team_invites",
        "referrals", "project_collaborators",
    ],
    "investor": [
        "investments", "deal_messages", "deal_steps", "thesis", "research_notes", "diligence",
        "budget", "info_requests_made", "nda_requests_made", "meetings", "comparisons",
    ],
    "production": [
        "company_verifications", "open_calls", "reviews_given", "production_notes",
        "project_sheets", "teams_owned", "team_invites", "referrals", "project_collaborators",
        "collaborations", "submissions", "deal_messages", "meetings", "nda_requests_made",
    ],
}  # fmt: skip


@pytest.mark.parametrize("zelda", ["creator", "investor", "production"], indirect=True)
def test_access_request_exports_through_a_signed_download(
    zelda, creator, gdpr_admin, django_capture_on_commit_callbacks
):
    live_a_little(zelda, creator)
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
    assert [f["original_name"] for f in export["account"]["files"]] == ["quixotic-cv.pdf"]
    for key in EXPORTED[zelda.user_type]:
        text = json.dumps(export[key])
        assert "Quixotic" in text or EMAIL in text, key
    if zelda.user_type == "investor":
        assert export["investment_ledger"][0]["amount"] == "1000.00"
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


@contextmanager
def _redacting() -> Iterator[None]:
    """A transaction with erasure's switch on (as `investments.services.erasure` sets it)."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL pitchey.audit_redact = 'on'")
        yield


def test_erasure_may_blank_a_deal_step_note_and_nothing_else(creator, investor):
    pitch = PitchFactory(owner=creator, status=Pitch.Status.PUBLISHED)
    deal = investment_services.propose_deal(
        pitch=pitch, proposer=investor, deal_type="investment", amount="10"
    )
    investment_services.withdraw_deal(deal=deal, actor=investor, reason="Changed my mind")
    step = DealEvent.objects.filter(deal=deal).exclude(note="")
    with pytest.raises(IntegrityError), transaction.atomic():
        step.update(note="")  # not without the erasure's switch
    with pytest.raises(IntegrityError), _redacting():
        step.update(note="", to_status="proposed")
    with pytest.raises(IntegrityError), _redacting():
        DealEvent.objects.filter(deal=deal).delete()
    with _redacting():
        assert step.update(note="") == 1
