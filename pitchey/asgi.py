"""ASGI entry point, what `pitchey.server` (granian) serves: HTTP through Django's WSGI handler on
a pool of threads, WebSocket `/ws` through Channels (origins validated).

Django's own ASGI handler runs every sync view on one thread per process; the views here are
sync, so HTTP goes to the WSGI handler on `HTTP_THREADS` threads instead (a2wsgi's bridge), which
the server benchmark measured 2 to 3 times faster (bench/README.md).
"""

from __future__ import annotations

import os
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pitchey.settings")
django.setup(set_prefix=False)  # before the imports below, which load models

from a2wsgi import WSGIMiddleware  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import WebsocketDenier  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.urls import path, re_path  # noqa: E402

from accounts.ws_auth import WebSocketAuthMiddleware  # noqa: E402
from messaging.consumers import RealtimeConsumer  # noqa: E402
from pitchey.realtime_auth import OriginValidator  # noqa: E402

websocket_urlpatterns = [
    path("ws", RealtimeConsumer.as_asgi()),
    # Any other socket path is refused at the handshake (403), never an unrouted error.
    re_path(r"", WebsocketDenier.as_asgi()),
]


async def lifespan(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """Startup and shutdown need nothing: Django is set up at import."""
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


def coroutine_receive(app: Any) -> Any:
    """`app` given a `receive` that returns a coroutine. a2wsgi reads a request body through
    `run_coroutine_threadsafe(receive())`, which takes only a coroutine, and granian's `receive`
    returns another kind of awaitable: without this every request body read answered 500."""

    async def http(scope: dict[str, Any], receive: Any, send: Any) -> None:
        async def receive_coroutine() -> Any:
            return await receive()

        await app(scope, receive_coroutine, send)

    return http


application = ProtocolTypeRouter(
    {
        "http": coroutine_receive(
            WSGIMiddleware(
                get_wsgi_application(),  # type: ignore[arg-type]  # a response is iterable
                workers=settings.HTTP_THREADS,
            )
        ),
        "websocket": OriginValidator(WebSocketAuthMiddleware(URLRouter(websocket_urlpatterns))),
        "lifespan": lifespan,
    }
)
