"""Staff roles: Django groups and the permissions each holds.

moderator: content, the report queue and users' suspension; support: users, verifications and
credits; admin: everything, settings included. The staff API checks the `staff.*` function
permissions (`pitchey.staff`); the admin site checks the model permissions listed here, so a
role sees the same things on both.
"""

from __future__ import annotations

MODERATOR = "moderator"
SUPPORT = "support"
ADMIN = "admin"
ROLES = (MODERATOR, SUPPORT, ADMIN)

# Every `staff.<codename>` function permission (see staff.models.StaffFunction).
FUNCTIONS = (
    "view_console",
    "view_users",
    "manage_users",
    "suspend_users",
    "moderate_content",
    "review_verifications",
    "manage_credits",
    "view_audit",
    "view_reports",
    "manage_settings",
    "view_health",
    "handle_gdpr",
    "run_operations",
)

ROLE_FUNCTIONS: dict[str, tuple[str, ...]] = {
    MODERATOR: ("view_console", "view_users", "suspend_users", "moderate_content"),
    SUPPORT: (
        "view_console",
        "view_users",
        "manage_users",
        "review_verifications",
        "manage_credits",
    ),
    ADMIN: FUNCTIONS,
}

# Admin-site model permissions ("app_label.codename") of the roles below admin, which holds
# every permission there is. Missing ones (an app not installed yet) are skipped.
ROLE_MODEL_PERMISSIONS: dict[str, tuple[str, ...]] = {
    MODERATOR: (
        "staff.view_flag",
        "staff.change_flag",
        "analytics.view_contentreport",
        "pitches.view_pitch",
        "pitches.change_pitch",
        "pitches.view_pitchcomment",
        "pitches.change_pitchcomment",
        "messaging.view_message",
        "accounts.view_user",
    ),
    SUPPORT: (
        "accounts.view_user",
        "accounts.change_user",
        "billing.view_creditaccount",
        "billing.view_creditentry",
        "billing.view_payment",
        "billing.view_promocode",
        "billing.add_promocode",
        "billing.change_promocode",
        "production.view_company",
        "production.change_company",
        "production.view_verificationrequest",
        "production.change_verificationrequest",
    ),
}


def function_permission(codename: str) -> str:
    """The dotted name `has_perm` takes for a staff function."""
    return f"staff.{codename}"
