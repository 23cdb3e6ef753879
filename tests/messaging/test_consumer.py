"""The `/ws` consumer against the real Redis channel layer, driven by Channels' communicator."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.core.cache import cache

from accounts.services import block_user, follow_user
from accounts.ws_tokens import make_ws_token
from messaging import NotificationKind, notify, services
from messaging.models import Message, Notification
from pitchey.asgi import application
from tests.factories import UserFactory
from tests.pitches.factories import PitchFactory

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

ORIGIN = (b"origin", b"http://127.0.0.1:8000")


async def open_socket(user: Any, *, origin: tuple[bytes, bytes] = ORIGIN) -> WebsocketCommunicator:
    token = await sync_to_async(make_ws_token)(user)
    communicator = WebsocketCommunicator(
        application, f"/ws?token={token}", headers=[origin, (b"host", b"127.0.0.1")]
    )
    connected, code = await communicator.connect(timeout=5)
    assert connected, code
    return communicator


async def receive_type(communicator: WebsocketCommunicator, kind: str, timeout: float = 3) -> dict:
    """The next message of one type, skipping unrelated pushes (presence, notifications)."""
    while True:
        message = await communicator.receive_json_from(timeout=timeout)
        if message["type"] == kind:
            return message


async def nothing_of_type(
    communicator: WebsocketCommunicator, kind: str, wait: float = 0.5
) -> bool:
    while not await communicator.receive_nothing(timeout=wait):
        message = await communicator.receive_json_from()
        if message["type"] == kind:
            return False
    return True


@pytest.fixture
def alice(db: Any) -> Any:
    return UserFactory(user_type="creator", username="alice")


@pytest.fixture
def bob(db: Any) -> Any:
    return UserFactory(user_type="investor", username="bob")


@pytest.fixture
def thread(alice: Any, bob: Any) -> Any:
    return services.start_conversation(creator=alice, recipient_ids=[bob.pk])


@pytest.fixture(autouse=True)
def _fresh_presence() -> None:
    cache.delete_pattern("presence:*")


# --- authentication and origin ----------------------------------------------------------------


async def test_connect_sends_connected_then_the_real_unread_notifications(alice):
    await sync_to_async(notify)(recipient=alice, kind=NotificationKind.SYSTEM, title="Unread one")
    socket = await open_socket(alice)
    hello = await socket.receive_json_from()
    assert hello["type"] == "connected"
    assert hello["data"]["userId"] == alice.pk
    initial = await receive_type(socket, "initial_data")
    assert [n["title"] for n in initial["data"]["notifications"]] == ["Unread one"]
    assert initial["data"]["unreadCount"] == 1
    await socket.disconnect()


async def test_no_token_is_refused():
    communicator = WebsocketCommunicator(application, "/ws", headers=[ORIGIN])
    connected, code = await communicator.connect()
    assert not connected
    assert code == 4401


async def test_an_expired_token_is_refused(alice):
    with time_machine.travel(dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)):
        token = await sync_to_async(make_ws_token)(alice)
    communicator = WebsocketCommunicator(application, f"/ws?token={token}", headers=[ORIGIN])
    connected, _ = await communicator.connect()
    assert not connected


async def test_a_token_edited_to_name_another_user_is_refused(alice, bob):
    token = await sync_to_async(make_ws_token)(alice)
    forged_payload = (await sync_to_async(make_ws_token)(bob)).split(":")[0]
    forged = ":".join([forged_payload, *token.split(":")[1:]])
    communicator = WebsocketCommunicator(application, f"/ws?token={forged}", headers=[ORIGIN])
    connected, _ = await communicator.connect()
    assert not connected


async def test_the_token_of_another_user_overrides_a_session_cookie_only_for_its_owner(alice, bob):
    # A token always speaks for the user it was minted for; it never merges with the cookie user.
    socket = await open_socket(bob)
    hello = await socket.receive_json_from()
    assert hello["data"]["userId"] == bob.pk != alice.pk
    await socket.disconnect()


async def test_a_token_revoked_by_logout_everywhere_is_refused(alice):
    token = await sync_to_async(make_ws_token)(alice)
    alice.token_version += 1
    await sync_to_async(alice.save)(update_fields=["token_version"])
    communicator = WebsocketCommunicator(application, f"/ws?token={token}", headers=[ORIGIN])
    connected, _ = await communicator.connect()
    assert not connected


async def test_a_foreign_origin_is_refused(alice):
    token = await sync_to_async(make_ws_token)(alice)
    communicator = WebsocketCommunicator(
        application, f"/ws?token={token}", headers=[(b"origin", b"https://evil.example")]
    )
    connected, _ = await communicator.connect()
    assert not connected


# --- subscriptions ------------------------------------------------------------------------------


async def test_subscribing_to_channels_one_may_not_read_is_refused(alice, bob, thread):
    outsider = await sync_to_async(UserFactory)()
    socket = await open_socket(outsider)
    await socket.send_json_to(
        {
            "type": "subscribe",
            "data": {
                "channels": [
                    f"conversation.{thread.pk}",
                    f"user_{alice.pk}_notifications",
                    "pitch:1",
                    f"user_{outsider.pk}_notifications",
                ]
            },
        }
    )
    reply = await receive_type(socket, "subscribed")
    assert reply["data"]["channels"] == [f"user_{outsider.pk}_notifications"]
    assert len(reply["data"]["denied"]) == 3
    # and nothing of the conversation reaches the outsider
    alice_socket = await open_socket(alice)
    await alice_socket.send_json_to({"type": "typing_start", "data": {"conversationId": thread.pk}})
    assert await nothing_of_type(socket, "typing")
    await socket.disconnect()
    await alice_socket.disconnect()


async def test_typing_is_relayed_to_the_other_members_only(alice, bob, thread):
    alice_socket = await open_socket(alice)
    bob_socket = await open_socket(bob)
    for s in (alice_socket, bob_socket):
        await s.send_json_to(
            {"type": "subscribe", "data": {"channelId": f"conversation:{thread.pk}"}}
        )
        assert (await receive_type(s, "subscribed"))["data"]["denied"] == []
    await alice_socket.send_json_to({"type": "typing_start", "data": {"conversationId": thread.pk}})
    typing = await receive_type(bob_socket, "typing")
    assert typing["data"] == {
        "userId": alice.pk,
        "username": "alice",
        "name": alice.display_name,
        "conversationId": thread.pk,
        "isTyping": True,
    }
    await alice_socket.send_json_to({"type": "typing_stop", "data": {"conversationId": thread.pk}})
    assert (await receive_type(bob_socket, "typing"))["data"]["isTyping"] is False
    assert await nothing_of_type(alice_socket, "typing")
    await alice_socket.disconnect()
    await bob_socket.disconnect()


# --- messages -----------------------------------------------------------------------------------


async def test_send_message_persists_and_reaches_both_tabs_of_the_other(alice, bob, thread):
    alice_socket = await open_socket(alice)
    bob_tab1 = await open_socket(bob)
    bob_tab2 = await open_socket(bob)
    await alice_socket.send_json_to(
        {
            "type": "send_message",
            "data": {"conversationId": thread.pk, "content": "Hello <b>Bob</b>", "tempId": "t1"},
        }
    )
    sent = await receive_type(alice_socket, "message_sent")
    assert sent["data"]["tempId"] == "t1"
    message_id = sent["data"]["message"]["id"]
    for tab in (bob_tab1, bob_tab2):
        event = await receive_type(tab, "chat_message")
        assert event["data"]["messageId"] == message_id
        assert event["data"]["content"] == "Hello Bob"
        assert event["data"]["senderId"] == alice.pk
        notice = await receive_type(tab, "notification")
        assert notice["data"]["type"] == "message"
    stored = await sync_to_async(Message.objects.get)(pk=message_id)
    assert stored.content == "Hello Bob"
    assert stored.sender_id == alice.pk
    for s in (alice_socket, bob_tab1, bob_tab2):
        await s.disconnect()


@pytest.mark.parametrize("alice_blocks", [True, False])
async def test_a_message_to_a_blocked_user_is_refused(alice, bob, thread, alice_blocks):
    blocker, target = (alice, bob) if alice_blocks else (bob, alice)
    await sync_to_async(block_user)(blocker=blocker, target=target)
    alice_socket = await open_socket(alice)
    bob_socket = await open_socket(bob)
    await alice_socket.send_json_to(
        {"type": "send_message", "data": {"conversationId": thread.pk, "content": "hi"}}
    )
    error = await receive_type(alice_socket, "error")
    assert error["data"]["code"] == "USER_BLOCKED"
    assert await nothing_of_type(bob_socket, "chat_message")
    assert await sync_to_async(Message.objects.count)() == 0
    await alice_socket.disconnect()
    await bob_socket.disconnect()


async def test_send_message_to_someone_elses_conversation_is_refused(alice, bob, thread):
    outsider = await sync_to_async(UserFactory)()
    socket = await open_socket(outsider)
    await socket.send_json_to(
        {"type": "send_message", "data": {"conversationId": thread.pk, "content": "hi"}}
    )
    assert (await receive_type(socket, "error"))["data"]["code"] == "NOT_FOUND"
    assert await sync_to_async(Message.objects.count)() == 0
    await socket.disconnect()


async def test_mark_read_writes_receipts_and_tells_the_sender(alice, bob, thread):
    message = await sync_to_async(services.send_message)(
        sender=alice, conversation=thread, content="read me"
    )
    alice_socket = await open_socket(alice)
    bob_socket = await open_socket(bob)
    await bob_socket.send_json_to(
        {"type": "mark_read", "data": {"conversationId": thread.pk, "messageId": message.pk}}
    )
    assert (await receive_type(bob_socket, "marked_read"))["data"]["count"] == 1
    receipt = await receive_type(alice_socket, "message_read")
    assert receipt["data"]["messageIds"] == [message.pk]
    await alice_socket.disconnect()
    await bob_socket.disconnect()


# --- notifications and presence -----------------------------------------------------------------


async def test_notify_reaches_every_tab_and_notification_read_persists(alice):
    tab1 = await open_socket(alice)
    tab2 = await open_socket(alice)
    note = await sync_to_async(notify)(
        recipient=alice, kind=NotificationKind.NDA_REQUEST, title="New NDA request", link="/ndas/"
    )
    for tab in (tab1, tab2):
        event = await receive_type(tab, "notification")
        assert event["data"]["id"] == note.pk
        assert event["data"]["unreadCount"] == 1
    await tab1.send_json_to({"type": "notification_read", "data": {"notificationId": note.pk}})
    ack = await receive_type(tab1, "notification_read_ack")
    assert ack["data"] == {"notificationId": note.pk, "unreadCount": 0}
    assert (await receive_type(tab2, "notifications_read"))["data"]["unreadCount"] == 0
    await sync_to_async(note.refresh_from_db)()
    assert note.read_at is not None
    await tab1.send_json_to({"type": "notifications_clear_all"})
    await receive_type(tab1, "notifications_cleared")
    await tab1.disconnect()
    await tab2.disconnect()


async def test_someone_elses_notification_cannot_be_marked_read(alice, bob):
    note = await sync_to_async(notify)(recipient=bob, kind=NotificationKind.SYSTEM, title="Bob's")
    socket = await open_socket(alice)
    await socket.send_json_to({"type": "notification_read", "data": {"notificationId": note.pk}})
    await receive_type(socket, "notification_read_ack")
    assert await sync_to_async(Notification.objects.filter(pk=note.pk, read_at=None).exists)()
    await socket.disconnect()


async def test_presence_reaches_conversation_partners_but_not_strangers(alice, bob, thread):
    stranger = await sync_to_async(UserFactory)()
    bob_socket = await open_socket(bob)
    stranger_socket = await open_socket(stranger)
    alice_socket = await open_socket(alice)
    online = await receive_type(bob_socket, "presence_update")
    assert online["data"]["userId"] == alice.pk
    assert online["data"]["status"] == "online"
    await alice_socket.send_json_to({"type": "presence_update", "data": {"status": "away"}})
    assert (await receive_type(bob_socket, "presence_update"))["data"]["status"] == "away"
    await alice_socket.disconnect()
    offline = await receive_type(bob_socket, "presence_update")
    assert offline["data"]["status"] == "offline"
    assert offline["data"]["lastSeen"]
    assert await nothing_of_type(stranger_socket, "presence_update")
    await stranger_socket.send_json_to({"type": "request_initial_data"})
    initial = await receive_type(stranger_socket, "initial_data")
    assert initial["data"]["presence"] == {}
    await bob_socket.disconnect()
    await stranger_socket.disconnect()


async def test_presence_reaches_mutual_follows_but_not_one_way_followers(alice):
    friend = await sync_to_async(UserFactory)()
    fan = await sync_to_async(UserFactory)()
    await sync_to_async(follow_user)(follower=friend, target=alice)
    await sync_to_async(follow_user)(follower=alice, target=friend)
    await sync_to_async(follow_user)(follower=fan, target=alice)
    friend_socket = await open_socket(friend)
    fan_socket = await open_socket(fan)
    alice_socket = await open_socket(alice)
    online = await receive_type(friend_socket, "presence_update")
    assert online["data"]["userId"] == alice.pk
    assert await nothing_of_type(fan_socket, "presence_update")
    for s in (friend_socket, fan_socket, alice_socket):
        await s.disconnect()


async def test_two_tabs_stay_online_until_the_last_closes(alice, bob, thread):
    bob_socket = await open_socket(bob)
    tab1 = await open_socket(alice)
    tab2 = await open_socket(alice)
    await receive_type(bob_socket, "presence_update")
    await tab1.disconnect()
    assert await nothing_of_type(bob_socket, "presence_update")
    await tab2.disconnect()
    assert (await receive_type(bob_socket, "presence_update"))["data"]["status"] == "offline"
    await bob_socket.disconnect()


# --- protocol limits ----------------------------------------------------------------------------


async def test_ping_gets_pong_and_garbage_gets_an_error(alice):
    socket = await open_socket(alice)
    await socket.send_json_to({"type": "ping", "timestamp": 42})
    assert (await receive_type(socket, "pong"))["data"]["timestamp"] == 42
    await socket.send_to(text_data="{not json")
    assert (await receive_type(socket, "error"))["data"]["message"] == "Invalid message format"
    await socket.send_json_to({"type": "launch_rockets"})
    assert (await receive_type(socket, "error"))["data"]["message"] == "Unknown message type"
    await socket.disconnect()


async def test_an_oversized_frame_closes_the_socket(alice):
    socket = await open_socket(alice)
    await socket.send_to(text_data='{"type":"ping","pad":"' + "x" * 20000 + '"}')
    await receive_type(socket, "error")
    closed = await socket.receive_output(timeout=2)
    assert closed == {"type": "websocket.close", "code": 1009}


async def test_flooding_is_rate_limited_then_closed(alice):
    socket = await open_socket(alice)
    for _ in range(130):
        await socket.send_json_to({"type": "pong"})
    limited = await receive_type(socket, "error")
    assert limited["data"]["code"] == "RATE_LIMIT_EXCEEDED"
    while True:
        output = await socket.receive_output(timeout=2)
        if output["type"] == "websocket.close":
            assert output["code"] == 4429
            break


async def test_a_client_sent_pitch_view_update_is_ignored(alice):
    socket = await open_socket(alice)
    await socket.send_json_to({"type": "pitch_view_update", "data": {"pitchId": 99}})
    assert await nothing_of_type(socket, "error")
    await socket.send_json_to({"type": "ping"})
    assert (await receive_type(socket, "pong"))["type"] == "pong"
    await socket.disconnect()


async def test_pitch_published_reaches_followers_and_pitch_views_reach_the_owner(alice, bob):
    await sync_to_async(follow_user)(follower=bob, target=alice)
    bob_socket = await open_socket(bob)
    alice_socket = await open_socket(alice)
    await sync_to_async(services.announce_pitch_published)(
        recipients=[bob.pk],
        pitch_id=5,
        title="Night Train",
        creator_id=alice.pk,
        creator_name="Alice",
        link="/pitch/night-train/",
    )
    published = await receive_type(bob_socket, "pitch_published")
    assert published["data"] == {
        "pitchId": 5,
        "title": "Night Train",
        "creatorId": alice.pk,
        "creatorName": "Alice",
    }
    assert (await receive_type(bob_socket, "notification"))["data"]["type"] == "pitch_published"
    await sync_to_async(services.announce_pitch_view)(
        pitch_id=5, owner_id=alice.pk, title="Night Train", view_count=12
    )
    view = await receive_type(alice_socket, "pitch_view_update")
    assert view["data"]["viewCount"] == 12
    assert await nothing_of_type(bob_socket, "pitch_view_update")
    await bob_socket.disconnect()
    await alice_socket.disconnect()


async def test_only_the_owner_and_staff_may_subscribe_to_a_pitch_channel(alice, bob):
    pitch = await sync_to_async(PitchFactory)(owner=alice)
    admin = await sync_to_async(UserFactory)(is_staff=True)
    channel = f"pitch.{pitch.pk}"
    for user, allowed in ((alice, True), (admin, True), (bob, False)):
        socket = await open_socket(user)
        await socket.send_json_to({"type": "subscribe", "data": {"channels": [channel]}})
        reply = await receive_type(socket, "subscribed")
        assert reply["data"]["channels"] == ([channel] if allowed else [])
        assert reply["data"]["denied"] == ([] if allowed else [channel])
        await socket.disconnect()
    bob_socket = await open_socket(bob)
    await bob_socket.send_json_to({"type": "subscribe", "data": {"channels": ["pitch.999999"]}})
    assert (await receive_type(bob_socket, "subscribed"))["data"]["denied"] == ["pitch.999999"]
    await bob_socket.disconnect()
