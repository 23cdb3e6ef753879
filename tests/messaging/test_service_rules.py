"""Messaging rules at the service level."""

from __future__ import annotations

import pytest

from accounts.services import block_user
from messaging import services
from messaging.models import Conversation, Message
from pitchey.errors import DomainError, NotAllowed

pytestmark = pytest.mark.django_db


def test_a_refused_first_message_leaves_no_empty_conversation(creator, investor):
    with pytest.raises(DomainError, match="cannot be empty"):
        services.start_conversation_with_message(
            sender=investor, recipient_ids=[creator.pk], content="<b></b>"
        )
    assert not Conversation.objects.exists()


def test_starting_with_a_message_reuses_the_one_to_one_thread(creator, investor):
    first = services.start_conversation_with_message(
        sender=investor, recipient_ids=[creator.pk], content="Hello"
    )
    second = services.start_conversation_with_message(
        sender=investor, recipient_ids=[creator.pk], content="Again"
    )
    assert first.conversation_id == second.conversation_id
    assert list(Message.objects.values_list("content", flat=True).order_by("id")) == [
        "Hello",
        "Again",
    ]


def test_nobody_starts_a_conversation_with_someone_who_blocks_them(creator, investor):
    block_user(blocker=creator, target=investor)
    with pytest.raises(NotAllowed, match="cannot message"):
        services.start_conversation_with_message(
            sender=investor, recipient_ids=[creator.pk], content="Hi"
        )
    assert not Conversation.objects.exists()
