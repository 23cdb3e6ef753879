"""`track(...)`: record product events after commit, in bulk per request, never raising.

Inside a transaction the events wait for its commit (a rolled-back action leaves no event);
during a request they are buffered and written in one INSERT when the response is ready
(`TrackingMiddleware`), taking the request's IP, user agent and session when the caller gave
none. A failure to write is logged and swallowed: analytics never breaks the action it observes.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from analytics.models import CATEGORIES, Event, EventType

logger = logging.getLogger(__name__)

_VALID = frozenset(EventType.values)
_batch: ContextVar[list[Event] | None] = ContextVar("analytics_batch", default=None)
_defaults: ContextVar[dict[str, Any] | None] = ContextVar("analytics_defaults", default=None)


def request_defaults() -> dict[str, Any] | None:
    """The fields of the request being served (its IP, user agent), None outside a request."""
    return _defaults.get()


def build_event(
    event_type: str,
    *,
    user_id: int | None = None,
    pitch_id: int | None = None,
    creator_id: int | None = None,
    company_id: int | None = None,
    session_id: str = "",
    data: dict[str, Any] | None = None,
    ip_address: str | None = None,
    user_agent: str = "",
    at: datetime | None = None,
) -> Event | None:
    """An unsaved event, or None (logged) when the type is unknown."""
    if event_type not in _VALID:
        logger.warning("analytics: unknown event type %r dropped", event_type)
        return None
    return Event(
        event_type=event_type,
        event_category=CATEGORIES.get(event_type, ""),
        user_id=user_id,
        pitch_id=pitch_id,
        creator_id=creator_id,
        company_id=company_id,
        session_id=(session_id or "")[:255],
        event_data=data or {},
        ip_address=ip_address or None,
        user_agent=(user_agent or "")[:500],
        created_at=at or timezone.now(),
    )


def track(event_type: str, **fields: Any) -> None:
    """Record one event after the current transaction commits; never raises."""
    try:
        event = build_event(event_type, **fields)
    except Exception:
        logger.exception("analytics: could not build a %s event", event_type)
        return
    if event is not None:
        track_events([event])


def track_events(events: Sequence[Event]) -> None:
    """Record several events after commit, in one INSERT; never raises."""
    pending = [event for event in events if event is not None]
    if not pending:
        return
    try:
        transaction.on_commit(lambda: _committed(pending))
    except Exception:
        logger.exception("analytics: could not schedule %d events", len(pending))


def _committed(events: list[Event]) -> None:
    batch = _batch.get()
    if batch is not None:
        batch.extend(events)
        return
    write(events)


def write(events: Sequence[Event]) -> int:
    """Insert the events now (in a savepoint, so a failure cannot poison a caller's transaction)."""
    if not events:
        return 0
    defaults = _defaults.get() or {}
    for event in events:
        if event.ip_address is None and defaults.get("ip_address"):
            event.ip_address = defaults["ip_address"]
        if not event.user_agent and defaults.get("user_agent"):
            event.user_agent = defaults["user_agent"][:500]
        if not event.session_id and defaults.get("session_id"):
            event.session_id = defaults["session_id"][:255]
    try:
        with transaction.atomic():
            Event.objects.bulk_create(events, batch_size=1000)
    except Exception:
        logger.exception("analytics: %d events could not be written", len(events))
        return 0
    return len(events)


@contextmanager
def batched(**defaults: Any) -> Iterator[list[Event]]:
    """Buffer every committed event of the block and write them in one INSERT at its end."""
    outer = _batch.get()
    if outer is not None:  # already batching (nested use): the outer block writes
        yield outer
        return
    events: list[Event] = []
    token = _batch.set(events)
    defaults_token = _defaults.set(defaults)
    try:
        yield events
    finally:
        _batch.reset(token)
        try:
            write(events)
        finally:
            _defaults.reset(defaults_token)
