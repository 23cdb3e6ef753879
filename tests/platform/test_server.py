"""The server every web process and `make run` run (`python -m pitchey.server`, granian), started
for real: HTTP and the WebSocket on one port, an oversized WebSocket frame closes with 1009, and
the access log keeps no signed URL."""

from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from accounts.ws_tokens import make_ws_token
from pitchey.storage import save_file, signed_url

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def media_root(settings, tmp_path) -> Path:
    root = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root)},
        },
    }
    return root


@pytest.fixture
def server(media_root, tmp_path) -> Iterator[tuple[str, Path]]:
    port = _free_port()
    db = connection.settings_dict
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pitchey.settings_test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CACHE_KEY_PREFIX": settings.CACHE_KEY_PREFIX,
        "PITCHEY_VAR_DIR": str(media_root.parent),
        "PYTHONUNBUFFERED": "1",
    }
    command = [sys.executable, "-m", "pitchey.server", "--host", "127.0.0.1", "--port", str(port)]
    log = tmp_path / "access.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [*command, "--workers", "2"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # granian's workers share its process group: stop them all
        )
        try:
            deadline = time.monotonic() + 90  # a busy machine starts two workers slowly
            while time.monotonic() < deadline:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    time.sleep(0.2)
            else:
                pytest.fail(f"the server did not start: {log.read_text()}")
            yield f"127.0.0.1:{port}", log
        finally:
            _stop_group(process)


def _stop_group(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM to the server and its workers; SIGKILL to whatever is left after 15 s. Killing only
    the parent would orphan granian's workers, which keep a connection to the test database and
    make the next run's database setup fail."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    with contextlib.suppress(subprocess.TimeoutExpired):  # a busy machine stops slowly
        process.wait(timeout=10)
    deadline = time.monotonic() + 5  # the workers follow their parent out
    while _group_alive(process.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    if _group_alive(process.pid):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def test_a_request_body_reaches_the_view(server):
    # A login with wrong credentials: the view reads the JSON body and refuses it (a 500 when
    # the body could not be read through the thread-pool bridge).
    address, _ = server
    request = urllib.request.Request(
        f"http://{address}/api/auth/investor/login",
        data=json.dumps({"email": "nobody@example.com", "password": "not-the-password"}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=30)  # noqa: S310  # a loopback URL
    body = json.loads(refused.value.read())
    assert refused.value.code in (400, 401), body
    assert body["success"] is False


def _drain(socket_) -> None:
    while True:
        socket_.recv(timeout=5)


def test_an_oversized_frame_closes_the_socket_with_1009(server, creator):
    address, _ = server
    token = make_ws_token(creator)
    with connect(
        f"ws://{address}/ws?token={token}", origin=f"http://{address}", open_timeout=10
    ) as socket_:
        assert '"connected"' in socket_.recv(timeout=5)
        socket_.send("x" * (settings.WEBSOCKET_MAX_FRAME_BYTES + 1))
        with pytest.raises(ConnectionClosed) as closed:
            _drain(socket_)
    assert closed.value.rcvd is not None
    assert closed.value.rcvd.code == 1009


def test_the_access_log_keeps_no_signed_url(server, settings):
    address, log = server
    name = save_file("docs/report.pdf", io.BytesIO(b"%PDF-1.4 report"))
    path = signed_url(name).removeprefix(settings.SITE_URL)
    secret = path.rsplit("/", 1)[1]
    url = f"http://{address}{path}?X-Amz-Signature=cafe1234&token=abcd5678"
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.read() == b"%PDF-1.4 report"
    time.sleep(0.5)
    text = log.read_text()
    assert "/files/[redacted]" in text
    for leaked in (secret, "cafe1234", "abcd5678"):
        assert leaked not in text


def test_django_log_lines_keep_no_signed_url():
    import logging

    from pitchey.logging import RedactFilter

    record = logging.makeLogRecord(
        {"msg": "Not Found: %s", "args": ("/files/eyJuIjoi.secret-part?X-Amz-Signature=ab12",)}
    )
    assert RedactFilter().filter(record)
    assert record.getMessage() == "Not Found: /files/[redacted]?X-Amz-Signature=[redacted]"
