"""Reports and the moderation queue: users report, reports gather into flags, moderators
assign and resolve them (dismiss, hide, remove, warn, suspend)."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from accounts import services as account_services
from accounts.models import User
from analytics import record_activity
from analytics.models import ContentReport
from analytics.services import reports as report_rows
from messaging import notify
from messaging.kinds import NotificationKind
from pitchey.errors import Conflict, DomainError
from pitchey.ratelimit import hit_rate_limit
from staff import targets
from staff.models import Flag

if TYPE_CHECKING:
    from staff.targets import Target

REPORTS_PER_HOUR = 10
TAKE_DOWN = {Flag.Resolution.HIDE, Flag.Resolution.REMOVE}


class RateLimited(DomainError):
    status_code = 429
    code = "RATE_LIMIT_EXCEEDED"


def _clean(text: str, limit: int) -> str:
    return (text or "").replace("\x00", "").strip()[:limit]


@transaction.atomic
def report_content(
    *, reporter: User, target_type: str, target_id: Any, reason: str, details: str = ""
) -> ContentReport:
    """A user reports something they can see (404 otherwise); at most one open report per
    object and 10 reports an hour. The report joins (or opens) the object's flag."""
    target = targets.reachable(target_type, target_id, reporter)
    if target.owner_id == reporter.pk:
        raise DomainError(
            "You cannot report your own content.",
            code="VALIDATION_ERROR",
            details={"target_id": ["You cannot report your own content."]},
        )
    allowed, _, reset = hit_rate_limit(f"reports:u{reporter.pk}", REPORTS_PER_HOUR, 3600)
    if not allowed:
        raise RateLimited(
            f"You have sent many reports; try again in {reset} seconds.",
            details={"retry_after": reset},
        )
    reason = _clean(reason, 100)
    report = report_rows.report_content(
        reporter=reporter,
        target_type=target.kind,
        target_id=str(target.obj.pk),
        reason=reason,
        details=_clean(details, 2000),
    )
    _gather(target, reasons=[reason], actor=reporter)
    return report


@transaction.atomic
def flag_content(
    *, actor: User, target_type: str, target_id: Any, reasons: list[str], notes: str = ""
) -> Flag:
    """A staff member puts something in the queue themselves."""
    target = targets.reachable(target_type, target_id, actor)
    flag = _gather(target, reasons=[_clean(r, 100) for r in reasons if r], actor=actor)
    if notes:
        flag.notes = "\n".join(filter(None, [flag.notes, _clean(notes, 2000)]))
        flag.save(update_fields=["notes"])
    return flag


def _gather(target: Target, *, reasons: list[str], actor: User) -> Flag:
    """The open flag of `target`, created on its first report, counting this one."""
    flag = (
        Flag.objects.select_for_update()
        .open()
        .filter(target_type=target.kind, target_id=target.obj.pk)
        .first()
    )
    if flag is None:
        try:
            with transaction.atomic():
                flag = Flag.objects.create(
                    target_type=target.kind,
                    target_id=target.obj.pk,
                    target_owner_id=target.owner_id,
                    target_label=target.label,
                )
        except IntegrityError:  # a concurrent first report opened it
            flag = (
                Flag.objects.select_for_update()
                .open()
                .get(target_type=target.kind, target_id=target.obj.pk)
            )
        else:
            record_activity(flag, "staff.flag.opened", actor=actor)
    new_reasons = [r for r in reasons if r and r not in flag.reasons]
    Flag.objects.filter(pk=flag.pk).update(
        report_count=F("report_count") + 1,
        last_reported_at=timezone.now(),
        reasons=[*flag.reasons, *new_reasons],
    )
    flag.refresh_from_db()
    return flag


@transaction.atomic
def assign_flag(*, flag: Flag, assignee: User | None, actor: User) -> Flag:
    """Give an open flag to a moderator (None: back to the pool)."""
    flag = Flag.objects.select_for_update().get(pk=flag.pk)
    if flag.status != Flag.Status.OPEN:
        raise Conflict("This flag is already resolved.")
    if assignee is not None and not assignee.has_perm("staff.moderate_content"):
        raise DomainError(
            "Assign the flag to a moderator.",
            code="VALIDATION_ERROR",
            details={"assignee_id": ["This person cannot moderate content."]},
        )
    before = flag.assignee_id
    flag.assignee = assignee
    flag.save(update_fields=["assignee"])
    record_activity(
        flag,
        "staff.flag.assigned",
        actor=actor,
        data={"changes": {"assignee": [before, flag.assignee_id]}},
    )
    return flag


@transaction.atomic
def resolve_flag(
    *,
    flag: Flag,
    actor: User,
    resolution: str,
    note: str = "",
    suspend_until: datetime | None = None,
) -> Flag:
    """Close an open flag with one outcome, applied through the owning app's service:
    hide/remove take the content down, warn notifies its author, suspend suspends them.
    Every open report on the object is resolved with it."""
    flag = Flag.objects.select_for_update().get(pk=flag.pk)
    if flag.status != Flag.Status.OPEN:
        raise Conflict("This flag is already resolved.")
    if resolution not in Flag.Resolution.values:
        raise DomainError(
            "Choose dismiss, hide, remove, warn or suspend.",
            code="VALIDATION_ERROR",
            details={"resolution": ["Choose dismiss, hide, remove, warn or suspend."]},
        )
    note = _clean(note, 2000)
    _apply(flag, resolution=resolution, actor=actor, note=note, until=suspend_until)
    flag.status = Flag.Status.RESOLVED
    flag.resolution, flag.resolution_note = resolution, note
    flag.resolved_by, flag.resolved_at = actor, timezone.now()
    flag.save(
        update_fields=["status", "resolution", "resolution_note", "resolved_by", "resolved_at"]
    )
    report_rows.resolve_reports_on(
        target_type=flag.target_type, target_id=flag.target_id, actor=actor
    )
    record_activity(
        flag,
        f"staff.flag.resolved.{resolution}",
        actor=actor,
        data={"note": note, "target": f"{flag.target_type}:{flag.target_id}"},
    )
    return flag


def _apply(flag: Flag, *, resolution: str, actor: User, note: str, until: datetime | None) -> None:
    if resolution == Flag.Resolution.DISMISS:
        return
    target = targets.load(flag.target_type, flag.target_id)
    if resolution in TAKE_DOWN:
        if target is not None:
            targets.take_down(target, actor=actor, reason=note)
        return
    owner = User.objects.filter(pk=flag.target_owner_id).first()
    if owner is None:
        raise DomainError(
            "The author of this content no longer exists.",
            code="VALIDATION_ERROR",
            details={"resolution": ["There is nobody to warn or suspend."]},
        )
    if resolution == Flag.Resolution.WARN:
        notify(
            recipient=owner,
            kind=NotificationKind.MODERATION_WARNING,
            title="A moderator warned you about your content",
            body=note or f"Your {flag.get_target_type_display().lower()} broke the rules.",
            link="/contact",
            data={"flagId": flag.pk, "targetType": flag.target_type},
        )
        record_activity(owner, "accounts.user.warned", actor=actor, data={"flag": flag.pk})
        return
    if until is None:
        raise DomainError(
            "Give the date the suspension ends.",
            code="VALIDATION_ERROR",
            details={"suspend_until": ["Give the date the suspension ends."]},
        )
    account_services.suspend_user(user=owner, actor=actor, until=until, reason=note)
