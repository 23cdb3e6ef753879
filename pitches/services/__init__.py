"""Every state change of pitches: drafts, edits, publishing and characters here; files,
engagement and views, access grants and trending in the submodules, re-exported below.
Side effects (cache invalidation, pushes) run on commit."""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone
from django.utils.text import slugify

import billing
from analytics import track
from analytics.services import changes, record_activity, snapshot
from messaging import NotificationKind, notify
from pitches import config, events
from pitches.models import (
    Character,
    CreativeAttachment,
    Pitch,
)
from pitches.services.common import _changed, _ensure_owner
from pitches.services.provenance import seal
from pitchey import runtime
from pitchey.errors import Conflict, DomainError, NotAllowed

if TYPE_CHECKING:
    from accounts.models import User

EDITABLE_FIELDS = frozenset(
    f.name
    for f in Pitch._meta.get_fields()
    if getattr(f, "concrete", False)
    and f.name
    not in {
        "id",
        "owner",
        "slug",
        "status",
        "published_at",
        "archived_at",
        "status_before_archive",
        "content_hash",
        "view_count",
        "like_count",
        "save_count",
        "nda_count",
        "rating_average",
        "rating_count",
        "trending_score",
        "search_vector",
        "search_vector_public",
        "created_at",
        "updated_at",
    }
)


def _unique_slug(title: str) -> str:
    base = slugify(title)[:100] or "pitch"
    slug = base
    while Pitch.objects.filter(slug=slug).exists():
        slug = f"{base}-{secrets.token_hex(3)}"
    return slug


def _apply_fields(pitch: Pitch, fields: dict[str, Any]) -> list[str]:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise DomainError(
            "Unknown fields.",
            code="VALIDATION_ERROR",
            details={k: ["Not editable."] for k in unknown},
        )
    for name, value in fields.items():
        setattr(pitch, name, value)
    if "estimated_budget_usd" in fields and "budget_bracket" not in fields:
        amount = fields["estimated_budget_usd"]
        pitch.budget_bracket = config.bracket_for(float(amount) if amount is not None else None)
    if "format_category" in fields and not fields.get("format"):
        pitch.format = pitch.format_subtype or pitch.format_category
    return [*list(fields), "budget_bracket", "format", "updated_at"]


# Portals that write pitches: creators, and production companies with their own projects.
PITCH_AUTHORS = ("creator", "production", "admin")


@transaction.atomic
def create_pitch(
    *,
    owner: User,
    fields: dict[str, Any],
    characters: Sequence[dict[str, Any]] = (),
    attachments: Sequence[dict[str, Any]] = (),
) -> Pitch:
    """Create a draft owned by `owner`; creators and production companies pitch (PR15)."""
    if owner.user_type not in PITCH_AUTHORS and not owner.is_staff:
        raise NotAllowed("Only creators and production companies can create pitches.")
    runtime.require_feature("pitch_submission", "Creating pitches")
    pitch = Pitch(owner=owner, slug=_unique_slug(str(fields.get("title", ""))))
    _apply_fields(pitch, fields)
    pitch.save()
    _replace_children(pitch, characters=characters, attachments=attachments)
    record_activity(pitch, "pitches.pitch.created", actor=owner, data={"title": pitch.title})
    return pitch


def _replace_children(
    pitch: Pitch,
    *,
    characters: Sequence[dict[str, Any]] | None,
    attachments: Sequence[dict[str, Any]] | None,
) -> None:
    if characters is not None:
        pitch.characters.all().delete()
        Character.objects.bulk_create(
            Character(pitch=pitch, position=i, **c) for i, c in enumerate(characters)
        )
    if attachments is not None:
        pitch.attachments.all().delete()
        CreativeAttachment.objects.bulk_create(
            CreativeAttachment(pitch=pitch, position=i, **a) for i, a in enumerate(attachments)
        )


