"""Demo conversations and notifications between the demo accounts (idempotent)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from messaging import services
from messaging.kinds import NotificationKind
from messaging.models import Conversation, Notification

if TYPE_CHECKING:
    from pitchey.seeding import DemoData


def seed(demo: DemoData) -> None:
    """A creator-investor thread and a welcome notification per demo account, created once."""
    seed_for(demo.users)


def seed_for(users: Sequence[Any]) -> None:
    """A creator-investor thread and a welcome notification per account in `users`, created once."""
    by_type = {u.user_type: u for u in users}
    creator, investor = by_type.get("creator"), by_type.get("investor")
    if creator is not None and investor is not None:
        exists = Conversation.objects.visible_to(creator).filter(participants__user=investor)
        if not exists.exists():
            thread = services.start_conversation(creator=investor, recipient_ids=[creator.pk])
            services.send_message(
                sender=investor,
                conversation=thread,
                content="Loved the logline. Could we talk about the budget next week?",
            )
            services.send_message(
                sender=creator, conversation=thread, content="Happy to! Tuesday works for me."
            )
    for user in users:
        if not Notification.objects.filter(user=user, kind="welcome").exists():
            services.notify(
                recipient=user,
                kind=NotificationKind.WELCOME,
                title="Welcome to Pitchey",
                body="Your notifications appear here.",
                link="/",
            )
