"""Every state change of pitches: drafts, edits, publishing, characters, files, engagement,
views and access grants. Side effects (cache invalidation, pushes) run on commit."""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import IO, TYPE_CHECKING, Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify

import billing
from analytics import track
from analytics.services import record_activity
from messaging import NotificationKind, notify
from pitches import cache as list_cache
from pitches import config, events
from pitches.engagement import services as engagement
from pitches.models import (
    Character,
    CreativeAttachment,
    DocumentAccessLog,
    Pitch,
    PitchAccess,
    PitchDocument,
    PitchFollow,
    PitchLike,
    PitchMedia,
    PitchView,
    SavedPitch,
)
from pitchey.errors import DomainError, NotAllowed, NotFoundError
from pitchey.uploads import store_resized_image, store_upload

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

EDITABLE_FIELDS = frozenset(
    f.name
    for f in Pitch._meta.get_fields()
    if getattr(f, "concrete", False)
    and f.name
    not in {
        "id", "owner", "slug", "status", "published_at", "archived_at", "status_before_archive",
        "content_hash", "view_count", "like_count", "save_count", "nda_count", "rating_average",
        "rating_count", "trending_score", "search_vector", "search_vector_public", "created_at",
        "updated_at",
    }
)  # fmt: skip


def _ensure_owner(pitch: Pitch, actor: User) -> None:
    if pitch.owner_id != actor.pk:
        raise NotAllowed("Only the pitch's creator can change it.")


def _changed(pitch: Pitch) -> None:
    transaction.on_commit(list_cache.invalidate_lists)
    pitch_id = pitch.pk
    transaction.on_commit(lambda: events.pitch_changed(pitch_id=pitch_id))


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


@transaction.atomic
def create_pitch(
    *,
    owner: User,
    fields: dict[str, Any],
    characters: Sequence[dict[str, Any]] = (),
    attachments: Sequence[dict[str, Any]] = (),
) -> Pitch:
    """Create a draft owned by `owner`; only creators may pitch."""
    if owner.user_type not in ("creator", "admin") and not owner.is_staff:
        raise NotAllowed("Only creators can create pitches.")
    pitch = Pitch(owner=owner, slug=_unique_slug(str(fields.get("title", ""))))
    _apply_fields(pitch, fields)
    pitch.save()
    _replace_children(pitch, characters=characters, attachments=attachments)
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
    update_fields = _apply_fields(pitch, fields)
    if pitch.status == Pitch.Status.PUBLISHED:
        _validate_publishable(pitch)
        pitch.content_hash = content_hash_of(pitch)
        update_fields.append("content_hash")
    pitch.save(update_fields=sorted(set(update_fields)))
    _replace_children(pitch, characters=characters, attachments=attachments)
    _changed(pitch)
    return pitch


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
    _changed(pitch)
    pitch_id, owner_id, title = pitch.pk, pitch.owner_id, pitch.title
    transaction.on_commit(
        lambda: events.pitch_published(pitch_id=pitch_id, owner_id=owner_id, title=title)
    )
    track("pitch_published", user_id=actor.pk, pitch_id=pitch.pk, creator_id=pitch.owner_id)
    return pitch


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
    return pitch


@transaction.atomic
def delete_pitch(*, pitch: Pitch, actor: User) -> None:
    """Delete a pitch and its rows (the stored files stay until storage clean-up)."""
    _ensure_owner(pitch, actor)
    _changed(pitch)
    pitch.delete()


