"""The one upload service: every uploaded file is size-checked, typed from its bytes, scanned and
stored under an unguessable key whose extension follows the detected type, never the name."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from PIL import Image, UnidentifiedImageError

from pitchey.errors import DomainError
from pitchey.storage import detect_content_type, save_file, sha256_of, unguessable_key

MB = 1024 * 1024
DOCUMENT_TYPES = frozenset({"application/pdf", "application/zip"})
IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/webp", "image/gif"})
PDF_TYPES = frozenset({"application/pdf"})
OFFICE_EXTENSIONS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class UploadKind:
    types: frozenset[str]
    max_bytes: int
    refusal: str


_DOCUMENT = "Upload a PDF or an Office document."
_IMAGE = "Upload a PNG, JPEG, WebP or GIF image."
KINDS: dict[str, UploadKind] = {
    "script": UploadKind(DOCUMENT_TYPES, 20 * MB, _DOCUMENT),
    "deck": UploadKind(DOCUMENT_TYPES, 50 * MB, _DOCUMENT),
    "treatment": UploadKind(DOCUMENT_TYPES, 20 * MB, _DOCUMENT),
    "lookbook": UploadKind(DOCUMENT_TYPES, 50 * MB, _DOCUMENT),
    "budget": UploadKind(DOCUMENT_TYPES, 10 * MB, _DOCUMENT),
    "other": UploadKind(DOCUMENT_TYPES, 20 * MB, _DOCUMENT),
    "image": UploadKind(IMAGE_TYPES, 10 * MB, _IMAGE),
    "attachment": UploadKind(
        PDF_TYPES | IMAGE_TYPES, 10 * MB, "Only PDF and image files can be attached."
    ),
    "nda": UploadKind(PDF_TYPES, 10 * MB, "Only PDF files are accepted."),
    "avatar": UploadKind(IMAGE_TYPES, 0, _IMAGE),
    "file": UploadKind(
        DOCUMENT_TYPES | IMAGE_TYPES, 20 * MB, "Upload a PDF, an Office document or an image."
    ),
}

Scanner = Callable[[IO[bytes]], str | None]
_EICAR = b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE"


def eicar_scanner(fileobj: IO[bytes]) -> str | None:
    """Rejects the EICAR test signature; stands in for a real engine (clamd) in production."""
    fileobj.seek(0)
    found = _EICAR in fileobj.read(1024 * 1024)
    fileobj.seek(0)
    return "EICAR test signature" if found else None


# The hook point: each scanner returns a reason to reject, or None. Policy: any reason rejects.
SCANNERS: list[Scanner] = [eicar_scanner]


@dataclass(frozen=True)
class StoredUpload:
    key: str
    content_type: str
    size: int
    sha256: str
    name: str


def _limit(kind: str) -> int:
    return settings.AVATAR_MAX_BYTES if kind == "avatar" else KINDS[kind].max_bytes


def _refuse(message: str, code: str, detail: str) -> DomainError:
    return DomainError(message, code=code, details={"file": [detail]})


def check_upload(*, fileobj: IO[bytes], name: str, size: int, kind: str) -> str:
    """The verified content type of an upload of `kind`; raises DomainError when refused."""
    spec, limit = KINDS[kind], _limit(kind)
    if size <= 0:
        raise _refuse("The file is empty.", "VALIDATION_ERROR", "The file is empty.")
    if size > limit:
        raise _refuse(
            f"The file is larger than {limit // MB} MB.",
            "FILE_TOO_LARGE",
            f"At most {limit // MB} MB for {kind}.",
        )
    fileobj.seek(0)
    detected = detect_content_type(fileobj.read(64))
    fileobj.seek(0)
    if detected not in spec.types:
        raise _refuse("This file type is not accepted.", "INVALID_FILE_TYPE", spec.refusal)
    if detected == "application/zip":
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if extension not in OFFICE_EXTENSIONS:
            raise _refuse(
                "This file type is not accepted.",
                "INVALID_FILE_TYPE",
                "Archives are only accepted as .docx, .pptx or .xlsx.",
            )
    for scanner in SCANNERS:
        reason = scanner(fileobj)
        if reason:
            raise _refuse(
                "The file was rejected by the malware scan.",
                "FILE_REJECTED",
                f"Rejected: {reason}.",
            )
    if detected == "application/zip":
        return OFFICE_EXTENSIONS[name.rsplit(".", 1)[-1].lower()]
    return detected


# Checks of an owner's room, run before anything is stored for them: (owner, size) -> None,
# raising a DomainError to refuse. `pitches` adds the storage allowance in AppConfig.ready()
# (`pitches.storage_usage.ensure_room`), so every app's uploads count against one allowance.
ROOM_CHECKS: list[Callable[[Any, int], None]] = []


def ensure_room(owner: Any, size: int) -> None:
    """Refuse an upload of `size` bytes `owner` has no room for, before its bytes are stored."""
    for check in ROOM_CHECKS:
        check(owner, size)


def store_upload(
    *, fileobj: IO[bytes], name: str, size: int, kind: str, folder: str
) -> StoredUpload:
    """Check, scan and store an upload; the key's extension comes from the bytes, not the name."""
    content_type = check_upload(fileobj=fileobj, name=name, size=size, kind=kind)
    digest = sha256_of(fileobj)
    key = save_file(unguessable_key(folder, content_type=content_type), fileobj)
    return StoredUpload(key, content_type, size, digest, clean_name(name))


MAX_PIXELS = 40_000_000  # refuse decompression bombs before decoding them


def store_resized_image(
    *, fileobj: IO[bytes], name: str, size: int, kind: str, folder: str, box: int
) -> str:
    """Check an image upload, re-encode it as a JPEG at most `box` pixels a side (which drops
    its metadata and anything hidden in it) and store that copy; returns the storage key."""
    check_upload(fileobj=fileobj, name=name, size=size, kind=kind)
    fileobj.seek(0)
    try:
        with Image.open(fileobj) as source:
            if source.width * source.height > MAX_PIXELS:
                raise _refuse(
                    "The image is too large.",
                    "FILE_TOO_LARGE",
                    "Upload an image of at most 40 megapixels.",
                )
            source.load()
            image = source.convert("RGB")
        image.thumbnail((box, box))
        out = io.BytesIO()
        image.save(out, format="JPEG", quality=85)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise _refuse(
            "The image cannot be read.", "INVALID_FILE_TYPE", "The image cannot be read."
        ) from None
    return save_file(unguessable_key(folder, content_type="image/jpeg"), out)


def clean_name(name: str) -> str:
    """A display name without path parts or control characters, at most 200 characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    printable = "".join(ch for ch in base if ch.isprintable())
    return printable[-200:] or "file"
