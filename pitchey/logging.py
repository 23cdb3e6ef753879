"""Log formatting: JSON lines in production, readable text locally; both carry the request id."""

from __future__ import annotations

import contextvars
import json
import logging
import re
from datetime import UTC, datetime
from typing import Any

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

_STANDARD = set(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "request_id"}
# Signed file URLs and token query values act as access links: logs never keep them.
_SIGNED_PATH = re.compile(r"(/files/)[^/?#\s\"']+")
_SECRET_QUERY = re.compile(
    r"([?&](?:token|signature|sig|x-amz-[a-z0-9-]+|key|code)=)[^&#\s\"']*", re.IGNORECASE
)


def redact(text: str) -> str:
    """`text` with signed-file tokens and secret query values replaced by `[redacted]`."""
    return _SECRET_QUERY.sub(r"\1[redacted]", _SIGNED_PATH.sub(r"\1[redacted]", text))


class RedactFilter(logging.Filter):
    """Redacts signed URLs from every log line (request paths appear in Django's own warnings)."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "requestId": getattr(record, "request_id", request_id_var.get()),
        }
        for key, value in record.__dict__.items():
            if key not in _STANDARD and not key.startswith("_"):
                payload[key] = (
                    value if isinstance(value, str | int | float | bool | None) else repr(value)
                )
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        return json.dumps(payload, default=str)


def logging_config(*, log_format: str, level: str) -> dict[str, Any]:
    """The LOGGING setting: one console handler in `log_format` (json or text), noisy
    libraries held at WARNING."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {"()": "pitchey.logging.RequestIdFilter"},
            "redact": {"()": "pitchey.logging.RedactFilter"},
        },
        "formatters": {
            "json": {"()": "pitchey.logging.JsonFormatter"},
            "text": {
                "format": "%(asctime)s %(levelname)-7s [%(request_id)s] %(name)s: %(message)s"
            },
        },
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": log_format,
                "filters": ["request_id", "redact"],
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django.db.backends": {"level": "WARNING"},
            "daphne": {"level": "WARNING"},
            "pgserver": {"level": "WARNING"},
            "django.channels.server": {"level": "WARNING"},
        },
    }
