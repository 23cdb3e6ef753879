"""The identity provider: Stripe Identity when a Stripe key is set, otherwise the local sandbox
(DEBUG, or IDENTITY_SANDBOX); with neither, or IDENTITY_ENABLED off, identity verification is
unavailable (503)."""

from __future__ import annotations

from django.conf import settings

from accounts.identity.providers.base import (
    IdentityProvider,
    IdentityProviderError,
    IdentityUnavailable,
    VerificationSession,
)

__all__ = [
    "IdentityProvider",
    "IdentityProviderError",
    "IdentityUnavailable",
    "VerificationSession",
    "get_provider",
    "is_available",
    "is_sandbox",
]


def is_sandbox() -> bool:
    return (
        bool(settings.IDENTITY_ENABLED)
        and not settings.STRIPE_SECRET_KEY
        and bool(settings.IDENTITY_SANDBOX)
    )


def is_available() -> bool:
    return bool(settings.IDENTITY_ENABLED) and (
        bool(settings.STRIPE_SECRET_KEY) or bool(settings.IDENTITY_SANDBOX)
    )


def get_provider(name: str | None = None) -> IdentityProvider:
    """The provider the current settings select (read on every call, so tests can switch).
    With `name`, the provider a stored attempt was made with must still be the active one."""
    if not is_available():
        raise IdentityUnavailable("Identity verification is not available on this server.")
    if settings.STRIPE_SECRET_KEY:
        from accounts.identity.providers.stripe_api import StripeIdentityProvider

        provider: IdentityProvider = StripeIdentityProvider()
    else:
        from accounts.identity.providers.sandbox import SandboxIdentityProvider

        provider = SandboxIdentityProvider()
    if name is not None and name != provider.name:
        raise IdentityUnavailable(
            f"This verification was made with the {name} provider, which is no longer active."
        )
    return provider