@transaction.atomic
def update_pitch(
    *,
    pitch: Pitch,
    actor: User,
    fields: dict[str, Any],
    characters: Sequence[dict[str, Any]] | None = None,
    attachments: Sequence[dict[str, Any]] | None = None,
) -> Pitch:
    """Edit a pitch; a published pitch stays published and must keep its required fields."""
    _ensure_owner(pitch, actor)
    pitch = Pitch.objects.select_for_update().get(pk=pitch.pk)
    before = snapshot(pitch, [name for name in fields if name in EDITABLE_FIELDS])
    update_fields = _apply_fields(pitch, fields)
    if pitch.status == Pitch.Status.PUBLISHED:
        _validate_publishable(pitch)
        pitch.content_hash = content_hash_of(pitch)
        update_fields.append("content_hash")
    pitch.save(update_fields=sorted(set(update_fields)))
    if pitch.status == Pitch.Status.PUBLISHED:
        seal(pitch=pitch, creator_name=actor.display_name)
    _replace_children(pitch, characters=characters, attachments=attachments)
    _changed(pitch)
    diff = _short(changes(before, snapshot(pitch, list(before))))
    if diff or characters is not None or attachments is not None:
        record_activity(pitch, "pitches.pitch.updated", actor=actor, data={"changes": diff})
    return pitch


