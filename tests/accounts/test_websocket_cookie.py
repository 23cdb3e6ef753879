import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.conf import settings

from accounts import services
from accounts.models import User
from pitchey.asgi import application
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _cookie_login(user: User) -> str:
    return services.start_session(user=user).access


async def _connect(cookie: str) -> tuple[bool, WebsocketCommunicator]:
    communicator = WebsocketCommunicator(
        application,
        "/ws",
        headers=[
            (b"origin", b"http://127.0.0.1:8000"),
            (b"host", b"127.0.0.1"),
            (b"cookie", f"{settings.AUTH_ACCESS_COOKIE}={cookie}".encode()),
        ],
    )
    connected, _ = await communicator.connect()
    return connected, communicator


async def test_the_access_cookie_opens_the_socket():
    user = await sync_to_async(UserFactory)(user_type=User.Type.CREATOR)
    access = await sync_to_async(_cookie_login)(user)
    connected, communicator = await _connect(access)
    assert connected
    hello = await communicator.receive_json_from()
    assert hello["data"]["userId"] == user.pk
    await communicator.disconnect()


async def test_a_revoked_or_forged_cookie_does_not():
    user = await sync_to_async(UserFactory)(user_type=User.Type.CREATOR)
    access = await sync_to_async(_cookie_login)(user)
    await sync_to_async(services.end_all_sessions)(user=user)
    connected, _ = await _connect(access)
    assert not connected
    connected, _ = await _connect(access[:-4] + "AAAA")
    assert not connected