@transaction.atomic
def set_hidden(*, pitch: Pitch, actor: User, hidden: bool, reason: str = "") -> Pitch:
    """Staff hide a pitch from the marketplace (its creator is told why), or put it back."""
    if not actor.is_staff:
        raise NotAllowed("Only staff can hide pitches.")
    pitch = Pitch.objects.select_for_update().get(pk=pitch.pk)
    newly_hidden = hidden and pitch.status != Pitch.Status.HIDDEN
    if newly_hidden:
        pitch.status_before_archive = pitch.status
        pitch.status = Pitch.Status.HIDDEN
    elif not hidden and pitch.status == Pitch.Status.HIDDEN:
        pitch.status = pitch.status_before_archive or Pitch.Status.DRAFT
    pitch.save(update_fields=["status", "status_before_archive", "updated_at"])
    _changed(pitch)
    if newly_hidden:
        record_activity(pitch, "pitches.pitch.hidden", actor=actor, data={"reason": reason})
        notify(
            recipient=pitch.owner_id,
            kind=NotificationKind.PITCH_HIDDEN,
            title=f"“{pitch.title}” is hidden from the marketplace",
            body=reason or "A moderator hid it; the Contact page reaches us with any question.",
            link=f"/creator/pitches/{pitch.pk}/edit/",
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


# --- documents and media ----------------------------------------------------------------------


def upload_document(
    *,
    pitch: Pitch,
    actor: User,
    fileobj: IO[bytes],
    name: str,
    size: int,
    document_type: str,
    requires_nda: bool,
    title: str = "",
) -> PitchDocument:
    """Check, scan and store a document under an unguessable key, then record it."""
    _ensure_owner(pitch, actor)
    action = billing.document_action(document_type)
    billing.require_credits(user=actor, action=action)  # before storing bytes nobody paid for
    folder = f"pitches/{pitch.pk}/documents"
    stored = store_upload(fileobj=fileobj, name=name, size=size, kind=document_type, folder=folder)
    with transaction.atomic():
        document = PitchDocument.objects.create(
            pitch=pitch,
            uploaded_by=actor,
            document_type=document_type,
            title=title or stored.name[:255],
            original_name=stored.name[:255],
            storage_key=stored.key,
            size=size,
            content_type=stored.content_type,
            sha256=stored.sha256,
            requires_nda=requires_nda,
            position=pitch.documents.count(),
        )
        billing.spend(user=actor, action=action, subject=document)
        _changed(pitch)
    return document


def upload_image(
    *, pitch: Pitch, actor: User, fileobj: IO[bytes], name: str, size: int, caption: str = ""
) -> PitchMedia:
    """Check, scan and store an image of the pitch."""
    _ensure_owner(pitch, actor)
    # The first picture comes with the listing (basic_upload); each further one is paid.
    paid = pitch.media.filter(kind=PitchMedia.Kind.IMAGE).exists()
    if paid:
        billing.require_credits(user=actor, action="extra_image")
    stored = store_upload(
        fileobj=fileobj, name=name, size=size, kind="image", folder=f"pitches/{pitch.pk}/media"
    )
    with transaction.atomic():
        media = PitchMedia.objects.create(
            pitch=pitch,
            kind=PitchMedia.Kind.IMAGE,
            storage_key=stored.key,
            caption=caption,
            content_type=stored.content_type,
            size=size,
            sha256=stored.sha256,
            position=pitch.media.count(),
        )
        if paid:
            billing.spend(user=actor, action="extra_image", subject=media)
        _changed(pitch)
    return media


POSTER_BOX = 1200


def set_poster(*, pitch: Pitch, actor: User, upload: IO[bytes], name: str, size: int) -> Pitch:
    """Check the image's bytes, store a resized JPEG copy and make it the pitch's cover."""
    _ensure_owner(pitch, actor)
    folder = f"pitches/{pitch.pk}/poster"
    key = store_resized_image(
        fileobj=upload, name=name, size=size, kind="image", folder=folder, box=POSTER_BOX
    )
    with transaction.atomic():
        pitch = Pitch.objects.select_for_update().get(pk=pitch.pk)
        pitch.poster_key = key
        pitch.save(update_fields=["poster_key", "updated_at"])
        _changed(pitch)
    return pitch


@transaction.atomic
def remove_poster(*, pitch: Pitch, actor: User) -> Pitch:
    """The pitch goes back to the plain cover (the stored file stays for audit)."""
    _ensure_owner(pitch, actor)
    pitch.poster_key = ""
    pitch.save(update_fields=["poster_key", "updated_at"])
    _changed(pitch)
    return pitch


@transaction.atomic
def add_video_link(*, pitch: Pitch, actor: User, url: str, caption: str = "") -> PitchMedia:
    _ensure_owner(pitch, actor)
    media = PitchMedia.objects.create(
        pitch=pitch,
        kind=PitchMedia.Kind.VIDEO_LINK,
        url=url,
        caption=caption,
        position=pitch.media.count(),
    )
    billing.spend(user=actor, action="video_link", subject=media)
    _changed(pitch)
    return media


@transaction.atomic
def delete_document(*, document: PitchDocument, actor: User) -> None:
    _ensure_owner(document.pitch, actor)
    _changed(document.pitch)
    document.delete()


@transaction.atomic
def update_document(
    *, document: PitchDocument, actor: User, title: str, requires_nda: bool
) -> PitchDocument:
    """Rename a document or move it in front of or behind the NDA."""
    _ensure_owner(document.pitch, actor)
    document.title = title.strip()[:255] or document.original_name
    document.requires_nda = requires_nda
    document.save(update_fields=["title", "requires_nda"])
    _changed(document.pitch)
    return document


@transaction.atomic
def reorder_documents(
    *, pitch: Pitch, actor: User, ordered_ids: Sequence[int]
) -> list[PitchDocument]:
    """Set the document order; `ordered_ids` must name each of the pitch's documents once."""
    _ensure_owner(pitch, actor)
    documents = {d.pk: d for d in pitch.documents.select_for_update()}
    if sorted(ordered_ids) != sorted(documents):
        raise DomainError(
            "The order must list every document of the pitch exactly once.",
            code="VALIDATION_ERROR",
            details={"document_ids": ["Must list every document exactly once."]},
        )
    for position, pk in enumerate(ordered_ids):
        documents[pk].position = position
    PitchDocument.objects.bulk_update(documents.values(), ["position"])
    _changed(pitch)
    return [documents[pk] for pk in ordered_ids]


# Apps that serve a protected file differently per viewer register here (ndas stamps PDFs with
# the viewer and the NDA). A server returns a storage key, or None to serve the original.
DOCUMENT_SERVERS: list[Callable[[PitchDocument, User | AnonymousUser], str | None]] = []


def served_document_key(*, document: PitchDocument, user: User | AnonymousUser) -> str:
    """The storage key to serve `document` from for `user` (call after the protection rule)."""
    for server in DOCUMENT_SERVERS:
        key = server(document, user)
        if key:
            return key
    return document.storage_key


def log_document_access(
    *, document: PitchDocument, user: User | AnonymousUser, ip_address: str | None
) -> DocumentAccessLog:
    """Record who fetched which document and when."""
    return DocumentAccessLog.objects.create(
        document=document,
        user=user if user.is_authenticated else None,
        ip_address=ip_address,
    )


# --- engagement -------------------------------------------------------------------------------


def like_pitch(*, pitch: Pitch, user: User) -> bool:
    """Like once; returns whether a new like was recorded (idempotent)."""
    with transaction.atomic():
        _, created = PitchLike.objects.get_or_create(user=user, pitch=pitch)
        if created:
            Pitch.objects.filter(pk=pitch.pk).update(like_count=F("like_count") + 1)
            track("pitch_like", user_id=user.pk, pitch_id=pitch.pk, creator_id=pitch.owner_id)
    return created


def unlike_pitch(*, pitch: Pitch, user: User) -> bool:
    with transaction.atomic():
        deleted, _ = PitchLike.objects.filter(user=user, pitch=pitch).delete()
        if deleted:
            Pitch.objects.filter(pk=pitch.pk, like_count__gt=0).update(
                like_count=F("like_count") - 1
            )
    return bool(deleted)


def save_pitch(*, pitch: Pitch, user: User, notes: str = "") -> SavedPitch:
    """Add to the user's watchlist (idempotent; notes update an existing save)."""
    with transaction.atomic():
        saved, created = SavedPitch.objects.get_or_create(
            user=user, pitch=pitch, defaults={"notes": notes}
        )
        if created:
            Pitch.objects.filter(pk=pitch.pk).update(save_count=F("save_count") + 1)
            track("pitch_save", user_id=user.pk, pitch_id=pitch.pk, creator_id=pitch.owner_id)
        elif notes and notes != saved.notes:
            saved.notes = notes
            saved.save(update_fields=["notes"])
    return saved


def unsave_pitch(*, pitch: Pitch, user: User) -> bool:
    with transaction.atomic():
        deleted, _ = SavedPitch.objects.filter(user=user, pitch=pitch).delete()
        if deleted:
            Pitch.objects.filter(pk=pitch.pk, save_count__gt=0).update(
                save_count=F("save_count") - 1
            )
    return bool(deleted)


def update_saved_notes(*, saved: SavedPitch, notes: str) -> SavedPitch:
    saved.notes = notes
    saved.save(update_fields=["notes"])
    return saved


def follow_pitch(*, pitch: Pitch, user: User) -> bool:
    """Follow a pitch someone else owns (idempotent); returns whether a follow was added."""
    if pitch.owner_id == user.pk:
        raise DomainError("You cannot follow your own pitch.")
    _, created = PitchFollow.objects.get_or_create(user=user, pitch=pitch)
    return created


def unfollow_pitch(*, pitch: Pitch, user: User) -> bool:
    """Stop following a pitch (idempotent); returns whether a follow was removed."""
    deleted, _ = PitchFollow.objects.filter(user=user, pitch=pitch).delete()
    return bool(deleted)


def pitch_follow_state(*, pitch: Pitch, user: User) -> dict[str, Any]:
    following = PitchFollow.objects.filter(user=user, pitch=pitch).exists()
    return {
        "following": following,
        "is_following": following,
        "target_id": pitch.pk,
        "pitch_id": pitch.pk,
        "followers_count": PitchFollow.objects.filter(pitch=pitch).count(),
    }


def follow_target(*, user: User, target_id: int, follow: bool) -> dict[str, Any]:
    """accounts' `/api/follows` for `targetType: "pitch"`: 404 unless the pitch is visible."""
    pitch = Pitch.objects.visible_to(user).filter(pk=target_id).first()
    if pitch is None:
        raise NotFoundError("No such pitch.")
    if follow:
        follow_pitch(pitch=pitch, user=user)
    else:
        unfollow_pitch(pitch=pitch, user=user)
    return pitch_follow_state(pitch=pitch, user=user)


def record_view(*, pitch: Pitch, user: User | AnonymousUser, session_key: str) -> bool:
    """Count at most one view per viewer (or anonymous session) per pitch per day; every call
    also moves a signed-in viewer's reading clock (the feedback gate)."""
    if user.is_authenticated and user.pk == pitch.owner_id:
        return False
    if user.is_authenticated:
        engagement.touch_consumption(pitch=pitch, viewer=user)
    viewer = user if user.is_authenticated else None
    if viewer is None and not session_key:
        return False
    try:
        with transaction.atomic():
            PitchView.objects.create(
                pitch=pitch,
                viewer=viewer,
                session_key="" if viewer else session_key,
                viewed_on=timezone.localdate(),
            )
            Pitch.objects.filter(pk=pitch.pk).update(view_count=F("view_count") + 1)
            track(
                "pitch_view",
                user_id=viewer.pk if viewer else None,
                pitch_id=pitch.pk,
                creator_id=pitch.owner_id,
                session_id="" if viewer else session_key[:64],
            )
    except IntegrityError:
        return False
    pitch_id, owner_id, count = pitch.pk, pitch.owner_id, pitch.view_count + 1
    transaction.on_commit(
        lambda: events.pitch_view_update(pitch_id=pitch_id, owner_id=owner_id, view_count=count)
    )
    return True


def record_search(*, user: User | AnonymousUser, query: str, filters: dict[str, Any]) -> None:
    """Count a marketplace search (words typed) or filtering (facets chosen) for analytics."""
    chosen = {name: value for name, value in filters.items() if value not in ("", None)}
    if not query and not chosen:
        return
    track(
        "search" if query else "filter_applied",
        user_id=user.pk if user.is_authenticated else None,
        data={"query": query[:200], "filters": {k: str(v)[:100] for k, v in chosen.items()}},
    )


# --- confidential access grants (written by the NDA workflow) --------------------------------


@transaction.atomic
def grant_access(
    *,
    user: User,
    pitch: Pitch,
    source: str,
    source_id: str | int = "",
    expires_at: datetime | None = None,
) -> PitchAccess:
    """Give `user` the confidential view of `pitch` until `expires_at` (None: no expiry).

    Idempotent per (user, pitch, source, source_id): an open grant is updated, not duplicated.
    """
    grant, created = PitchAccess.objects.select_for_update().get_or_create(
        user=user,
        pitch=pitch,
        source=source,
        source_id=str(source_id),
        revoked_at=None,
        defaults={"expires_at": expires_at},
    )
    if not created and grant.expires_at != expires_at:
        grant.expires_at = expires_at
        grant.save(update_fields=["expires_at"])
    return grant


@transaction.atomic
def revoke_access(
    *, user: User, pitch: Pitch, source: str | None = None, source_id: str | int | None = None
) -> int:
    """Revoke the open grants of `user` on `pitch` (narrowed by source/source_id); returns count."""
    grants = PitchAccess.objects.filter(user=user, pitch=pitch, revoked_at__isnull=True)
    if source is not None:
        grants = grants.filter(source=source)
    if source_id is not None:
        grants = grants.filter(source_id=str(source_id))
    return grants.update(revoked_at=timezone.now())
