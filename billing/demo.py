"""Demo billing: every demo account starts with credits, and the demo creator holds an active
subscription taken through the sandbox checkout (so its events went through the webhook)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings

from billing.providers import is_sandbox, sandbox
from billing.services import checkout, credits
from billing.services.subscriptions import current_subscription
from pitchey.seeding import DemoData

if TYPE_CHECKING:
    from accounts.models import User

DEMO_CREDITS = 200
DEMO_CREATOR = "alex.creator@demo.com"
DEMO_PLAN = "creator_plus"


def _subscribe(user: User) -> None:
    result = f"{settings.SITE_URL}/billing/checkout/result/?session_id={{CHECKOUT_SESSION_ID}}"
    session = checkout.start_subscription_checkout(
        user=user,
        tier=DEMO_PLAN,
        interval="monthly",
        promo_code="",
        urls=(result, f"{settings.SITE_URL}/pricing/", settings.SITE_URL),
    )
    sandbox.pay(session_id=session.id, user=user)


def seed(demo: DemoData) -> None:
    """Grant the demo credits once per account; subscribe the demo creator in the sandbox."""
    users: list[User] = list(demo.users)
    for user in users:
        credits.grant_credits(
            user=user,
            amount=DEMO_CREDITS,
            reason="Demo starting credits",
            actor=None,
            reference=f"demo-start:{user.pk}",
        )
    creator = next((u for u in users if u.email == DEMO_CREATOR), None)
    if creator is not None and is_sandbox() and current_subscription(creator) is None:
        _subscribe(creator)
