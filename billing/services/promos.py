"""Promo codes: staff generate and send them; a user redeems a code once, at checkout."""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Count

from analytics import record_activity
from billing import tasks
from billing.models import PromoCode, PromoRedemption
from pitchey import runtime
from pitchey.errors import DomainError

if TYPE_CHECKING:
    from accounts.models import User

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
MAX_GENERATE = 100


def _invalid(message: str) -> DomainError:
    return DomainError(message, code="INVALID_PROMO_CODE", details={"code": [message]})


def normalise(code: str) -> str:
    return "".join(str(code).split()).upper()[:40]


def check_promo(*, user: User, code: str) -> PromoCode:
    """The promo `code` if `user` may still apply it; raises DomainError saying why not (503
    while payments are switched off: a code is only redeemed at checkout)."""
    runtime.require_feature("payments", "Payments")
    promo = (
        PromoCode.objects.usable()
        .annotate(used=Count("redemptions"))
        .filter(code=normalise(code))
        .first()
    )
    if promo is None:
        raise _invalid("That code isn't valid or has expired.")
    if promo.max_redemptions is not None and promo.used >= promo.max_redemptions:  # type: ignore[attr-defined]
        raise _invalid("That code has been used up.")
    if PromoRedemption.objects.filter(promo=promo, user=user).exists():
        raise _invalid("You have already used that code.")
    return promo


def redeem_promo(*, user: User, code: str, session_id: str) -> PromoRedemption | None:
    """Record that `user` used `code` in a completed checkout (once per user; later uses no-op)."""
    promo = PromoCode.objects.filter(code=normalise(code)).first()
    if promo is None:
        return None
    try:
        with transaction.atomic():
            return PromoRedemption.objects.create(
                promo=promo, user=user, stripe_session_id=session_id
            )
    except IntegrityError:
        return None


def _new_code() -> str:
    return "PITCH-" + "".join(secrets.choice(ALPHABET) for _ in range(8))


@transaction.atomic
def generate_promo_codes(
    *, count: int, percent_off: int, actor: User, label: str = ""
) -> list[PromoCode]:
    """Create `count` single-use-per-user codes for `percent_off` off a first payment; audited."""
    if not 1 <= count <= MAX_GENERATE:
        raise DomainError(
            f"Generate between 1 and {MAX_GENERATE} codes.",
            code="VALIDATION_ERROR",
            details={"count": [f"Between 1 and {MAX_GENERATE}."]},
        )
    if not 1 <= percent_off <= 100:
        raise DomainError(
            "The discount is a percentage between 1 and 100.",
            code="VALIDATION_ERROR",
            details={"percent_off": ["Between 1 and 100."]},
        )
    codes = [
        PromoCode.objects.create(
            code=_new_code(), percent_off=percent_off, label=label[:120], created_by=actor
        )
        for _ in range(count)
    ]
    for promo in codes:
        record_activity(promo, "billing.promo.created", actor=actor, data={"code": promo.code})
    return codes


@transaction.atomic
def send_promo_code(
    *, promo: PromoCode, recipient_name: str, recipient_email: str, actor: User
) -> None:
    """Email a code to someone (after commit); audited."""
    name = " ".join(recipient_name.split())[:120]
    record_activity(
        promo, "billing.promo.sent", actor=actor, data={"email": recipient_email, "name": name}
    )
    promo_id = promo.pk
    transaction.on_commit(lambda: tasks.send_promo_email.delay(promo_id, name, recipient_email))
