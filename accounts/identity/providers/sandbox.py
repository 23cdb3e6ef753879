"""The sandbox identity provider: verification for local runs and demos, with no Stripe account.

Its "hosted page" is a page of this server, clearly labelled as a sandbox, where the person picks
"Verify (test)" or "Fail (test)"; the session is kept as a billing sandbox object, and read back
through `retrieve_session` exactly as Stripe's would be.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse

from accounts.identity.providers.base import IdentityProviderError, VerificationSession
from billing.models import SandboxObject
from pitchey.errors import NotFoundError

if TYPE_CHECKING:
    from accounts.models import User

KIND = "identity.verification_session"


def _as_session(obj: SandboxObject) -> VerificationSession:
    data = obj.data
    open_ = data.get("status") == "requires_input"
    return VerificationSession(
        id=obj.pk,
        status=str(data.get("status")),
        url=str(data["url"]) if open_ else None,
        last_error_code=str(data.get("last_error_code") or ""),
    )


class SandboxIdentityProvider:
    name = "sandbox"

    def create_session(self, *, user: User, return_url: str, site_base: str) -> VerificationSession:
        session_id = f"vs_sbx_{secrets.token_hex(12)}"
        url = site_base + reverse("accounts:identity-sandbox", args=[session_id])
        data = {"status": "requires_input", "url": url, "return_url": return_url}
        obj = SandboxObject.objects.create(pk=session_id, kind=KIND, user=user, data=data)
        return _as_session(obj)

    def retrieve_session(self, session_id: str) -> VerificationSession:
        obj = SandboxObject.objects.filter(pk=session_id, kind=KIND).first()
        if obj is None:
            raise IdentityProviderError("The sandbox has no such verification session.")
        return _as_session(obj)


# --- what the sandbox page does (the part Stripe's hosted flow would do) ------------------------


def session_of(*, session_id: str, user: User) -> SandboxObject:
    obj = SandboxObject.objects.filter(pk=session_id, kind=KIND, user=user).first()
    if obj is None:
        raise NotFoundError("Verification session not found.")
    return obj


@transaction.atomic
def decide(*, session_id: str, user: User, verify: bool) -> str:
    """Finish an open sandbox session as verified, or as failed (document unverifiable, back to
    requires_input as Stripe does); returns where to send the person back to."""
    obj = SandboxObject.objects.select_for_update().filter(pk=session_id, kind=KIND).first()
    if obj is None or obj.user_id != user.pk:
        raise NotFoundError("Verification session not found.")
    if obj.data.get("status") == "requires_input":
        if verify:
            obj.data.update(status="verified", last_error_code="")
        else:
            obj.data.update(last_error_code="document_unverified_other")
        obj.data["decided"] = True
        obj.save(update_fields=["data", "updated_at"])
    return str(obj.data.get("return_url") or "/")
