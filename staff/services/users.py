"""User management by staff: one update that routes each change to its owning service."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from accounts import services as account_services
from accounts.models import User
from billing import services as billing_services
from pitchey.errors import NotAllowed
from staff.services import moderation
from staff.services.roles import set_staff_roles


@transaction.atomic
def update_user(*, user: User, actor: User, changes: dict[str, Any], reason: str = "") -> User:
    """Apply the console's user edits: status, credit balance, verification, staff roles.
    Each needs its own staff function; the changes land together or not at all."""
    if "status" in changes:
        moderation.apply_status(
            user=user,
            actor=actor,
            status=changes["status"],
            reason=reason,
            until=changes.get("suspend_until"),
        )
    if "credits" in changes:
        set_credit_balance(user=user, actor=actor, balance=changes["credits"], reason=reason)
    if changes.get("email_verified"):
        account_services.mark_email_verified(user=user, actor=actor)
    if changes.get("company_verified"):
        account_services.mark_company_verified(user=user, actor=actor)
    elif changes.get("company_verified") is False:
        account_services.withdraw_company_verification(user=user, actor=actor)
    if "roles" in changes:
        if not actor.has_perm("staff.manage_settings"):
            raise NotAllowed("Only admins can change staff roles.")
        set_staff_roles(user=user, role_names=changes["roles"], actor=actor)
    return user


def set_credit_balance(*, user: User, actor: User, balance: int, reason: str) -> None:
    """Bring the balance to `balance` with one grant or revocation in the ledger."""
    if not actor.has_perm("staff.manage_credits"):
        raise NotAllowed("Your staff role cannot change credits.")
    current = billing_services.balance_of(user.pk)
    reason = reason or "Balance set in the staff console"
    if balance > current:
        billing_services.grant_credits(
            user=user, amount=balance - current, reason=reason, actor=actor
        )
    elif balance < current:
        billing_services.revoke_credits(
            user=user, amount=current - balance, reason=reason, actor=actor
        )
