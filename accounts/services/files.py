"""Files a user uploads outside a pitch: images (public, re-encoded) and documents (private)."""

from __future__ import annotations

from typing import IO

from django.core.files.storage import default_storage
from django.db import transaction

from accounts.models import User, UserFile
from analytics.services import record_activity
from pitchey.errors import NotFoundError
from pitchey.storage import detect_content_type
from pitchey.uploads import (
    IMAGE_TYPES,
    clean_name,
    ensure_room,
    store_resized_image,
    store_upload,
)

IMAGE_BOX = 2000
FOLDER_CHARS = 50


def _folder(folder: str) -> str:
    cleaned = "".join(ch for ch in folder.lower() if ch.isalnum() or ch in "-_")
    return cleaned[:FOLDER_CHARS] or "files"


def store_user_file(
    *,
    owner: User,
    fileobj: IO[bytes],
    name: str,
    size: int,
    folder: str = "",
    images_only: bool = False,
) -> UserFile:
    """Check, scan and store one upload of `owner`. An image is re-encoded (its metadata dropped)
    and public (a cover anybody may see); any other accepted file is private to its owner."""
    ensure_room(owner, size)
    fileobj.seek(0)
    is_image = detect_content_type(fileobj.read(64)) in IMAGE_TYPES
    fileobj.seek(0)
    place = f"users/{owner.pk}/{_folder(folder)}"
    if is_image or images_only:
        key = store_resized_image(
            fileobj=fileobj, name=name, size=size, kind="image", folder=place, box=IMAGE_BOX
        )
        content_type, digest, kind = "image/jpeg", "", UserFile.Kind.IMAGE
    else:
        stored = store_upload(fileobj=fileobj, name=name, size=size, kind="file", folder=place)
        key, content_type, digest = stored.key, stored.content_type, stored.sha256
        kind = UserFile.Kind.DOCUMENT
    with transaction.atomic():
        row = UserFile.objects.create(
            owner=owner,
            kind=kind,
            folder=_folder(folder),
            original_name=clean_name(name)[:255],
            storage_key=key,
            content_type=content_type,
            size=size,
            sha256=digest,
            is_public=kind == UserFile.Kind.IMAGE,
        )
        record_activity(row, "accounts.file.uploaded", actor=owner, data={"kind": kind})
    return row


def delete_user_file(*, file: UserFile, actor: User) -> None:
    """The owner deletes one of their files; its bytes go once the row is gone."""
    if file.owner_id != actor.pk:
        raise NotFoundError("No such file.")
    key = file.storage_key
    with transaction.atomic():
        record_activity(
            file, "accounts.file.deleted", actor=actor, data={"name": file.original_name}
        )
        file.delete()
        transaction.on_commit(lambda: default_storage.delete(key))
