"""One origin rule for cookie-authenticated writes and WebSocket upgrades: a configured trusted
origin, or the site's own origin (same scheme, an allowed host). Neither channel trusts more."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from accounts.ws_tokens import make_ws_token
from pitchey.asgi import application
from tests.accounts.conftest import browser_client, log_in

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

TRUSTED = "https://app.pitchey.example"
CORS_ONLY = "https://partner.example"


@pytest.fixture
def origins(settings):
    settings.CSRF_TRUSTED_ORIGINS = [TRUSTED]
    settings.CORS_ALLOWED_ORIGINS = [TRUSTED, CORS_ONLY]
    settings.FRONTEND_URL = CORS_ONLY
    settings.SITE_URL = "https://pitchey.example"


def _http_write_allowed(user, origin: str, host: str = "testserver") -> bool:
    client = browser_client()
    log_in(client, user)
    response = client.post("/api/auth/logout-all", HTTP_ORIGIN=origin, HTTP_HOST=host, secure=False)
    return response.status_code == 200


async def _socket_allowed(user, origin: str, host: str = "testserver") -> bool:
    token = await sync_to_async(make_ws_token)(user)
    communicator = WebsocketCommunicator(
        application,
        f"/ws?token={token}",
        headers=[(b"origin", origin.encode()), (b"host", host.encode())],
    )
    connected, _ = await communicator.connect(timeout=5)
    if connected:
        await communicator.disconnect()
    return connected


CASES = [
    (TRUSTED, "testserver", True),
    (CORS_ONLY, "testserver", False),  # may read the API, may not write or open sockets
    ("https://pitchey.example", "testserver", False),  # SITE_URL alone is not a trusted origin
    ("http://testserver", "testserver", True),  # the page's own origin
    ("https://testserver", "testserver", False),  # same host, another scheme
    ("http://testserver", "evil.example", False),  # a host the site does not serve
    ("null", "testserver", False),
]


@pytest.mark.parametrize(("origin", "host", "allowed"), CASES)
async def test_http_writes_and_sockets_follow_the_same_rule(
    origins, creator, origin, host, allowed
):
    socket_allowed = await _socket_allowed(creator, origin, host)
    http_allowed = await sync_to_async(_http_write_allowed)(creator, origin, host)
    assert socket_allowed == allowed
    assert http_allowed == allowed
