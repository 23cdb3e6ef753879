from __future__ import annotations

import pytest

from tests.pitches.factories import PitchFactory


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }


@pytest.fixture
def published_pitch(creator):
    return PitchFactory(owner=creator)


@pytest.fixture
def draft_pitch(creator):
    return PitchFactory(owner=creator, status="draft", published_at=None)
