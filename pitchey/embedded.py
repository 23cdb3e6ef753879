"""The embedded PostgreSQL used when no DATABASE_URL is configured (a laptop, `make run`).

The server comes from the `pgserver` wheel, keeps its data under `var/pg` and is stopped when the
last process that asked for it exits, so Ctrl-C on `make run` leaves nothing running.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path
from urllib.parse import parse_qs, urlparse

logger = logging.getLogger(__name__)

_servers: dict[Path, object] = {}


def database_url(data_dir: Path) -> str:
    """Start (or join) the embedded server under `data_dir` and return its connection URL."""
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    import pgserver  # imported lazily: production never loads it

    data_dir.mkdir(parents=True, exist_ok=True)
    server = _servers.get(data_dir)
    if server is None:
        server = pgserver.get_server(data_dir, cleanup_mode="stop")
        _servers[data_dir] = server
    uri: str = server.get_uri()  # type: ignore[attr-defined]
    return uri


def socket_dir(url: str) -> str | None:
    """The unix socket directory of an embedded server URL, or None for a TCP URL."""
    hosts = parse_qs(urlparse(url).query).get("host")
    return hosts[0] if hosts else None
