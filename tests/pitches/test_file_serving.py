"""Uploaded files are served by the type of their bytes: a disguised file never renders as
markup."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from pitches.models import PitchMedia
from pitchey.storage import save_file, signed_url

pytestmark = pytest.mark.django_db

GIF_HTML = b"GIF89a/*<html><body><script>document.title='pwned'</script></body></html>*/"
PNG_SVG = b"\x89PNG\r\n\x1a\n<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"


def _upload_image(api, pitch, content: bytes, name: str):
    data = {
        "file": SimpleUploadedFile(name, content, content_type="image/gif"),
        "pitchId": pitch.pk,
        "documentType": "image",
    }
    return api.post("/api/upload", data, format="multipart")


def _serve(client, name: str):
    return client.get(signed_url(name).removeprefix(settings.SITE_URL))


@pytest.mark.parametrize(
    ("content", "name", "served_as"),
    [
        (GIF_HTML, "avatar.html", "image/gif"),
        (GIF_HTML, "x.js", "image/gif"),
        (PNG_SVG, "logo.svg", "image/png"),
    ],
)
def test_an_image_named_like_markup_is_served_as_the_image_its_bytes_are(
    api, client, creator, published_pitch, content, name, served_as
):
    api.force_authenticate(creator)
    response = _upload_image(api, published_pitch, content, name)
    assert response.status_code == 201, response.content
    media = PitchMedia.objects.get()
    assert media.storage_key.endswith("." + served_as.split("/")[1])
    served = _serve(client, media.storage_key)
    assert served.status_code == 200
    assert served["Content-Type"] == served_as
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Security-Policy"] == "default-src 'none'; sandbox"


@pytest.mark.parametrize(
    "content",
    [
        b"<html><script>alert(document.cookie)</script></html>",
        b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
        b"PK\x03\x04 an office document",
        b"\x00\x00\x00\x18ftypmp42 a video",
    ],
)
def test_anything_but_a_raster_image_or_a_pdf_is_an_attachment(client, content):
    name = save_file("legacy/file.html", io.BytesIO(content))
    served = _serve(client, name)
    assert served.status_code == 200
    assert served["Content-Disposition"].startswith("attachment")
    assert "html" not in served["Content-Type"]
    assert "svg" not in served["Content-Type"]
    assert served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_a_pdf_and_a_raster_image_may_show_inline(client):
    for content, content_type in [(b"%PDF-1.4\n%%EOF", "application/pdf"), (GIF_HTML, "image/gif")]:
        served = _serve(client, save_file("docs/x.bin", io.BytesIO(content)))
        assert served["Content-Type"] == content_type
        assert served["Content-Disposition"].startswith("inline")


def test_svg_is_refused_as_a_pitch_image(api, creator, published_pitch):
    api.force_authenticate(creator)
    svg = b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"
    response = _upload_image(api, published_pitch, svg, "poster.svg")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "INVALID_FILE_TYPE"
    assert not PitchMedia.objects.exists()
