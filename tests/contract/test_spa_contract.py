"""The SPA contract, row by row: every live call of the built features answers a shape the SPA
reads.

Source: `original-pitchey.md` section 3 (3.1 envelope and 401 rules, 3.2 auth shapes, the 3.4
tables)
and 3.7 (the WebSocket token). One case per method + path. Each case logs in through the real portal
login (so the HttpOnly cookies carry the session), sends an allowed `Origin` on unsafe methods like
a
browser does, and checks: a 2xx answer (so never 404/405/500), the envelope (`success` plus `data`
or `error`) and every key of "Response keys read" the SPA takes from a successful body.

How a chain is read (3.1): for `AC` callers (apiClient) `data.x` is `x` inside the server's `data`,
or in the top-level body when there is no `data`; for `F`/`AX` callers the chain is read on the raw
body (for `AX`, a leading `data.` is the body itself). `error*` chains are only read on failures and
are covered by the 401/404 cases at the bottom.

Rows not covered here, and why:
- Every row whose Backend is `NO ROUTE` (404 in the original too), and `ws`/`/ws/...` rows (the
  socket itself is tested in tests/messaging/test_consumer.py; its token endpoint is covered here).
- The core loop's endpoints (NDA sign, templates, preview, history, analytics, verify; pitch
  shapes, search extras, view tracking, uploads, info requests and public content) are in
  test_spa_contract_core_loop.py.
- Ratings, feedback, comments, engagement, consumption status, audience demand, compare,
  slates, portfolio and share links: tests/contract/test_engagement_contract.py.
- Out of scope: `DELETE /api/payments/payment-methods` (NO ROUTE, and the SPA
  sends no id: cards are removed in the billing portal).
- `POST /api/ndas/request` is sent here with `signature: {fullName, consent}` (our pages' order:
  signed at request); the SPA's order (request, approval, then `:id/sign`) is covered in
  test_spa_contract_core_loop.py.
- Login's `data.token`: the SPA is cookie-only (3.1 "Auth transport", `cleanupJWTArtifacts`), so no
  token is sent in the body on purpose. The MFA branch of the login answer
  (`requiresMFA, challengeId, methods, expiresAt`) is asserted in
  tests/accounts/test_passwords_and_mfa.py.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pyotp
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from accounts.models import User
from accounts.services import auth as auth_services
from accounts.services import mfa as mfa_services
from accounts.services import social
from messaging import services as messaging
from messaging.kinds import NotificationKind
from ndas import services as ndas
from pitches import services as pitch_services
from tests.factories import UserFactory
from tests.pitches.factories import CharacterFactory, PitchFactory

pytestmark = pytest.mark.django_db

ORIGIN = "http://127.0.0.1:8000"
PDF = b"%PDF-1.4\n% a treatment\n%%EOF\n"
NEW_PASSWORD = "A-brand-new-passphrase-42"


@pytest.fixture(autouse=True)
def _standard_nda_template(django_db_setup: Any, django_db_blocker: Any) -> None:
    """The data migration's NDA template again: transactional tests elsewhere flush it away."""
    import importlib

    from ndas.models import NdaTemplate

    seeded = importlib.import_module("ndas.migrations.0002_standard_template")
    with django_db_blocker.unblock():
        NdaTemplate.objects.get_or_create(
            version=1, defaults={"name": "Pitchey Standard NDA", "body": seeded.STANDARD_V1}
        )


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }


# --- the world every case starts from -----------------------------------------------------------


@dataclass
class World:
    creator: User
    investor: User
    production: User
    pitch: Any  # published, open
    nda_pitch: Any  # published, needs an NDA, investor has none yet
    draft: Any
    extra: dict[str, Any] = field(default_factory=dict)

    def vars(self) -> dict[str, Any]:
        return {
            "pitch": self.pitch.pk,
            "nda_pitch": self.nda_pitch.pk,
            "draft": self.draft.pk,
            "creator": self.creator.pk,
            "investor": self.investor.pk,
            "creator_username": self.creator.username,
            **self.extra,
        }


def _request_nda(w: World, pitch: Any, user: User) -> Any:
    return ndas.request_nda(
        pitch=pitch,
        requester=user,
        full_name=user.display_name,
        consent=True,
        ip_address="10.0.0.1",
        user_agent="pytest",
    )


def _nda_pitch(owner: User, title: str) -> Any:
    pitch = PitchFactory(owner=owner, title=title, require_nda=True, nda_type="platform")
    pitch_services.upload_document(
        pitch=pitch,
        actor=owner,
        fileobj=io.BytesIO(PDF),
        name="script.pdf",
        size=len(PDF),
        document_type="treatment",
        requires_nda=True,
        title="Confidential treatment",
    )
    return pitch


@pytest.fixture
def world(creator: User, investor: User, production: User) -> World:
    return World(
        creator=creator,
        investor=investor,
        production=production,
        pitch=PitchFactory(owner=creator, title="Open Water"),
        nda_pitch=_nda_pitch(creator, "Harbour of Whispers"),
        draft=PitchFactory(owner=creator, title="Draft Days", status="draft", published_at=None),
    )


