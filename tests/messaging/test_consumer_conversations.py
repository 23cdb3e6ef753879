"""Socket frames the SPA's Messages page sends: joining and leaving a conversation, typing that
reaches the other member without any subscription, and the useWebSocket helpers' pitch frames,
which are ignored without an answer (as the original did)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from messaging import services
from tests.factories import UserFactory
from tests.messaging.test_consumer import nothing_of_type, open_socket, receive_type

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def alice(db: Any) -> Any:
    return UserFactory(user_type="creator", username="alice")


@pytest.fixture
def bob(db: Any) -> Any:
    return UserFactory(user_type="investor", username="bob")


@pytest.fixture
def carol(db: Any) -> Any:
    return UserFactory(user_type="production", username="carol")


@pytest.fixture
def thread(alice: Any, bob: Any) -> Any:
    return services.start_conversation(creator=alice, recipient_ids=[bob.pk])


@pytest.fixture(autouse=True)
def _fresh_presence() -> None:
    cache.delete_pattern("presence:*")


async def test_typing_reaches_the_other_member_without_a_subscription(alice, bob, carol, thread):
    alice_socket, bob_socket, carol_socket = (
        await open_socket(alice),
        await open_socket(bob),
        await open_socket(carol),
    )
    await alice_socket.send_json_to(
        {"type": "typing", "data": {"conversationId": thread.pk, "isTyping": True}}
    )
    typing = await receive_type(bob_socket, "typing")
    assert typing["data"]["conversationId"] == thread.pk
    assert typing["data"]["isTyping"] is True
    await alice_socket.send_json_to({"type": "typing_stop", "conversationId": thread.pk})
    assert (await receive_type(bob_socket, "typing"))["data"]["isTyping"] is False
    assert await nothing_of_type(carol_socket, "typing")  # not a member
    assert await nothing_of_type(alice_socket, "typing")  # not echoed to the typist
    for socket in (alice_socket, bob_socket, carol_socket):
        await socket.disconnect()


async def test_join_and_leave_a_conversation(alice, bob, carol, thread):
    bob_socket = await open_socket(bob)
    await bob_socket.send_json_to({"type": "join_conversation", "conversationId": thread.pk})
    joined = await receive_type(bob_socket, "conversation_joined")
    assert joined["data"] == {"conversationId": thread.pk}
    await bob_socket.send_json_to({"type": "leave_conversation", "conversationId": thread.pk})
    assert (await receive_type(bob_socket, "conversation_left"))["data"]["conversationId"] == (
        thread.pk
    )
    carol_socket = await open_socket(carol)
    await carol_socket.send_json_to({"type": "join_conversation", "conversationId": thread.pk})
    refused = await receive_type(carol_socket, "error")
    assert refused["data"]["code"] == "NOT_FOUND"
    assert await nothing_of_type(carol_socket, "conversation_joined")
    await bob_socket.disconnect()
    await carol_socket.disconnect()


async def test_pitch_frames_from_the_helpers_are_ignored_silently(alice):
    socket = await open_socket(alice)
    for kind in ("pitch_view", "pitch_like", "pitch_comment"):
        await socket.send_json_to({"type": kind, "data": {"pitchId": 1}})
    assert await nothing_of_type(socket, "error")
    await socket.send_json_to({"type": "ping", "timestamp": 1})
    assert (await receive_type(socket, "pong"))["data"]["timestamp"] == 1
    await socket.disconnect()