def _short(diff: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """Long text in a diff is cut to its start (the audit shows what changed, not copies)."""
    return {
        name: [v[:200] if isinstance(v, str) else v for v in pair] for name, pair in diff.items()
    }


REQUIRED_TO_PUBLISH: dict[str, tuple[int, int]] = {
    "title": (3, 100),
    "logline": (10, 500),
    "short_synopsis": (50, 1000),
}


def publish_errors(pitch: Pitch) -> dict[str, list[str]]:
    """Field errors that stop `pitch` from being published (empty when it may be)."""
    errors: dict[str, list[str]] = {}
    for name, (low, high) in REQUIRED_TO_PUBLISH.items():
        value = (getattr(pitch, name) or "").strip()
        if not value:
            errors[name] = ["This field is required to publish."]
        elif not low <= len(value) <= high:
            errors[name] = [f"Must be between {low} and {high} characters."]
    if not pitch.genre:
        errors["genre"] = ["Choose a genre."]
    if not (pitch.format_category or pitch.format):
        errors["format_category"] = ["Choose a format."]
    if pitch.require_nda and pitch.nda_type == Pitch.NdaType.NONE:
        errors["nda_type"] = ["Choose the platform NDA or upload your own."]
    return errors


def _validate_publishable(pitch: Pitch) -> None:
    errors = publish_errors(pitch)
    if errors:
        raise DomainError(
            "The pitch is missing required fields.", code="VALIDATION_ERROR", details=errors
        )


def content_hash_of(pitch: Pitch) -> str:
    """SHA-256 of the pitch's content (fields, characters, document hashes) in canonical JSON."""
    body: dict[str, Any] = {name: str(getattr(pitch, name)) for name in sorted(EDITABLE_FIELDS)}
    body["characters"] = list(pitch.characters.values_list("name", "role", "description"))
    body["documents"] = sorted(pitch.documents.values_list("sha256", flat=True))
    return hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()


@transaction.atomic
def publish_pitch(*, pitch: Pitch, actor: User) -> Pitch:
    """Publish a draft or archived pitch after validating its required fields."""
    _ensure_owner(pitch, actor)
    pitch = Pitch.objects.select_for_update().get(pk=pitch.pk)
    if pitch.status == Pitch.Status.PUBLISHED:
        return pitch
    if pitch.status == Pitch.Status.HIDDEN:
        raise NotAllowed("This pitch was hidden by moderators.")
    _validate_publishable(pitch)
    if pitch.published_at is None:  # the first listing is paid; republishing is not
        billing.spend(user=actor, action="basic_upload", subject=pitch)
    pitch.status = Pitch.Status.PUBLISHED
    pitch.published_at = pitch.published_at or timezone.now()
    pitch.archived_at = None
    pitch.content_hash = content_hash_of(pitch)
    pitch.save(
        update_fields=["status", "published_at", "archived_at", "content_hash", "updated_at"]
    )
    seal(pitch=pitch, creator_name=actor.display_name)
    _changed(pitch)
    pitch_id, owner_id, title = pitch.pk, pitch.owner_id, pitch.title
    transaction.on_commit(
        lambda: events.pitch_published(pitch_id=pitch_id, owner_id=owner_id, title=title)
    )
    track("pitch_published", user_id=actor.pk, pitch_id=pitch.pk, creator_id=pitch.owner_id)
    record_activity(pitch, "pitches.pitch.published", actor=actor, data=_status_change(pitch))
    return pitch


def _status_change(pitch: Pitch, before: str | None = None) -> dict[str, Any]:
    return {"changes": {"status": [before, pitch.status]}}


@transaction.atomic
def archive_pitch(*, pitch: Pitch, actor: User) -> Pitch:
    """Archive a pitch (owner or staff); it leaves the marketplace but keeps its data."""
    if not actor.is_staff:
        _ensure_owner(pitch, actor)
    pitch = Pitch.objects.select_for_update().get(pk=pitch.pk)
    if pitch.status == Pitch.Status.ARCHIVED:
        return pitch
    pitch.status_before_archive = pitch.status
    pitch.status = Pitch.Status.ARCHIVED
    pitch.archived_at = timezone.now()
    pitch.save(update_fields=["status", "status_before_archive", "archived_at", "updated_at"])
    _changed(pitch)
    data = _status_change(pitch, pitch.status_before_archive)
    record_activity(pitch, "pitches.pitch.archived", actor=actor, data=data)
    return pitch


@transaction.atomic
def unarchive_pitch(*, pitch: Pitch, actor: User) -> Pitch:
    """Bring an archived pitch back to its status before archiving (a draft if it was hidden)."""
    _ensure_owner(pitch, actor)
    pitch = Pitch.objects.select_for_update().get(pk=pitch.pk)
    if pitch.status != Pitch.Status.ARCHIVED:
        raise DomainError("Only archived pitches can be unarchived.")
    previous = pitch.status_before_archive
    pitch.status = previous if previous == Pitch.Status.PUBLISHED else Pitch.Status.DRAFT
    pitch.archived_at = None
    pitch.save(update_fields=["status", "archived_at", "updated_at"])
    _changed(pitch)
    data = _status_change(pitch, Pitch.Status.ARCHIVED)
    record_activity(pitch, "pitches.pitch.unarchived", actor=actor, data=data)
    return pitch


@transaction.atomic
def delete_pitch(*, pitch: Pitch, actor: User) -> None:
    """Delete a pitch and its rows (the stored files stay until storage clean-up). A pitch that
    money or deals point at is kept (those records must survive); it can be archived."""
    _ensure_owner(pitch, actor)
    _changed(pitch)
    record_activity(pitch, "pitches.pitch.deleted", actor=actor, data={"title": pitch.title})
    try:
        with transaction.atomic():
            pitch.delete()
    except ProtectedError:
        raise Conflict(
            "This pitch has investments or deals on record, so it cannot be deleted. "
            "Archive it instead."
        ) from None


@transaction.atomic
def set_hidden(*, pitch: Pitch, actor: User, hidden: bool, reason: str = "") -> Pitch:
    """Staff hide a pitch from the marketplace (its creator is told why), or put it back."""
    if not actor.is_staff:
        raise NotAllowed("Only staff can hide pitches.")
    pitch = Pitch.objects.select_for_update().get(pk=pitch.pk)
    newly_hidden = hidden and pitch.status != Pitch.Status.HIDDEN
    before = pitch.status
    if newly_hidden:
        pitch.status_before_archive = pitch.status
        pitch.status = Pitch.Status.HIDDEN
    elif not hidden and pitch.status == Pitch.Status.HIDDEN:
        pitch.status = pitch.status_before_archive or Pitch.Status.DRAFT
    pitch.save(update_fields=["status", "status_before_archive", "updated_at"])
    _changed(pitch)
    if before != pitch.status and not newly_hidden:
        data = {"reason": reason, **_status_change(pitch, before)}
        record_activity(pitch, "pitches.pitch.unhidden", actor=actor, data=data)
    if newly_hidden:
        data = {"reason": reason, **_status_change(pitch, before)}
        record_activity(pitch, "pitches.pitch.hidden", actor=actor, data=data)
        notify(
            recipient=pitch.owner_id,
            kind=NotificationKind.PITCH_HIDDEN,
            title=f"“{pitch.title}” is hidden from the marketplace",
            body=reason or "A moderator hid it; the Contact page reaches us with any question.",
            link=f"/creator/pitches/{pitch.pk}/edit/",
        )
    return pitch


@transaction.atomic
def set_featured(*, pitch: Pitch, actor: User, featured: bool, notes: str = "") -> Pitch:
    """Staff feature a published pitch (it leads the featured list) or take that back."""
    if not actor.is_staff:
        raise NotAllowed("Only staff can feature pitches.")
    pitch = Pitch.objects.select_for_update().get(pk=pitch.pk)
    if featured and pitch.status != Pitch.Status.PUBLISHED:
        raise DomainError("Only a published pitch can be featured.", code="VALIDATION_ERROR")
    before = pitch.featured_at
    if featured == (before is not None):
        return pitch
    pitch.featured_at = timezone.now() if featured else None
    pitch.save(update_fields=["featured_at", "updated_at"])
    _changed(pitch)
    record_activity(
        pitch,
        "pitches.pitch.featured" if featured else "pitches.pitch.unfeatured",
        actor=actor,
        data={"notes": notes, "changes": {"featured": [not featured, featured]}},
    )
    return pitch


# --- characters -------------------------------------------------------------------------------


@transaction.atomic
def add_character(*, pitch: Pitch, actor: User, fields: dict[str, Any]) -> Character:
    _ensure_owner(pitch, actor)
    last = pitch.characters.order_by("-position").values_list("position", flat=True).first()
    character = Character.objects.create(
        pitch=pitch, position=(last + 1) if last is not None else 0, **fields
    )
    _changed(pitch)
    return character


@transaction.atomic
def update_character(*, character: Character, actor: User, fields: dict[str, Any]) -> Character:
    _ensure_owner(character.pitch, actor)
    for name, value in fields.items():
        setattr(character, name, value)
    character.save(update_fields=list(fields) or None)
    _changed(character.pitch)
    return character


@transaction.atomic
def delete_character(*, character: Character, actor: User) -> None:
    _ensure_owner(character.pitch, actor)
    _changed(character.pitch)
    character.delete()


@transaction.atomic
def reorder_characters(*, pitch: Pitch, actor: User, ordered_ids: Sequence[int]) -> list[Character]:
    """Set the character order; `ordered_ids` must name each of the pitch's characters once."""
    _ensure_owner(pitch, actor)
    characters = {c.pk: c for c in pitch.characters.select_for_update()}
    if sorted(ordered_ids) != sorted(characters):
        raise DomainError(
            "The order must list every character of the pitch exactly once.",
            code="VALIDATION_ERROR",
            details={"character_ids": ["Must list every character exactly once."]},
        )
    for position, pk in enumerate(ordered_ids):
        characters[pk].position = position
    Character.objects.bulk_update(characters.values(), ["position"])
    _changed(pitch)
    return [characters[pk] for pk in ordered_ids]


from pitches.services.files import (  # noqa: E402 - the package's public names
    DOCUMENT_SERVERS,
    POSTER_BOX,
    add_video_link,
    delete_document,
    log_document_access,
    remove_poster,
    reorder_documents,
    served_document_key,
    set_poster,
    update_document,
    upload_document,
    upload_image,
)
from pitches.services.grants import (  # noqa: E402 - the package's public names
    grant_access,
    revoke_access,
)
from pitches.services.reactions import (  # noqa: E402 - the package's public names
    follow_pitch,
    follow_target,
    like_pitch,
    pitch_follow_state,
    record_search,
    record_view,
    record_view_of,
    save_pitch,
    unfollow_pitch,
    unlike_pitch,
    unsave_pitch,
    update_saved_notes,
    view_keys,
)

__all__ = [
    "DOCUMENT_SERVERS",
    "POSTER_BOX",
    "add_video_link",
    "delete_document",
    "follow_pitch",
    "follow_target",
    "grant_access",
    "like_pitch",
    "log_document_access",
    "pitch_follow_state",
    "record_search",
    "record_view",
    "record_view_of",
    "remove_poster",
    "reorder_documents",
    "revoke_access",
    "save_pitch",
    "served_document_key",
    "set_poster",
    "unfollow_pitch",
    "unlike_pitch",
    "unsave_pitch",
    "update_document",
    "update_saved_notes",
    "upload_document",
    "upload_image",
    "view_keys",
]