# --- preparations (each adds the rows one case needs and returns its path/body variables) ------


def pending_nda(w: World) -> dict[str, Any]:
    request = _request_nda(w, w.nda_pitch, w.investor)
    return {"nda": request.pk}


def approved_nda(w: World) -> dict[str, Any]:
    request = _request_nda(w, w.nda_pitch, w.investor)
    ndas.approve_nda(nda_request=request, actor=w.creator)
    return {"nda": request.pk}


def liked_and_viewed(w: World) -> dict[str, Any]:
    pitch_services.like_pitch(pitch=w.pitch, user=w.investor)
    pitch_services.record_view(pitch=w.pitch, user=w.investor, session_key="contract")
    return {}


def saved(w: World) -> dict[str, Any]:
    return {"saved": pitch_services.save_pitch(pitch=w.pitch, user=w.investor, notes="Later").pk}


def character(w: World) -> dict[str, Any]:
    return {"character": CharacterFactory(pitch=w.draft).pk}


def conversation(w: World) -> dict[str, Any]:
    chat = messaging.start_conversation(creator=w.investor, recipient_ids=[w.creator.pk])
    message = messaging.send_message(sender=w.investor, conversation=chat, content="Hello there")
    return {"conversation": chat.pk, "message": message.pk}


def notification(w: World) -> dict[str, Any]:
    note = messaging.notify(
        recipient=w.investor, kind=NotificationKind.SYSTEM, title="Welcome", body="Hello"
    )
    return {"notification": note.pk}


def follows(w: World) -> dict[str, Any]:
    social.follow_user(follower=w.investor, target=w.creator)
    return {}


def email_otp(w: World) -> dict[str, Any]:
    from accounts.models import LoginChallenge

    challenge_id = mfa_services.start_email_otp(email=w.investor.email)
    mfa_services.send_login_code(challenge=LoginChallenge.objects.get(pk=challenge_id))
    from django.core import mail

    code = re.search(r"code is (\d{6})", mail.outbox[-1].body)
    assert code is not None
    return {"challenge": challenge_id, "code": code.group(1)}


def mfa_challenge(w: World) -> dict[str, Any]:
    secret, _ = mfa_services.start_mfa_setup(user=w.investor)
    mfa_services.enable_mfa(user=w.investor, code=pyotp.TOTP(secret).now())
    challenge = mfa_services.create_mfa_challenge(user=w.investor, portal="investor")
    return {"challenge": str(challenge.pk), "code": pyotp.TOTP(secret).at(time.time() + 30)}


def mfa_pending(w: World) -> dict[str, Any]:
    secret, _ = mfa_services.start_mfa_setup(user=w.investor)
    return {"code": pyotp.TOTP(secret).now()}


def reset_token(w: World) -> dict[str, Any]:
    from datetime import timedelta

    from accounts.models import OneTimeToken

    token = auth_services.issue_one_time_token(
        user=w.investor, purpose=OneTimeToken.Purpose.RESET_PASSWORD, lifetime=timedelta(hours=1)
    )
    return {"token": token}


def unverified(w: World) -> dict[str, Any]:
    user = UserFactory(email_verified=False, user_type=User.Type.CREATOR)
    return {"unverified_email": user.email}


def _sandbox_paid(user: User, **kwargs: Any) -> None:
    from billing.providers import sandbox
    from billing.services import checkout

    success = "http://testserver/ok?session_id={CHECKOUT_SESSION_ID}"
    urls = (success, "http://testserver/no", "http://testserver")
    if "tier" in kwargs:
        session = checkout.start_subscription_checkout(user=user, urls=urls, **kwargs)
    else:
        _, session = checkout.start_credit_checkout(user=user, urls=urls, **kwargs)
    sandbox.pay(session_id=session.id, user=user)


def subscribed(w: World) -> dict[str, Any]:
    _sandbox_paid(w.investor, tier="exec", interval="monthly", promo_code="")
    return {}


def saved_card(w: World) -> dict[str, Any]:
    from billing.models import SandboxObject

    _sandbox_paid(w.investor, package="package_0")
    return {"card": SandboxObject.objects.get(kind="payment_method").pk}


def promo(w: World) -> dict[str, Any]:
    from billing.models import PromoCode

    return {"promo": PromoCode.objects.create(code="WELCOME10", percent_off=10).code}


# --- the table ----------------------------------------------------------------------------------

Body = dict[str, Any] | Callable[[dict[str, Any]], dict[str, Any]] | None


@dataclass
class Case:
    method: str
    path: str
    reads: tuple[str, ...] = ()
    client: str = "AC"  # how the SPA reads the body: AC (unwraps data), F or AX (raw body)
    who: str | None = "investor"  # logged in as (None = anonymous)
    prep: Callable[[World], dict[str, Any]] | None = None
    body: Body = None
    query: str = ""
    multipart: bool = False

    @property
    def id(self) -> str:
        return f"{self.method} {self.path}"


