"""Reads of the staff console: users with their figures, the flag queue, content for review."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from accounts.models import User
from analytics.models import AuditLog
from billing.models import CreditEntry
from pitches.models import Pitch
from pitchey.errors import DomainError
from staff.models import Flag

USER_TYPES = {"creator", "investor", "production", "watcher", "viewer", "admin"}
USER_STATUSES = {"active", "suspended", "banned"}
USER_SORTS = {
    "createdAt": "created_at",
    "lastLogin": "last_login",
    "name": "username",
    "credits": "credits",
    "email": "email",
}


def _invalid(field: str, message: str) -> DomainError:
    return DomainError(message, code="VALIDATION_ERROR", details={field: [message]})


def parse_when(raw: str, field: str) -> datetime:
    """An ISO date or datetime from a query or body (aware, UTC when naive)."""
    value = parse_datetime(raw) if "T" in raw or " " in raw else None
    if value is None:
        day = parse_date(raw) if len(raw) == 10 else None
        if day is None:
            raise _invalid(field, "Use an ISO date (YYYY-MM-DD) or date-time.")
        value = datetime(day.year, day.month, day.day, tzinfo=UTC)
    if timezone.is_naive(value):
        value = value.replace(tzinfo=UTC)
    return value


def _with_figures(users: QuerySet[User]) -> QuerySet[User]:
    credits = (
        CreditEntry.objects.filter(user_id=OuterRef("pk"))
        .values("user_id")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    pitches = (
        Pitch.objects.filter(owner_id=OuterRef("pk"))
        .values("owner_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    zero = Value(0, output_field=IntegerField())
    return users.annotate(
        credits=Coalesce(Subquery(credits, output_field=IntegerField()), zero),
        pitch_count=Coalesce(Subquery(pitches, output_field=IntegerField()), zero),
    )


def users_for_console(params: dict[str, str]) -> QuerySet[User]:
    """Users matching the console's filters: search (name, email, username), userType,
    status, verified, joinedFrom/joinedTo; sortBy/sortOrder."""
    users = User.objects.all()
    search = (params.get("search") or params.get("q") or "").strip()[:100]
    if search:
        users = users.filter(
            Q(email__icontains=search)
            | Q(username__icontains=search)
            | Q(first_name__icontains=search)
            | Q(last_name__icontains=search)
            | Q(company_name__icontains=search)
        )
    kind = params.get("user_type") or ""
    if kind:
        if kind not in USER_TYPES:
            raise _invalid("userType", "Unknown user type.")
        users = users.filter(user_type="viewer" if kind == "watcher" else kind)
    users = _status_filter(users, params.get("status") or "")
    verified = params.get("verified") or ""
    if verified:
        if verified not in {"true", "false"}:
            raise _invalid("verified", "Use true or false.")
        users = users.filter(email_verified=verified == "true")
    if params.get("joined_from"):
        users = users.filter(created_at__gte=parse_when(params["joined_from"], "joinedFrom"))
    if params.get("joined_to"):
        users = users.filter(created_at__lte=parse_when(params["joined_to"], "joinedTo"))
    sort = USER_SORTS.get(params.get("sort_by") or "createdAt")
    if sort is None:
        raise _invalid("sortBy", f"Sort by one of {', '.join(USER_SORTS)}.")
    direction = "" if params.get("sort_order") == "asc" else "-"
    return _with_figures(users).order_by(f"{direction}{sort}", f"{direction}id")


def _status_filter(users: QuerySet[User], status: str) -> QuerySet[User]:
    if not status:
        return users
    if status not in USER_STATUSES:
        raise _invalid("status", "Choose active, suspended or banned.")
    now = timezone.now()
    suspended = Q(banned_at__isnull=True, suspended_until__gt=now)
    if status == "banned":
        return users.filter(banned_at__isnull=False)
    if status == "suspended":
        return users.filter(suspended)
    return users.filter(banned_at__isnull=True).exclude(suspended)


def user_for_console(user_id: int) -> User | None:
    return _with_figures(User.objects.filter(pk=user_id)).first()


def flag_queue(params: dict[str, str], *, viewer: User) -> QuerySet[Flag]:
    """Flags by status (open by default, or resolved/all), type and assignee (an id or "me")."""
    flags = Flag.objects.for_queue()
    status = params.get("status") or "open"
    if status not in {"open", "resolved", "all"}:
        raise _invalid("status", "Choose open, resolved or all.")
    if status != "all":
        flags = flags.filter(status=status)
    kind = params.get("type") or params.get("target_type") or ""
    if kind:
        if kind not in Flag.TargetType.values:
            raise _invalid("type", "Choose pitch, message, comment or profile.")
        flags = flags.filter(target_type=kind)
    assignee = params.get("assignee") or ""
    if assignee == "me":
        flags = flags.filter(assignee=viewer)
    elif assignee == "none":
        flags = flags.filter(assignee__isnull=True)
    elif assignee:
        if not assignee.isdigit():
            raise _invalid("assignee", "Use a user id, me or none.")
        flags = flags.filter(assignee_id=int(assignee))
    return flags


def pitches_for_review(params: dict[str, str]) -> QuerySet[Pitch]:
    """Pitches for the content page: status (published, hidden, draft, archived, flagged),
    genre, search; newest first, with their open flag's reasons."""
    pitches = Pitch.objects.select_related("owner")
    status = params.get("status") or ""
    open_flags = Flag.objects.open().filter(target_type="pitch")
    if status == "flagged":
        pitches = pitches.filter(pk__in=open_flags.values("target_id"))
    elif status:
        if status not in Pitch.Status.values:
            raise _invalid("status", "Unknown status.")
        pitches = pitches.filter(status=status)
    if params.get("genre"):
        pitches = pitches.filter(genre__iexact=params["genre"][:50])
    if params.get("search"):
        pitches = pitches.filter(title__icontains=params["search"][:100])
    reasons = open_flags.filter(target_id=OuterRef("pk")).values("reasons")[:1]
    return pitches.annotate(flag_reasons=Subquery(reasons)).order_by("-created_at", "-id")


def staff_members() -> QuerySet[User]:
    return User.objects.filter(is_staff=True, is_active=True).order_by("id")


def as_dict(params: Any) -> dict[str, str]:
    return {key: str(value) for key, value in params.items()}


def role_names(user: User) -> list[str]:
    return sorted(user.groups.values_list("name", flat=True))


def activity_of(user: User, limit: int = 20) -> list[AuditLog]:
    """The latest audit entries by the user or about them."""
    about = ContentType.objects.get_for_model(User)
    return list(
        AuditLog.objects.filter(
            Q(actor=user) | Q(content_type=about, object_id=str(user.pk))
        ).select_related("actor", "content_type")[:limit]
    )


def audit_json(entry: AuditLog) -> dict[str, Any]:
    return {
        "id": entry.pk,
        "action": entry.action,
        "actor_id": entry.actor_id,
        "actor": entry.actor.email if entry.actor_id and entry.actor else None,
        "object_type": f"{entry.content_type.app_label}.{entry.content_type.model}",
        "object_id": entry.object_id,
        "ip_address": entry.ip_address,
        "data": entry.data,
        "created_at": entry.created_at.isoformat(),
    }


def flags_for_staff() -> QuerySet[Flag]:
    return Flag.objects.select_related("assignee", "resolved_by")


def pitches_for_staff() -> QuerySet[Pitch]:
    """Every pitch, hidden ones too (staff see everything)."""
    return Pitch.objects.select_related("owner")
