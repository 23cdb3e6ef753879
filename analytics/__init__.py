"""Analytics and the audit log. Everyone may call `analytics.track(...)` and
`analytics.record_activity(...)`; this app imports no domain app (callers pass ids)."""

from typing import Any


def record_activity(*args: Any, **kwargs: Any) -> Any:
    from analytics.services import record_activity as _record

    return _record(*args, **kwargs)


def track(event_type: str, **fields: Any) -> None:
    """Record a product event after commit (see `analytics.tracking.track`); never raises."""
    from analytics.tracking import track as _track

    _track(event_type, **fields)


def track_many(events: list[dict[str, Any]]) -> None:
    """Record several events (each a dict with `event_type` and `track`'s fields) in one INSERT."""
    from analytics.tracking import build_event, track_events

    try:
        built = [build_event(**event) for event in events]
    except Exception:  # never in the way of the caller
        import logging

        logging.getLogger("analytics.tracking").exception("analytics: bad events dropped")
        return
    track_events([event for event in built if event is not None])
