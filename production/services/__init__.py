"""Every state change of the production app. Each service takes keyword arguments, checks its
rules, writes the audit log and leaves side effects (notifications, pushes) to after commit."""

from production.services.reviews import create_review, holds_signed_nda, update_review
from production.services.verification import (
    approve_verification,
    attach_document,
    reject_verification,
    submit_verification,
)

__all__ = [
    "approve_verification",
    "attach_document",
    "create_review",
    "holds_signed_nda",
    "reject_verification",
    "submit_verification",
    "update_review",
]
