"""The production view of a pitch: the company's notes (private, or shared with its team and
the project's collaborators), its checklist and project team, and collaboration requests to
the pitch's creator."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from analytics.services import record_activity
from messaging import NotificationKind
from pitchey.errors import Conflict, NotAllowed
from production.models import Collaboration, ProductionNote, ProjectSheet
from production.services.common import ensure_company, invalid, notify_after_commit

if TYPE_CHECKING:
    from accounts.models import User
    from pitches.models import Pitch

MAX_ITEMS = 100
MAX_TEAM = 50


def _text(value: Any, limit: int) -> str:
    return str(value if value is not None else "").strip()[:limit]


@transaction.atomic
def add_note(
    *,
    company: User,
    pitch: Pitch,
    author: User,
    content: str,
    category: str = "general",
    shared: bool = False,
) -> ProductionNote:
    """A note of the company's on a pitch (written by the company or a collaborator)."""
    content = _text(content, 5000)
    if not content:
        raise invalid("content", "Write the note.")
    note = ProductionNote.objects.create(
        company=company,
        pitch=pitch,
        author=author,
        content=content,
        category=_text(category, 30) or "general",
        shared=shared,
    )
    record_activity(note, "production.note.created", actor=author, data={"pitch": pitch.pk})
    return note


@transaction.atomic
def delete_note(*, note: ProductionNote, actor: User) -> None:
    if note.company_id != actor.pk and note.author_id != actor.pk:
        raise NotAllowed("Only the company or the note's author can delete it.")
    record_activity(note, "production.note.deleted", actor=actor)
    note.delete()


@transaction.atomic
def share_note(*, note: ProductionNote, actor: User, shared: bool) -> ProductionNote:
    """Share a note with the company's team and the project's collaborators, or take it back."""
    if note.company_id != actor.pk:
        raise NotAllowed("Only the company can share its notes.")
    note.shared = shared
    note.save(update_fields=["shared"])
    record_activity(note, "production.note.shared", actor=actor, data={"shared": shared})
    return note


def _sheet(company_id: int, pitch: Pitch) -> ProjectSheet:
    sheet, _ = ProjectSheet.objects.select_for_update().get_or_create(
        company_id=company_id, pitch=pitch
    )
    return sheet


def clean_checklist(items: Any) -> list[dict[str, Any]]:
    """Checklist items in the one stored shape `{id, item, done}` (the SPA sends `item`,
    `label`, `text` or `title`, and `done` or `completed`)."""
    if not isinstance(items, list) or len(items) > MAX_ITEMS:
        raise invalid("checklist", f"A list of at most {MAX_ITEMS} items.")
    clean = []
    for raw in items:
        if isinstance(raw, str):
            raw = {"item": raw}
        if not isinstance(raw, dict):
            raise invalid("checklist", "Each item is an object with a label.")
        label = _text(
            raw.get("item") or raw.get("label") or raw.get("text") or raw.get("title"), 300
        )
        if not label:
            raise invalid("checklist", "Each item needs a label.")
        clean.append(
            {
                "id": _text(raw.get("id"), 40) or uuid.uuid4().hex[:12],
                "item": label,
                "done": bool(raw.get("done", raw.get("completed", False))),
            }
        )
    return clean


@transaction.atomic
def save_checklist(*, company: User, pitch: Pitch, items: Any) -> ProjectSheet:
    ensure_company(company)
    sheet = _sheet(company.pk, pitch)
    sheet.checklist = clean_checklist(items)
    sheet.updated_at = timezone.now()
    sheet.save(update_fields=["checklist", "updated_at"])
    record_activity(sheet, "production.checklist.saved", actor=company, data={"pitch": pitch.pk})
    return sheet


@transaction.atomic
def tick_checklist_item(
    *, company_id: int, pitch: Pitch, actor: User, item_id: str, completed: bool
) -> ProjectSheet:
    """Mark one item done or not (the company, or an editor among the collaborators)."""
    sheet = _sheet(company_id, pitch)
    for item in sheet.checklist:
        if str(item.get("id")) == str(item_id):
            item["done"] = completed
            break
    else:
        raise invalid("item_id", "No such checklist item.")
    sheet.updated_at = timezone.now()
    sheet.save(update_fields=["checklist", "updated_at"])
    record_activity(sheet, "production.checklist.ticked", actor=actor, data={"item": item_id})
    return sheet


