"""A creator's message sent over the WebSocket is charged like one sent over HTTP: without credits
the socket answers an error with the INSUFFICIENT_CREDITS code and nothing is stored."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async

from accounts.models import User
from billing.services import credits
from messaging import services
from messaging.models import Message
from tests.factories import UserFactory
from tests.messaging.test_consumer import open_socket, receive_type

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


async def test_a_creator_without_credits_is_refused_over_the_socket():
    creator = await sync_to_async(UserFactory)(user_type=User.Type.CREATOR, credits=3)
    investor = await sync_to_async(UserFactory)(user_type=User.Type.INVESTOR)
    thread = await sync_to_async(services.start_conversation)(
        creator=investor, recipient_ids=[creator.pk]
    )
    socket = await open_socket(creator)

    body = {"conversationId": thread.pk, "content": "First", "tempId": "a"}
    await socket.send_json_to({"type": "send_message", "data": body})
    assert (await receive_type(socket, "message_sent"))["data"]["tempId"] == "a"
    await socket.send_json_to({"type": "send_message", "data": {**body, "content": "Second"}})
    error = await receive_type(socket, "error")

    assert error["data"]["code"] == "INSUFFICIENT_CREDITS"
    assert error["data"]["requestType"] == "send_message"
    assert await sync_to_async(credits.balance_of)(creator.pk) == 1
    contents = await sync_to_async(list)(Message.objects.values_list("content", flat=True))
    assert contents == ["First"]
    await socket.disconnect()
