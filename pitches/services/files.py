"""A pitch's files: documents, images, the poster and video links; their order and downloads."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import IO, TYPE_CHECKING

from django.db import transaction

import billing
from pitches.models import (
    DocumentAccessLog,
    Pitch,
    PitchDocument,
    PitchMedia,
)
from pitchey.errors import DomainError
from pitchey.uploads import ensure_room, store_resized_image, store_upload

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from accounts.models import User

from pitches.services.common import _changed, _ensure_owner


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
    ensure_room(actor, size)
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
    ensure_room(actor, size)
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
