"""What the investment services share: money validation, the rules of who may act on a pitch,
the audit entry, and the portfolio cache every change to a holding invalidates."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.db import transaction

from analytics.services import record_activity
from investments.models import CURRENCIES, MAX_AMOUNT
from pitches import access
from pitches.models import Pitch
from pitchey.errors import Conflict, DomainError, NotAllowed

if TYPE_CHECKING:
    from accounts.models import User

PORTFOLIO_TTL = 300  # seconds: the summary is cached five minutes, and dropped on any change
CENT = Decimal("0.01")


def portfolio_key(investor_id: int) -> str:
    # The cache adds the deployment's key prefix (settings.CACHE_KEY_PREFIX).
    return f"investments:portfolio:{investor_id}"


def invalidate_portfolio(investor_id: int) -> None:
    """Drop the investor's cached summary now and again after commit (a reader between the two
    could otherwise cache the state before the change)."""
    cache.delete(portfolio_key(investor_id))
    transaction.on_commit(lambda: cache.delete(portfolio_key(investor_id)))


def audit(obj: Any, action: str, actor: Any, **data: Any) -> None:
    record_activity(obj, f"investments.{action}", actor=actor, data=_plain(data))


def _plain(data: dict[str, Any]) -> dict[str, Any]:
    return {k: str(v) if isinstance(v, Decimal) else v for k, v in data.items()}


def invalid(field: str, message: str) -> DomainError:
    return DomainError(message, code="VALIDATION_ERROR", details={field: [message]})


def clean_money(value: Any, *, field: str = "amount", allow_zero: bool = False) -> Decimal:
    """A positive amount of at most two decimal places and at most `MAX_AMOUNT`."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise invalid(field, "Enter an amount such as 25000 or 25000.50.") from None
    if not amount.is_finite():
        raise invalid(field, "Enter an amount such as 25000 or 25000.50.")
    if amount < 0 or (amount == 0 and not allow_zero):
        raise invalid(field, "The amount must be greater than zero.")
    if amount > MAX_AMOUNT:
        raise invalid(field, f"The amount may be at most {MAX_AMOUNT:,.0f}.")
    if amount != amount.quantize(CENT, rounding=ROUND_HALF_UP):
        raise invalid(field, "Use at most two decimal places.")
    return amount.quantize(CENT)


def clean_currency(value: Any) -> str:
    code = str(value or "USD").upper()
    if code not in CURRENCIES:
        raise invalid("currency", f"Choose one of {', '.join(CURRENCIES)}.")
    return code


def ensure_may_back(pitch: Pitch, user: User, *, portals: tuple[str, ...]) -> None:
    """`user` may put money or a deal on `pitch`: of an allowed portal, not its owner, the
    pitch published, and on an NDA pitch only with live access."""
    if user.pk == pitch.owner_id:
        raise NotAllowed("You cannot invest in or make a deal on your own pitch.")
    if getattr(user, "user_type", "") not in portals:
        raise NotAllowed("Only investors and production companies can do this.")
    if pitch.status != Pitch.Status.PUBLISHED:
        raise Conflict("This pitch is not open for investment.")
    if pitch.require_nda and not access.can_view_confidential(user, pitch):
        raise NotAllowed("Sign this pitch's NDA first: it needs approved access.")