@transaction.atomic
def save_project_team(*, company: User, pitch: Pitch, members: Any) -> ProjectSheet:
    """The people on the company's project for this pitch: `[{name, role, email?}]`."""
    ensure_company(company)
    if not isinstance(members, list) or len(members) > MAX_TEAM:
        raise invalid("team", f"A list of at most {MAX_TEAM} people.")
    clean = []
    for raw in members:
        if not isinstance(raw, dict) or not _text(raw.get("name"), 120):
            raise invalid("team", "Each person has a name.")
        clean.append(
            {
                "name": _text(raw.get("name"), 120),
                "role": _text(raw.get("role"), 80),
                "email": _text(raw.get("email"), 255),
            }
        )
    sheet = _sheet(company.pk, pitch)
    sheet.team = clean
    sheet.updated_at = timezone.now()
    sheet.save(update_fields=["team", "updated_at"])
    record_activity(sheet, "production.project_team.saved", actor=company)
    return sheet


@transaction.atomic
def request_collaboration(
    *, requester: User, pitch: Pitch, role: str = "", message: str = ""
) -> Collaboration:
    """Ask the pitch's creator to work on it together (one open request per pitch)."""
    if requester.user_type not in ("production", "investor") and not requester.is_staff:
        raise NotAllowed("Only production companies and investors ask to collaborate.")
    if pitch.owner_id == requester.pk:
        raise NotAllowed("This is your own pitch.")
    try:
        with transaction.atomic():
            collaboration = Collaboration.objects.create(
                requester=requester,
                collaborator_id=pitch.owner_id,
                pitch=pitch,
                role=_text(role, 50),
                message=_text(message, 2000),
            )
    except IntegrityError:
        raise Conflict("You already asked to collaborate on this pitch.") from None
    record_activity(collaboration, "production.collaboration.requested", actor=requester)
    name = requester.company_name or requester.display_name
    notify_after_commit(
        pitch.owner_id,
        NotificationKind.COLLABORATION_REQUEST,
        f"{name} would like to collaborate on “{pitch.title}”",
        body=collaboration.message[:200],
        link="/collaborations/",
        data={"collaboration_id": collaboration.pk, "pitch_id": pitch.pk},
    )
    return collaboration


ANSWERS = {"active": "accepted", "declined": "declined", "completed": "completed"}


@transaction.atomic
def set_collaboration_status(
    *, collaboration: Collaboration, actor: User, status: str
) -> Collaboration:
    """The creator accepts (`active`) or declines a pending request; either side completes an
    active one; the requester cancels an open one."""
    locked = (
        Collaboration.objects.select_for_update().select_related("pitch").get(pk=collaboration.pk)
    )
    S = Collaboration.Status
    aliases = {"accepted": S.ACTIVE, "accept": S.ACTIVE, "rejected": S.DECLINED}
    status = aliases.get(status, status)
    is_creator = actor.pk == locked.collaborator_id
    allowed: dict[tuple[str, str], bool] = {
        (S.PENDING, S.ACTIVE): is_creator,
        (S.PENDING, S.DECLINED): is_creator,
        (S.PENDING, S.CANCELLED): actor.pk == locked.requester_id,
        (S.ACTIVE, S.COMPLETED): True,
        (S.ACTIVE, S.CANCELLED): actor.pk == locked.requester_id,
    }
    if status not in S.values:
        raise invalid("status", "active, declined, completed or cancelled.")
    if not allowed.get((locked.status, status), False):
        raise Conflict(f"A {locked.status} collaboration cannot become {status} by you.")
    locked.status = status
    locked.responded_at = timezone.now()
    locked.save(update_fields=["status", "responded_at"])
    record_activity(locked, "production.collaboration.status", actor=actor, data={"to": status})
    other = locked.requester_id if is_creator else locked.collaborator_id
    notify_after_commit(
        other,
        NotificationKind.COLLABORATION_UPDATE,
        f"Collaboration on “{locked.pitch.title}”: {ANSWERS.get(status, status)}",
        link="/collaborations/",
        data={"collaboration_id": locked.pk, "status": status},
    )
    return locked
