"""A file disguised as an image never runs script on the site's origin, whatever its name says."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from pitches.models import PitchMedia
from pitchey.storage import signed_url
from tests.e2e.conftest import screenshot
from tests.pitches.factories import PitchFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Valid GIF magic that is also valid script ("GIF89a=1;" assigns a global): served as
# JavaScript from the site's own origin, the site's CSP (script-src 'self') would let it run.
SCRIPT = b"GIF89a=1;document.title='pwned';fetch('/api/version?pwned='+document.cookie);"
PAGE = b"GIF89a<html><body><script src='%s'></script></body></html>"


@pytest.fixture
def media_root(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }


def _upload(api, pitch, name: str, content: bytes) -> str:
    upload = SimpleUploadedFile(name, content, content_type="text/html")
    response = api.post(
        "/api/upload",
        {"file": upload, "pitchId": pitch.pk, "documentType": "image"},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    key = PitchMedia.objects.get(pk=response.json()["data"]["id"]).storage_key
    return signed_url(key).removeprefix(settings.SITE_URL)


@pytest.mark.parametrize("name", ["poster.html", "poster.svg", "poster.xhtml"])
def test_a_disguised_pitch_image_never_runs_script(live_server, creator, media_root, page, name):
    pitch = PitchFactory(owner=creator)
    api = APIClient()
    api.force_authenticate(creator)
    script_path = _upload(api, pitch, "poster.js", SCRIPT)
    path = _upload(api, pitch, name, PAGE % script_path.encode())
    pwned: list[str] = []
    page.on(
        "request", lambda request: pwned.append(request.url) if "pwned" in request.url else None
    )

    served = page.goto(live_server.url + path)
    assert served is not None
    assert served.status == 200
    page.wait_for_timeout(500)
    screenshot(page, f"disguised-upload-{name.replace('.', '-')}")
    assert page.title() != "pwned"
    assert pwned == []
    assert served.headers["content-type"] == "image/gif"

    # A page of the site that loads the file as a script does not run it either.
    page.goto(live_server.url + "/")
    page.evaluate(
        "src => { const s = document.createElement('script'); s.src = src;"
        " document.body.appendChild(s); }",
        script_path,
    )
    page.wait_for_timeout(500)
    assert page.title() != "pwned"
    assert pwned == []
