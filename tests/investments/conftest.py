from __future__ import annotations

from typing import Any

import pytest

from pitches import services as pitch_services
from pitches.models import PitchAccess
from tests.pitches.factories import PitchFactory

MARK = "ZQXDEALMARK"


@pytest.fixture
def pitch(creator: Any) -> Any:
    return PitchFactory(owner=creator, title="Harbour Lights", seeking_investment=True)


@pytest.fixture
def nda_pitch(creator: Any) -> Any:
    return PitchFactory(
        owner=creator,
        title="Sealed Harbour",
        require_nda=True,
        nda_type="platform",
        seeking_investment=True,
        long_synopsis=f"{MARK}-long_synopsis",
        themes=f"{MARK}-themes",
        story_breakdown=f"{MARK}-story_breakdown",
        estimated_budget=f"{MARK}-budget",
    )


def grant(user: Any, pitch: Any) -> PitchAccess:
    """Live access to the pitch's confidential part, as an approved NDA would give."""
    return pitch_services.grant_access(
        user=user, pitch=pitch, source=PitchAccess.Source.NDA, source_id="test"
    )
