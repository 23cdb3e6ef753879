"""Pitch events reach the right sockets: `pitch_published` to followers, views to the owner."""

from __future__ import annotations

from typing import Any

import pytest
from asgiref.sync import sync_to_async
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache

from accounts.services import block_user, follow_user
from messaging.models import Notification
from pitches import services
from pitches.models import Pitch
from tests.factories import UserFactory
from tests.messaging.test_consumer import nothing_of_type, open_socket, receive_type
from tests.pitches.factories import PitchFactory

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _fresh_presence() -> None:
    cache.delete_pattern("presence:*")


@pytest.fixture
def owner(db: Any) -> Any:
    return UserFactory(user_type="creator", first_name="Olga", last_name="Owner")


@pytest.fixture
def draft(owner: Any) -> Pitch:
    return PitchFactory(owner=owner, status=Pitch.Status.DRAFT, published_at=None)


async def _users(n: int) -> list[Any]:
    return [await sync_to_async(UserFactory)(user_type="investor") for _ in range(n)]


async def test_publishing_reaches_followers_of_the_creator_and_of_the_pitch(owner, draft):
    fan, pitch_fan, stranger = await _users(3)
    await sync_to_async(follow_user)(follower=fan, target=owner)
    await sync_to_async(services.follow_pitch)(pitch=draft, user=pitch_fan)
    sockets = [await open_socket(u) for u in (fan, pitch_fan, stranger)]
    await sync_to_async(services.publish_pitch)(pitch=draft, actor=owner)
    for socket in sockets[:2]:
        event = await receive_type(socket, "pitch_published")
        assert event["data"] == {
            "pitchId": draft.pk,
            "title": draft.title,
            "creatorId": owner.pk,
            "creatorName": "Olga Owner",
        }
        assert (await receive_type(socket, "notification"))["data"]["type"] == "pitch_published"
    assert await nothing_of_type(sockets[2], "pitch_published")
    notified = Notification.objects.filter(kind="pitch_published")
    assert sorted(await sync_to_async(list)(notified.values_list("user_id", flat=True))) == sorted(
        [fan.pk, pitch_fan.pk]
    )
    for socket in sockets:
        await socket.disconnect()


async def test_a_hidden_creator_name_keeps_the_creator_out_of_the_push(owner, draft):
    fan, pitch_fan = await _users(2)
    draft.visibility_settings = {"show_creator_name": False}
    await sync_to_async(draft.save)(update_fields=["visibility_settings"])
    await sync_to_async(follow_user)(follower=fan, target=owner)
    await sync_to_async(services.follow_pitch)(pitch=draft, user=pitch_fan)
    fan_socket, pitch_fan_socket = await open_socket(fan), await open_socket(pitch_fan)
    await sync_to_async(services.publish_pitch)(pitch=draft, actor=owner)
    event = await receive_type(pitch_fan_socket, "pitch_published")
    assert event["data"] == {
        "pitchId": draft.pk,
        "title": draft.title,
        "creatorId": None,
        "creatorName": "",
    }
    assert await nothing_of_type(fan_socket, "pitch_published")
    await fan_socket.disconnect()
    await pitch_fan_socket.disconnect()


async def test_a_blocked_pitch_follower_hears_nothing(owner, draft):
    (pitch_fan,) = await _users(1)
    await sync_to_async(services.follow_pitch)(pitch=draft, user=pitch_fan)
    await sync_to_async(block_user)(blocker=owner, target=pitch_fan)
    socket = await open_socket(pitch_fan)
    await sync_to_async(services.publish_pitch)(pitch=draft, actor=owner)
    assert await nothing_of_type(socket, "pitch_published")
    assert not await sync_to_async(Notification.objects.filter(kind="pitch_published").exists)()
    await socket.disconnect()


