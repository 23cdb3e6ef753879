"""Demo curation: a published slate and a draft slate of Alex's pitches with share links, a
portfolio share link, and a saved comparison of Sarah's. Idempotent (keyed by titles and labels)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from accounts.models import User
from curation import services
from curation.models import SavedComparison, ShareLink, Slate
from pitches.models import Pitch

if TYPE_CHECKING:
    from pitchey.seeding import DemoData

SLATES = [
    ("Festival slate 2026", "Three projects ready for markets this year.", "published"),
    ("In development", "What is coming next.", "draft"),
]


def seed(demo: DemoData) -> None:
    """Curation for the demo creator and investor, created once."""
    alex = User.objects.filter(email="alex.creator@demo.com").first()
    if alex is None:
        return
    own = list(Pitch.objects.published().filter(owner=alex).order_by("published_at", "id")[:6])
    if not ShareLink.objects.filter(owner=alex, kind=ShareLink.Kind.PORTFOLIO).exists():
        services.create_share_link(owner=alex, label="Festival contacts", expires_in_days=90)
    for index, (title, description, status) in enumerate(SLATES):
        slate = Slate.objects.filter(owner=alex, title=title).first()
        if slate is None:
            slate = services.create_slate(
                owner=alex, fields={"title": title, "description": description, "status": status}
            )
            for pitch in own[index * 3 : index * 3 + 3]:
                services.add_pitch_to_slate(slate=slate, actor=alex, pitch=pitch)
        if not ShareLink.objects.filter(slate=slate).exists():
            services.create_share_link(owner=alex, slate=slate, label="Sales agents")
    sarah = User.objects.filter(email="sarah.investor@demo.com").first()
    if sarah is not None and len(own) >= 2 and not SavedComparison.objects.filter(owner=sarah):
        services.save_comparison(
            owner=sarah,
            title="Alex's two strongest",
            kind="pitch",
            subject_ids=[own[0].pk, own[1].pk],
        )
    demo.counts["slates"] = Slate.objects.count()
