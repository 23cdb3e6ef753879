"""Domain errors raised by services and mapped to API responses by pitchey.api."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    """A business rule refused the operation (400 unless a subclass says otherwise)."""

    status_code = 400
    code = "BAD_REQUEST"

    def __init__(self, message: str, *, code: str | None = None, details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.details = details


class NotAllowed(DomainError):
    """The actor may not do this (403)."""

    status_code = 403
    code = "FORBIDDEN"


class Conflict(DomainError):
    """The operation clashes with existing state, e.g. a duplicate (409)."""

    status_code = 409
    code = "CONFLICT"


class NotFoundError(DomainError):
    """The object does not exist or is not the actor's (404)."""

    status_code = 404
    code = "NOT_FOUND"
