import io

import pytest
import time_machine

from pitchey.storage import detect_content_type, save_file, sha256_of, signed_url, unguessable_key

pytestmark = pytest.mark.django_db


def test_content_type_comes_from_the_bytes_not_the_name():
    assert detect_content_type(b"%PDF-1.7\n...") == "application/pdf"
    assert detect_content_type(b"\x89PNG\r\n\x1a\n....") == "image/png"
    assert detect_content_type(b"MZ\x90\x00 an executable") is None


def test_keys_are_unguessable_and_keep_a_clean_extension():
    first, second = (
        unguessable_key("docs", "My Script.PDF"),
        unguessable_key("docs", "My Script.PDF"),
    )
    assert first != second
    assert first.startswith("docs/")
    assert first.endswith(".pdf")
    assert "My Script" not in first


def test_signed_local_url_serves_then_expires(client, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    data = io.BytesIO(b"%PDF-1.4 secret treatment")
    name = save_file(unguessable_key("docs", "t.pdf"), data)
    assert sha256_of(data) == __import__("hashlib").sha256(b"%PDF-1.4 secret treatment").hexdigest()
    with time_machine.travel("2026-01-01 12:00:00", tick=False):
        url = signed_url(name)
        path = url.replace(settings.SITE_URL, "")
        response = client.get(path)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"%PDF-1.4 secret treatment"
    with time_machine.travel("2026-01-01 12:05:01", tick=False):
        assert client.get(path).status_code == 404


def test_tampered_signed_url_is_refused(client):
    assert client.get("/files/not-a-real-token").status_code == 404
