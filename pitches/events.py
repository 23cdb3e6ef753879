"""Outgoing pitch events: the single hook for real-time pushes (`pitch_published`,
`pitch_view_update`). Services call these through `transaction.on_commit`; the messaging app
will replace the bodies with channel-layer sends. Payloads carry ids and public display fields
only; clients fetch details over REST, where the protection rule applies."""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)


def pitch_published(*, pitch_id: int, owner_id: int, title: str) -> None:
    logger.info("pitch_published pitch=%s owner=%s", pitch_id, owner_id)


def pitch_view_update(*, pitch_id: int, owner_id: int, view_count: int) -> None:
    logger.info("pitch_view_update pitch=%s views=%s", pitch_id, view_count)


def pitch_changed(*, pitch_id: int) -> None:
    logger.debug("pitch_changed pitch=%s", pitch_id)