def _login_body(v: dict[str, Any]) -> dict[str, Any]:
    return {"email": v["email"], "password": settings.DEMO_PASSWORD}


def _upload_body(v: dict[str, Any]) -> dict[str, Any]:
    return {
        "file": SimpleUploadedFile("treatment.pdf", PDF),
        "pitchId": v["pitch"],
        "documentType": "treatment",
    }


def _nda_upload_body(v: dict[str, Any]) -> dict[str, Any]:
    from tests.ndas.conftest import real_pdf

    return {"file": SimpleUploadedFile("our-nda.pdf", real_pdf("Our NDA")), "pitchId": v["pitch"]}


def _attachment_body(v: dict[str, Any]) -> dict[str, Any]:
    return {"file": SimpleUploadedFile("notes.pdf", PDF)}


CASES: list[Case] = [
    # Auth, session, account security
    Case(
        "POST",
        "/api/auth/change-password",
        ("success",),
        body={"currentPassword": settings.DEMO_PASSWORD, "newPassword": NEW_PASSWORD},
    ),
    Case(
        "POST",
        "/api/auth/creator/login",
        ("success", "user.id", "user.userType"),
        "F",
        who=None,
        body=_login_body,
    ),
    Case(
        "POST",
        "/api/auth/investor/login",
        ("success", "user.id", "user.userType"),
        "F",
        who=None,
        body=_login_body,
    ),
    Case(
        "POST",
        "/api/auth/production/login",
        ("success", "user.id", "user.userType"),
        "F",
        who=None,
        body=_login_body,
    ),
    Case("POST", "/api/auth/watcher/login", ("success",), "F", who=None, body=_login_body),
    Case(
        "POST",
        "/api/auth/sign-in",
        ("success", "user.id", "user.email"),
        "F",
        who=None,
        body=_login_body,
    ),
    Case(
        "POST",
        "/api/auth/email-otp/send",
        ("success", "challengeId"),
        "F",
        who=None,
        body=lambda v: {"email": v["email"]},
    ),
    Case(
        "POST",
        "/api/auth/email-otp/verify",
        ("success", "user.id"),
        "F",
        who=None,
        prep=email_otp,
        body=lambda v: {"challengeId": v["challenge"], "code": v["code"]},
    ),
    Case(
        "POST",
        "/api/auth/mfa/verify",
        ("success", "user.id"),
        "F",
        who=None,
        prep=mfa_challenge,
        body=lambda v: {"challengeId": v["challenge"], "code": v["code"]},
    ),
    Case(
        "POST",
        "/api/auth/forgot-password",
        ("data",),
        "AX",
        who=None,
        body=lambda v: {"email": v["email"], "turnstileToken": ""},
    ),
    Case(
        "POST",
        "/api/auth/reset-password",
        ("data",),
        "AX",
        who=None,
        prep=reset_token,
        body=lambda v: {"token": v["token"], "newPassword": NEW_PASSWORD},
    ),
    Case(
        "POST",
        "/api/auth/resend-verification",
        ("data",),
        "AX",
        who=None,
        prep=unverified,
        body=lambda v: {"email": v["unverified_email"]},
    ),
    Case(
        "POST",
        "/api/auth/register",
        ("success",),
        who=None,
        body={
            "email": "new.person@example.com",
            "username": "newperson",
            "password": NEW_PASSWORD,
            "userType": "creator",
        },
    ),
    Case(
        "POST",
        "/api/auth/sign-up",
        ("success",),
        "F",
        who=None,
        body={
            "email": "another@example.com",
            "username": "another",
            "name": "An Other",
            "password": NEW_PASSWORD,
            "userType": "investor",
            "turnstileToken": "",
        },
    ),
    Case("GET", "/api/auth/session", ("success", "user.id", "user.userType"), "F"),
    Case("POST", "/api/auth/sign-out", ("success",)),
    Case("POST", "/api/auth/logout", ("success",), "AX"),
    Case("POST", "/api/mfa/setup/start", ("success",), "F"),
    Case(
        "POST",
        "/api/mfa/setup/enable",
        ("success",),
        "F",
        prep=mfa_pending,
        body=lambda v: {"code": v["code"]},
    ),
    Case(
        "POST",
        "/api/mfa/setup/disable",
        ("success",),
        "F",
        body={"password": settings.DEMO_PASSWORD},
    ),
    Case("GET", "/api/mfa/status", ("data",), "F"),
    Case("GET", "/api/ws/token", ("token",), "F"),
    # Users, profiles, settings
    Case("GET", "/api/profile", ("data",), "AX"),
    Case(
        "DELETE",
        "/api/user/account",
        ("success",),
        body={"confirmation": "DELETE", "password": settings.DEMO_PASSWORD},
    ),
    Case(
        "GET",
        "/api/user/notifications",
        ("success", "data.notifications"),
        prep=notification,
        query="limit=20&offset=0",
    ),
    Case("GET", "/api/user/profile", ("success", "data.user", "F:user")),
    Case(
        "PUT",
        "/api/user/profile",
        ("success", "data.user"),
        body={"bio": "Film financier", "location": "London"},
    ),
    Case(
        "GET",
        "/api/user/settings",
        ("success", "data.settings", "F:notifications", "F:privacy", "F:security"),
    ),
    Case(
        "PUT",
        "/api/user/settings",
        ("success",),
        body={"sessionTimeout": 60, "emailNotifications": True, "loginAlerts": True},
    ),
    Case("GET", "/api/users/{creator}", ("success", "data.user", "F:user")),
    Case("POST", "/api/users/{creator}/block", ("success",)),
    Case("GET", "/api/users/{creator}/stats", ("success", "data.stats")),
    Case("GET", "/api/users/blocked", ("success", "data.users")),
    Case(
        "GET",
        "/api/users/liked-pitches",
        ("success", "data"),
        prep=liked_and_viewed,
        query="limit=12",
    ),
    Case(
        "GET",
        "/api/users/recently-viewed",
        ("success", "data"),
        prep=liked_and_viewed,
        query="limit=12",
    ),
    Case(
        "GET",
        "/api/users/search",
        ("success", "data.users", "data.total"),
        query="q=ali&limit=10&offset=0&userType=creator",
    ),
    Case("GET", "/api/users/username/{creator_username}", ("success", "data.user")),
    # Pitches
    Case(
        "GET",
        "/api/browse",
        ("success", "data", "data.items", "F:items"),
        "AC",
        query="tab=trending&limit=12&page=1",
    ),
    Case("GET", "/api/browse/genres", ("genres",), "F"),
    Case("GET", "/api/browse/top-rated/stats", ("stats",), "F", who=None),
    Case(
        "GET",
        "/api/browse/top-rated",
        ("data", "items", "total", "totalPages"),
        "F",
        query="limit=12&offset=0",
    ),
    Case("GET", "/api/pitches", ("success", "data", "data.pitches"), query="limit=10"),
    Case(
        "POST",
        "/api/pitches",
        ("success", "data", "data.pitch"),
        who="creator",
        body={
            "title": "A Brand New Story",
            "genre": "Drama",
            "format": "Feature Film",
            "logline": "A short logline for the new story.",
        },
    ),
    Case("GET", "/api/pitches/{pitch}", ("success", "data", "data.pitch")),
    Case("PUT", "/api/pitches/{draft}", ("data",), who="creator", body={"title": "Draft Nights"}),
    Case("DELETE", "/api/pitches/{draft}", ("success",), who="creator"),
    Case("POST", "/api/pitches/{pitch}/archive", ("success", "data.pitch"), who="creator"),
    Case("POST", "/api/pitches/{draft}/publish", ("success", "data.pitch"), who="creator"),
    Case("POST", "/api/pitches/{pitch}/like", ("success",), "F"),
    Case("DELETE", "/api/pitches/{pitch}/like", ("success",), "F"),
    Case("POST", "/api/pitches/{pitch}/save", ("data",), "F"),
    Case("DELETE", "/api/pitches/{pitch}/save", ("data",), "F", prep=saved),
    Case(
        "GET",
        "/api/pitches/{draft}/characters",
        ("success", "data.characters"),
        who="creator",
        prep=character,
    ),
    Case(
        "POST",
        "/api/pitches/{draft}/characters",
        ("success", "data.character"),
        who="creator",
        body={"name": "Mara", "role": "Lead", "description": "The keeper"},
    ),
    Case(
        "PUT",
        "/api/pitches/{draft}/characters/{character}",
        ("success", "data.character"),
        who="creator",
        prep=character,
        body={"name": "Mara Vale"},
    ),
    Case(
        "DELETE",
        "/api/pitches/{draft}/characters/{character}",
        ("success",),
        who="creator",
        prep=character,
    ),
    Case("GET", "/api/pitches/following", ("success", "data"), prep=follows),
    Case("GET", "/api/pitches/hot", ("success", "data.pitches"), "F", query="limit=6"),
    Case(
        "GET",
        "/api/pitches/public",
        ("success", "data", "data.pitches", "data.items", "F:data.pitches", "F:items"),
        query="limit=12&page=1",
    ),
    Case("GET", "/api/pitches/public/{pitch}", ("success", "data", "data.pitch")),
    Case("GET", "/api/pitches/public/featured", ("success", "data.pitches"), "F", query="limit=6"),
    Case("GET", "/api/pitches/public/new", ("success", "data.pitches"), "F", query="limit=6"),
    Case(
        "GET",
        "/api/pitches/public/search",
        ("success", "data.pitches", "data.page", "data.pageSize", "data.total"),
        "F",
        query="q=open&page=1&limit=10",
    ),
    Case("GET", "/api/pitches/public/trending", ("success", "data.pitches"), "F", query="limit=6"),
    Case("GET", "/api/trending", ("data",), "AX"),
    # Search
    Case(
        "GET",
        "/api/search",
        ("success", "data", "F:data.results", "F:meta.pagination.total", "F:total"),
        query="q=open&page=1&limit=10",
    ),
    # Saved pitches
    Case("GET", "/api/saved-pitches", ("success", "data"), prep=saved, query="page=1&limit=20"),
    Case(
        "POST",
        "/api/saved-pitches",
        ("success", "data"),
        body=lambda v: {"pitchId": v["pitch"], "notes": "Strong"},
    ),
    Case("DELETE", "/api/saved-pitches/{saved}", ("success",), prep=saved),
    Case(
        "PUT",
        "/api/saved-pitches/{saved}",
        ("success", "data"),
        prep=saved,
        body={"notes": "Call the producer"},
    ),
    Case("GET", "/api/saved-pitches/check/{pitch}", ("success", "data"), prep=saved),
    Case("GET", "/api/saved-pitches/stats", ("success", "data"), prep=saved),
    # Follows
    Case("GET", "/api/follows", ("success",), prep=follows),
    Case(
        "POST",
        "/api/follows/action",
        ("success", "data"),
        body=lambda v: {"targetId": v["creator"], "targetType": "user", "action": "follow"},
    ),
    Case(
        "GET",
        "/api/follows/followers",
        ("success", "data.followers", "data.total"),
        who="creator",
        prep=follows,
        query="limit=20&offset=0",
    ),
    Case(
        "GET",
        "/api/follows/following",
        ("success", "data.following", "data.total"),
        prep=follows,
        query="limit=20&offset=0&type=user",
    ),
    Case(
        "GET",
        "/api/follows/list",
        ("data.data",),
        "AX",
        prep=follows,
        query="type=following&limit=20&offset=0",
    ),
    Case(
        "GET",
        "/api/follows/pitch-status",
        ("success", "data"),
        prep=follows,
        query="pitchId={pitch}",
    ),
    Case(
        "GET",
        "/api/follows/stats",
        ("success", "data", "F:data.stats"),
        prep=follows,
        query="userId={creator}",
    ),
    Case(
        "GET",
        "/api/follows/suggestions",
        ("success", "data.users", "F:data.users"),
        query="limit=5",
    ),
    # NDAs
    Case("GET", "/api/nda/active", ("data",), "AX", prep=approved_nda),
    Case("GET", "/api/nda/signed", ("success",), "F", prep=approved_nda),
    Case(
        "GET",
        "/api/ndas",
        ("success", "data.ndas", "data.total"),
        prep=pending_nda,
        query="limit=20&offset=0&status=pending",
    ),
    Case("GET", "/api/ndas/{nda}", ("success", "data.nda"), prep=pending_nda),
    Case(
        "POST",
        "/api/ndas/{nda}/approve",
        ("success", "data.nda"),
        who="creator",
        prep=pending_nda,
        body={"notes": "Welcome", "expiryDays": 30},
    ),
    Case(
        "POST",
        "/api/ndas/{nda}/reject",
        ("success", "data.nda"),
        who="creator",
        prep=pending_nda,
        body={"reason": "Not now", "rejectionReason": "Not now"},
    ),
    Case(
        "POST",
        "/api/ndas/{nda}/revoke",
        ("success", "data.nda"),
        who="creator",
        prep=approved_nda,
        body={"reason": "Leaked"},
    ),
    Case("POST", "/api/ndas/{nda}/remind", ("success",), prep=pending_nda),
    Case("GET", "/api/ndas/{nda}/download", (), "F", prep=approved_nda),
    Case("GET", "/api/ndas/{nda}/download-signed", (), "F", prep=approved_nda),
    Case(
        "GET", "/api/ndas/active", ("success", "data.ndaRequests", "data.total"), prep=approved_nda
    ),
    Case(
        "POST",
        "/api/ndas/bulk-approve",
        ("success", "data.successful", "data.failed"),
        who="creator",
        prep=pending_nda,
        body=lambda v: {"ndaIds": [v["nda"]]},
    ),
    Case(
        "POST",
        "/api/ndas/bulk-reject",
        ("success", "data.successful", "data.failed"),
        who="creator",
        prep=pending_nda,
        body=lambda v: {"ndaIds": [v["nda"]], "reason": "No"},
    ),
    Case(
        "GET",
        "/api/ndas/incoming-requests",
        ("success", "data", "data.ndaRequests", "data.total"),
        who="creator",
        prep=pending_nda,
    ),
    Case("GET", "/api/ndas/incoming-signed", ("success", "data"), who="creator", prep=approved_nda),
    Case(
        "GET",
        "/api/ndas/outgoing-requests",
        ("success", "data", "data.ndaRequests", "data.total"),
        prep=pending_nda,
    ),
    Case("GET", "/api/ndas/outgoing-signed", ("success", "data"), prep=approved_nda),
    Case(
        "GET",
        "/api/ndas/pitch/{nda_pitch}/can-request",
        ("success", "data.canRequest", "data.existingNDA", "data.reason"),
    ),
    Case(
        "GET",
        "/api/ndas/pitch/{nda_pitch}/status",
        ("success", "data.canAccess", "data.hasNDA", "data.nda"),
        prep=pending_nda,
    ),
    Case(
        "POST",
        "/api/ndas/request",
        ("success", "data"),
        body=lambda v: {
            "pitchId": v["nda_pitch"],
            "ndaType": "basic",
            "message": "Keen to read it",
            "signature": {"fullName": "Ivan Investor", "consent": True},
        },
    ),
    Case(
        "GET",
        "/api/ndas/signed",
        ("success", "data", "data.ndaRequests", "data.total"),
        prep=approved_nda,
    ),
    Case(
        "GET",
        "/api/ndas/standard",
        ("success", "data", "data.content", "data.name"),
        "F",
        who=None,
        query="pitchId={nda_pitch}&projectName=Harbour&recipientName=Ivan",
    ),
    Case("GET", "/api/ndas/stats", ("success", "data", "data.stats")),
    # Messaging
    Case("GET", "/api/conversations", ("success", "data.conversations"), prep=conversation),
    Case(
        "POST",
        "/api/conversations",
        ("success", "data", "data.conversation.id"),
        body=lambda v: {"recipientId": v["creator"], "pitchId": v["pitch"]},
    ),
    Case(
        "GET", "/api/conversations/{conversation}", ("success", "data.messages"), prep=conversation
    ),
    Case(
        "POST",
        "/api/conversations/{conversation}/messages",
        ("success", "data.message"),
        prep=conversation,
        body={"content": "Any news?"},
    ),
    Case("DELETE", "/api/messages/{message}", ("success",), "F", prep=conversation),
    Case("GET", "/api/messages/{message}", ("success", "data"), prep=conversation),
    Case(
        "PUT",
        "/api/messages/{message}",
        ("success",),
        "F",
        prep=conversation,
        body={"content": "Hello again"},
    ),
    Case(
        "POST",
        "/api/messages/{message}/read",
        ("success", "data"),
        who="creator",
        prep=conversation,
    ),
    Case(
        "POST",
        "/api/messages/attachments",
        ("success", "data"),
        "F",
        multipart=True,
        body=_attachment_body,
    ),
    Case("GET", "/api/messages/contacts", ("data.contacts",), prep=conversation),
    Case(
        "POST",
        "/api/messages/send",
        ("success", "data"),
        body=lambda v: {"recipientId": v["creator"], "content": "A new thread"},
    ),
    # Notifications, polling, presence
    Case("GET", "/api/notifications", ("success",), "AX", prep=notification),
    Case("PUT", "/api/notifications/{notification}/read", ("success",), prep=notification),
    Case("GET", "/api/notifications/preferences", ("success", "data", "data.preferences")),
    Case(
        "POST", "/api/notifications/preferences", ("success",), body={"emailNotifications": False}
    ),
    Case(
        "PUT",
        "/api/notifications/read-multiple",
        ("success",),
        prep=notification,
        body=lambda v: {"notificationIds": [v["notification"]]},
    ),
    Case("GET", "/api/notifications/unread", ("success", "data"), prep=notification),
    Case("GET", "/api/poll/all", ("success",), "F", prep=notification),
    Case("GET", "/api/presence/online", ("success", "data", "data.users"), "F"),
    Case("POST", "/api/presence/update", ("success",), "F", body={"status": "online"}),
    # Uploads
    Case(
        "POST", "/api/upload", ("success",), "F", who="creator", multipart=True, body=_upload_body
    ),
    Case(
        "POST",
        "/api/upload/nda",
        ("success",),
        "F",
        who="creator",
        multipart=True,
        body=_nda_upload_body,
    ),
    # Payments, credits, subscriptions, plans
    Case("POST", "/api/payments/billing-portal", ("success", "data.url")),
    Case("POST", "/api/payments/cancel-subscription", ("success", "data"), prep=subscribed),
    Case("GET", "/api/payments/credits/balance", ("success", "data")),
    Case(
        "POST",
        "/api/payments/credits/purchase",
        ("success", "data"),
        body={"creditPackage": "package_1", "currency": "EUR"},
    ),
    Case(
        "POST",
        "/api/payments/credits/use",
        ("success", "data"),
        body=lambda v: {
            "amount": 1,
            "description": "Boost",
            "usageType": "video_link",
            "pitchId": v["pitch"],
        },
    ),
    Case(
        "GET",
        "/api/payments/history",
        ("success", "data"),
        prep=saved_card,
        query="limit=20&offset=0&type=credits&status=completed",
    ),
    Case(
        "GET",
        "/api/payments/invoices",
        ("success", "data"),
        prep=subscribed,
        query="limit=20&offset=0&status=paid",
    ),
    Case("GET", "/api/payments/payment-methods", ("success", "data"), prep=saved_card),
    Case("POST", "/api/payments/payment-methods", ("success", "data")),
    Case(
        "PUT",
        "/api/payments/payment-methods",
        ("success", "data"),
        prep=saved_card,
        body=lambda v: {"paymentMethodId": v["card"]},
    ),
    Case(
        "POST",
        "/api/payments/promo/validate",
        ("success", "data"),
        prep=promo,
        body=lambda v: {"code": v["promo"]},
    ),
    Case(
        "POST",
        "/api/payments/subscribe",
        ("success", "data"),
        body={"tier": "exec", "billingInterval": "monthly", "currency": "EUR", "promoCode": ""},
    ),
    Case("GET", "/api/payments/subscription-status", ("success", "data"), prep=subscribed),
    Case("GET", "/api/plans", ("data",), "F", who=None),
    # Config, version
    Case("GET", "/api/config/all", ("success", "data"), who=None),
    Case("GET", "/api/config/budget-ranges", ("success",), who=None),
    Case("GET", "/api/config/formats", ("success",), who=None),
    Case("GET", "/api/config/genres", ("success",), who=None),
    Case("GET", "/api/config/stages", ("success",), who=None),
    Case("GET", "/api/version", ("success",), "F", who=None),
]


