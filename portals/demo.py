"""Demo follows for the watcher, so the watcher's home opens on a living feed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from accounts import services as account_services
from accounts.models import User
from pitches import services as pitch_services
from pitches.models import Pitch

if TYPE_CHECKING:
    from pitchey.seeding import DemoData

WATCHER = "jamie.watcher@demo.com"
FOLLOWED_CREATORS = ("maya.creator@demo.com", "alex.creator@demo.com")


def seed(demo: DemoData) -> None:
    """The demo watcher follows two creators and their two newest pitches (idempotent)."""
    watcher = User.objects.filter(email=WATCHER).first()
    if watcher is None:
        return
    for creator in User.objects.filter(email__in=FOLLOWED_CREATORS):
        account_services.follow_user(follower=watcher, target=creator)
    newest = Pitch.objects.published().exclude(owner=watcher).order_by("-published_at", "-id")[:2]
    for pitch in newest:
        pitch_services.follow_pitch(pitch=pitch, user=watcher)
