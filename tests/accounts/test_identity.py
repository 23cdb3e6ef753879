"""Identity verification (A9, the Silver badge): start a session at the provider, read its
outcome back on return. The sandbox provider without Stripe keys; Stripe Identity over a local
fake of its HTTP endpoints with keys."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import stripe
from django.urls import reverse

from accounts.identity.models import IdentityVerification
from accounts.identity.providers import sandbox
from analytics.models import AuditLog
from billing.models import SandboxObject
from tests.accounts.fake_stripe_identity import FakeStripeIdentity

pytestmark = pytest.mark.django_db

START, REFRESH = "/api/identity/start", "/api/identity/refresh"


@pytest.fixture
def fake(settings) -> Iterator[FakeStripeIdentity]:
    server = FakeStripeIdentity().start()
    settings.STRIPE_SECRET_KEY = "sk_test_fake_key"
    settings.STRIPE_API_BASE = server.url
    settings.STRIPE_NETWORK_RETRIES = 0
    yield server
    server.stop()
    stripe.api_key = None
    stripe.api_base = stripe.DEFAULT_API_BASE


@pytest.fixture
def as_creator(api, creator):
    api.force_authenticate(creator)
    return api


def _actions() -> list[str]:
    return list(
        AuditLog.objects.filter(action__startswith="accounts.identity.")
        .order_by("id")
        .values_list("action", flat=True)
    )


# --- contract and access ----------------------------------------------------------------------


def test_anonymous_callers_get_401(api):
    for path in (START, REFRESH):
        response = api.post(path)
        assert response.status_code == 401
        assert response.json()["success"] is False
    assert not IdentityVerification.objects.exists()


def test_refresh_before_any_attempt_reads_none_with_the_keys_the_card_reads(as_creator):
    response = as_creator.post(REFRESH)

    assert response.status_code == 200
    data = response.json()["data"]
    assert data["verified"] is False
    assert data["status"] == "none"
    assert {"verifiedAt", "lastErrorCode", "available", "sandbox"} <= set(data)


# --- the sandbox --------------------------------------------------------------------------------


def test_sandbox_start_verify_and_refresh_marks_the_user_verified(as_creator, creator, client):
    response = as_creator.post(START, HTTP_REFERER="http://testserver/creator/settings/profile")

    assert response.status_code == 201
    data = response.json()["data"]
    assert data["url"] == data["redirectUrl"]
    assert data["url"].startswith("http://testserver/identity/sandbox/vs_sbx_")
    assert (data["status"], data["verified"], data["sandbox"]) == ("requires_input", False, True)
    attempt = IdentityVerification.objects.get()
    assert (attempt.user, attempt.provider) == (creator, "sandbox")
    assert attempt.status == "requires_input"
    assert attempt.pk == data["verificationId"]

    client.force_login(creator)
    page = client.get(data["url"])
    assert page.status_code == 200
    assert b"Sandbox identity check" in page.content
    done = client.post(data["url"], {"choice": "verify"})
    assert done.status_code == 302
    assert done["Location"] == "http://testserver/creator/settings/profile?identity=return"

    refreshed = as_creator.post(REFRESH).json()["data"]
    assert (refreshed["verified"], refreshed["status"]) == (True, "verified")
    creator.refresh_from_db()
    assert creator.identity_verified_at is not None
    assert _actions() == ["accounts.identity.started", "accounts.identity.verified"]


def test_refresh_is_idempotent(as_creator, creator):
    url = as_creator.post(START).json()["data"]["url"]
    sandbox.decide(session_id=url.rstrip("/").rsplit("/", 1)[1], user=creator, verify=True)

    first = as_creator.post(REFRESH).json()["data"]
    creator.refresh_from_db()
    stamped = creator.identity_verified_at
    second = as_creator.post(REFRESH).json()["data"]

    assert first == second
    creator.refresh_from_db()
    assert creator.identity_verified_at == stamped
    assert _actions().count("accounts.identity.verified") == 1


def test_a_failed_check_can_be_retried_and_is_audited(as_creator, creator):
    url = as_creator.post(START).json()["data"]["url"]
    sandbox.decide(session_id=url.rstrip("/").rsplit("/", 1)[1], user=creator, verify=False)

    data = as_creator.post(REFRESH).json()["data"]

    assert (data["verified"], data["status"]) == (False, "requires_input")
    assert data["lastErrorCode"] == "document_unverified_other"
    assert _actions() == ["accounts.identity.started", "accounts.identity.failed"]
    again = as_creator.post(START)
    assert again.status_code == 201
    assert IdentityVerification.objects.filter(user=creator).count() == 2


def test_already_verified_gets_a_clear_answer_and_no_new_session(as_creator, creator):
    url = as_creator.post(START).json()["data"]["url"]
    sandbox.decide(session_id=url.rstrip("/").rsplit("/", 1)[1], user=creator, verify=True)
    as_creator.post(REFRESH)

    response = as_creator.post(START)

    assert response.status_code == 409
    body = response.json()
    assert body["success"] is False
    assert "already verified" in body["error"]["message"]
    assert IdentityVerification.objects.count() == 1
    assert SandboxObject.objects.filter(kind=sandbox.KIND).count() == 1


def test_someone_elses_session_is_never_readable(as_creator, creator, other_creator, client):
    url = as_creator.post(START).json()["data"]["url"]

    client.force_login(other_creator)
    assert client.get(url).status_code == 404
    assert client.post(url, {"choice": "verify"}).status_code == 404
    with pytest.raises(Exception, match="not found"):
        sandbox.decide(
            session_id=url.rstrip("/").rsplit("/", 1)[1], user=other_creator, verify=True
        )
    data = client.post(REFRESH).json()["data"]
    assert (data["status"], data["verified"]) == ("none", False)
    assert IdentityVerification.objects.get().status == "requires_input"


def test_start_is_rate_limited(as_creator, settings):
    settings.IDENTITY_START_RATE = "2/hour"

    codes = [as_creator.post(START).status_code for _ in range(3)]

    assert codes == [201, 201, 429]
    assert IdentityVerification.objects.count() == 2


def test_unavailable_without_stripe_or_sandbox_is_a_503(as_creator, settings):
    settings.IDENTITY_SANDBOX = False

    response = as_creator.post(START)

    assert response.status_code == 503
    assert response.json()["error"]["code"] == "SERVICE_UNAVAILABLE"
    assert not IdentityVerification.objects.exists()


def test_the_sandbox_page_is_refused_when_stripe_is_configured(as_creator, creator, client, fake):
    client.force_login(creator)
    row = SandboxObject.objects.create(
        pk="vs_sbx_left_over", kind=sandbox.KIND, user=creator, data={"status": "requires_input"}
    )
    url = reverse("accounts:identity-sandbox", args=[row.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, {"choice": "verify"}).status_code == 404
    row.refresh_from_db()
    assert row.data["status"] == "requires_input"


def test_the_sandbox_page_needs_the_csrf_token(creator):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(creator)
    attempt_url = sandbox.SandboxIdentityProvider().create_session(
        user=creator, return_url="http://testserver/settings/profile/", site_base=""
    )
    response = strict.post(attempt_url.url or "", {"choice": "verify"})

    assert response.status_code == 403
    assert SandboxObject.objects.get(pk=attempt_url.id).data["status"] == "requires_input"


# --- Stripe Identity over HTTP ------------------------------------------------------------------


def test_stripe_start_creates_a_document_session_with_a_return_url(fake, as_creator, creator):
    response = as_creator.post(START, HTTP_REFERER="http://testserver/creator/settings/profile")

    assert response.status_code == 201
    data = response.json()["data"]
    assert data["url"].startswith("https://verify.stripe.test/start/vs_fake")
    assert data["sandbox"] is False
    call = fake.calls("POST", "/v1/identity/verification_sessions")[0]
    assert call["auth"] == "Bearer sk_test_fake_key"
    assert call["form"]["type"] == "document"
    assert call["form"]["return_url"] == (
        "http://testserver/creator/settings/profile?identity=return"
    )
    assert call["form"]["client_reference_id"] == str(creator.pk)
    attempt = IdentityVerification.objects.get()
    assert attempt.provider == "stripe"
    assert attempt.provider_session_id in fake.verification_sessions


def test_an_untrusted_referer_returns_to_the_spa_settings_page(fake, as_creator, settings):
    as_creator.post(START, HTTP_REFERER="https://evil.example/phish")

    form = fake.calls("POST", "/v1/identity/verification_sessions")[0]["form"]
    assert form["return_url"] == f"{settings.FRONTEND_URL}/creator/settings/profile?identity=return"


def test_stripe_refresh_follows_processing_then_verified(fake, as_creator, creator):
    as_creator.post(START)
    vid = IdentityVerification.objects.get().provider_session_id

    fake.settle(vid, "processing")
    assert as_creator.post(REFRESH).json()["data"]["status"] == "processing"
    assert as_creator.post(START).status_code == 409  # still being checked: no second session
    assert len(fake.calls("POST", "/v1/identity/verification_sessions")) == 1

    fake.settle(vid, "verified")
    data = as_creator.post(REFRESH).json()["data"]

    assert (data["verified"], data["status"]) == (True, "verified")
    assert fake.calls("GET", f"/v1/identity/verification_sessions/{vid}")
    creator.refresh_from_db()
    assert creator.identity_verified_at is not None
    session = as_creator.get("/api/auth/session").json()
    user = session.get("data", session).get("user") or session["user"]
    assert user["identityVerified"] is True


def test_stripe_canceled_and_error_codes_are_stored(fake, as_creator):
    as_creator.post(START)
    attempt = IdentityVerification.objects.get()
    fake.settle(attempt.provider_session_id, "requires_input", "document_expired")

    data = as_creator.post(REFRESH).json()["data"]

    assert data["lastErrorCode"] == "document_expired"
    attempt.refresh_from_db()
    assert (attempt.status, attempt.last_error_code) == ("requires_input", "document_expired")
    fake.settle(attempt.provider_session_id, "canceled")
    assert as_creator.post(REFRESH).json()["data"]["status"] == "canceled"
    assert _actions() == [
        "accounts.identity.started",
        "accounts.identity.failed",
        "accounts.identity.failed",
    ]


def test_a_stripe_outage_is_a_502_envelope_and_nothing_half_written(fake, as_creator):
    fake.down = True

    response = as_creator.post(START)

    assert response.status_code == 502
    body = response.json()
    assert body["success"] is False
    assert body["error"]["code"] == "IDENTITY_PROVIDER_ERROR"
    assert not IdentityVerification.objects.exists()
    assert _actions() == []


def test_a_stripe_outage_on_refresh_is_a_502_and_keeps_the_attempt(fake, as_creator):
    as_creator.post(START)
    fake.down = True

    response = as_creator.post(REFRESH)

    assert response.status_code == 502
    assert response.json()["error"]["code"] == "IDENTITY_PROVIDER_ERROR"
    assert IdentityVerification.objects.get().status == "requires_input"


def test_an_attempt_made_in_the_sandbox_is_not_sent_to_stripe(as_creator, settings, fake):
    settings.STRIPE_SECRET_KEY = None
    as_creator.post(START)
    settings.STRIPE_SECRET_KEY = "sk_test_fake_key"

    data = as_creator.post(REFRESH).json()["data"]

    assert data["status"] == "requires_input"
    assert fake.requests == []


# --- our own pages ----------------------------------------------------------------------------


def test_the_settings_card_starts_returns_and_shows_the_badge(client, creator):
    client.force_login(creator)
    card = client.get("/settings/profile/")
    assert b'id="identity-card"' in card.content
    assert b"Verify my identity" in card.content

    started = client.post(reverse("accounts:identity-start"))
    assert started.status_code == 302
    sandbox_url = started["Location"]
    assert "/identity/sandbox/vs_sbx_" in sandbox_url
    back = client.post(sandbox_url, {"choice": "verify"})
    assert back["Location"] == "http://testserver/settings/profile/?identity=return"

    returned = client.get("/settings/profile/?identity=return")
    assert b"Your identity is verified." in returned.content
    assert b"Identity verified" in returned.content
    profile = client.get(f"/users/{creator.username}/")
    assert b'data-testid="identity-badge"' in profile.content


def test_the_check_button_reads_the_status(client, creator):
    client.force_login(creator)
    nothing = client.post(reverse("accounts:identity-check"), follow=True)
    assert b"You have not started a verification yet." in nothing.content

    client.post(reverse("accounts:identity-start"))
    waiting = client.post(reverse("accounts:identity-check"), follow=True)
    assert b"waiting for you to finish it" in waiting.content


def test_an_unverified_profile_has_no_badge(client, creator):
    assert b'data-testid="identity-badge"' not in client.get(f"/users/{creator.username}/").content


# --- the Silver trust tier and the data export ------------------------------------------------


def _verify(user) -> None:
    from accounts.identity import services

    services.start_verification(user=user, return_url="http://testserver/", site_base="")
    session_id = IdentityVerification.objects.owned_by(user).first().provider_session_id
    sandbox.decide(session_id=session_id, user=user, verify=True)
    services.refresh_verification(user=user)


def test_a_verified_creator_is_silver_at_once_and_a_higher_tier_stays(creator, other_creator):
    from pitches.engagement import reputation
    from pitches.engagement.models import CreatorReputation

    CreatorReputation.objects.create(user=other_creator, tier="gold")
    _verify(creator)
    _verify(other_creator)

    assert reputation.tiers_of([creator.pk, other_creator.pk]) == {
        creator.pk: "silver",
        other_creator.pk: "gold",
    }
    promoted = AuditLog.objects.filter(action="pitches.reputation.promoted")
    assert [row.data for row in promoted] == [{"reason": "identity_verified"}]
    assert reputation.tier_for(reputation.facts_of([creator.pk])[creator.pk]) == "silver"


def test_a_verified_investor_gets_the_badge_but_no_creator_tier(investor):
    from pitches.engagement.models import CreatorReputation

    _verify(investor)

    investor.refresh_from_db()
    assert investor.identity_verified
    assert not CreatorReputation.objects.filter(user=investor).exists()


def test_the_data_export_lists_the_attempts_without_provider_ids(creator):
    from accounts.selectors import export_user_data

    _verify(creator)

    exported = export_user_data(creator)
    assert exported["profile"]["identity_verified_at"] is not None
    [attempt] = exported["identity_verifications"]
    assert (attempt["provider"], attempt["status"]) == ("sandbox", "verified")
    assert "provider_session_id" not in attempt


def test_the_badge_follows_the_creator_onto_pitch_pages_and_cards(client, creator):
    from tests.pitches.factories import PitchFactory

    pitch = PitchFactory(owner=creator)
    badge = b'data-testid="identity-badge"'
    assert badge not in client.get(f"/pitch/{pitch.slug}/").content
    before = client.get(f"/api/pitches/public/{pitch.pk}").json()["data"]  # now cached
    assert before["creator"]["identityVerified"] is False
    _verify(creator)

    assert badge in client.get(f"/pitch/{pitch.slug}/").content
    card = client.get(f"/api/pitches/public/{pitch.pk}").json()["data"]
    assert card["creator"]["identityVerified"] is True
    portfolio = client.get(f"/api/portfolio/{creator.pk}").json()["data"]["creator"]
    assert (portfolio["isVerified"], portfolio["trustTier"]) == (True, "silver")


# --- the hourly re-check of open attempts -------------------------------------------------------


def test_the_recheck_reads_open_attempts_of_people_who_never_came_back(
    fake, as_creator, creator, investor
):
    from io import StringIO

    from django.core.management import call_command

    as_creator.post(START)
    vid = IdentityVerification.objects.get(user=creator).provider_session_id
    fake.settle(vid, "verified")
    from accounts.identity import services

    services.start_verification(user=investor, return_url="http://testserver/", site_base="")

    dry = StringIO()
    call_command("refresh_identity_verifications", "--dry-run", stdout=dry)
    assert "2 open attempts (dry run, nothing changed)" in dry.getvalue()
    creator.refresh_from_db()
    assert creator.identity_verified_at is None

    out = StringIO()
    call_command("refresh_identity_verifications", stdout=out)
    assert "2 open attempts (1 changed, 0 refused by the provider)" in out.getvalue()
    creator.refresh_from_db()
    assert creator.identity_verified_at is not None
    fake.down = True
    assert services.refresh_open_verifications() == {"checked": 1, "changed": 0, "failed": 1}
