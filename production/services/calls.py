"""Open calls: a company posts a call (genres, formats, budget bracket, deadline, quota); the
creators whose published pitches match hear of it once, in bulk, after commit."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from analytics.services import record_activity
from messaging import NotificationKind, notify_many
from pitches.models import Pitch
from pitchey.errors import NotAllowed
from production import tasks
from production.models import OpenCall
from production.services.common import ensure_company, invalid

if TYPE_CHECKING:
    from accounts.models import User

FIELDS = frozenset(
    {"title", "description", "genres", "formats", "budget_bracket", "deadline", "quota", "status"}
)
MAX_TAGS = 20


def _clean(fields: dict[str, Any], *, creating: bool) -> dict[str, Any]:
    unknown = set(fields) - FIELDS
    if unknown:
        raise invalid(sorted(unknown)[0], "Not a field of an open call.")
    clean = dict(fields)
    if creating or "title" in clean:
        clean["title"] = str(clean.get("title", "")).strip()[:200]
        if not clean["title"]:
            raise invalid("title", "Give the call a title.")
    for name in ("genres", "formats"):
        if name in clean:
            tags = [str(t).strip()[:50] for t in clean[name] or [] if str(t).strip()]
            if len(tags) > MAX_TAGS:
                raise invalid(name, f"At most {MAX_TAGS}.")
            clean[name] = list(dict.fromkeys(tags))
    deadline = clean.get("deadline")
    if creating and deadline is None:
        raise invalid("deadline", "Give the call a deadline.")
    if isinstance(deadline, datetime) and deadline <= timezone.now():
        raise invalid("deadline", "The deadline must be in the future.")
    quota = clean.get("quota")
    if quota is not None and not (isinstance(quota, int) and 1 <= quota <= 10_000):
        raise invalid("quota", "A number of submissions from 1 to 10000, or empty.")
    if "status" in clean and clean["status"] not in OpenCall.Status.values:
        raise invalid("status", "open or closed.")
    return clean


@transaction.atomic
def create_call(*, company: User, fields: dict[str, Any]) -> OpenCall:
    """Post an open call; matching creators are notified after commit."""
    ensure_company(company)
    call = OpenCall.objects.create(company=company, **_clean(fields, creating=True))
    record_activity(call, "production.call.created", actor=company)
    transaction.on_commit(lambda: tasks.announce_call.delay(call.pk))
    return call


@transaction.atomic
def update_call(*, call: OpenCall, actor: User, fields: dict[str, Any]) -> OpenCall:
    """The company edits or closes its own call; a quota below what arrived is refused."""
    if call.company_id != actor.pk:
        raise NotAllowed("Only the company that posted this call can change it.")
    clean = _clean(fields, creating=False)
    locked = OpenCall.objects.select_for_update().get(pk=call.pk)
    quota = clean.get("quota", locked.quota)
    if quota is not None and quota < locked.submission_count:
        raise invalid("quota", f"{locked.submission_count} submissions have already arrived.")
    for name, value in clean.items():
        setattr(locked, name, value)
    locked.updated_at = timezone.now()
    locked.save(update_fields=[*clean, "updated_at"])
    record_activity(locked, "production.call.updated", actor=actor, data={"fields": sorted(clean)})
    return locked


def matching_creators(call: OpenCall) -> list[int]:
    """Active creators with a published pitch in one of the call's genres and formats and, when
    it has one, its budget bracket (case-insensitive; an empty list matches everything)."""
    match = Q()
    if call.genres:
        genres = Q()
        for genre in call.genres:
            genres |= Q(genre__iexact=genre)
        match &= genres
    if call.formats:
        formats = Q()
        for name in call.formats:
            formats |= Q(format__iexact=name) | Q(format_category__iexact=name)
        match &= formats
    if call.budget_bracket:
        match &= Q(budget_bracket__iexact=call.budget_bracket)
    rows = (
        Pitch.objects.published()
        .filter(match, owner__is_active=True, owner__user_type="creator")
        .exclude(owner_id=call.company_id)
        .values_list("owner_id", flat=True)
        .distinct()
    )
    return sorted(rows)


@transaction.atomic
def announce_call(*, call_id: int) -> int:
    """Notify the matching creators of a call, once (a second run finds it announced)."""
    call = OpenCall.objects.select_for_update().filter(pk=call_id).first()
    if call is None or call.notified_at is not None:
        return 0
    recipients = matching_creators(call)
    name = call.company.company_name or call.company.display_name
    if recipients:
        notify_many(
            recipients=recipients,
            kind=NotificationKind.OPEN_CALL,
            title=f"{name} is looking for pitches: {call.title}",
            body=f"Submit before {call.deadline:%d %b %Y}.",
            link=f"/calls/{call.pk}/",
            data={"call_id": call.pk},
        )
    call.notified_at = timezone.now()
    call.notified_count = len(recipients)
    call.save(update_fields=["notified_at", "notified_count"])
    return len(recipients)
