"""GDPR erasure of what analytics keeps about a person: event IPs and user agents, the IPs and
details of audit entries by or about them (the entries themselves stay: what happened, when,
to which object), their content reports' free text and their scheduled reports."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Q

from analytics.models import AuditLog, ContentReport, Event, ScheduledReport


@transaction.atomic
def erase_person(*, user_id: int, user_model: type, markers: list[str]) -> dict[str, int]:
    """Redact the person's traces; `markers` (their email, username, names, phone) also find
    entries about them written by others (e.g. a staff action naming their email)."""
    about = Q(content_type=ContentType.objects.get_for_model(user_model), object_id=str(user_id))
    mentions = Q()
    for marker in markers:
        if len(marker) >= 3:
            mentions |= Q(data__icontains=marker)
    entries = AuditLog.objects.filter(Q(actor_id=user_id) | about | mentions).values_list(
        "pk", flat=True
    )
    ids = list(entries)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL pitchey.audit_redact = 'on'")
        cursor.execute(
            "UPDATE audit_logs SET ip_address = NULL, data = %s::jsonb WHERE id = ANY(%s)",
            ['{"redacted": "gdpr erasure"}', ids],
        )
    events = Event.objects.filter(user_id=user_id).update(ip_address=None, user_agent="")
    reports = ContentReport.objects.filter(reporter_id=user_id).update(details="")
    ScheduledReport.objects.filter(user_id=user_id).delete()
    return {"audit_entries": len(ids), "events": events, "content_reports": reports}
