import pytest
from channels.testing import WebsocketCommunicator

from accounts.ws_tokens import make_ws_token
from pitchey.asgi import application

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def member(django_user_model):
    return django_user_model.objects.create_user(
        "ws@example.com", "wsuser", "pw-123456789", user_type="investor"
    )


async def test_upgrade_from_an_allowed_origin_connects(member):
    from asgiref.sync import sync_to_async

    token = await sync_to_async(make_ws_token)(member)
    communicator = WebsocketCommunicator(
        application,
        f"/ws?token={token}",
        headers=[(b"origin", b"http://127.0.0.1:8000"), (b"host", b"127.0.0.1")],
    )
    connected, _ = await communicator.connect()
    assert connected
    hello = await communicator.receive_json_from()
    assert hello["type"] == "connected"
    assert hello["data"]["userId"] == member.pk
    assert set(hello) == {"type", "data", "timestamp", "id"}
    assert (await communicator.receive_json_from())["type"] == "initial_data"
    await communicator.send_json_to({"type": "ping", "timestamp": 1})
    pong = await communicator.receive_json_from()
    assert pong["type"] == "pong"
    await communicator.disconnect()


async def test_upgrade_from_a_foreign_origin_is_refused(member):
    from asgiref.sync import sync_to_async

    token = await sync_to_async(make_ws_token)(member)
    communicator = WebsocketCommunicator(
        application,
        f"/ws?token={token}",
        headers=[(b"origin", b"https://evil.example"), (b"host", b"127.0.0.1")],
    )
    connected, _ = await communicator.connect()
    assert not connected


async def test_upgrade_without_a_token_is_refused():
    communicator = WebsocketCommunicator(
        application, "/ws", headers=[(b"origin", b"http://127.0.0.1:8000"), (b"host", b"127.0.0.1")]
    )
    connected, _ = await communicator.connect()
    assert not connected


async def test_the_pages_own_origin_is_allowed_on_any_port(member):
    """A server on another port (make run PORT=8047) still accepts its own pages' sockets."""
    from asgiref.sync import sync_to_async

    token = await sync_to_async(make_ws_token)(member)
    own = WebsocketCommunicator(
        application,
        f"/ws?token={token}",
        headers=[(b"origin", b"http://127.0.0.1:8047"), (b"host", b"127.0.0.1:8047")],
    )
    connected, _ = await own.connect()
    assert connected
    await own.disconnect()
    spoofed = WebsocketCommunicator(
        application,
        f"/ws?token={token}",
        headers=[(b"origin", b"http://127.0.0.1:8047"), (b"host", b"evil.example:8047")],
    )
    connected, _ = await spoofed.connect()
    assert not connected
