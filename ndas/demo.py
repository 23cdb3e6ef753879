"""Demo NDAs between the demo accounts, one in every state, so the demo investor sees some pitches
fully and others only publicly. Idempotent: a (pitch, requester) pair with any request is
skipped."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from accounts.models import User
from ndas import services
from ndas.models import NdaRequest
from pitches.models import Pitch

if TYPE_CHECKING:
    from pitchey.seeding import DemoData

# (requester email, pitch slug, final state)
PLAN = [
    ("sarah.investor@demo.com", "demo-1", "approved"),
    ("sarah.investor@demo.com", "demo-4", "pending"),
    ("sarah.investor@demo.com", "demo-7", "rejected"),
    ("sarah.investor@demo.com", "demo-10", "withdrawn"),
    ("sarah.investor@demo.com", "demo-13", "expired"),
    ("sarah.investor@demo.com", "demo-16", "revoked"),
    ("sarah.investor@demo.com", "demo-19", "approved-never"),
    ("stellar.production@demo.com", "demo-1", "pending"),
    ("stellar.production@demo.com", "demo-4", "approved"),
    ("stellar.production@demo.com", "demo-7", "awaiting-signature"),
    ("stellar.production@demo.com", "demo-10", "asked"),
]


def _make(requester: User, pitch: Pitch, state: str) -> NdaRequest:
    # "asked" and "awaiting-signature" are requests made without signing (the SPA's order).
    signs_now = state not in ("asked", "awaiting-signature")
    row = services.request_nda(
        pitch=pitch,
        requester=requester,
        full_name=requester.display_name if signs_now else "",
        consent=signs_now,
        message="We would love to read the full package.",
        company_info={"company_name": requester.company_name} if requester.company_name else {},
        ip_address="127.0.0.1",
        user_agent="demo-data",
    )
    owner = pitch.owner
    if state in ("approved", "revoked", "awaiting-signature"):
        services.approve_nda(nda_request=row, actor=owner, custom_terms="Demo terms.")
    elif state == "approved-never":
        services.approve_nda(nda_request=row, actor=owner, expiry_days=None)
    elif state == "rejected":
        services.reject_nda(nda_request=row, actor=owner, reason="Not a fit for this project.")
    elif state == "withdrawn":
        services.withdraw_nda_request(nda_request=row, actor=requester)
    elif state == "expired":
        NdaRequest.objects.filter(pk=row.pk).update(expires_at=timezone.now() - timedelta(days=1))
        services.expire_stale_requests()
    if state == "revoked":
        services.revoke_nda(nda_request=row, actor=owner, reason="The project changed hands.")
    return row


def seed(demo: DemoData) -> None:
    """The planned NDA requests, each in its state, created once."""
    demo.counts["nda_requests"] = len(create_requests())


def create_requests() -> list[NdaRequest]:
    """Create the planned requests that do not exist yet; returns those created."""
    created = []
    for email, slug, state in PLAN:
        requester = User.objects.filter(email=email).first()
        pitch = Pitch.objects.filter(slug=slug).select_related("owner").first()
        if requester is None or pitch is None or pitch.owner_id == requester.pk:
            continue
        if NdaRequest.objects.filter(pitch=pitch, requester=requester).exists():
            continue
        created.append(_make(requester, pitch, state))
    return created
