"""Every NDA state change: request (with signature), approve, reject, revoke, withdraw, remind,
expire; plus the custom NDA upload and the stamped copies of protected PDFs.

Each change is one transaction that writes an audit entry; notifications and WebSocket pushes
happen on commit. Access is granted and revoked only through `pitches.services`, and read only
through `pitches.access` (which checks grant expiry at every read).
"""

from ndas.models import DEFAULT_ACCESS_DAYS, REQUESTER_TYPES
from ndas.services.common import status_event
from ndas.services.decisions import (
    approve_nda,
    bulk_decide,
    reject_nda,
    remind_owner,
    revoke_nda,
    withdraw_nda_request,
)
from ndas.services.files import stamped_document_key, upload_custom_nda
from ndas.services.jobs import (
    delete_old_stamped_copies,
    expire_access,
    expire_stale_requests,
    send_expiry_warnings,
    send_pending_reminders,
)
from ndas.services.requests import request_nda, sign_nda
from pitchey.errors import Conflict, DomainError, NotAllowed, NotFoundError

__all__ = [
    "DEFAULT_ACCESS_DAYS",
    "REQUESTER_TYPES",
    "Conflict",
    "DomainError",
    "NotAllowed",
    "NotFoundError",
    "approve_nda",
    "bulk_decide",
    "delete_old_stamped_copies",
    "expire_access",
    "expire_stale_requests",
    "reject_nda",
    "remind_owner",
    "request_nda",
    "revoke_nda",
    "send_expiry_warnings",
    "send_pending_reminders",
    "sign_nda",
    "stamped_document_key",
    "status_event",
    "upload_custom_nda",
    "withdraw_nda_request",
]
