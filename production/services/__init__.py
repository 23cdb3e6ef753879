"""Every state change of the production app. Each service takes keyword arguments, checks its
rules, writes the audit log and leaves side effects (notifications, pushes) to after commit."""

from production.services.calls import announce_call, create_call, matching_creators, update_call
from production.services.reviews import create_review, holds_signed_nda, update_review
from production.services.submissions import (
    bulk_move,
    move_submission,
    parse_status,
    submit_to_call,
    submit_to_company,
    withdraw_submission,
)
from production.services.verification import (
    approve_verification,
    attach_document,
    reject_verification,
    submit_verification,
)

__all__ = [
    "announce_call",
    "approve_verification",
    "attach_document",
    "bulk_move",
    "create_call",
    "create_review",
    "holds_signed_nda",
    "matching_creators",
    "move_submission",
    "parse_status",
    "reject_verification",
    "submit_to_call",
    "submit_to_company",
    "submit_verification",
    "update_call",
    "update_review",
    "withdraw_submission",
]
