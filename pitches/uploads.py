"""Checks on uploaded bytes: real type, size limit per type, and the virus-scan hook."""

from __future__ import annotations

from collections.abc import Callable
from typing import IO

from pitchey.errors import DomainError
from pitchey.storage import detect_content_type

MB = 1024 * 1024
DOCUMENT_TYPES = {"application/pdf", "application/zip"}
IMAGE_TYPES = {"image/png", "image/jpeg", "image/webp", "image/gif"}
OFFICE_EXTENSIONS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
SIZE_LIMITS: dict[str, int] = {
    "script": 20 * MB,
    "deck": 50 * MB,
    "treatment": 20 * MB,
    "lookbook": 50 * MB,
    "budget": 10 * MB,
    "other": 20 * MB,
    "image": 10 * MB,
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


def check_upload(*, fileobj: IO[bytes], name: str, size: int, kind: str) -> str:
    """The verified content type of an upload of `kind`; raises DomainError when refused."""
    limit = SIZE_LIMITS[kind]
    if size <= 0:
        raise DomainError("The file is empty.", code="VALIDATION_ERROR", details={"file": ["The file is empty."]})
    if size > limit:
        raise DomainError(
            f"The file is larger than {limit // MB} MB.",
            code="FILE_TOO_LARGE",
            details={"file": [f"At most {limit // MB} MB for {kind}."]},
        )
    fileobj.seek(0)
    detected = detect_content_type(fileobj.read(64))
    fileobj.seek(0)
    allowed = IMAGE_TYPES if kind == "image" else DOCUMENT_TYPES
    if detected not in allowed:
        raise DomainError(
            "This file type is not accepted.",
            code="INVALID_FILE_TYPE",
            details={"file": ["Upload a PDF or an Office document." if kind != "image" else "Upload a PNG, JPEG, WebP or GIF image."]},
        )
    if detected == "application/zip":
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        if extension not in OFFICE_EXTENSIONS:
            raise DomainError(
                "This file type is not accepted.",
                code="INVALID_FILE_TYPE",
                details={"file": ["Archives are only accepted as .docx, .pptx or .xlsx."]},
            )
        detected = OFFICE_EXTENSIONS[extension]
    for scanner in SCANNERS:
        reason = scanner(fileobj)
        if reason:
            raise DomainError(
                "The file was rejected by the malware scan.",
                code="FILE_REJECTED",
                details={"file": [f"Rejected: {reason}."]},
            )
    return detected
