"""Analytics and the audit log. Everyone may call `analytics.record_activity(...)`."""

from typing import Any


def record_activity(*args: Any, **kwargs: Any) -> Any:
    from analytics.services import record_activity as _record

    return _record(*args, **kwargs)
