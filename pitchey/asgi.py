"""ASGI entry point: HTTP through Django, WebSocket `/ws` through Channels (origins validated)."""

from __future__ import annotations

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pitchey.settings")
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import WebsocketDenier  # noqa: E402
from django.urls import path, re_path  # noqa: E402

from accounts.ws_auth import WebSocketAuthMiddleware  # noqa: E402
from messaging.consumers import RealtimeConsumer  # noqa: E402
from pitchey.realtime_auth import OriginValidator  # noqa: E402

websocket_urlpatterns = [
    path("ws", RealtimeConsumer.as_asgi()),
    # Any other socket path is refused at the handshake (403), never an unrouted error.
    re_path(r"", WebsocketDenier.as_asgi()),
]

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": OriginValidator(WebSocketAuthMiddleware(URLRouter(websocket_urlpatterns))),
    }
)
