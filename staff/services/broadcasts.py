"""Broadcast announcements (AD14): one notification to every active user of an audience,
fanned out in the background in batches."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from analytics import record_activity
from messaging import notify_many
from messaging.kinds import NotificationKind
from staff import tasks
from staff.models import Broadcast

BATCH = 500


@transaction.atomic
def create_broadcast(
    *, actor: User, title: str, body: str = "", link: str = "", audience: str = "all"
) -> Broadcast:
    """Record the announcement; a worker sends it after commit."""
    broadcast = Broadcast.objects.create(
        title=title.strip()[:200],
        body=body.strip()[:2000],
        link=link.strip()[:500],
        audience=audience,
        created_by=actor,
    )
    record_activity(broadcast, "staff.broadcast.created", actor=actor, data={"audience": audience})
    transaction.on_commit(lambda: tasks.send_broadcast.delay(broadcast.pk))
    return broadcast


def send_broadcast(*, broadcast: Broadcast) -> int:
    """Notify the audience in batches (idempotent: a sent broadcast is not sent again)."""
    claimed = Broadcast.objects.filter(pk=broadcast.pk, sent_at__isnull=True).update(
        sent_at=timezone.now()
    )
    if not claimed:
        return 0
    people = User.objects.active().filter(is_staff=False)
    if broadcast.audience != Broadcast.Audience.ALL:
        kind = "viewer" if broadcast.audience == "watcher" else broadcast.audience
        people = people.filter(user_type=kind)
    ids = list(people.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        with transaction.atomic():
            notify_many(
                recipients=ids[start : start + BATCH],
                kind=NotificationKind.ANNOUNCEMENT,
                title=broadcast.title,
                body=broadcast.body,
                link=broadcast.link,
                data={"broadcastId": broadcast.pk},
            )
    Broadcast.objects.filter(pk=broadcast.pk).update(sent_count=len(ids))
    return len(ids)
