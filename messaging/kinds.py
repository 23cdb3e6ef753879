"""The declared kinds of notification. A new kind is added here, by the app that sends it.

The value is what `Notification.kind` stores and what the SPA reads as the notification `type`;
its prefix picks the email switch (`messaging.preferences.KIND_SWITCHES`).
"""

from __future__ import annotations

from enum import StrEnum


class NotificationKind(StrEnum):
    WELCOME = "welcome"
    SYSTEM = "system"
    MESSAGE = "message"
    PITCH_PUBLISHED = "pitch_published"
    PITCH_HIDDEN = "pitch_hidden"
    PITCH_COMMENT = "pitch_comment"
    PITCH_COMMENT_REPLY = "pitch_comment_reply"
    PITCH_FEEDBACK = "pitch_feedback"
    NDA_REQUEST = "nda_request"
    NDA_SIGNED = "nda_signed"
    NDA_APPROVED = "nda_approved"
    NDA_REJECTED = "nda_rejected"
    NDA_REVOKED = "nda_revoked"
    NDA_EXPIRED = "nda_expired"
    NDA_EXPIRING = "nda_expiring"
    NDA_REMINDER = "nda_reminder"
    BILLING = "billing"
    BILLING_DISPUTE = "billing_dispute"