async def test_a_view_reaches_the_owner_but_not_the_viewer(owner):
    pitch = await sync_to_async(PitchFactory)(owner=owner, view_count=4)
    viewer, other = await _users(2)
    owner_socket, viewer_socket = await open_socket(owner), await open_socket(viewer)
    other_socket = await open_socket(other)
    counted = await sync_to_async(services.record_view)(pitch=pitch, user=viewer, session_key="")
    assert counted
    event = await receive_type(owner_socket, "pitch_view_update")
    assert set(event["data"]) == {"pitchId", "viewCount", "pitchTitle", "timestamp"}
    assert event["data"]["pitchId"] == pitch.pk
    assert event["data"]["viewCount"] == 5
    assert event["data"]["pitchTitle"] == pitch.title
    assert await nothing_of_type(viewer_socket, "pitch_view_update")
    assert await nothing_of_type(other_socket, "pitch_view_update")
    for socket in (owner_socket, viewer_socket, other_socket):
        await socket.disconnect()


async def test_an_anonymous_view_also_reaches_the_owner(owner):
    pitch = await sync_to_async(PitchFactory)(owner=owner)
    socket = await open_socket(owner)
    await sync_to_async(services.record_view)(
        pitch=pitch, user=AnonymousUser(), session_key="abc123"
    )
    assert (await receive_type(socket, "pitch_view_update"))["data"]["viewCount"] == 1
    await socket.disconnect()


async def _track_view(socket: Any, pitch_id: Any) -> None:
    """What the SPA's trackPitchView sends."""
    await socket.send_json_to({"type": "pitch_view_update", "data": {"pitchId": pitch_id}})


async def test_a_client_view_over_the_socket_counts_once_and_reaches_the_owner(owner):
    pitch = await sync_to_async(PitchFactory)(owner=owner, view_count=4)
    (viewer,) = await _users(1)
    owner_socket, viewer_socket = await open_socket(owner), await open_socket(viewer)
    for _ in range(2):  # trackPitchView on two page loads the same day: one view
        await _track_view(viewer_socket, pitch.pk)
    event = await receive_type(owner_socket, "pitch_view_update")
    assert event["data"]["pitchId"] == pitch.pk
    assert event["data"]["viewCount"] == 5
    assert await nothing_of_type(owner_socket, "pitch_view_update")
    assert await nothing_of_type(viewer_socket, "error")
    await sync_to_async(pitch.refresh_from_db)()
    assert pitch.view_count == 5
    for socket in (owner_socket, viewer_socket):
        await socket.disconnect()


async def test_a_repeat_socket_view_still_tells_the_owner_someone_is_reading(owner):
    """trackPitchView from a viewer already counted today (they read the page): no new view,
    but the owner hears the live count (at most once per few seconds per pitch)."""
    pitch = await sync_to_async(PitchFactory)(owner=owner, view_count=4)
    (viewer,) = await _users(1)
    await sync_to_async(services.record_view)(pitch=pitch, user=viewer, session_key="")
    await sync_to_async(cache.delete)(f"pitches:view-report:{pitch.pk}")
    owner_socket, viewer_socket = await open_socket(owner), await open_socket(viewer)
    await _track_view(viewer_socket, pitch.pk)
    await _track_view(viewer_socket, pitch.pk)
    event = await receive_type(owner_socket, "pitch_view_update")
    assert event["data"]["viewCount"] == 5
    assert await nothing_of_type(owner_socket, "pitch_view_update")
    await sync_to_async(pitch.refresh_from_db)()
    assert pitch.view_count == 5
    for socket in (owner_socket, viewer_socket):
        await socket.disconnect()


async def test_a_socket_view_of_a_pitch_the_sender_cannot_see_is_ignored_silently(owner, draft):
    (viewer,) = await _users(1)
    owner_socket, viewer_socket = await open_socket(owner), await open_socket(viewer)
    for pitch_id in (draft.pk, 999_999, "x"):
        await _track_view(viewer_socket, pitch_id)
    assert await nothing_of_type(viewer_socket, "error")
    assert await nothing_of_type(owner_socket, "pitch_view_update")
    await sync_to_async(draft.refresh_from_db)()
    assert draft.view_count == 0
    # The owner's own view is not counted either.
    await _track_view(owner_socket, draft.pk)
    assert await nothing_of_type(owner_socket, "pitch_view_update")
    for socket in (owner_socket, viewer_socket):
        await socket.disconnect()
