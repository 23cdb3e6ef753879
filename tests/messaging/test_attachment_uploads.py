"""Message attachments go through the one upload service: type from the bytes, the scanner hook."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from messaging.models import Message

pytestmark = pytest.mark.django_db

GIF_HTML = b"GIF89a/*<html><body><script>document.title='pwned'</script></body></html>*/"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }


def test_a_message_attachment_goes_through_the_upload_scanners(as_investor, conversation):
    infected = b"%PDF-1.4 X5O!P%@AP EICAR-STANDARD-ANTIVIRUS-TEST-FILE!\n%%EOF\n"
    pdf = SimpleUploadedFile("deck.pdf", infected, content_type="application/pdf")
    response = as_investor.post("/api/messages/attachments", {"file": pdf}, format="multipart")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "FILE_REJECTED"
    assert not Message.objects.exists()


def test_a_message_attachment_key_follows_its_bytes(as_investor, conversation):
    gif = SimpleUploadedFile("note.html", GIF_HTML, content_type="text/html")
    response = as_investor.post("/api/messages/attachments", {"file": gif}, format="multipart")
    assert response.status_code == 201
    assert response.json()["data"]["attachment"]["contentType"] == "image/gif"
    keys = default_storage.listdir("messages")[1]
    assert keys
    assert all(key.endswith(".gif") for key in keys)
