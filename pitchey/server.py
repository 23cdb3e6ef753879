"""The daphne entry point of every web and ws process: `python -m pitchey.server [daphne options]`.

It is daphne with two of the platform's rules built in: a WebSocket frame larger than the
consumer's limit is refused by the protocol itself (close code 1009), and the access log never
records the secret part of a signed URL (it would act as an access link to whoever reads logs).
"""

from __future__ import annotations

import os
import sys
from typing import Any

from daphne.access import AccessLogGenerator
from daphne.cli import CommandLineInterface
from daphne.server import Server
from django.conf import settings

from pitchey.logging import redact


class RedactingAccessLog(AccessLogGenerator):
    """Daphne's access log, with signed URLs and token query values redacted."""

    def __call__(self, protocol: str, action: str, details: dict[str, Any]) -> None:
        if isinstance(details.get("path"), str):
            details = {**details, "path": redact(details["path"])}
        super().__call__(protocol, action, details)


class PitcheyServer(Server):  # type: ignore[misc]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        logger = kwargs.get("action_logger")
        if isinstance(logger, AccessLogGenerator):
            kwargs["action_logger"] = RedactingAccessLog(logger.stream)
        kwargs["websocket_max_message_size"] = settings.WEBSOCKET_MAX_FRAME_BYTES
        kwargs["websocket_max_frame_size"] = settings.WEBSOCKET_MAX_FRAME_BYTES
        super().__init__(*args, **kwargs)

    @property
    def ws_factory(self) -> Any:
        return self._ws_factory

    @ws_factory.setter
    def ws_factory(self, factory: Any) -> None:
        # A protocol violation (an oversized frame) is answered with its close code (1009),
        # not by dropping the TCP connection.
        factory.setProtocolOptions(failByDrop=False)
        self._ws_factory = factory


class PitcheyCommandLine(CommandLineInterface):  # type: ignore[misc]
    server_class = PitcheyServer


def run(argv: list[str]) -> None:
    """Run daphne with `argv` (its own options) under the platform's rules."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pitchey.settings")
    PitcheyCommandLine().run(argv)


def main() -> None:
    run(sys.argv[1:])


if __name__ == "__main__":
    main()
