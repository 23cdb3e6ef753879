"""The web server of every web process and of `make run`: granian serving `pitchey.asgi`
(HTTP and the WebSocket at `/ws` on one port).

    python -m pitchey.server [--host 0.0.0.0] [--port 8000] [--workers N] [--no-access-log]

granian was chosen from bench/bench_servers.py (the figures are in bench/README.md). Two of the
platform's rules hold here too: an oversized WebSocket frame is closed with 1009 (by the
consumer, `messaging.consumers`), and the access log never records the secret part of a signed
URL or a token query value (`pitchey.logging.RedactFilter` on granian's access logger).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

ACCESS_FORMAT = '%(addr)s - "%(method)s %(path)s %(protocol)s" %(status)d %(dt_ms).1fms'


def log_config() -> dict[str, Any]:
    """granian's logging, its access lines passed through the redacting filter."""
    stream = {"class": "logging.StreamHandler", "stream": "ext://sys.stdout"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"redact": {"()": "pitchey.logging.RedactFilter"}},
        "formatters": {
            "generic": {"format": "[%(levelname)s] %(message)s"},
            "access": {"format": "%(message)s"},
        },
        "handlers": {
            "console": {**stream, "formatter": "generic"},
            "access": {**stream, "formatter": "access", "filters": ["redact"]},
        },
        "loggers": {
            "_granian": {"handlers": ["console"], "level": "INFO", "propagate": False},
            "granian.access": {"handlers": ["access"], "level": "INFO", "propagate": False},
        },
    }


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m pitchey.server", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument(
        "--workers", type=int, default=None, help="processes (default: WEB_CONCURRENCY)"
    )
    parser.add_argument("--no-access-log", action="store_true")
    return parser.parse_args(argv)


def run(argv: list[str]) -> None:
    """Serve `pitchey.asgi:application` with granian until interrupted."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pitchey.settings")
    from django.conf import settings
    from granian.constants import Interfaces, Loops
    from granian.server import Server

    options = parse(argv)
    workers = options.workers or settings.WEB_CONCURRENCY
    Server(
        "pitchey.asgi:application",
        address=options.host,
        port=options.port,
        interface=Interfaces.ASGI,
        # auto: uvloop, a dependency (asyncio on Windows). 1.15x to 1.27x asyncio's requests/s on
        # /api/version in one run (bench/README.md, fourth round).
        loop=Loops.auto,
        workers=workers,
        websockets=True,
        log_dictconfig=log_config(),
        log_access=not options.no_access_log,
        log_access_format=ACCESS_FORMAT,
        respawn_failed_workers=True,
    ).serve()


def main() -> None:
    run(sys.argv[1:])


if __name__ == "__main__":
    main()
