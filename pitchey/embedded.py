"""The embedded PostgreSQL used when no DATABASE_URL is configured (a laptop, `make run`).

The server comes from the `pgserver` wheel, keeps its data under `var/pg` and is stopped when the
last process that asked for it exits, so Ctrl-C on `make run` leaves nothing running.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import warnings
from pathlib import Path

logger = logging.getLogger(__name__)

_servers: dict[Path, object] = {}


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def prune_dead_handles(data_dir: Path) -> None:
    """Forget processes that died without saying goodbye, so the last live one stops the server."""
    pids_file = data_dir / ".handle_pids.json"
    try:
        pids = json.loads(pids_file.read_text())
    except (OSError, ValueError):
        return
    alive = [pid for pid in pids if isinstance(pid, int) and _pid_alive(pid)]
    if alive != pids:
        pids_file.write_text(json.dumps(alive))


def database_url(data_dir: Path) -> str:
    """Start (or join) the embedded server under `data_dir` and return its connection URL."""
    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    import pgserver  # imported lazily: production never loads it

    data_dir.mkdir(parents=True, exist_ok=True)
    server = _servers.get(data_dir)
    if server is None:
        prune_dead_handles(data_dir)
        server = pgserver.get_server(data_dir, cleanup_mode="stop")
        _servers[data_dir] = server
        # Registered after pgserver's own hook, so it runs first (atexit is last-in, first-out).
        atexit.register(prune_dead_handles, data_dir)
    uri: str = server.get_uri()  # type: ignore[attr-defined]
    return uri
