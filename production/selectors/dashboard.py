"""What production adds to the company's dashboard (registered in `ProductionConfig.ready`)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count

from pitches.models import Pitch
from production.models import Submission
from production.selectors.pipeline import open_call_summary
from production.selectors.reviews import queue_item, queue_of

QUEUE_PREVIEW = 5


def dashboard_section(user_id: int) -> dict[str, Any]:
    """The head of the review queue, submissions by status and the open calls (a fixed
    number of queries)."""
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
    }
