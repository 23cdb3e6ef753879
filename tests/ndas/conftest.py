from __future__ import annotations

import io
from typing import Any

import pytest
from reportlab.pdfgen import canvas

from pitches import services as pitch_services
from tests.pitches.factories import PitchFactory

MARK = "ZQXNDAMARK"


@pytest.fixture(autouse=True)
def _standard_template(django_db_setup: Any, django_db_blocker: Any) -> None:
    """The data migration's template again: transactional tests elsewhere flush it away."""
    import importlib

    from ndas.models import NdaTemplate

    seeded = importlib.import_module("ndas.migrations.0002_standard_template")
    with django_db_blocker.unblock():
        NdaTemplate.objects.get_or_create(
            version=1, defaults={"name": "Pitchey Standard NDA", "body": seeded.STANDARD_V1}
        )


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }


def real_pdf(text: str, pages: int = 2) -> bytes:
    out = io.BytesIO()
    page = canvas.Canvas(out)
    for n in range(pages):
        page.drawString(72, 720, f"{text} page {n + 1}")
        page.showPage()
    page.save()
    return out.getvalue()


@pytest.fixture
def nda_pitch(creator: Any) -> Any:
    pitch = PitchFactory(
        owner=creator,
        title="Harbour of Whispers",
        require_nda=True,
        nda_type="platform",
        long_synopsis=f"{MARK}-long_synopsis",
        themes=f"{MARK}-themes",
        custom_nda_text=f"{MARK}-custom_nda_text",
        estimated_budget=f"{MARK}-budget",
    )
    pitch_services.upload_document(
        pitch=pitch,
        actor=creator,
        fileobj=io.BytesIO(real_pdf(f"{MARK} script")),
        name="script.pdf",
        size=1000,
        document_type="treatment",
        requires_nda=True,
        title="Confidential treatment",
    )
    return pitch


def signature(name: str = "Ivan Investor") -> dict[str, Any]:
    return {"fullName": name, "consent": True}


@pytest.fixture
def as_investor(api: Any, investor: Any) -> Any:
    api.force_authenticate(investor)
    return api


def make_request(pitch: Any, user: Any, **extra: Any) -> Any:
    from ndas import services

    return services.request_nda(
        pitch=pitch,
        requester=user,
        full_name=user.display_name,
        consent=True,
        ip_address="10.0.0.1",
        user_agent="pytest",
        **extra,
    )
