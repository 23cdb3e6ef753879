"""What the billing API views share: return URLs and the query-error check."""

from __future__ import annotations

from django.conf import settings
from rest_framework import exceptions
from rest_framework.request import Request

SPA_BILLING_PATH = "/billing"


def site_base(request: Request) -> str:
    """This server's own origin (the sandbox's pages live here)."""
    return request.build_absolute_uri("/").rstrip("/")


def spa_urls(request: Request, tab: str) -> tuple[str, str, str]:
    """(success, cancel, site base) for a Checkout started by the SPA: back to its billing page."""
    base = f"{settings.FRONTEND_URL}{SPA_BILLING_PATH}?tab={tab}"
    success = f"{base}&checkout=success&session_id={{CHECKOUT_SESSION_ID}}"
    return success, f"{base}&checkout=cancelled", site_base(request)


def raise_for(errors: dict[str, list[str]]) -> None:
    if errors:
        raise exceptions.ValidationError(errors)
