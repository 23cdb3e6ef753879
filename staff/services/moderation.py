"""Content moderation outside the queue: removing a pitch and bulk actions (which also carry the
console's payment refunds).

Removal never deletes a pitch: NDAs signed on it, its ledger entries and its audit trail stay
evidence. A removed pitch is hidden (gone from every channel) and its open flag is resolved.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction

from accounts import services as account_services
from accounts.models import User
from analytics import record_activity
from billing.models import Payment
from billing.services import refunds
from pitches import services as pitch_services
from pitches.models import Pitch
from pitchey.errors import DomainError, NotAllowed
from staff.models import Flag
from staff.selectors import parse_when
from staff.services import flags as flag_services

DESTRUCTIVE_RESOLUTIONS = {Flag.Resolution.REMOVE, Flag.Resolution.SUSPEND}

PITCH_ACTIONS = {
    "approve": "unhide",
    "moderate_approve": "unhide",
    "unhide": "unhide",
    "restore": "unhide",
    "reject": "hide",
    "moderate_reject": "hide",
    "hide": "hide",
    "remove": "remove",
    "delete": "remove",
    "feature": "feature",
    "unfeature": "unfeature",
    "flag": "flag",
    "moderate_flag": "flag",
}
FLAG_ACTIONS = {f"resolve_{r}": r for r in Flag.Resolution.values} | {"dismiss": "dismiss"}
USER_ACTIONS = {"update_users", "suspend", "ban", "restore_users"}
PAYMENT_ACTIONS = {"refund"}
# Bulk actions needing a reason and a recent login.
DESTRUCTIVE_ACTIONS = {"remove", "delete", "ban", "resolve_remove", "resolve_suspend", "refund"}
# The staff function each kind of bulk action needs (the endpoint itself only asks for the
# console): moderators act on content and users, support and admin refund payments.
MODERATE = "staff.moderate_content"
SUSPEND = "staff.suspend_users"


@transaction.atomic
def remove_pitch(*, pitch: Pitch, actor: User, reason: str) -> Pitch:
    """Take a pitch off the platform for good (hidden, never deleted); its open flag closes."""
    pitch = pitch_services.set_hidden(pitch=pitch, actor=actor, hidden=True, reason=reason)
    record_activity(pitch, "staff.content.removed", actor=actor, data={"reason": reason})
    flag = Flag.objects.open().filter(target_type="pitch", target_id=pitch.pk).first()
    if flag is not None:
        flag_services.resolve_flag(
            flag=flag, actor=actor, resolution=Flag.Resolution.DISMISS, note=f"Removed: {reason}"
        )
    return pitch


def is_destructive(action: str, updates: dict[str, Any] | None) -> bool:
    return action in DESTRUCTIVE_ACTIONS or (
        action == "update_users" and (updates or {}).get("status") == "banned"
    )


def bulk_action(
    *,
    actor: User,
    action: str,
    pitch_ids: list[int] | None = None,
    user_ids: list[int] | None = None,
    flag_ids: list[int] | None = None,
    data: dict[str, Any] | None = None,
    updates: dict[str, Any] | None = None,
    reason: str = "",
    payment_ids: list[int] | None = None,
    target_id: int | None = None,
    amount: Any = None,
) -> dict[str, Any]:
    """Run one action on each row; a row a service refuses is reported, the rest go on."""
    data = data or {}
    reason = reason or str(data.get("reason") or data.get("notes") or "")
    if action in PITCH_ACTIONS or action in FLAG_ACTIONS:
        _require(actor, MODERATE, "Your staff role cannot moderate content.")
    if action in PITCH_ACTIONS:
        rows: list[Any] = list(Pitch.objects.filter(pk__in=pitch_ids or []))
        step = _pitch_step(PITCH_ACTIONS[action], actor, reason, data)
    elif action in PAYMENT_ACTIONS:
        _require(actor, refunds.PERMISSION, "Your staff role cannot refund payments.")
        wanted = [*(payment_ids or []), *([target_id] if target_id else [])]
        if amount is not None and len(set(wanted)) != 1:
            raise DomainError(
                "An amount refunds one payment; leave it out to refund several in full.",
                code="VALIDATION_ERROR",
                details={"amount": ["Only with a single payment."]},
            )
        rows = list(Payment.objects.filter(pk__in=wanted).order_by("pk"))
        share = amount  # the SPA's refund of one transaction may be partial; none: in full

        def step(payment: Payment) -> None:
            refunds.refund_payment(payment=payment, actor=actor, reason=reason, amount=share)

    elif action in FLAG_ACTIONS:
        rows = list(Flag.objects.filter(pk__in=flag_ids or []))
        resolution = FLAG_ACTIONS[action]
        until = _until(data.get("suspend_until") or data.get("suspendUntil"))

        def step(flag: Flag) -> None:
            flag_services.resolve_flag(
                flag=flag, actor=actor, resolution=resolution, note=reason, suspend_until=until
            )

    elif action in USER_ACTIONS:
        _require(actor, SUSPEND, "Your staff role cannot suspend or restore users.")
        rows = list(User.objects.filter(pk__in=user_ids or []))
        step = _user_step(action, actor, reason, updates or data)
    else:
        raise DomainError(
            "Unknown bulk action.",
            code="VALIDATION_ERROR",
            details={"action": [f"Unknown action {action[:40]!r}."]},
        )
    return _run(action, rows, step)


def _require(actor: User, permission: str, refusal: str) -> None:
    if not actor.has_perm(permission):
        raise NotAllowed(refusal)


def _run(action: str, rows: list[Any], step: Any) -> dict[str, Any]:
    results, failed = [], 0
    for row in rows:
        try:
            with transaction.atomic():
                step(row)
        except DomainError as exc:
            failed += 1
            results.append({"id": row.pk, "ok": False, "error": exc.message})
        else:
            results.append({"id": row.pk, "ok": True})
    return {"action": action, "processed": len(rows) - failed, "failed": failed, "results": results}


def _pitch_step(kind: str, actor: User, reason: str, data: dict[str, Any]) -> Any:
    def step(pitch: Pitch) -> None:
        if kind in {"hide", "unhide"}:
            pitch_services.set_hidden(
                pitch=pitch, actor=actor, hidden=kind == "hide", reason=reason
            )
        elif kind == "remove":
            remove_pitch(pitch=pitch, actor=actor, reason=reason)
        elif kind in {"feature", "unfeature"}:
            pitch_services.set_featured(
                pitch=pitch, actor=actor, featured=kind == "feature", notes=reason
            )
        else:
            reasons = data.get("reasons") or [reason or "staff"]
            flag_services.flag_content(
                actor=actor,
                target_type="pitch",
                target_id=pitch.pk,
                reasons=[str(r) for r in reasons][:10],
            )

    return step


def _until(raw: Any) -> datetime | None:
    return parse_when(str(raw), "suspend_until") if raw else None


def _user_step(action: str, actor: User, reason: str, updates: dict[str, Any]) -> Any:
    wanted = {"suspend": "suspended", "ban": "banned", "restore_users": "active"}.get(
        action, str(updates.get("status") or "")
    )
    until = _until(updates.get("suspend_until") or updates.get("suspendUntil"))

    def step(user: User) -> None:
        apply_status(user=user, actor=actor, status=wanted, reason=reason, until=until)

    return step


def apply_status(
    *, user: User, actor: User, status: str, reason: str, until: datetime | None
) -> User:
    """Set a user's moderation status (active, suspended until a date, banned)."""
    if status == "active":
        return account_services.restore_user(user=user, actor=actor, reason=reason)
    if status == "banned":
        return account_services.ban_user(user=user, actor=actor, reason=reason)
    if status == "suspended":
        if until is None:
            raise DomainError(
                "Give the date the suspension ends.",
                code="VALIDATION_ERROR",
                details={"suspend_until": ["Give the date the suspension ends."]},
            )
        return account_services.suspend_user(user=user, actor=actor, until=until, reason=reason)
    raise DomainError(
        "Choose active, suspended or banned.",
        code="VALIDATION_ERROR",
        details={"status": ["Choose active, suspended or banned."]},
    )
