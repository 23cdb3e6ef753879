"""Demo accounts: the existing SPA's demo logins plus a watcher and a staff admin.

Every profile is complete as the SPA judges it (a first and last name and a bio), so no demo
login is sent to the onboarding form.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone

from accounts.models import MfaSettings, User

if TYPE_CHECKING:
    from pitchey.seeding import DemoData

# (email, username, user type, profile)
DEMO_ACCOUNTS: list[tuple[str, str, str, dict[str, str]]] = [
    (
        "alex.creator@demo.com",
        "alexcreator",
        User.Type.CREATOR,
        {
            "first_name": "Alex",
            "last_name": "Rivera",
            "bio": "Writer-director of character-driven thrillers.",
        },
    ),
    (
        "sarah.investor@demo.com",
        "sarahinvestor",
        User.Type.INVESTOR,
        {
            "first_name": "Sarah",
            "last_name": "Chen",
            "company_name": "Chen Media Ventures",
            "bio": "Backs independent thrillers and limited series from first draft to festival.",
        },
    ),
    (
        "stellar.production@demo.com",
        "stellarprod",
        User.Type.PRODUCTION,
        {
            "first_name": "Stellar",
            "last_name": "Productions",
            "company_name": "Stellar Productions Ltd",
            "bio": "Develops and produces mid-budget features and returning drama for streamers.",
        },
    ),
    (
        "jamie.watcher@demo.com",
        "jamiewatcher",
        User.Type.VIEWER,
        {
            "first_name": "Jamie",
            "last_name": "Lee",
            "bio": "Watches everything with a twist ending.",
        },
    ),
    (
        "admin@demo.com",
        "pitcheyadmin",
        User.Type.ADMIN,
        {"first_name": "Pitchey", "last_name": "Staff", "bio": "The Pitchey team."},
    ),
]


def logins() -> list[tuple[str, str]]:
    """(portal, email) of each demo account, as `make run` lists them."""
    return [
        ("watcher" if user_type == User.Type.VIEWER else user_type, email)
        for email, _username, user_type, _profile in DEMO_ACCOUNTS
    ]


def seed(demo: DemoData) -> None:
    """Create or refresh the demo accounts (verified, unlocked, password Demo123)."""
    demo.users = create_accounts()


def create_accounts() -> list[User]:
    """The demo accounts, created or refreshed."""
    users = []
    for email, username, user_type, profile in DEMO_ACCOUNTS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(email=email, username=username)
        user.user_type = user_type
        for field, value in profile.items():
            setattr(user, field, value)
        user.email_verified = True
        user.email_verified_at = user.email_verified_at or timezone.now()
        user.failed_login_attempts = 0
        user.account_locked_until = None
        user.is_active = True
        user.two_factor_enabled = False  # demo logins never ask for a second factor
        user.is_staff = user.is_superuser = user_type == User.Type.ADMIN
        user.set_password(settings.DEMO_PASSWORD)
        user.save()
        MfaSettings.objects.filter(user=user).delete()
        users.append(user)
    return users
