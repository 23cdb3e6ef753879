from __future__ import annotations

from typing import Any

import pytest

from messaging import services


@pytest.fixture
def conversation(creator: Any, investor: Any) -> Any:
    return services.start_conversation(creator=investor, recipient_ids=[creator.pk])


@pytest.fixture
def as_investor(api: Any, investor: Any) -> Any:
    api.force_authenticate(investor)
    return api


@pytest.fixture
def as_creator(api: Any, creator: Any) -> Any:
    api.force_authenticate(creator)
    return api
