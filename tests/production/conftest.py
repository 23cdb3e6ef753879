from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from tests.ndas.conftest import _standard_template  # noqa: F401  (the NDA template, autouse)
from tests.pitches.factories import PitchFactory


@pytest.fixture(autouse=True)
def _media_in_tmp(settings: Any, tmp_path: Any) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }


def client_for(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def sign_nda(pitch: Any, user: Any) -> Any:
    """`user` asks, signs and gets approved: a live signed NDA on `pitch`."""
    from ndas import services

    request = services.request_nda(
        pitch=pitch,
        requester=user,
        full_name=user.display_name,
        consent=True,
        ip_address="10.0.0.1",
        user_agent="pytest",
    )
    services.approve_nda(nda_request=request, actor=pitch.owner)
    return request


@pytest.fixture
def other_company(db: Any) -> Any:
    from accounts.models import User
    from tests.factories import UserFactory

    return UserFactory(user_type=User.Type.PRODUCTION, company_name="Rival Pictures")


@pytest.fixture
def pitch(creator: Any) -> Any:
    return PitchFactory(owner=creator, title="Harbour Lights", view_count=50)


@pytest.fixture
def as_company(production: Any) -> APIClient:
    return client_for(production)
