"""Files in the private bucket: unguessable keys, type checks from the bytes, short signed URLs.

In production the default storage is S3/R2 and `signed_url` returns a presigned URL. Without a
bucket, files live under var/media and are served only through `/files/<token>`, a signed and
expiring app URL, so both setups behave the same for access control.

A served file's type always comes from its bytes: raster images and PDFs may show inline, every
other file is an attachment, and nothing is ever served as markup or script on the site's origin.
"""

from __future__ import annotations

import hashlib
import secrets
from contextvars import ContextVar
from typing import IO, Any

from django.conf import settings
from django.core import signing
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from django.views.decorators.http import require_GET
from storages.backends.s3 import S3Storage

_SALT = "pitchey.file-url"
# Only these may render in the browser; everything else is downloaded.
INLINE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf"})
FILE_CSP = "default-src 'none'; sandbox"
_EXTENSIONS = {
    "application/pdf": "pdf",
    "image/png": "png",
    "image/jpeg": "jpg",
    "image/gif": "gif",
    "image/webp": "webp",
    "video/mp4": "mp4",
    "video/webm": "webm",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
}

# Magic numbers of the file types the platform accepts.
_SIGNATURES: list[tuple[bytes, int, str]] = [
    (b"%PDF-", 0, "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"GIF87a", 0, "image/gif"),
    (b"GIF89a", 0, "image/gif"),
    (b"ftyp", 4, "video/mp4"),
    (b"\x1aE\xdf\xa3", 0, "video/webm"),
]


def detect_content_type(head: bytes) -> str | None:
    """The content type the bytes really are (None when unknown), whatever the name claims."""
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    for magic, offset, content_type in _SIGNATURES:
        if head[offset : offset + len(magic)] == magic:
            return content_type
    if head[:4] == b"PK\x03\x04":
        return "application/zip"  # docx/xlsx/pptx are zip containers; callers refine by name
    return None


def sha256_of(fileobj: IO[bytes]) -> str:
    digest = hashlib.sha256()
    fileobj.seek(0)
    for chunk in iter(lambda: fileobj.read(1024 * 1024), b""):
        digest.update(chunk)
    fileobj.seek(0)
    return digest.hexdigest()


def served_type(head: bytes) -> tuple[str, bool]:
    """(Content-Type, inline?) for stored bytes: sniffed, inline only for raster images and PDFs."""
    detected = detect_content_type(head)
    if detected in INLINE_TYPES:
        return detected, True
    return detected or "application/octet-stream", False


def unguessable_key(folder: str, filename: str = "", *, content_type: str | None = None) -> str:
    """A storage key nobody can guess: folder/<random>.<ext>, the extension one of a known type's
    (from `content_type` when given), so a name can never make a key look like markup."""
    extension = _EXTENSIONS.get(content_type or "")
    if extension is None and "." in filename:
        claimed = filename.rsplit(".", 1)[1].lower()
        extension = claimed if claimed in _EXTENSIONS.values() else None
    suffix = f".{extension}" if extension else ""
    return f"{folder.strip('/')}/{secrets.token_urlsafe(24)}{suffix}"


def save_file(key: str, fileobj: IO[bytes]) -> str:
    """Store the bytes under `key` (never overwriting) and return the stored name."""
    fileobj.seek(0)
    return default_storage.save(key, File(fileobj))


class BucketStorage(S3Storage):
    """The private bucket: each object's ContentType and ContentDisposition come from its bytes."""

    def _get_write_parameters(self, name: str, content: Any = None) -> dict[str, Any]:
        params: dict[str, Any] = super()._get_write_parameters(name, content)
        head = b""
        if content is not None:
            content.seek(0)
            head = content.read(64)
            content.seek(0)
        content_type, inline = served_type(head)
        params["ContentType"] = content_type
        params["ContentDisposition"] = "inline" if inline else "attachment"
        params.pop("ContentEncoding", None)
        return params


def signed_url(name: str, *, max_age: int | None = None, download_name: str | None = None) -> str:
    """A URL that serves `name` for at most `max_age` seconds (default and cap for private files:
    300)."""
    max_age = min(max_age or settings.SIGNED_URL_MAX_AGE, settings.PUBLIC_SIGNED_URL_MAX_AGE)
    if settings.S3_BUCKET:
        params = {}
        if download_name:
            params["ResponseContentDisposition"] = f'attachment; filename="{download_name}"'
        url: str = default_storage.url(name, parameters=params or None, expire=max_age)  # type: ignore[call-arg]
        return url
    token = signing.dumps({"n": name, "d": download_name, "a": max_age}, salt=_SALT, compress=True)
    return site_origin() + reverse("signed-file", args=[token])


site_origin_var: ContextVar[str | None] = ContextVar("site_origin", default=None)


def site_origin() -> str:
    """The scheme and host being served: the current request's, else SITE_URL (emails, jobs)."""
    return site_origin_var.get() or settings.SITE_URL


@require_GET
def serve_signed_file(request: HttpRequest, token: str) -> FileResponse:
    """Serves a local file for a valid, unexpired token (the filesystem stand-in for presigned
    URLs)."""
    try:
        unverified = signing.loads(token, salt=_SALT)
        payload = signing.loads(token, salt=_SALT, max_age=int(unverified.get("a", 300)))
    except (signing.BadSignature, ValueError, TypeError):
        raise Http404("This link is invalid or has expired.") from None
    return file_response(payload["n"], download_name=payload.get("d"))


def file_response(name: str, *, download_name: str | None = None) -> FileResponse:
    """Streams the stored file `name` with the type sniffed from its bytes: an attachment named
    `download_name` when given (or when the type may not show inline), never cached, sandboxed.
    A missing file is a 404."""
    if not default_storage.exists(name):
        raise Http404("This file no longer exists.")
    handle = default_storage.open(name, "rb")
    content_type, inline = served_type(handle.read(64))
    handle.seek(0)
    response = FileResponse(
        handle,
        content_type=content_type,
        as_attachment=bool(download_name) or not inline,
        filename=download_name or name.rsplit("/", 1)[-1],
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    return response
