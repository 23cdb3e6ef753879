"""Every change the content app makes: staff page edits, contact messages, browser error reports."""

from __future__ import annotations

import json
import re
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from analytics.services import record_activity
from content.models import ClientError, ContactMessage, Page
from pitchey.errors import DomainError
from pitchey.ratelimit import hit_rate_limit

FOOTER_CACHE_KEY = "content:footer"

CONTACT_LIMIT = 5  # messages per IP address per hour
CONTACT_WINDOW = 3600
ERROR_LIMIT = 30  # browser error reports per IP address per minute
ERROR_WINDOW = 60
MESSAGE_CAP = 2000
STACK_CAP = 10_000
CONTEXT_CAP = 8_000  # bytes of JSON kept from a report's context

_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAKS_RE = re.compile(r"[\r\n\t]+")


class RateLimited(DomainError):
    status_code = 429
    code = "RATE_LIMIT_EXCEEDED"


@transaction.atomic
def save_page(*, page: Page, actor: Any) -> Page:
    """Store a staff edit of a site page, stamp it, audit it, and refresh the cached footer."""
    page.updated_at = timezone.now()
    page.save()
    record_activity(page, "content.page.saved", actor=actor)
    transaction.on_commit(lambda: cache.delete(FOOTER_CACHE_KEY))
    return page


def _one_line(value: str) -> str:
    return _LINE_BREAKS_RE.sub(" ", _CONTROL_RE.sub("", value)).strip()


def _limit(key: str, limit: int, window: int, what: str) -> None:
    allowed, _remaining, retry_after = hit_rate_limit(key, limit, window)
    if not allowed:
        raise RateLimited(
            f"Too many {what}; try again in {retry_after} seconds.",
            details={"retryAfter": retry_after},
        )


def send_contact_message(
    *,
    kind: str,
    email: str,
    subject: str,
    message: str,
    name: str = "",
    sender: Any = None,
    ip_address: str | None = None,
) -> ContactMessage:
    """Store a contact-form message and email it to staff once stored (5 per hour per address)."""
    from content import tasks

    _limit(f"contact:{ip_address or 'unknown'}", CONTACT_LIMIT, CONTACT_WINDOW, "messages")
    text = _CONTROL_RE.sub("", message).strip()
    subject_line = _one_line(subject)
    errors: dict[str, list[str]] = {}
    if not subject_line:
        errors["subject"] = ["Write a subject."]
    if not text:
        errors["message"] = ["Write a message."]
    if errors:
        raise DomainError("The message is incomplete.", code="VALIDATION_ERROR", details=errors)
    with transaction.atomic():
        contact = ContactMessage.objects.create(
            kind=kind,
            name=_one_line(name),
            email=email,
            subject=subject_line,
            message=text,
            sender=sender if getattr(sender, "is_authenticated", False) else None,
            ip_address=ip_address,
        )
        record_activity(contact, "content.contact.received", actor=sender, ip_address=ip_address)
        transaction.on_commit(lambda: tasks.send_contact_email.delay(contact.pk))
    return contact


@transaction.atomic
def mark_contact_handled(*, contact: ContactMessage, actor: Any) -> ContactMessage:
    """Staff answered a contact message (idempotent)."""
    if contact.handled_at is None:
        contact.handled_at = timezone.now()
        contact.save(update_fields=["handled_at"])
        record_activity(contact, "content.contact.handled", actor=actor)
    return contact


def _text(value: Any, cap: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        try:
            value = json.dumps(value, default=str)[: cap * 2]
        except (TypeError, ValueError, RecursionError):
            value = repr(value)[: cap * 2]
    return _CONTROL_RE.sub("", value)[:cap]


def _capped_context(value: Any) -> dict[str, Any]:
    if value in (None, "", {}, []):
        return {}
    try:
        encoded = json.dumps(value, default=str)
    except (TypeError, ValueError, RecursionError):
        return {"unreadable": True}
    if len(encoded) > CONTEXT_CAP:
        return {"truncated": True, "preview": encoded[:CONTEXT_CAP]}
    return value if isinstance(value, dict) else {"value": value}


def record_client_error(
    *, source: str, report: dict[str, Any], user: Any = None, ip_address: str | None = None
) -> ClientError:
    """Keep one browser error report, every field cut to size (30 a minute per address).

    Not audited: the report is itself a log, and an audit row per report would double it."""
    _limit(f"client-error:{ip_address or 'unknown'}", ERROR_LIMIT, ERROR_WINDOW, "error reports")
    message = _text(report.get("message") or report.get("error") or report.get("msg"), MESSAGE_CAP)
    context = {
        key: report[key]
        for key in ("context", "console_errors", "component_stack", "args", "extra")
        if key in report
    }
    return ClientError.objects.create(
        source=source,
        level=_text(report.get("level") or report.get("type"), 20),
        message=message or "(no message)",
        stack=_text(report.get("stack"), STACK_CAP),
        url=_text(report.get("url"), 1000),
        user_agent=_text(report.get("user_agent"), 500),
        context=_capped_context(context),
        reported_at=_text(report.get("timestamp"), 64),
        user=user if getattr(user, "is_authenticated", False) else None,
        ip_address=ip_address,
    )


@transaction.atomic
def erase_person(*, user: Any) -> dict[str, int]:
    """GDPR erasure: the person's contact messages (sent while logged in or from their address)
    and their browser error reports keep their dates and kinds, not their words or addresses."""
    sent = Q(sender=user) | Q(email__iexact=user.email) if user.email else Q(sender=user)
    contacts = ContactMessage.objects.filter(sent).update(
        name="", email="", subject="(erased)", message="", ip_address=None
    )
    errors = ClientError.objects.filter(user=user).update(
        message="(erased)", stack="", url="", user_agent="", context={}, ip_address=None
    )
    return {"contact_messages": contacts, "client_errors": errors}
