"""Runtime settings (AD6, AD7): maintenance mode, feature switches, the announcement banner,
and the console's free-form limits/notifications/security sections. Validated, stored in
`pitchey.models.RuntimeSettings`, cached through `pitchey.runtime`, audited with a diff."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from analytics import record_activity
from analytics.services import changes
from pitchey import runtime
from pitchey.errors import DomainError
from pitchey.models import RuntimeSettings

FREE_SECTIONS = ("limits", "notifications", "security", "pricing")
LEVELS = ("info", "warning", "success")


def _invalid(field: str, message: str) -> DomainError:
    return DomainError(message, code="VALIDATION_ERROR", details={field: [message]})


def _bool(section: str, key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise _invalid(f"{section}.{key}", "Use true or false.")
    return value


def _text(section: str, key: str, value: Any, limit: int = 500) -> str:
    if not isinstance(value, str) or len(value) > limit:
        raise _invalid(f"{section}.{key}", f"Text of at most {limit} characters.")
    return value.replace("\x00", "").strip()


def _clean_section(section: str, given: Any) -> dict[str, Any]:
    if not isinstance(given, dict):
        raise _invalid(section, "An object of settings.")
    if section in FREE_SECTIONS:
        if len(given) > 30 or any(
            not isinstance(v, bool | int | float | str | dict) for v in given.values()
        ):
            raise _invalid(section, "At most 30 simple values.")
        return given
    known = runtime.DEFAULTS[section]
    unknown = sorted(set(given) - set(known))
    if unknown:
        raise _invalid(f"{section}.{unknown[0]}", "Unknown setting.")
    cleaned: dict[str, Any] = {}
    for key, value in given.items():
        if isinstance(known[key], bool):
            cleaned[key] = _bool(section, key, value)
        elif key == "retry_after":
            if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 86400:
                raise _invalid(f"{section}.{key}", "Seconds between 1 and 86400.")
            cleaned[key] = value
        elif key == "level":
            if value not in LEVELS:
                raise _invalid(f"{section}.{key}", f"Choose {', '.join(LEVELS)}.")
            cleaned[key] = value
        elif value is None and known[key] is None:
            cleaned[key] = None
        else:
            cleaned[key] = _text(section, key, value)
    return cleaned


def validate(values: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The sections given, checked; unknown sections or keys are a 400 naming the field."""
    cleaned = {}
    for section, given in values.items():
        if section not in runtime.DEFAULTS and section not in FREE_SECTIONS:
            raise _invalid(section, "Unknown settings section.")
        cleaned[section] = _clean_section(section, given)
    return cleaned


@transaction.atomic
def update_runtime_settings(*, actor: User, values: dict[str, Any]) -> dict[str, Any]:
    """Merge the given sections into the stored settings; every process sees them within a
    few seconds (the cache is dropped after commit)."""
    cleaned = validate(values)
    row, _ = RuntimeSettings.objects.select_for_update().get_or_create(pk=1)
    before = runtime.merged(row.values)
    stored = dict(row.values)
    for section, entries in cleaned.items():
        stored[section] = {**stored.get(section, {}), **entries}
    row.values, row.updated_by, row.updated_at = stored, actor, timezone.now()
    row.save()
    after = runtime.merged(stored)
    diff = {
        f"{section}.{key}": pair
        for section in after
        for key, pair in changes(before.get(section) or {}, after[section] or {}).items()
        if isinstance(after[section], dict)
    }
    record_activity(row, "staff.settings.updated", actor=actor, data={"changes": diff})
    runtime.forget()  # this process reads the new values at once
    transaction.on_commit(runtime.forget)  # and nobody keeps what was read before commit
    return after