_MISSING = object()


def _walk(value: Any, chain: str) -> Any:
    for part in chain.split("."):
        if not isinstance(value, dict) or part not in value:
            return _MISSING
        value = value[part]
    return value


def read(body: dict[str, Any], chain: str, client: str) -> Any:
    """What the SPA gets for `chain` (3.1): AC unwraps `data`; F and AX read the raw body."""
    if chain == "success":
        return body.get("success", _MISSING)
    if client == "AC":
        unwrapped = body["data"] if body.get("data") else body
        if chain == "data":
            return unwrapped
        return _walk(unwrapped, chain.removeprefix("data."))
    if client == "AX":
        return body if chain == "data" else _walk(body, chain.removeprefix("data."))
    return _walk(body, chain)


def browser_client() -> APIClient:
    return APIClient(HTTP_USER_AGENT="Mozilla/5.0 (X11; Linux x86_64) Chrome/131")


def log_in(client: APIClient, user: User) -> None:
    response = client.post(
        f"/api/auth/{user.portal}/login",
        {"email": user.email, "password": settings.DEMO_PASSWORD},
        format="json",
        HTTP_ORIGIN=ORIGIN,
    )
    assert response.status_code == 200, response.content
    assert settings.AUTH_ACCESS_COOKIE in response.cookies


