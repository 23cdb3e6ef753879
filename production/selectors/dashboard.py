"""What production adds to the company's dashboard (registered in `ProductionConfig.ready`)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from pitches.models import Pitch
from production.models import Submission
from production.selectors.calendar import upcoming_meetings
from production.selectors.pipeline import open_call_summary
from production.selectors.reviews import queue_item, queue_of
from production.selectors.slate import slate_counts

QUEUE_PREVIEW = 5


def dashboard_section(user_id: int) -> dict[str, Any]:
    """The head of the review queue, submissions by status, the open calls, the slate and the
    upcoming meetings (a fixed number of queries)."""
    queue = queue_of(user_id).filter(status=Pitch.Status.PUBLISHED)
    found = dict(
        Submission.objects.filter(company_id=user_id)
        .values("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    by_status = {status: found.get(status, 0) for status in Submission.Status.values}
    return {
        "queue": [queue_item(p) for p in queue[:QUEUE_PREVIEW]],
        "queue_total": queue.count(),
        "submissions": {**by_status, "total": sum(by_status.values())},
        "calls": open_call_summary(user_id),
        "slate": slate_counts(user_id),
        "meetings": [
            {
                "id": m.pk,
                "scheduled_at": m.scheduled_at,
                "with": (m.creator if m.requester_id == user_id else m.requester).display_name,
                "pitch_title": m.pitch.title if m.pitch else "",
                "meeting_type": m.meeting_type,
            }
            for m in upcoming_meetings(user_id)
        ],
    }
