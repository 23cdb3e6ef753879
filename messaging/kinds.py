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
    PITCH_INFO_REQUEST = "pitch_info_request"
    PITCH_INFO_RESPONSE = "pitch_info_response"
    NDA_REQUEST = "nda_request"
    NDA_SIGNED = "nda_signed"
    NDA_APPROVED = "nda_approved"
    NDA_REJECTED = "nda_rejected"
    NDA_REVOKED = "nda_revoked"
    NDA_EXPIRED = "nda_expired"
    NDA_EXPIRING = "nda_expiring"
    NDA_REMINDER = "nda_reminder"
    INVESTMENT_RECEIVED = "investment_received"
    INVESTMENT_UPDATE = "investment_update"
    DEAL_PROPOSED = "deal_proposed"
    DEAL_UPDATE = "deal_update"
    BILLING = "billing"
    BILLING_DISPUTE = "billing_dispute"
    # production: reviews, submissions, open calls, collaboration, teams, meetings, verification
    PITCH_REVIEW = "pitch_review"
    SUBMISSION_RECEIVED = "submission_received"
    SUBMISSION_UPDATE = "submission_update"
    OPEN_CALL = "open_call"
    COLLABORATION_REQUEST = "collaboration_request"
    COLLABORATION_UPDATE = "collaboration_update"
    TEAM_INVITE = "team_invite"
    TEAM_UPDATE = "team_update"
    REFERRAL_REDEEMED = "referral_redeemed"
    PROJECT_INVITE = "project_invite"
    MEETING_REQUEST = "meeting_request"
    MEETING_UPDATE = "meeting_update"
    MEETING_REMINDER = "meeting_reminder"
    COMPANY_VERIFICATION = "company_verification"
    # staff console: a moderator's warning, an account suspension, a broadcast announcement
    MODERATION_WARNING = "moderation_warning"
    ACCOUNT_SUSPENDED = "account_suspended"
    ANNOUNCEMENT = "announcement"
