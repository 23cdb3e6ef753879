"""The app as daphne served it before: HTTP through Django's own ASGI handler (sync views on one
thread per process), the WebSocket through `pitchey.asgi`. For bench_servers.py only."""

from __future__ import annotations

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pitchey.settings")
django_http = get_asgi_application()

from channels.routing import ProtocolTypeRouter  # noqa: E402

from pitchey.asgi import application as pitchey_application  # noqa: E402

application = ProtocolTypeRouter(
    {"http": django_http, "websocket": pitchey_application, "lifespan": pitchey_application}
)
