"""What identity verification needs from a provider, and what a provider answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from pitchey.errors import DomainError

if TYPE_CHECKING:
    from accounts.models import User


class IdentityProviderError(DomainError):
    """The provider refused or could not be reached (502: the fault is upstream)."""

    status_code = 502
    code = "IDENTITY_PROVIDER_ERROR"


class IdentityUnavailable(DomainError):
    status_code = 503
    code = "SERVICE_UNAVAILABLE"


@dataclass(frozen=True)
class VerificationSession:
    """A provider's verification session, in Stripe Identity's terms."""

    id: str
    status: str  # requires_input, processing, verified or canceled
    url: str | None = None  # where the person goes to verify (only while requires_input)
    last_error_code: str = ""


class IdentityProvider(Protocol):
    name: str

    def create_session(
        self, *, user: User, return_url: str, site_base: str
    ) -> VerificationSession: ...

    def retrieve_session(self, session_id: str) -> VerificationSession: ...