def call(client: APIClient, case: Case, v: dict[str, Any]) -> Any:
    path = case.path.format(**v)
    if case.query:
        path = f"{path}?{case.query.format(**v)}"
    body = case.body(v) if callable(case.body) else case.body
    extra = {"HTTP_ORIGIN": ORIGIN} if case.method != "GET" else {}
    method = getattr(client, case.method.lower())
    if case.method == "GET":
        return method(path)
    return method(path, body, format="multipart" if case.multipart else "json", **extra)


def test_every_case_is_one_route() -> None:
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_spa_call_answers_a_shape_the_spa_reads(case: Case, world: World) -> None:
    world.extra.update(case.prep(world) if case.prep else {})
    user = {"investor": world.investor, "creator": world.creator, None: None}[case.who]
    v = {**world.vars(), "email": (user or world.investor).email}
    if case.path.startswith("/api/auth/") and case.path.endswith("/login"):
        portal = case.path.split("/")[3]
        persona = {
            "creator": world.creator,
            "investor": world.investor,
            "production": world.production,
        }.get(portal)
        v["email"] = (persona or UserFactory(user_type=User.Type.VIEWER)).email
    client = browser_client()
    if user is not None:
        log_in(client, user)

    response = call(client, case, v)

    if case.path.endswith(("/download", "/download-signed")):
        # a file: the SPA opens the URL, the browser follows the redirect to the signed file
        assert response.status_code in (200, 302), response.content[:500]
        return
    assert 200 <= response.status_code < 300, (response.status_code, response.content[:500])
    body = response.json()
    assert body["success"] is True
    assert "data" in body or "error" not in body
    for chain in case.reads:
        client_kind, _, key = chain.rpartition(":")
        value = read(body, key, client_kind or case.client)
        assert value is not _MISSING, f"{chain} missing in {body}"


def test_auth_user_id_is_a_string_like_the_spa_expects(investor: User) -> None:
    """3.1/3.2: ids are numbers, except `user.id` in auth responses, which is a string."""
    client = browser_client()
    login = client.post(
        "/api/auth/investor/login",
        {"email": investor.email, "password": settings.DEMO_PASSWORD},
        format="json",
        HTTP_ORIGIN=ORIGIN,
    ).json()
    session = client.get("/api/auth/session").json()
    for body in (login, session):
        assert body["user"]["id"] == str(investor.pk)
        assert body["user"]["userType"] == "investor"
        assert body["data"]["user"] == body["user"]  # the store reads either


# --- 3.1: 401 for session routes, 404 for unknown paths -----------------------------------------

# Every `session` row above, plus the `public*` rows whose handler needs a user (3.1). Ids are
# placeholders: the 401 comes before any lookup. (`GET /api/users/:id` is `session` in the original;
# here a public profile is public, as on the server-rendered profile page.)
SESSION_ROUTES = [
    ("POST", "/api/auth/change-password"),
    ("GET", "/api/auth/session"),
    ("POST", "/api/mfa/setup/disable"),
    ("POST", "/api/mfa/setup/enable"),
    ("POST", "/api/mfa/setup/start"),
    ("GET", "/api/mfa/status"),
    ("GET", "/api/ws/token"),
    ("GET", "/api/profile"),
    ("DELETE", "/api/user/account"),
    ("GET", "/api/user/notifications"),
    ("GET", "/api/user/profile"),
    ("PUT", "/api/user/profile"),
    ("GET", "/api/user/settings"),
    ("PUT", "/api/user/settings"),
    ("POST", "/api/users/1/block"),
    ("GET", "/api/users/1/stats"),
    ("GET", "/api/users/blocked"),
    ("GET", "/api/users/liked-pitches"),
    ("GET", "/api/users/recently-viewed"),
    ("GET", "/api/saved-pitches"),
    ("POST", "/api/saved-pitches"),
    ("DELETE", "/api/saved-pitches/1"),
    ("PUT", "/api/saved-pitches/1"),
    ("GET", "/api/saved-pitches/check/1"),
    ("GET", "/api/saved-pitches/stats"),
    ("GET", "/api/follows"),
    ("POST", "/api/follows/action"),
    ("GET", "/api/follows/followers"),
    ("GET", "/api/follows/following"),
    ("GET", "/api/follows/list"),
    ("GET", "/api/follows/pitch-status"),
    ("GET", "/api/follows/stats"),
    ("GET", "/api/follows/suggestions"),
    ("GET", "/api/nda/active"),
    ("GET", "/api/nda/signed"),
    ("GET", "/api/ndas"),
    ("GET", "/api/ndas/1"),
    ("POST", "/api/ndas/1/approve"),
    ("GET", "/api/ndas/1/download"),
    ("GET", "/api/ndas/1/download-signed"),
    ("POST", "/api/ndas/1/reject"),
    ("POST", "/api/ndas/1/remind"),
    ("POST", "/api/ndas/1/revoke"),
    ("GET", "/api/ndas/active"),
    ("POST", "/api/ndas/bulk-approve"),
    ("POST", "/api/ndas/bulk-reject"),
    ("GET", "/api/ndas/incoming-requests"),
    ("GET", "/api/ndas/incoming-signed"),
    ("GET", "/api/ndas/outgoing-requests"),
    ("GET", "/api/ndas/outgoing-signed"),
    ("GET", "/api/ndas/pitch/1/can-request"),
    ("GET", "/api/ndas/pitch/1/status"),
    ("POST", "/api/ndas/request"),
    ("GET", "/api/ndas/signed"),
    ("GET", "/api/ndas/stats"),
    ("GET", "/api/conversations"),
    ("POST", "/api/conversations"),
    ("GET", "/api/conversations/1"),
    ("POST", "/api/conversations/1/messages"),
    ("DELETE", "/api/messages/1"),
    ("GET", "/api/messages/1"),
    ("PUT", "/api/messages/1"),
    ("POST", "/api/messages/1/read"),
    ("POST", "/api/messages/attachments"),
    ("GET", "/api/messages/contacts"),
    ("POST", "/api/messages/send"),
    ("GET", "/api/notifications"),
    ("PUT", "/api/notifications/1/read"),
    ("GET", "/api/notifications/preferences"),
    ("POST", "/api/notifications/preferences"),
    ("PUT", "/api/notifications/read-multiple"),
    ("GET", "/api/notifications/unread"),
    ("GET", "/api/poll/all"),
    ("GET", "/api/presence/online"),
    ("POST", "/api/presence/update"),
    ("POST", "/api/upload"),
    ("POST", "/api/upload/nda"),
    ("POST", "/api/pitches"),
    ("PUT", "/api/pitches/1"),
    ("DELETE", "/api/pitches/1"),
    ("POST", "/api/pitches/1/publish"),
    ("POST", "/api/pitches/1/like"),
    ("POST", "/api/pitches/1/save"),
    ("POST", "/api/pitches/1/characters"),
    ("GET", "/api/pitches/following"),
]


@pytest.mark.parametrize(("method", "path"), SESSION_ROUTES, ids=lambda x: str(x))
def test_session_route_without_a_session_is_401(method: str, path: str) -> None:
    client = browser_client()
    response = getattr(client, method.lower())(path, HTTP_ORIGIN=ORIGIN)
    assert response.status_code == 401
    body = response.json()
    assert body["success"] is False
    assert body["error"]["code"] == "UNAUTHORIZED"


@pytest.mark.parametrize("method", ["GET", "POST"])
@pytest.mark.parametrize("path", ["/api/no-such-thing/here", "/api/ndas/no-such-view"])
def test_unknown_api_path_is_404_not_found(method: str, path: str) -> None:
    """Unknown paths answer 404 even before the auth check (3.1 router semantics)."""
    response = getattr(browser_client(), method.lower())(path, HTTP_ORIGIN=ORIGIN)
    assert response.status_code == 404
    body = response.json()
    assert body["success"] is False
    assert body["error"]["code"] == "NOT_FOUND"
